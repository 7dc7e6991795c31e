"""The input tables as files of a folder, for data too large for a workbook.

``DATA_DIR`` holds ``products``, ``sales``, ``stock`` and, if there are any, ``receipts``,
``promotions`` and ``settings``, each as ``.parquet`` or ``.csv`` (or a folder ``sales.parquet``
of Parquet files, as Spark and Dask write a data set), with the columns of the workbook's
tables (English keys or Chinese headers). DuckDB reads them where they lie: the sales lines,
however many, are checked and summed to one row per day, SKU, channel and whether the line had
an amount, without loading them into Python, into one Parquet folder per chunk of SKUs; a line
that cannot be used is left out and counted by reason, with a sample. The other tables (one
row per SKU or fewer) are read whole.
Dates in CSV files must be ISO (``2024-01-05``, with or without a time); Parquet keeps its own.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.schema import INPUT_TABLES, SALES, TableSpec
from xl_inventory.workbook.validate import find_columns

SUFFIXES = (".parquet", ".csv")
ISSUE_SAMPLE = 5  # values shown per kind of data issue


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
                 if (folder / f"{spec.name.lower()}{suffix}").is_file()
                 or (suffix == ".parquet" and (folder / f"{spec.name.lower()}{suffix}").is_dir())]
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
    if path.is_dir():  # a Parquet data set: its files, partitions in folder names
        return f"read_parquet({sql_text(f'{path}/**/*.parquet')}, hive_partitioning = true)"
    if path.suffix == ".parquet":
        return f"read_parquet({sql_text(path)})"
    return f"read_csv({sql_text(path)}, header = true, all_varchar = true)"


def sql_text(text: object) -> str:
    """A text (a path) as a quoted SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


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


def _sales_lines(connection: duckdb.DuckDBPyConnection, path: Path) -> str:
    """A query of the file's sales lines with the workbook's column keys: ``day`` (a date or
    NULL), ``sku`` (trimmed text), ``quantity`` and ``amount`` (numbers or NULL), ``channel``
    (text, '' for none), and the cells as written (``date_text``, ``quantity_text``)."""
    source = _source(path)
    empty = _query(connection, f"SELECT * FROM {source} LIMIT 0", path)
    headers = [str(c) for c in empty.columns]
    where = find_columns(RawTable(SALES.name, path.name, 2, headers, []), SALES)
    column = {key: _quoted(headers[at]) for key, at in where.items()}
    sku = f"TRIM(CAST({column['sku']} AS VARCHAR))"
    if str(empty.types[where["sku"]]).startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL")):
        # a code stored as a number shows as the workbook shows it: 15056.0 is "15056"
        sku = (f"CASE WHEN {column['sku']} = trunc({column['sku']}) THEN CAST(CAST("
               f"{column['sku']} AS BIGINT) AS VARCHAR) ELSE {sku} END")
    amount = f"TRY_CAST({column['amount']} AS DOUBLE)" if "amount" in column else "NULL"
    channel = f"COALESCE(CAST({column['channel']} AS VARCHAR), '')" if "channel" in column \
        else "''"
    return f"""SELECT TRY_CAST(TRY_CAST({column['date']} AS TIMESTAMP) AS DATE) AS day,
                      {sku} AS sku,
                      TRY_CAST({column['quantity']} AS DOUBLE) AS quantity,
                      {amount} AS amount, {channel} AS channel,
                      CAST({column['date']} AS VARCHAR) AS date_text,
                      CAST({column['quantity']} AS VARCHAR) AS quantity_text
               FROM {source}"""


# Why a line is left out, in the order the checks apply, and the column it names.
_LINE_CHECKS = (
    ("not a date", "date", "day IS NULL", "date_text"),
    ("not a number", "quantity", "quantity IS NULL OR NOT isfinite(quantity)", "quantity_text"),
    ("blank SKU", "sku", "sku IS NULL OR sku = ''", "''"),
    ("unknown SKU", "sku", "chunk IS NULL", "sku"),
    ("sale before the SKU's launch date", "date", "CAST(day AS TIMESTAMP) < launch",
     "CAST(day AS VARCHAR)"),
    ("a date after today: not used", "date", "day >= $tomorrow", "CAST(day AS VARCHAR)"),
)


@dataclass(frozen=True)
class SalesChunks:
    """The usable sales lines of a file, summed per day, SKU and channel, in one Parquet
    folder per chunk of SKUs (``chunk=N``), with what was left out."""

    folder: Path
    first: pd.Timestamp  # the first and last day of the usable lines (NaT: none)
    last: pd.Timestamp
    issues: pd.DataFrame  # table, column, reason, lines, sample: the lines left out
    written: frozenset[int] = frozenset()  # the chunks with sales (the others sold nothing)


