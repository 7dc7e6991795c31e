"""``docs/reference.md``: every Excel function, input table, column, setting and report column,
generated from the very declarations the program uses (the functions' signatures and
docstrings, which also give the VBA declarations and the Insert Function help; the schema; the
report columns), so that the reference cannot drift from the program. A test regenerates it and
compares; after a change, run ``python -m xl_inventory.templates.reference``.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from xl_inventory.reports.columns import REPORT_COLUMNS
from xl_inventory.reports.output import SHEET_NAMES
from xl_inventory.udfs import CATEGORY, UDFS
from xl_inventory.workbook.export_presets import PRESETS, STOCK_PRESETS
from xl_inventory.workbook.schema import INPUT_TABLES, SETTINGS_DEFAULTS

TARGET = Path(__file__).resolve().parents[2] / "docs" / "reference.md"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _signature(name: str) -> str:
    parts = []
    for parameter in inspect.signature(UDFS[name]).parameters.values():
        if parameter.default is inspect.Parameter.empty:
            parts.append(parameter.name)
        else:
            default = parameter.default
            shown = f'"{default}"' if isinstance(default, str) else default
            parts.append(f"[{parameter.name}={shown}]")
    return f"={name}({', '.join(parts)})"


def _functions() -> list[str]:
    lines = ["## Excel functions", "",
             f"Category `{CATEGORY}` in Excel's Insert Function dialog. Each takes single cells "
             "or whole ranges and answers one value per SKU (a column that spills); a row that "
             "cannot be computed answers its Excel error as text (see the README).", ""]
    for name in sorted(UDFS):
        udf = UDFS[name]
        lines += [f"### {name}", "", f"`{_signature(name)}`", "", inspect.getdoc(udf), "",
                  "| argument | meaning |", "|---|---|"]
        lines += [f"| `{arg}` | {_cell(doc)} |" for arg, doc in udf.arg_docs.items()]
        lines.append("")
    return lines


def _tables() -> list[str]:
    lines = ["## Input tables", "",
             "Excel tables found by name on any sheet (letter case ignored). A column is found by "
             "its English key or its Chinese header, ignoring case, spaces and underscores; "
             "**bold** columns are required.", ""]
    for spec in INPUT_TABLES:
        need = "required" if spec.required else "optional"
        lines += [f"### {spec.name} ({spec.zh}), {need}", "",
                  "| column | 中文 | kind | when blank | meaning |", "|---|---|---|---|---|"]
        for column in spec.columns:
            key = f"**{column.key}**" if column.required else column.key
            blank = ("the row is left out (listed)" if column.required else
                     "no value" if column.default is None or column.default == "" else
                     f"{column.default:g}" if isinstance(column.default, float) else
                     column.default)
            lines.append(f"| {key} | {column.zh} | {column.kind.value} | {blank} | "
                         f"{_cell(column.meaning)} |")
        lines.append("")
    return lines


def _settings() -> list[str]:
    lines = ["## Settings", "",
             "Rows of the Settings table (name, value). A value outside what is allowed is "
             "listed in DataIssues and the default is used.", "",
             "| setting | 中文 | default | allowed | meaning |", "|---|---|---|---|---|"]
    for setting in SETTINGS_DEFAULTS:
        default = "last sale's day" if setting.default is None else setting.default
        allowed = setting.allowed or ("a date" if setting.name == "as_of_date" else
                                      "rising discounts between 0 and 1")
        lines.append(f"| {setting.name} | {setting.zh} | {_cell(default)} | {_cell(allowed)} | "
                     f"{_cell(setting.meaning)} |")
    return [*lines, ""]


def _reports() -> list[str]:
    lines = ["## Report sheets and their columns", "",
             "Sheets (English / Chinese workbook): " + ", ".join(
                 f"{en} / {zh}" for en, zh in SHEET_NAMES.values()) + ". A column keeps its "
             "meaning in every report it appears in.", "",
             "| column | 中文 | format | meaning |", "|---|---|---|---|"]
    lines += [f"| {c.key} | {c.zh} | {c.format} | {_cell(c.meaning)} |" for c in REPORT_COLUMNS]
    return [*lines, ""]


def _presets() -> list[str]:
    lines = ["## Platform exports (import-sales --from, import-stock --from)", "",
             "The columns each platform's export is read from (the first one present; where "
             "its cell is blank, the next), the status words that leave a line out, and the "
             "after-sale words that book a return. Without --from, the platform whose columns "
             "the export has is used.", "",
             "| preset | date | sku | quantity | amount | channel | left out when a status "
             "holds | booked as a return when |", "|---|---|---|---|---|---|---|---|"]
    for p in PRESETS:
        amount = (" × ".join([p.unit_price[0], p.quantity[0]]) if p.unit_price else
                  " / ".join(p.amount)) + (f" − {p.discount[0]}" if p.discount else "")
        skip = ", ".join(f"{word} ({why})" for word, why in p.skip)
        if p.cancelled_at:
            skip += f"; {p.cancelled_at[0]} filled (cancelled)"
        refund = (", ".join(p.refunded) + f" in {', '.join(p.after_sale)}" if p.refunded
                  else f"{p.returned_quantity[0]} > 0" if p.returned_quantity else "")
        date = " / ".join(p.date) + (" (order list, --orders)" if p.from_order_list else "")
        lines.append(f"| {p.name} | {_cell(date)} | {_cell(' / '.join(p.sku))} | "
                     f"{_cell(' / '.join(p.quantity))} | {_cell(amount)} | "
                     f"{_cell(' / '.join(p.channel) or p.platform)} | {_cell(skip)} | "
                     f"{_cell(refund)} |")
    lines += ["", "| stock preset | sku | on hand | on order (added up) | warehouse |",
              "|---|---|---|---|---|"]
    for p in STOCK_PRESETS:
        lines.append(f"| {p.name} | {' / '.join(p.sku)} | {' / '.join(p.on_hand)} | "
                     f"{' + '.join(p.on_order)} | {' / '.join(p.warehouse) or p.platform} |")
    return [*lines, ""]


def reference_text() -> str:
    lines = ["# Reference", "",
             "Generated from the program's own declarations by "
             "`python -m xl_inventory.templates.reference`: do not edit by hand. The rules "
             "behind the reports are in [the purchase plan and its replay]"
             "(purchase-plan-and-replay.md), [reading and writing](reading-and-writing.md) and "
             "the README's decisions.", "",
             *_functions(), *_tables(), *_settings(), *_reports(), *_presets()]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_reference(target: Path = TARGET) -> Path:
    target.write_text(reference_text(), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_reference())
