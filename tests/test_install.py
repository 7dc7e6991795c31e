"""The package as a user installs it: a wheel in a fresh virtual environment carries everything
the command line needs (the bundled sales, the VBA and ribbon sources of the templates)."""

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]


def test_a_wheel_in_a_fresh_environment_builds_the_templates_and_runs_the_demo(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path / "dist"), str(ROOT)], check=True, timeout=600)
    (wheel,) = (tmp_path / "dist").glob("xl_inventory-*.whl")
    shipped = zipfile.ZipFile(wheel).namelist()
    assert "xl_inventory/vba_shim/XlInventoryRibbon.bas" in shipped
    for part in ("manifest.xml", "taskpane.html", "functions.json", "dist/main.js",
                 "assets/icon-32.png"):
        assert f"xl_inventory/office_addin/{part}" in shipped, part
    assert not [name for name in shipped if "node_modules" in name or "/src/" in name]
    assert not [name for name in shipped if name.startswith(("tests/", "vba_shim/"))]
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "fresh")], check=True)
    bin_dir = tmp_path / "fresh" / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, timeout=900)
    work = tmp_path / "work"
    work.mkdir()

    def cli(*args: str) -> str:
        result = subprocess.run([str(bin_dir / "xl-inventory"), *args], cwd=work,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return result.stdout

    built = cli("build-templates", "-o", str(work / "templates")).split()
    assert sorted(Path(p).name for p in built) == ["xl_inventory_en.xlsm", "xl_inventory_zh.xlsm"]
    for path in built:
        assert "xl/vbaProject.bin" in zipfile.ZipFile(path).namelist()
    headline = cli("demo", "-o", str(work / "demo.xlsx"))
    assert "inventory turnover" in headline and "purchase plan" in headline
    assert "PurchasePlan" in openpyxl.load_workbook(work / "demo.xlsx").sheetnames
