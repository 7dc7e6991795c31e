"""Render the templates to PNG pictures for the README, through LibreOffice and pdftoppm.

Run: ``python docs/render_pictures.py`` (needs the Debian packages libreoffice-calc-nogui and
poppler-utils). It prints each template to PDF, one page per sheet, and keeps the pages of
the sheets named below as ``docs/pictures/<template>-<sheet>.png``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
PICTURES = ROOT / "docs" / "pictures"
WANTED = {"xl_inventory_en": ["KPIs"], "xl_inventory_zh": ["指标看板"]}


def render() -> list[Path]:
    PICTURES.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for stem, sheets in WANTED.items():
            template = ROOT / "workbook_templates" / f"{stem}.xlsm"
            book = openpyxl.load_workbook(template, keep_vba=True)
            # one page per sheet: fit each sheet to a single landscape page
            for sheet in book.worksheets:
                sheet.page_setup.orientation = "landscape"
                sheet.page_setup.fitToWidth = sheet.page_setup.fitToHeight = 1
                sheet.sheet_properties.pageSetUpPr.fitToPage = True
            visible = [s.title for s in book.worksheets if s.sheet_state == "visible"]
            copy = work / f"{stem}.xlsx"
            book.save(copy)
            subprocess.run(["soffice", "--headless", "--norestore",
                            f"-env:UserInstallation=file://{work}/lo", "--convert-to", "pdf",
                            "--outdir", str(work), str(copy)], check=True, capture_output=True)
            for sheet in sheets:
                page = visible.index(sheet) + 1
                target = PICTURES / f"{stem}-{sheet}"
                subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l",
                                str(page), "-singlefile", str(work / f"{stem}.pdf"),
                                str(target)], check=True)
                written.append(target.with_suffix(".png"))
    return written


if __name__ == "__main__":
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        raise SystemExit("needs soffice (libreoffice-calc-nogui) and pdftoppm (poppler-utils)")
    for path in render():
        print(path)
