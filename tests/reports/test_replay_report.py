"""The replay on the hand-worked seller workbook, through the command line, read back."""

import openpyxl
import pytest
from click.testing import CliRunner

from tests.reports.test_refresh import table
from xl_inventory.cli import main
from xl_inventory.reports.refresh import check_workbook
from xl_inventory.reports.replay import replay


def test_the_cover_rule_orders_what_it_says_worked_by_hand(seller_book):
    result = replay(check_workbook(seller_book), "2024-03-01", weeks=4)
    # P1 sells 8 and 12 on alternate days (10 a day). Its stock on the morning of 1 March is
    # today's 40 plus March's 310 sold since = 350. Cover rule: 10 x (5 lead + 7 review + 30)
    # = 420, less 350 = 70, in packs of 10.
    p1 = 0
    assert result.runs["cover rule"].ordered[p1, 0] == 70
    # nothing was lost at P1 under the cover rule: 350 covers the 5 days before the order lands
    assert result.runs["cover rule"].lost[p1].sum() == 0
    # the three policies served the same demand
    wanted = {name: (run.served + run.lost).sum() for name, run in result.runs.items()}
    assert len(set(wanted.values())) == 1


def test_replay_writes_the_replay_sheet_and_keeps_the_inputs(seller_book, tmp_path):
    output = tmp_path / "replayed.xlsx"
    outcome = CliRunner().invoke(main, ["replay", str(seller_book), "--from", "2024-03-01",
                                        "--weeks", "4", "-o", str(output)])
    assert outcome.exit_code == 0, outcome.output
    assert "total_cost" in outcome.output
    card = table(output, "ReplayScorecard")
    assert list(card.columns) == ["xl-inventory", "cover rule", "textbook"]
    for policy in card.columns:
        assert 0 <= card.loc["fill_rate_units", policy] <= 1
        assert card.loc["total_cost", policy] == pytest.approx(
            card.loc["holding_cost", policy] + card.loc["lost_margin", policy]
            + 0.3 * card.loc["excess_stock_value", policy])
    weekly = table(output, "ReplayWeekly")
    assert len(weekly) == 4
    by_class = table(output, "ReplayByClass")
    assert set(by_class["policy"]) == {"xl-inventory", "cover rule", "textbook"}
    book = openpyxl.load_workbook(output)
    sheet = next(s for s in book.worksheets if "ReplayScorecard" in s.tables)
    assert len(sheet._charts) == 2
    assert "Products" in book["商品"].tables  # the inputs are still there


@pytest.mark.parametrize("start, weeks, words", [
    ("2023-06-01", None, "must be after the first sale"),
    ("2024-03-20", 4, "needs sales up to"),
])
def test_a_replay_outside_the_history_says_why_in_one_line(seller_book, start, weeks, words):
    args = ["replay", str(seller_book), "--from", start] + (["--weeks", str(weeks)] if weeks
                                                          else [])
    outcome = CliRunner().invoke(main, args)
    assert outcome.exit_code == 1
    assert words in outcome.output and "Traceback" not in outcome.output
