"""The hand-worked seller workbook of tests/workbook serves the command-line tests too."""

from tests.workbook.conftest import seller_book  # noqa: F401
