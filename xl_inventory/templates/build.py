"""Building the workbook templates (``workbook_templates/xl_inventory_en.xlsm`` and ``_zh``)
reproducibly from ``vba_shim/`` and a small seeded example.

Each template holds the input tables (headers in its language, number formats, validation
lists, frozen header rows, example rows), the report sheets refreshed from those rows (with the
dashboard's charts), a hidden ``xlwings.conf`` sheet (UDF Modules = xl_inventory.udfs), the
ribbon and the VBA project. Every zip entry carries the same time stamp, so two builds from the
same sources are the same bytes.
"""

from __future__ import annotations

import importlib.util
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from xl_inventory.reports.refresh import refresh_workbook
from xl_inventory.templates.udf_wrappers import MODULE_NAME, udf_module_text
from xl_inventory.templates.vba_project import (
    WORKBOOK_BASE,
    WORKSHEET_BASE,
    Module,
    document_module,
    module_from_text,
    vba_project,
)
from xl_inventory.workbook.schema import INPUT_TABLES, SETTINGS_DEFAULTS
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, Validation, put_sheet
from xl_inventory.workbook.xlsx_package import MAIN, PKG_REL, XlsxPackage


def shim_folder() -> Path:
    """The VBA modules and ribbon XML the templates are built from: ``vba_shim/`` of the
    checkout, or, once installed from a wheel, the same files shipped as the package data
    ``xl_inventory.vba_shim``."""
    checkout = Path(__file__).resolve().parents[2] / "vba_shim"
    if checkout.is_dir():
        return checkout
    spec = importlib.util.find_spec("xl_inventory.vba_shim")  # a folder without __init__
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("xl_inventory.vba_shim is missing: reinstall xl-inventory")
    return Path(next(iter(spec.submodule_search_locations)))


SHIM = shim_folder()
FILES = {"en": "xl_inventory_en.xlsm", "zh": "xl_inventory_zh.xlsm"}
CODEPAGES = {"en": "cp1252", "zh": "cp936"}
PROJECT_IDS = {"en": "{6C1E2B9A-3F4D-4E57-9A1B-0D2C3E4F5A61}",
               "zh": "{6C1E2B9A-3F4D-4E57-9A1B-0D2C3E4F5A62}"}
ZH_SHEETS = {"Products": "商品", "Sales": "销售", "Stock": "库存", "Receipts": "入库",
             "Promotions": "促销", "Settings": "参数"}
STAMP = (2026, 1, 1, 0, 0, 0)
MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_PROJECT = "application/vnd.ms-office.vbaProject"
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
RIBBON_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
FORMATS = {"text": "text", "number": "decimal", "date": "date"}


def example_inputs() -> dict[str, pd.DataFrame]:
    """A few products with 90 days of seeded sales: enough for every report to show rows."""
    rng = np.random.default_rng(2026)
    days = pd.date_range("2025-10-03", "2025-12-31")
    products = pd.DataFrame({
        "sku": ["MUG-01", "HAT-02", "LAMP-03", "TEE-04"],
        "name": ["Ceramic mug", "Wool hat", "Desk lamp", "Cotton tee"],
        "category": ["Kitchen", "Apparel", "Home", "Apparel"],
        "supplier": ["Hangzhou Ceramics", "Ningbo Imports", "Hangzhou Ceramics", "Ningbo Imports"],
        "unit_cost": [2.1, 6.5, 18.0, 3.2], "price": [5.9, 15.0, 39.0, 9.9],
        "lead_time_days": [14, 21, 30, 10], "moq": [48, 0, 0, 24], "pack_size": [12, 6, 1, 12],
        "season": ["", "11-02", "", ""],
        "launch_date": [pd.NaT, pd.NaT, pd.NaT, pd.Timestamp("2025-12-20")],
    })
    rates = {"MUG-01": 9.0, "HAT-02": 3.0}
    lines = [(day, sku, int(q)) for sku, rate in rates.items() for day in days
             if (q := rng.poisson(rate))]
    lines += [(pd.Timestamp("2025-10-20"), "LAMP-03", 1)]
    lines += [(day, "TEE-04", int(rng.poisson(4))) for day in days[days >= "2025-12-20"]]
    sales = pd.DataFrame(lines, columns=["date", "sku", "quantity"])
    sales["amount"] = sales["quantity"] * sales["sku"].map(products.set_index("sku")["price"])
    sales["channel"] = np.where(np.arange(len(sales)) % 3, "web shop", "marketplace")
    return {
        "Products": products,
        "Sales": sales.sort_values("date", ignore_index=True),
        "Stock": pd.DataFrame({"sku": products["sku"], "on_hand": [120, 45, 30, 60],
                               "on_order": [0, 24, 0, 0], "warehouse": "Main"}),
        "Receipts": pd.DataFrame({"date": [pd.Timestamp("2025-12-19")], "sku": ["TEE-04"],
                                  "quantity": [120]}),
        "Promotions": pd.DataFrame({"sku": ["MUG-01"], "start": [pd.Timestamp("2026-01-10")],
                                    "end": [pd.Timestamp("2026-01-16")], "uplift": [1.5]}),
        "Settings": pd.DataFrame({
            "name": [s.name for s in SETTINGS_DEFAULTS],
            "value": ["2025-12-31" if s.name == "as_of_date" else str(s.default)
                      for s in SETTINGS_DEFAULTS]}),
    }


