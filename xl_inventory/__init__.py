"""xl-inventory: inventory decisions from sales, stock and product sheets.

Layers import downward only: ``core`` (numpy/pandas, no Excel, no I/O) is used by the Excel
surfaces (``udfs``) and the command line (``cli``).
"""

from xl_inventory.errors import InvalidParameterError, ShapeMismatchError, XlInventoryError

__all__ = ["InvalidParameterError", "ShapeMismatchError", "XlInventoryError"]
__version__ = "0.1.0"
