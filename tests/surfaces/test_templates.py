"""The workbook templates: rebuilt identically, their VBA, ribbon and functions consistent with
the Python they call, opened by LibreOffice, refreshable headlessly."""

import importlib
import importlib.metadata
import inspect
import re
import shutil
import subprocess
import zipfile
from importlib import resources
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from oletools.olevba import VBA_Parser

from tests import programs
from xl_inventory.reports.refresh import refresh_workbook
from xl_inventory.templates.build import FILES, SHIM, build_templates
from xl_inventory.templates.udf_wrappers import udf_module_text
from xl_inventory.udfs import UDFS
from xl_inventory.workbook.schema import SETTINGS_DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = {language: ROOT / "workbook_templates" / name for language, name in FILES.items()}
CUSTOM_UI = "{http://schemas.microsoft.com/office/2009/07/customui}"


def modules_of(path):
    parser = VBA_Parser(str(path))
    return {name: code for _, _, name, code in parser.extract_macros()}


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rebuilt")
    build_templates(folder)
    return {language: folder / name for language, name in FILES.items()}


NUMBER = re.compile(rb"-?\d+\.\d+(?:[eE][-+]?\d+)?")


def assert_same_part(old, new, name):
    """Equal bytes; or, where a report's float differs in its last digits (another numpy or
    CPU), equal up to those numbers."""
    if old == new:
        return
    assert NUMBER.split(old) == NUMBER.split(new), name
    assert [float(x) for x in NUMBER.findall(old)] == pytest.approx(
        [float(x) for x in NUMBER.findall(new)], rel=1e-9), name


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_rebuild_gives_the_committed_template(language, rebuilt):
    committed, fresh = zipfile.ZipFile(TEMPLATES[language]), zipfile.ZipFile(rebuilt[language])
    assert committed.namelist() == fresh.namelist()
    for name in committed.namelist():
        if name != "xl/vbaProject.bin":
            assert_same_part(committed.read(name), fresh.read(name), name)
    # the VBA project differs only if xlwings (whose module it carries) was upgraded since
    old, new = modules_of(TEMPLATES[language]), modules_of(rebuilt[language])
    assert {k: v for k, v in old.items() if k != "xlwings.bas"} == {
        k: v for k, v in new.items() if k != "xlwings.bas"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_module_comes_back_out_equal_to_its_source(language):
    modules = modules_of(TEMPLATES[language])
    assert modules["XlInventoryRibbon.bas"] == crlf(
        (SHIM / "XlInventoryRibbon.bas").read_text(encoding="ascii"))
    assert modules["XlInventoryFunctions.bas"] == crlf(
        (SHIM / "XlInventoryFunctions.bas").read_text(encoding="ascii"))
    dictionary = (resources.files("xlwings") / "addin" / "Dictionary.cls").read_text()
    assert crlf(dictionary).endswith(modules["Dictionary.cls"])
    assert modules["xlwings.bas"].startswith('Attribute VB_Name = "xlwings"')
    book = openpyxl.load_workbook(TEMPLATES[language], keep_vba=True)
    code_names = {sheet.sheet_properties.codeName for sheet in book.worksheets}
    assert {f"{name}.cls" for name in code_names | {"ThisWorkbook"}} <= set(modules)


def test_the_function_declarations_are_generated_from_the_python_signatures():
    committed = (SHIM / "XlInventoryFunctions.bas").read_text(encoding="ascii")
    assert crlf(committed) == udf_module_text()
    declared = dict(re.findall(r"^Function (\w+)\(([^)]*)\)", committed, flags=re.M))
    assert set(declared) == set(UDFS)
    for name, arguments in declared.items():
        names = [a.replace("Optional ", "").strip() for a in arguments.split(",")]
        assert names == list(inspect.signature(UDFS[name]).parameters), name
        assert f'XLPy.CallUDF("xl_inventory.udfs", "{name}", Array({", ".join(names)})' in committed


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_ribbon_button_calls_an_existing_sub_that_runs_an_existing_macro(language):
    with zipfile.ZipFile(TEMPLATES[language]) as archive:
        ribbon = etree.fromstring(archive.read("customUI/customUI14.xml"))
        root_rels = archive.read("_rels/.rels").decode()
    assert "customUI/customUI14.xml" in root_rels
    buttons = list(ribbon.iter(f"{CUSTOM_UI}button"))
    assert len(buttons) == 6
    assert ribbon.find(f".//{CUSTOM_UI}tab").get("label") == {"en": "Inventory", "zh": "库存"}[
        language]
    callbacks = modules_of(TEMPLATES[language])["XlInventoryRibbon.bas"]
    for button in buttons:
        assert button.get("imageMso") and button.get("screentip") and button.get("supertip")
        sub = re.search(rf"^Sub {button.get('onAction')}\(control As IRibbonControl\)\r\n"
                        r"    RegisterFunctionHelp\r\n"
                        r"    RunPython \"(.+)\"\r\nEnd Sub", callbacks, flags=re.M)
        assert sub, button.get("onAction")
        module, function = re.fullmatch(r"import ([\w.]+) as (\w+); \2\.(\w+)\(\)",
                                        sub.group(1)).group(1, 3)
        assert callable(getattr(importlib.import_module(module), function))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_input_tables_are_excel_tables_named_as_the_spec_fixes(language):
    book = openpyxl.load_workbook(TEMPLATES[language], keep_vba=True)
    tables = {name: sheet.title for sheet in book.worksheets for name in sheet.tables}
    for name in ("Products", "Sales", "Stock", "Receipts", "Promotions", "Settings",
                 "SlowMovers", "PurchasePlan", "KPIs", "CycleCount", "DataIssues"):
        assert name in tables
    products = book[tables["Products"]]
    assert products.freeze_panes == "A2"
    assert products["A1"].value == {"en": "sku", "zh": "商品编码"}[language]
    assert products.data_validations.dataValidation
    settings = book[tables["Settings"]]
    choices = settings.data_validations.dataValidation[0].formula1
    # the choices are a range beside the table (a typed list may not pass 255 characters)
    names = [cell.value for (cell,) in settings[choices.replace("$", "")]]
    assert settings["A2"].value in names
    assert len(names) == len(SETTINGS_DEFAULTS)
    assert {"max_cover_days", "最长覆盖天数"} & set(names)
    conf = book["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "xl_inventory.udfs")
    assert conf.sheet_state == "hidden"


def test_a_headless_refresh_of_a_template_keeps_its_vba_and_ribbon(tmp_path):
    copy = tmp_path / "copy.xlsm"
    shutil.copy(TEMPLATES["zh"], copy)
    refresh_workbook(copy)
    before, after = zipfile.ZipFile(TEMPLATES["zh"]), zipfile.ZipFile(copy)
    for part in ("xl/vbaProject.bin", "customUI/customUI14.xml", "_rels/.rels"):
        assert after.read(part) == before.read(part), part
    book = openpyxl.load_workbook(copy, keep_vba=True)
    assert [s.sheet_properties.codeName for s in book.worksheets] == [
        f"Sheet{n}" for n in range(1, 13)]


def test_libreoffice_opens_the_templates_and_imports_their_modules(tmp_path):
    soffice = programs.soffice()
    result = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "ods", "--outdir", str(tmp_path), *map(str, TEMPLATES.values())],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for template in TEMPLATES.values():
        with zipfile.ZipFile(tmp_path / f"{template.stem}.ods") as ods:
            basic = {Path(n).stem: ods.read(n).decode() for n in ods.namelist()
                     if n.startswith("Basic/VBAProject/") and n.endswith(".xml")
                     and "script-" not in n}
        assert {"xlwings", "Dictionary", "XlInventoryRibbon", "XlInventoryFunctions",
                "ThisWorkbook"} <= set(basic)
        assert "macros.refresh_reports()" in basic["XlInventoryRibbon"]
        assert "Function SAFETYSTOCK(daily_sales, lead_time" in basic["XlInventoryFunctions"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_embedded_xlwings_module_is_the_pinned_release(language):
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (pinned,) = re.findall(r'"xlwings==([\d.]+)"', pyproject)
    parser = VBA_Parser(str(TEMPLATES[language]))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    xlwings_module = next(code for code in modules.values() if "XLPyDLLName" in code)
    assert re.search(r"'Version: ([\d.]+)", xlwings_module).group(1) == pinned
    assert f'"xlwings64-{pinned}.dll"' in xlwings_module
    assert importlib.metadata.version("xlwings") == pinned  # and it is what runs here


def vba_string(text):
    return '"' + text.replace('"', '""') + '"'


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_insert_function_dialog_gets_category_and_argument_help_without_an_open_macro(
        language):
    modules = modules_of(TEMPLATES[language])
    functions = modules["XlInventoryFunctions.bas"]
    register = re.search(r"^Sub RegisterFunctionHelp\(\)\r\n(.*?)^End Sub", functions,
                         flags=re.M | re.S).group(1)
    statements = re.sub(r" _\r\n\s*", " ", register).split("\r\n")
    helped = {}
    for statement in statements:
        match = re.search(r"MacroOptions Macro:=.*'!(\w+)\", Category:=\"xl-inventory\", "
                          r"Description:=(\".*?\"), ArgumentDescriptions:=Array\((.*)\)$",
                          statement.strip())
        if match:
            helped[match.group(1)] = (match.group(2), match.group(3))
    assert set(helped) == set(UDFS)
    for name, udf in UDFS.items():
        description, arguments = helped[name]
        assert description == vba_string(inspect.getdoc(udf).splitlines()[0])
        assert arguments == ", ".join(vba_string(doc) for doc in udf.arg_docs.values())
        assert all(len(doc) <= 255 for doc in udf.arg_docs.values())  # Excel's limit
        # the description also lives in the declaration, which Excel reads without running code
        assert f"Attribute {name}.VB_Description = {description}" in functions
    # every ribbon button registers the help first; nothing runs when the workbook opens
    ribbon = modules["XlInventoryRibbon.bas"]
    subs = re.findall(r"^Sub (\w+)\(control As IRibbonControl\)\r\n(.*?)\r\n", ribbon,
                      flags=re.M)
    assert subs and all(first.strip() == "RegisterFunctionHelp" for _, first in subs)
    every_line = "\n".join(modules.values())
    assert not re.search(r"Sub (Workbook_Open|Auto_Open|Workbook_Activate)\b", every_line)
    assert "onLoad" not in zipfile.ZipFile(TEMPLATES[language]).read(
        "customUI/customUI14.xml").decode()


def test_the_reference_is_generated_from_the_same_declarations():
    from xl_inventory.templates.reference import TARGET, reference_text

    assert TARGET.read_text(encoding="utf-8") == reference_text(), (
        "docs/reference.md is stale: run python -m xl_inventory.templates.reference")
    for name in UDFS:
        assert f"### {name}" in reference_text()
