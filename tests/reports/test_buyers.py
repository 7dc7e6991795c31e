"""Buyer files: one per supplier, names safe and distinct, each re-opened by openpyxl."""

import openpyxl
import pandas as pd

from xl_inventory.reports.buyers import BUYER_COLUMNS, export_plan

SUPPLIERS = ["A/B", "A B", "A_B", "", "..", "Sup:1*?", "a_b", "CON", "X" * 40]


def test_every_supplier_gets_its_own_valid_file(tmp_path):
    plan = pd.DataFrame({column: 1 for column in BUYER_COLUMNS}, index=range(len(SUPPLIERS)))
    plan["supplier"] = SUPPLIERS
    plan["suggested_qty"] = range(1, len(SUPPLIERS) + 1)  # each supplier's own quantity
    written = export_plan(plan, tmp_path)
    assert len(written) == len(SUPPLIERS)
    assert len({path.name.casefold() for path in written}) == len(SUPPLIERS)
    assert sorted(tmp_path.iterdir()) == sorted(written)
    quantities = []
    for path in written:
        assert path.name.startswith("purchase_") and path.suffix == ".xlsx"
        book = openpyxl.load_workbook(path)
        (sheet,) = book.worksheets
        assert 0 < len(sheet.title) <= 31
        assert not set(sheet.title) & set("[]:*?/\\")
        header = [cell.value for cell in sheet[1]]
        quantities.append(sheet.cell(2, header.index("suggested_qty") + 1).value)
    assert sorted(quantities) == list(range(1, len(SUPPLIERS) + 1))  # no file overwrote another
