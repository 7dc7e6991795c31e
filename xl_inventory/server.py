"""``xl-inventory serve``: the engine over HTTP, for the Office add-in (Excel on Windows, Mac
and the web) and anything else that speaks JSON.

One FastAPI application serves, from one origin, the Office add-in (``/addin/manifest.xml``
with this server's address in it, its page, functions declaration, code and icons) and:

- ``POST /api/functions/{NAME}`` ``{"args": [range, ...]}``: each argument a 2-D list as Excel
  sends a range (a single cell ``[[x]]``, a blank cell ``null``); answers ``{"values": [[...]]}``
  with the cells the xlwings function would show (the same function is called): a row that
  cannot be computed holds its Excel error text (``#DIV/0!``), which the add-in turns into a
  true Excel error;
- ``POST /api/functions`` ``{"calls": [{"name", "args"}, ...]}``: a batch, answered in order
  (``{"results": [{"values"} or {"error"}]}``);
- ``POST /api/refresh`` ``{"tables": {name: {"sheet", "values"}}}``: the input tables as the
  add-in reads them → the report sheets to write back, as ``xl-inventory refresh`` makes them
  (their tables with each column's number format, and the dashboard's charts over them);
- ``POST /api/check``: the counts and the data issues.

Requests are validated (pydantic for the tables, by shape for the functions' ranges) and
limited in size; an error comes back as ``{"error": "one readable line"}``. The server
listens on localhost; beyond it, every request must carry the seller's token
(``Authorization: Bearer TOKEN``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hmac
import importlib.util
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from xl_inventory.errors import XlInventoryError
from xl_inventory.reports.output import report_sheets
from xl_inventory.reports.refresh import compute_reports, workbook_language
from xl_inventory.udfs import UDFS
from xl_inventory.workbook.reader import RawTable, raw_table
from xl_inventory.workbook.sheets import (
    FORMATS,
    FORMULA_START,
    TableBlock,
    block_rows,
    excel_serial,
)
from xl_inventory.workbook.validate import validate

MAX_BODY_BYTES = 64 * 1024 * 1024  # 100,000 SKUs x a few columns, with room
MAX_CELLS = 5_000_000
MAX_CALLS = 1_000

Cell = float | int | str | bool | None
Grid = list[list[Cell]]


class InputTable(BaseModel):
    sheet: str = ""
    first_row: int = 2  # sheet row of the first data row
    values: Grid  # the header row first


class Workbook(BaseModel):
    tables: dict[str, InputTable]


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _json_cell(value: Any) -> Cell:
    """A cell for JSON: numbers stay numbers (never NaN or inf), dates become Excel serials."""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return excel_serial(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _grid(answer: Any) -> Grid:
    """What a function answered, as the 2-D list a custom function returns. The cells are
    already plain numbers and texts (see ``answer_cells``); orjson writes any NaN or infinity
    as null and numpy scalars as numbers, so no cell is visited here (at 100,000 rows that
    visit cost more than the function)."""
    if isinstance(answer, list):
        return answer if answer and isinstance(answer[0], list) else [answer]
    return [[_json_cell(answer)]]


def _cells(args: list[Grid]) -> int:
    return sum(len(row) for grid in args for row in grid)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a call builds and drops its million small lists
    (a range's rows): it would run hundreds of times over them, tripling the time, and they
    hold no cycles. It runs again as soon as the call is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


async def _json_body(request: Request) -> Any:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(413, f"the request is larger than {MAX_BODY_BYTES:,} bytes")
    try:
        with _collector_paused():
            return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ApiError(422, f"bad request: the body is not JSON ({exc})") from None


def _ranges(value: Any, where: str) -> list[Grid]:
    """The arguments, checked by shape: a list of ranges, each a list of rows. The cells are
    left to the function, which answers a readable error for a cell it cannot use."""
    if not isinstance(value, list):
        raise ApiError(422, f"bad request at body.{where}: a list of ranges is needed")
    for at, grid in enumerate(value):
        if not isinstance(grid, list) or not all(isinstance(row, list) for row in grid):
            raise ApiError(422, f"bad request at body.{where}.{at}: a range is a list of rows, "
                                "each a list of cells ([[x]] for one cell)")
    return value


def _json_response(content: Any) -> Response:
    return Response(orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY),
                    media_type="application/json")


def call_function(name: str, args: list[Grid]) -> Grid:
    """The cells ``=NAME(args...)`` shows, computed by the same function as in xlwings."""
    udf = UDFS.get(name.upper())
    if udf is None:
        raise ApiError(404, f"no function {name}: one of {', '.join(sorted(UDFS))}")
    if _cells(args) > MAX_CELLS:
        raise ApiError(413, f"{name}: more than {MAX_CELLS:,} cells in one call")
    parameters = list(udf.arg_docs)
    if len(args) > len(parameters):
        raise ApiError(422, f"{name} takes at most {len(parameters)} arguments "
                            f"({', '.join(parameters)}), not {len(args)}")
    # an argument left out is omitted, as in Excel; a single cell comes as [[x]]
    return _grid(udf(*args))


def _raw_tables(book: Workbook) -> dict[str, RawTable]:
    tables = {}
    for name, table in book.tables.items():
        if not table.values:
            raise ApiError(422, f"table {name} has no header row")
        tables[name] = raw_table(name, table.sheet or name, table.first_row, table.values)
    return tables


def _block_cells(block: TableBlock) -> dict[str, list]:
    """A block's values (dates as serials), and the cells (row, column; 0-based, header
    included) of text that Excel would take for a formula: the add-in makes them text cells
    ("@") before writing, as the workbook writer quotes them."""
    values = [[_json_cell(v) for v in row] for row in block_rows(block)]
    text_cells = [[r, c] for r, row in enumerate(values) for c, v in enumerate(row)
                  if isinstance(v, str) and v.startswith(FORMULA_START)]
    return {"values": values, "text_cells": text_cells}


def refresh_tables(book: Workbook) -> dict[str, Any]:
    """The report sheets of a refresh, as blocks of cells to write (dates as serials)."""
    tables = _raw_tables(book)
    inventory = validate(tables)
    reports = compute_reports(inventory)
    sheets = []
    for spec in report_sheets(reports, workbook_language(tables)):
        sheets.append({"name": spec.name, "tables": [
            {"name": block.name, "top": block.top, "left": block.left,
             "number_formats": [FORMATS[kind][0] for kind in block.formats],
             "as_table": block.as_table, **_block_cells(block)}
            for block in spec.blocks], "charts": [
            {"kind": chart.kind, "title": chart.title, "table": chart.block.name,
             "category": chart.category, "values": chart.values, "anchor": list(chart.anchor)}
            for chart in spec.charts]})
    return {"sheets": sheets, "summary": {
        "slow_movers": len(reports.slow_movers), "purchase_lines": len(reports.order_lines),
        "data_issues": len(reports.data_issues)}}


def check_tables(book: Workbook) -> dict[str, Any]:
    inventory = validate(_raw_tables(book))
    issues = inventory.issues.astype(object).where(inventory.issues.notna(), None)
    return {"products": len(inventory.products), "sales_lines": len(inventory.sales),
            "stock_rows": len(inventory.stock), "issues": issues.to_dict("records")}


def addin_folder() -> Path:
    """The Office add-in's files: ``office_addin/`` of the checkout, or, installed from a wheel,
    the same files shipped as the package data ``xl_inventory.office_addin``."""
    checkout = Path(__file__).resolve().parents[1] / "office_addin"
    if checkout.is_dir():
        return checkout
    spec = importlib.util.find_spec("xl_inventory.office_addin")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("xl_inventory.office_addin is missing: reinstall xl-inventory")
    return Path(next(iter(spec.submodule_search_locations)))


def create_app(token: str | None = None) -> FastAPI:
    """The application; with ``token``, every request must carry it."""
    app = FastAPI(title="xl-inventory", docs_url=None, redoc_url=None)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Any:
        if token is not None:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return JSONResponse({"error": "a valid token is needed (Authorization: Bearer "
                                              "TOKEN, as set by the seller)"}, status_code=401)
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return JSONResponse({"error": f"the request is larger than {MAX_BODY_BYTES:,} "
                                          "bytes"}, status_code=413)
        return await call_next(request)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=exc.status)

    @app.exception_handler(XlInventoryError)
    async def data_error(_request: Request, exc: XlInventoryError) -> JSONResponse:
        return JSONResponse({"error": " ".join(str(exc).split())}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return JSONResponse({"error": f"bad request at {where}: {first.get('msg', 'invalid')}"},
                            status_code=422)

    # The function calls carry the big payloads (100,000 cells and more): their JSON is read
    # and written with orjson and checked by shape (:func:`_ranges`), not through pydantic's
    # per-cell validation, which costs ten times the computation itself.
    @app.post("/api/functions/{name}")
    async def function(name: str, request: Request) -> Response:
        body = await _json_body(request)
        args = _ranges(body.get("args", []) if isinstance(body, dict) else None, "args")
        with _collector_paused():
            return _json_response({"values": call_function(name, args)})

    @app.post("/api/functions")
    async def functions(request: Request) -> Response:
        body = await _json_body(request)
        calls = body.get("calls") if isinstance(body, dict) else None
        if not isinstance(calls, list) or len(calls) > MAX_CALLS:
            raise ApiError(422, f"bad request at body.calls: a list of at most {MAX_CALLS} "
                                "calls is needed")
        checked = []
        for at, call in enumerate(calls):
            if not isinstance(call, dict) or not isinstance(call.get("name"), str):
                raise ApiError(422, f"bad request at body.calls.{at}.name: a function name is "
                                    "needed")
            checked.append((call["name"], _ranges(call.get("args", []), f"calls.{at}.args")))
        if sum(_cells(args) for _, args in checked) > MAX_CELLS:
            raise ApiError(413, f"more than {MAX_CELLS:,} cells in one batch")
        results: list[dict[str, Any]] = []
        with _collector_paused():
            for name, args in checked:
                try:
                    results.append({"values": call_function(name, args)})
                except ApiError as exc:
                    results.append({"error": str(exc)})
            return _json_response({"results": results})

    @app.post("/api/refresh")
    def refresh(book: Workbook) -> dict[str, Any]:
        return refresh_tables(book)

    @app.post("/api/check")
    def check(book: Workbook) -> dict[str, Any]:
        return check_tables(book)

    addin = addin_folder()

    @app.get("/addin/manifest.xml")
    def manifest(request: Request) -> Response:
        """The manifest with this server's own origin in every address."""
        origin = str(request.base_url).rstrip("/")
        text = (addin / "manifest.xml").read_text(encoding="utf-8")
        return Response(text.replace("{{origin}}", origin), media_type="application/xml")

    @app.get("/addin/{name}")
    def addin_page(name: str) -> FileResponse:
        if name not in ("taskpane.html", "functions.json"):
            raise ApiError(404, f"no add-in file {name}")
        return FileResponse(addin / name)

    app.mount("/addin/dist", StaticFiles(directory=addin / "dist"), name="addin-code")
    app.mount("/addin/assets", StaticFiles(directory=addin / "assets"), name="addin-assets")
    return app
