"""Planned in chunks of SKUs, the reports are those of all SKUs at once.

The generated range has every kind of SKU whose plan depends on others: new SKUs (their
category's rate), seasonal ones (last season's units; their category's for those launched
since), slow movers (a bundle partner from the best sellers of all), A/B/C classes (ranked over
all) and the forecast method of each demand class (judged over all). Chunks of 37 SKUs cut
through every category; a chunk that got any of these from its own SKUs only would differ.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from xl_inventory.reports.plan_cluster import dask_runner
from xl_inventory.reports.plan_files import plan_data_dir
from xl_inventory.reports.refresh import compute_reports
from xl_inventory.reports.synthetic_workbook import synthetic_inputs
from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.validate import validate

PLAN_NUMBERS = ["daily_forecast", "cover_days", "forecast", "safety_stock", "on_hand",
                "on_order", "suggested_qty", "order_value", "days_of_cover_after"]
PLAN_TEXTS = ["name", "supplier", "abc_class", "policy", "demand_class", "note"]


def generated_tables(as_of: str | None) -> dict[str, pd.DataFrame]:
    tables = synthetic_inputs(300)
    products = tables["Products"]
    # promotions on a few SKUs, one running into the forecast's days
    tables["Promotions"] = pd.DataFrame({
        "sku": products["sku"].iloc[[3, 50, 120]].to_numpy(),
        "start": pd.to_datetime(["2024-06-01", "2024-09-10", "2024-12-20"]),
        "end": pd.to_datetime(["2024-06-14", "2024-09-30", "2025-01-10"]),
        "uplift": [1.5, 2.0, 1.8]})
    settings = tables["Settings"]
    if as_of:
        settings.loc[settings["name"] == "as_of_date", "value"] = as_of
    settings.loc[settings["name"] == "slow_days", "value"] = "45"
    # SKUs of several categories launched ten days ago (their earlier sales are left out)
    day = pd.Timestamp(settings.loc[settings["name"] == "as_of_date", "value"].iloc[0])
    products["launch_date"] = pd.to_datetime(products["launch_date"])
    products.loc[[5, 77, 150, 222, 290], "launch_date"] = day - pd.Timedelta(days=10)
    return tables


def write_folder(folder, tables: dict[str, pd.DataFrame]):
    """Sales as CSV, the rest as Parquet."""
    folder.mkdir()
    for name, frame in tables.items():
        if name == "Sales":
            frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d")).to_csv(
                folder / "sales.csv", index=False)
            continue
        with duckdb.connect() as connection:
            connection.register("t", frame)
            connection.sql(f"COPY t TO '{folder / name.lower()}.parquet' (FORMAT parquet)")
    return folder


def refresh_of(tables: dict[str, pd.DataFrame]):
    """The reports of a refresh over every SKU at once, from the same tables."""
    raw = {name: RawTable(name, name, 2, list(frame.columns),
                          frame.astype(object).where(frame.notna(), None))
           for name, frame in tables.items()}
    return compute_reports(validate(raw))


@pytest.fixture(scope="module", params=[None, "2024-09-20"], ids=["year-end", "september"])
def both(request, tmp_path_factory):
    tables = generated_tables(request.param)
    folder = write_folder(tmp_path_factory.mktemp("plan") / "data", tables)
    chunked = plan_data_dir(folder, folder.parent / "out", chunk_skus=37).reports
    return chunked, refresh_of(tables), request.param


def test_the_range_has_what_depends_on_other_skus(both):
    _, whole, as_of = both
    plan = whole.purchase_plan
    assert {"new", "smooth", "intermittent", "lumpy"} <= set(plan["demand_class"])
    assert set(plan["abc_class"]) == {"A", "B", "C"}
    assert (plan["demand_class"] == "new").sum() >= 4  # launched ten days ago, and sold
    assert (whole.slow_movers["bundle_partner"] != "").any()
    if as_of:  # September: first orders from last season's units, a category's for new SKUs
        assert (plan["policy"] == "seasonal first order (40 %)").sum() > 3


def test_the_plan_is_the_whole_ranges(both):
    chunked, whole, _ = both
    a = chunked.purchase_plan.set_index("sku")
    b = whole.purchase_plan.set_index("sku")
    assert list(a.index) == list(b.index)  # the same lines in the same order
    for column in PLAN_TEXTS:
        assert a[column].tolist() == b[column].tolist(), column
    for column in PLAN_NUMBERS:
        np.testing.assert_allclose(a[column].to_numpy(float), b[column].to_numpy(float),
                                   rtol=1e-9, atol=1e-9, err_msg=column)
    pd.testing.assert_frame_equal(chunked.purchase_totals, whole.purchase_totals,
                                  check_exact=False, rtol=1e-9)


def test_the_slow_movers_are_the_whole_ranges(both):
    chunked, whole, _ = both
    assert len(whole.slow_movers) >= 1
    pd.testing.assert_frame_equal(chunked.slow_movers, whole.slow_movers, check_exact=False,
                                  rtol=1e-9, check_dtype=False)


def test_the_kpis_are_the_whole_ranges(both):
    chunked, whole, _ = both
    a, b = chunked.kpis, whole.kpis
    pd.testing.assert_frame_equal(a.figures, b.figures, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(a.monthly, b.monthly, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(a.abc, b.abc, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(a.channels.sort_values("channel", ignore_index=True),
                                  b.channels.sort_values("channel", ignore_index=True),
                                  check_exact=False, rtol=1e-9)


def test_a_dask_cluster_of_two_workers_plans_as_the_local_engine(tmp_path):
    """The same rounds as tasks on a LocalCluster of two worker processes (what --engine dask
    starts without --scheduler) give the local engine's reports."""
    tables = generated_tables(None)
    tables["Products"] = tables["Products"].iloc[:120]
    folder = write_folder(tmp_path / "data", tables)
    local = plan_data_dir(folder, tmp_path / "local", chunk_skus=25).reports
    with dask_runner(workers=2) as run:
        workers = run.client.scheduler_info()["workers"]
        assert len(workers) == 2
        on_cluster = plan_data_dir(folder, tmp_path / "dask", chunk_skus=25, run=run).reports
        # every worker did some of the work: the tasks ran there, not here
        assert all(n > 0 for n in run.client.run(_tasks_done).values())
    pd.testing.assert_frame_equal(on_cluster.purchase_plan, local.purchase_plan)
    pd.testing.assert_frame_equal(on_cluster.slow_movers, local.slow_movers)
    pd.testing.assert_frame_equal(on_cluster.kpis.figures, local.kpis.figures)
    written = pd.read_parquet(tmp_path / "dask" / "purchase_plan.parquet")
    assert written["sku"].tolist() == local.purchase_plan["sku"].tolist()


def _tasks_done(dask_worker) -> int:
    return sum(1 for key in dask_worker.state.log if "chunk_" in str(key))
