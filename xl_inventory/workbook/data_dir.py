"""The input tables as files of a folder, for data too large for a workbook.

``DATA_DIR`` holds ``products``, ``sales``, ``stock`` and, if there are any, ``receipts``,
``promotions`` and ``settings``, each as ``.parquet`` or ``.csv``, with the columns of the
workbook's tables (English keys or Chinese headers). DuckDB reads them where they lie: the
sales lines, however many, are summed to one row per day, SKU, channel and whether the line
had an amount, without loading them into Python; a line whose quantity or date cannot be read
is left out and counted by reason. The other tables (one row per SKU or fewer) are read whole.
Dates in CSV files must be ISO (``2024-01-05``, with or without a time); Parquet keeps its own.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.schema import INPUT_TABLES, SALES, TableSpec
from xl_inventory.workbook.validate import find_columns

SUFFIXES = (".parquet", ".csv")


def table_files(folder: str | Path) -> dict[str, Path]:
    """The file of each input table in the folder (``sales.parquet`` or ``sales.csv``).

    Raises
    ------
    WorkbookError
        The folder is missing, a required table has no file, or one has both kinds.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise WorkbookError(f"{folder} is not a folder of input tables")
    files = {}
    for spec in INPUT_TABLES:
        found = [folder / f"{spec.name.lower()}{suffix}" for suffix in SUFFIXES
                 if (folder / f"{spec.name.lower()}{suffix}").is_file()]
        if len(found) > 1:
            raise WorkbookError(f"{folder} has both {found[0].name} and {found[1].name}: keep "
                                "one")
        if found:
            files[spec.name] = found[0]
        elif spec.required:
            raise WorkbookError(f"{folder} has no {spec.name.lower()}.parquet or "
                                f"{spec.name.lower()}.csv ({spec.zh})")
    return files


def _source(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    if path.suffix == ".parquet":
        return f"read_parquet('{quoted}')"
    return f"read_csv('{quoted}', header = true, all_varchar = true)"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _query(connection: duckdb.DuckDBPyConnection, sql: str, path: Path) -> duckdb.DuckDBPyRelation:
    """A query over one file, its failure one line naming the file."""
    try:
        return connection.sql(sql)
    except duckdb.Error as exc:
        raise WorkbookError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None


def read_table(connection: duckdb.DuckDBPyConnection, path: Path, spec: TableSpec) -> RawTable:
    """A small table whole, as the workbook reader gives it."""
    frame = _query(connection, f"SELECT * FROM {_source(path)}", path).df()
    frame = frame.astype(object).where(frame.notna(), None)
    return RawTable(spec.name, path.name, 2, [str(c) for c in frame.columns],
                    frame.to_numpy().tolist())


def read_sales(connection: duckdb.DuckDBPyConnection, path: Path
               ) -> tuple[RawTable, dict[str, int]]:
    """The sales summed per day, SKU, channel and whether the line had an amount; and the
    lines left out, by reason. (The count is a query of its own: one grouping that carried
    the left-out lines too took more memory in bench_scale.py, 1.7 against 1.4 GB, and no
    less time; DuckDB's scan itself is a few hundredths of a second.)"""
    source = _source(path)
    headers = [str(c) for c in _query(connection, f"SELECT * FROM {source} LIMIT 0", path)
               .columns]
    where = find_columns(RawTable(SALES.name, path.name, 2, headers, []), SALES)
    column = {key: _quoted(headers[at]) for key, at in where.items()}
    day = f"TRY_CAST(TRY_CAST({column['date']} AS TIMESTAMP) AS DATE)"
    quantity = f"TRY_CAST({column['quantity']} AS DOUBLE)"
    amount = f"TRY_CAST({column['amount']} AS DOUBLE)" if "amount" in column else "NULL"
    channel = f"COALESCE(CAST({column['channel']} AS VARCHAR), '')" if "channel" in column \
        else "''"
    sku = f"TRIM(CAST({column['sku']} AS VARCHAR))"
    lines = f"""SELECT {day} AS day, {sku} AS sku, {quantity} AS quantity, {amount} AS amount,
                       {channel} AS channel FROM {source}"""
    usable = "quantity IS NOT NULL AND isfinite(quantity)"
    counts = _query(connection, f"""SELECT count(*) FILTER (WHERE day IS NULL),
            count(*) FILTER (WHERE day IS NOT NULL AND NOT ({usable})),
            count(*) FILTER (WHERE day IS NOT NULL AND {usable}
                             AND (sku IS NULL OR sku = ''))
            FROM ({lines})""", path).fetchall()[0]
    daily = _query(connection, f"""SELECT day, sku, sum(quantity) AS quantity,
            sum(amount) AS amount, channel FROM ({lines})
        WHERE day IS NOT NULL AND {usable} AND sku IS NOT NULL AND sku <> ''
        GROUP BY day, sku, channel, amount IS NULL
        ORDER BY day, sku, channel""", path).df()
    left_out = {reason: int(n) for reason, n in zip(
        ("not a date", "not a number", "blank SKU"), counts, strict=True) if n}
    daily["day"] = pd.to_datetime(daily["day"])
    table = RawTable(SALES.name, path.name, 2, ["date", "sku", "quantity", "amount", "channel"],
                     daily)
    return table, left_out


def read_data_dir(folder: str | Path) -> tuple[dict[str, RawTable], dict[str, int]]:
    """Every input table of the folder (the sales summed per day), and the sales lines left
    out by reason."""
    files = table_files(folder)
    specs = {spec.name: spec for spec in INPUT_TABLES}
    with duckdb.connect() as connection:
        tables = {name: read_table(connection, path, specs[name])
                  for name, path in files.items() if name != SALES.name}
        tables[SALES.name], left_out = read_sales(connection, files[SALES.name])
    return tables, left_out
