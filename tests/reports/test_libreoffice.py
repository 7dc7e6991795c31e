"""LibreOffice, a real spreadsheet program, opens every kind of file xl-inventory writes."""

import subprocess

import pytest

from tests import programs
from xl_inventory.reports.buyers import export_for_buyers
from xl_inventory.reports.demo_workbook import build_demo_workbook
from xl_inventory.reports.refresh import refresh_workbook


@pytest.fixture(scope="module")
def written_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("written")
    demo = build_demo_workbook(folder / "demo.xlsx")
    refresh_workbook(demo)
    buyers = export_for_buyers(demo, folder / "buyers")
    return [demo, *buyers[:2]]


def _convert(files, target, folder):
    result = subprocess.run(
        [programs.soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/lo",
         "--convert-to", target, "--outdir", str(folder / target), *map(str, files)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for file in files:
        converted = folder / target / f"{file.stem}.{target}"
        assert converted.exists() and converted.stat().st_size > 1000, (file, result.stdout,
                                                                         result.stderr)


def test_libreoffice_opens_and_converts_every_file_we_write(written_files, seller_book,
                                                             tmp_path):
    refreshed = tmp_path / "seller_refreshed.xlsx"
    refresh_workbook(seller_book, refreshed)
    # the small workbooks are printed; the demo's 105,335 sales lines are saved as .ods
    # (printing them would take thousands of pages)
    _convert([refreshed, *written_files[1:]], "pdf", tmp_path)
    _convert(written_files[:1], "ods", tmp_path)
