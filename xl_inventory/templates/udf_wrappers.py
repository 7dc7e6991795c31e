"""The VBA declarations of the Excel functions, generated from ``xl_inventory.udfs``.

They are the wrappers xlwings' "Import Functions" writes (each passes its arguments to
``XLPy.CallUDF``), written at build time so that ``=TURNOVER(...)`` works the moment a template
opens, and generated from the Python signatures so the two never drift. Each function's first
docstring line becomes its description in Excel's function wizard.
"""

from __future__ import annotations

import inspect

from xl_inventory.udfs import CATEGORY, UDFS

MODULE_NAME = "XlInventoryFunctions"
UDF_MODULE = "xl_inventory.udfs"


def _declaration(name: str) -> list[str]:
    udf = UDFS[name]
    parameters = inspect.signature(udf).parameters.values()
    arguments = ", ".join(("Optional " if p.default is not inspect.Parameter.empty else "")
                          + p.name for p in parameters)
    values = ", ".join(p.name for p in parameters)
    return [
        f"Function {name}({arguments})",
        f"Attribute {name}.VB_Description = {_vba_text(udf.description)}",
        f'Attribute {name}.VB_ProcData.VB_Invoke_Func = " \\n14"',
        "    If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        f'    {name} = XLPy.CallUDF("{UDF_MODULE}", "{name}", Array({values}), ThisWorkbook, '
        "Application.Caller)",
        "    Exit Function",
        "failed:",
        f"    {name} = Err.Description",
        "End Function",
        "",
    ]


def _vba_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _registration() -> list[str]:
    """``RegisterFunctionHelp``: each function's category, description and argument
    descriptions for Excel's Insert Function dialog. Excel takes those only at run time
    (``Application.MacroOptions``) and keeps them when the workbook is saved; so that nothing
    runs on opening, the ribbon's buttons call it (the README's templates section says why)."""
    lines = ["Sub RegisterFunctionHelp()",
             "    ' Category and argument help of the functions: called by every ribbon button.",
             "    On Error Resume Next  ' a protected workbook keeps the help it has"]
    for name in sorted(UDFS):
        udf = UDFS[name]
        arguments = [_vba_text(doc) for doc in udf.arg_docs.values()]
        lines += [f'    Application.MacroOptions Macro:="\'" & ThisWorkbook.Name & "\'!{name}", _',
                  f'        Category:="{CATEGORY}", Description:={_vba_text(udf.description)}, _',
                  "        ArgumentDescriptions:=Array(" + ", _\n            ".join(arguments)
                  + ")"]
    lines += ["End Sub", ""]
    return "\n".join(lines).split("\n")


def udf_module_text() -> str:
    """The text of ``vba_shim/XlInventoryFunctions.bas`` (CRLF line ends, as VBA keeps them)."""
    lines = [f'Attribute VB_Name = "{MODULE_NAME}"',
             "' Generated from xl_inventory/udfs.py by xl-inventory build-templates: do not edit.",
             "Option Explicit", ""]
    for name in sorted(UDFS):
        lines += _declaration(name)
    lines += _registration()
    return "\r\n".join(lines).rstrip("\r\n") + "\r\n"