def partition_sales(path: Path, products: pd.DataFrame, folder: Path,
                    tomorrow: pd.Timestamp, memory_limit: str = "2GB") -> SalesChunks:
    """Check the sales lines of ``path`` against ``products`` (``sku``, ``launch_date`` and
    ``chunk``, the chunk each SKU is planned in) and write the usable ones, summed per day,
    SKU and channel, into ``folder``, each SKU as its place among its chunk's SKUs. DuckDB
    works out of core: past ``memory_limit`` it spills to a folder beside ``folder``, so no
    number of lines exhausts the memory."""
    folder.mkdir(parents=True)
    chunk = products["chunk"].to_numpy(np.int64)
    known = pd.DataFrame({"sku": products["sku"].astype(str),
                          "launch": products["launch_date"].astype("datetime64[us]"),
                          "chunk": chunk,
                          # the SKU's place in its chunk: read back as a categorical's code
                          "place": pd.Series(chunk).groupby(chunk).cumcount().to_numpy(np.int64)})
    with duckdb.connect() as connection:
        connection.sql(f"SET memory_limit = {sql_text(memory_limit)}")
        connection.sql("SET temp_directory = "
                       + sql_text(folder.with_name(folder.name + ".spill")))
        connection.sql("SET preserve_insertion_order = false")
        connection.register("known", known)
        reason = "CASE " + " ".join(f"WHEN {test} THEN {sql_text(name)}"
                                    for name, _, test, _ in _LINE_CHECKS) + " END"
        sample = "CASE " + " ".join(f"WHEN {test} THEN {value}"
                                    for _, _, test, value in _LINE_CHECKS) + " END"
        checked = f"""SELECT lines.*, known.chunk, known.place, known.launch, {reason} AS reason,
                             {sample} AS sample
                      FROM ({_sales_lines(connection, path)}) AS lines
                      LEFT JOIN known USING (sku)""".replace("$tomorrow",
                                                             f"DATE '{tomorrow.date()}'")
        found = _query(connection, f"""SELECT reason, count(*) AS lines,
                min(day) FILTER (WHERE reason IS NULL), max(day) FILTER (WHERE reason IS NULL),
                list_slice(list(DISTINCT sample ORDER BY sample)
                           FILTER (WHERE reason IS NOT NULL), 1, {ISSUE_SAMPLE})
            FROM ({checked}) GROUP BY reason""", path).fetchall()
        _query(connection, f"""COPY (SELECT chunk, day, place, sum(quantity) AS quantity,
                sum(amount) AS amount, channel FROM ({checked}) WHERE reason IS NULL
            GROUP BY chunk, day, place, channel, amount IS NULL)
            TO {sql_text(folder)} (FORMAT parquet, PARTITION_BY (chunk))""", path)
    usable = [row for row in found if row[0] is None]
    first, last = (pd.Timestamp(usable[0][2]), pd.Timestamp(usable[0][3])) if usable \
        else (pd.NaT, pd.NaT)
    column = {name: key for name, key, *_ in _LINE_CHECKS}
    order = [name for name, *_ in _LINE_CHECKS]
    issues = pd.DataFrame(
        [("Sales", column[name], name, int(n), ", ".join(str(v) for v in values or []))
         for name, n, _, _, values in sorted((row for row in found if row[0] is not None),
                                             key=lambda row: order.index(row[0]))],
        columns=["table", "column", "reason", "lines", "sample"])
    written = frozenset(int(part.name.removeprefix("chunk=")) for part in folder.iterdir()
                        if part.name.startswith("chunk="))
    return SalesChunks(folder, first, last, issues, written)


def read_chunk(chunks: SalesChunks, chunk: int, skus: pd.Index,
               only: pd.Index | None = None) -> pd.DataFrame:
    """One chunk's summed sales as the validated Sales table: ``row``, ``date``, ``sku``
    (categorical over ``skus``, the chunk's SKUs in their order; over ``only`` and its lines
    only, when given), ``quantity``, ``amount``, ``channel``."""
    files = chunks.folder / f"chunk={chunk}"
    if chunk in chunks.written and not files.is_dir():
        # on a cluster whose workers do not share OUT_DIR: never plan as if nothing sold
        raise WorkbookError(f"the sales of chunk {chunk} cannot be read on {socket.gethostname()}"
                            f" ({files} is missing): with --engine dask, OUT_DIR must be on "
                            "storage every worker sees at the same path")
    if files.is_dir():
        with duckdb.connect() as connection:
            wanted = ""
            if only is not None:  # the other SKUs' lines are not read into Python at all
                connection.register("wanted", pd.DataFrame({"place": skus.get_indexer(only)}))
                wanted = "WHERE place IN (SELECT place FROM wanted)"
            frame = connection.sql(f"""SELECT day AS date, place, quantity, amount, channel
                FROM read_parquet({sql_text(files / '*.parquet')}) {wanted}
                ORDER BY day, place, channel""").df()
    else:
        frame = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"),
                              "place": pd.Series(dtype=np.int64), "quantity": [], "amount": [],
                              "channel": pd.Series(dtype=object)})
    sku = pd.Categorical.from_codes(frame.pop("place").to_numpy(np.int64), categories=skus)
    frame.insert(1, "sku", sku)
    if only is not None:  # the query kept only their lines
        frame["sku"] = frame["sku"].cat.set_categories(only)
    frame["date"] = frame["date"].astype("datetime64[ns]")
    frame["quantity"] = frame["quantity"].astype(np.float64)
    frame["amount"] = frame["amount"].astype(np.float64)
    frame.insert(0, "row", np.arange(len(frame), dtype=np.int64))
    return frame