def _input_sheets(language: str) -> list[SheetSpec]:
    frames = example_inputs()
    specs = []
    for n, table in enumerate(INPUT_TABLES, start=1):
        frame = frames[table.name]
        headers = [c.zh if language == "zh" else c.key for c in table.columns]
        formats = [FORMATS[c.kind.value] for c in table.columns]
        if table.name == "Settings":
            names = [s.zh if language == "zh" else s.name for s in SETTINGS_DEFAULTS]
            frame = frame.assign(name=names)
            # the choices stand beside the table with their meaning: a list typed into the
            # rule itself would pass Excel's limit of 255 characters
            heading = ("可用参数", "含义") if language == "zh" else ("setting", "meaning")
            guide = pd.DataFrame({"name": [heading[0], *names], "meaning": [
                heading[1], *(f"{s.meaning} ({s.allowed})" if s.low is not None else s.meaning
                             for s in SETTINGS_DEFAULTS)]})
            validations = [Validation("A2:A200", "list", f"$D$2:$D${len(names) + 1}")]
        elif table.name == "Products":
            validations = [Validation("I2:I100000", "whole", "1"),
                           Validation("G2:G100000", "whole", "0")]
        else:
            validations = []
        sheet = ZH_SHEETS[table.name] if language == "zh" else table.name
        blocks = [TableBlock(table.name, frame, headers, formats)]
        if table.name == "Settings":
            blocks.append(TableBlock("SettingsGuide", guide, ["", ""], ["text", "text"],
                                     left=4, as_table=False))
        specs.append(SheetSpec(sheet, blocks, validations=validations, code_name=f"Sheet{n}",
                               widths={5: 70} if table.name == "Settings" else {}))
    return specs


def _vba_modules(package: XlsxPackage) -> list[Module]:
    shim = udf_module_text()
    if (SHIM / f"{MODULE_NAME}.bas").read_text(encoding="ascii").replace("\r\n", "\n") != (
            shim.replace("\r\n", "\n")):
        raise RuntimeError(f"vba_shim/{MODULE_NAME}.bas is out of date: run "
                           "xl-inventory build-templates --update-shim")
    xlwings = resources.files("xlwings")
    modules = [document_module("ThisWorkbook", WORKBOOK_BASE)]
    modules += [document_module(package.sheet_code_name(name), WORKSHEET_BASE)
                for name, _ in package.sheets()]
    modules += [
        module_from_text((xlwings / "xlwings.bas").read_text(encoding="ascii"), "standard"),
        module_from_text((xlwings / "addin" / "Dictionary.cls").read_text(encoding="ascii"),
                         "class"),
        module_from_text((SHIM / "XlInventoryRibbon.bas").read_text(encoding="ascii"),
                         "standard"),
        module_from_text(shim, "standard"),
    ]
    return modules


def _make_macro_enabled(package: XlsxPackage, language: str) -> None:
    workbook = package.tree("xl/workbook.xml")
    properties = workbook.find(f"{{{MAIN}}}workbookPr")
    if properties is None:
        properties = etree.Element(f"{{{MAIN}}}workbookPr")
        workbook.insert(0, properties)
    properties.set("codeName", "ThisWorkbook")
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        if sheet.get("name") == "xlwings.conf":
            sheet.set("state", "hidden")
    package.write_tree("xl/workbook.xml", workbook)
    package.set_content_type("xl/workbook.xml", MACRO_WORKBOOK)
    package.write("xl/vbaProject.bin", vba_project(_vba_modules(package), PROJECT_IDS[language],
                                                   CODEPAGES[language]))
    package.set_content_type("xl/vbaProject.bin", VBA_PROJECT)
    rels = [r for r in package.relationships("xl/workbook.xml") if r[1] != VBA_RELATIONSHIP]
    package.set_relationships("xl/workbook.xml",
                              [*rels, (f"rId{len(rels) + 100}", VBA_RELATIONSHIP,
                                       "xl/vbaProject.bin")])
    package.write("customUI/customUI14.xml",
                  (SHIM / f"ribbon_{language}.xml").read_bytes())
    root = package.tree("_rels/.rels")
    for rel in list(root):
        if rel.get("Type") == RIBBON_RELATIONSHIP:
            root.remove(rel)
    etree.SubElement(root, f"{{{PKG_REL}}}Relationship", Id="rIdRibbon",
                     Type=RIBBON_RELATIONSHIP, Target="customUI/customUI14.xml")
    package.write_tree("_rels/.rels", root)


def build_template(language: str, path: str | Path) -> Path:
    """Write the template of ``language`` ("en" or "zh") to ``path``."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "draft.xlsx"
        package = XlsxPackage.new()
        for spec in _input_sheets(language):
            put_sheet(package, spec)
        package.save(draft)
        refresh_workbook(draft)
        package = XlsxPackage.open(draft)
        conf = pd.DataFrame({"key": ["UDF Modules"], "value": ["xl_inventory.udfs"]})
        put_sheet(package, SheetSpec("xlwings.conf", [TableBlock(
            "xlwings_conf", conf, ["key", "value"], ["text", "text"], as_table=False)],
            freeze_header=False, widths={1: 20, 2: 24}))
        for n, (name, _) in enumerate(package.sheets(), start=1):
            if package.sheet_code_name(name) is None:
                package.set_sheet_code_name(name, f"Sheet{n}")
        _make_macro_enabled(package, language)
        package.save(path, date_time=STAMP)
    return path


def build_templates(folder: str | Path) -> list[Path]:
    """Both templates into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [build_template(language, folder / name) for language, name in FILES.items()]


def update_shim() -> Path:
    """Regenerate ``vba_shim/XlInventoryFunctions.bas`` from the Python signatures."""
    target = SHIM / f"{MODULE_NAME}.bas"
    target.write_bytes(udf_module_text().encode("ascii"))
    return target


__all__ = ["build_template", "build_templates", "update_shim"]
