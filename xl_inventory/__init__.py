"""xl-inventory: inventory decisions from sales, stock and product sheets.

Layers import downward only: ``core`` (numpy/pandas, no Excel, no I/O) ← ``workbook``
(reading and writing files) ← ``reports`` ← the surfaces: ``udfs`` and ``macros`` (Excel),
``cli`` (the command line), and ``templates`` (the workbooks they live in).
"""

from xl_inventory.errors import (
    InvalidParameterError,
    ShapeMismatchError,
    WorkbookError,
    XlInventoryError,
)

__all__ = ["InvalidParameterError", "ShapeMismatchError", "WorkbookError", "XlInventoryError"]
__version__ = "0.1.0"
