"""The replay's simulator and scorecard on a tiny case worked by hand: 3 SKUs, 3 weekly reviews."""

import numpy as np
import pytest

from xl_inventory.core.replay import scorecard, simulate, sku_sums

# 21 days, reviews on days 0, 7 and 14.
# X: 10 a day, 30 on hand, lead time 7; each review orders 70.
#    Days 0-2 are served from the 30, days 3-6 lose 40; the order of day 0 lands on day 7 and
#    serves days 7-13 exactly; the order of day 7 serves days 14-20; the order of day 14 is
#    still in transit at the end.
# Y: 2 a day, 100 on hand, lead time 3; never orders: 42 sold, 58 left.
# Z: one bulk demand of 50 on day 10, 20 on hand, lead time 0; each review orders 5.
#    Days 0-9 no demand, shelf 20 + 5 (day 0) + 5 (day 7) = 30 on day 10: 30 served, 20 lost;
#    the order of day 14 lands at once: 5 left at the end.
DEMAND = np.zeros((3, 21))
DEMAND[0] = 10.0
DEMAND[1] = 2.0
DEMAND[2, 10] = 50.0
ORDERS = np.array([70.0, 0.0, 5.0])


@pytest.fixture
def run():
    seen = []

    def policy(review, day, on_hand, on_order):
        seen.append((review, day, on_hand.tolist(), on_order.tolist()))
        return ORDERS

    result = simulate(DEMAND, np.array([30.0, 100.0, 20.0]), np.array([7, 3, 0]), 7, policy)
    return result, seen


def test_the_policy_sees_the_morning_stock_and_open_orders(run):
    _, seen = run
    # day 7: X's first order has landed (0 + 70) before the review; Z has 25 on the shelf
    assert seen == [(0, 0, [30.0, 100.0, 20.0], [0.0, 0.0, 0.0]),
                    (1, 7, [70.0, 86.0, 25.0], [0.0, 0.0, 0.0]),
                    (2, 14, [70.0, 72.0, 0.0], [0.0, 0.0, 0.0])]


def test_arrivals_fills_and_lost_units(run):
    result, _ = run
    assert result.lost[0].tolist() == [0, 0, 0] + [10] * 4 + [0] * 14
    assert result.on_hand[0, [2, 6, 7, 13, 20]].tolist() == [0, 0, 60, 0, 0]
    assert result.in_transit.tolist() == [70, 0, 0]
    assert result.on_hand[1, -1] == 58 and result.lost[1].sum() == 0
    assert result.served[2, 10] == 30 and result.lost[2, 10] == 20
    assert result.on_hand[2, [9, 10, 13, 14, 20]].tolist() == [30, 0, 0, 5, 5]
    assert result.ordered.tolist() == [[70, 70, 70], [0, 0, 0], [5, 5, 5]]


def test_the_scorecard_by_hand(run):
    result, _ = run
    cost, price = np.array([1.0, 2.0, 4.0]), np.array([3.0, 2.5, 10.0])
    sums = sku_sums(result, DEMAND, cost, price, holding_cost_rate=0.365)
    card = scorecard(sums)
    # units: wanted 210 + 42 + 50 = 302; lost 40 + 0 + 20 = 60
    assert card["fill_rate_units"] == pytest.approx(242 / 302)
    # value at price: wanted 630 + 105 + 500; lost 120 + 0 + 200
    assert card["fill_rate_value"] == pytest.approx(1 - 320 / 1235)
    assert card["stockout_sku_days"] == 4 + 1
    # lost margin: 40 x (3 - 1) + 20 x (10 - 4) = 200
    assert card["lost_margin"] == pytest.approx(200)
    # stock-days: X 20 + 10 + (60 + 50 + ... + 0) twice = 450; Y 98 + 96 + ... + 58 = 1,638;
    # Z 25 x 7 + 30 x 3 + 5 x 7 = 300
    assert result.on_hand.sum(axis=1).tolist() == [450, 1638, 300]
    stock_value_days = 450 * 1.0 + 1638 * 2.0 + 300 * 4.0
    assert card["mean_stock_value"] == pytest.approx(stock_value_days / 21)
    # holding at 36.5 % a year is 0.1 % of the stock value a day
    assert card["holding_cost"] == pytest.approx(stock_value_days * 0.001)
    # excess: position above 90 days of mean demand. X: 0 + 70 in transit < 900; Y: 58 < 180;
    # Z: mean 50/21 a day, 90 days = 214 > 10: none
    assert card["excess_stock_value"] == 0
    assert card["total_cost"] == pytest.approx(card["holding_cost"] + 200)


def test_excess_stock_counts_what_is_in_transit():
    # 1 a day for 10 days, 200 on hand, an order of 100 at once with a lead of 20 days:
    # position at the end 190 + 100 = 290, 90 days of demand = 90: excess 200 units at cost 2
    run = simulate(np.ones((1, 10)), np.array([200.0]), np.array([20]), 7,
                   lambda r, d, s, o: np.array([100.0 if r == 0 else 0.0]))
    sums = sku_sums(run, np.ones((1, 10)), np.array([2.0]), np.array([5.0]), 0.25)
    assert sums["excess_value"].iloc[0] == pytest.approx(400)
    assert scorecard(sums)["total_cost"] == pytest.approx(
        sums["holding_cost"].iloc[0] + 0.3 * 400)
