"""The one error hierarchy of xl-inventory.

The core raises these; only the surfaces translate them: a UDF answers the message as the text
of its cell, the command line prints it on one line and exits non-zero, a ribbon macro shows it
in a message box. Each class also inherits the matching builtin, so callers that only know
Python's own exceptions still catch them.
"""

from __future__ import annotations


class XlInventoryError(Exception):
    """Base class of every error xl-inventory raises on purpose."""


class InvalidParameterError(XlInventoryError, ValueError):
    """A parameter has a value the formula cannot use (the message names it and its value)."""


class ShapeMismatchError(XlInventoryError, ValueError):
    """Arguments that must line up row by row do not (different lengths, a block for a column)."""


class WorkbookError(XlInventoryError, ValueError):
    """A workbook cannot be used: not a workbook, or a table or column the refresh needs is
    missing (the message names it)."""
