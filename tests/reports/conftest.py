"""The hand-worked seller workbook of tests/workbook serves the report tests too."""

from tests.workbook.conftest import AS_OF, START, seller_book, seller_rows  # noqa: F401
