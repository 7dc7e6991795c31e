"""The core layer stays pure: it imports with Excel and file libraries blocked."""

import subprocess
import sys
import textwrap


def test_core_imports_without_excel_or_workbook_libraries():
    script = textwrap.dedent(
        """
        import sys
        for blocked in ("xlwings", "openpyxl", "python_calamine"):
            sys.modules[blocked] = None  # any import of it now raises ImportError
        import xl_inventory.core as core
        assert float(core.safety_stock_peak([[5, 10, 20, 5, 10, 10]], 3).value[0]) == 30.0
        print("pure")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pure"
