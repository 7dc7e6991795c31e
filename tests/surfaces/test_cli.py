"""The command line: the demo prints what the functions answer for the sample SKUs."""

import re

from click.testing import CliRunner

from xl_inventory.cli import main


def test_demo_prints_the_seeds_worked_example_and_a_hand_worked_order():
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[2:]}
    # HAT-01: 5,400 COGS over mean(1,500, 1,800, 1,200) = 3.60 turns; 900 of 1,000 sold;
    # safety stock (20 - 10) x 3 = 30; order 10 a day x (3 + 7) days + 30 - 25 on hand = 105.
    assert rows["HAT-01"] == ["3.60", "90.0%", "A", "30.0", "105"]
    # BAG-04 barely sells: class C, and its 60 units on hand need no order.
    assert rows["BAG-04"][2] == "C" and rows["BAG-04"][4] == "0"
    assert len(rows) == 6


def test_help_and_version():
    runner = CliRunner()
    assert "demo" in runner.invoke(main, ["--help"]).output
    assert re.search(r"xl-inventory, version \d+\.\d+", runner.invoke(main, ["--version"]).output)
