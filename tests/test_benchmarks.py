"""The benchmarks still run (on tiny inputs: speed is theirs to measure, not the tests')."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args],
                            capture_output=True, text=True, timeout=300, check=True)
    return result.stdout


def test_bench_refresh_prints_a_ratio_per_pair_and_their_median():
    out = run("bench_refresh.py", "--skus", "60", "--sales", "900", "--repeat", "2")
    pairs = re.findall(r"^run \d+: .* = (\d+\.\d+) x the bare read$", out, flags=re.M)
    assert len(pairs) == 2 and all(float(r) > 0 for r in pairs)
    median = re.search(r"median: refresh = (\d+\.\d+) x", out)
    assert median and float(median.group(1)) == pytest.approx(
        sum(map(float, pairs)) / 2, abs=0.011)  # each printed to 2 places
    assert "peak" in out and "compute" in out and "write" in out


def test_bench_formulas_runs_every_function():
    out = run("bench_formulas.py", "--rows", "2000", "--repeat", "1")
    for name in ("TURNOVER", "SELLTHROUGH", "ABCCLASS", "SAFETYSTOCK", "REORDERQTY"):
        assert name in out


def test_bench_replay_prints_the_three_scorecards_and_the_goal():
    out = run("bench_replay.py", "--skus", "40", "--weeks", "6", "--skip-demo")
    assert "| total_cost |" in out and "| xl-inventory | cover rule | textbook |" in out
    assert re.search(r"total cost = \d+\.\d\d x the better baseline", out)
    assert "per demand kind" in out


def test_bench_api_prints_the_http_to_in_process_ratio_of_each_function():
    out = run("bench_api.py", "--rows", "2000", "--repeat", "1")
    ratios = re.findall(r"^(ABCCLASS|REORDERQTY): HTTP = (\d+\.\d+) x in-process", out, flags=re.M)
    assert [name for name, _ in ratios] == ["ABCCLASS", "REORDERQTY"]
    assert all(float(ratio) > 0 for _, ratio in ratios)


def test_bench_scale_prints_each_engines_stages_and_peak_memory():
    out = run("bench_scale.py", "--skus", "300", "--days", "60", "--chunk-skus", "100")
    assert re.search(r"statsforecast [\d.]+ ms a series", out)
    for engine in ("local", "dask"):
        assert f"\n{engine} engine (100 SKUs a chunk)" in out
        assert re.search(rf"^{engine}: total [\d.]+ s = .* SKUs a second .* peak memory "
                         r"[\d,]+ MB$", out, flags=re.M)
    assert out.count("| round 2: forecast and plan of the established SKUs |") == 2
