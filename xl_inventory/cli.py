"""The ``xl-inventory`` command line: the same engine as the ribbon buttons, without Excel.

Exit codes: 0 done; 1 the workbook or an input cannot be used (the message says which table,
column or file); 2 the command was called wrongly (click's usage errors).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
import numpy as np

from xl_inventory import __version__
from xl_inventory.errors import WorkbookError, XlInventoryError

DEMO_FILE = "xl_inventory_demo.xlsx"
# The names of xl_inventory.workbook.export_presets' PRESETS and STOCK_PRESETS, for the help
# (that module is not imported here, to keep --help fast; a test checks they agree).
PRESET_NAMES = ("taobao", "jd", "pdd", "douyin", "jushuitan", "wangdiantong", "shopify",
                "amazon")
STOCK_PRESET_NAMES = ("jushuitan", "wangdiantong", "shopify", "amazon-fba")


def _tab(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else value.replace("\\t", "\t")  # --sep '\t' is a tab


# The options every export reader takes.
_encoding_option = click.option(
    "--encoding", help="Encoding of a CSV export (default: detected; utf-8, gb18030, utf-16, "
    "cp1252...).")
_sep_option = click.option(
    "--sep", callback=_tab,
    help="Field separator of a CSV export (default: sniffed among , ; tab |; \\t for a tab).")


class _Steps:
    """A progress bar over the named steps of a refresh."""

    def __init__(self, bar: click.progressbar) -> None:  # type: ignore[type-arg]
        self.bar = bar

    def __call__(self, step: str) -> None:
        self.bar.label = step
        self.bar.update(1)


class _Commands(click.Group):
    """Turns every failure into one line on stderr and exit code 1; ``--debug`` shows the
    traceback of an unexpected one."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except XlInventoryError as exc:
            message = str(exc)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            message = f"{where}{exc.strerror or exc}"
        except Exception as exc:
            if ctx.meta.get("debug"):
                raise
            files = ", ".join(map(str, ctx.meta.get("files", []))) or "the input"
            message = (f"unexpected {type(exc).__name__} on {files}: {exc} "
                       "(run again with --debug for the details, and tell us)")
        click.echo(f"error: {' '.join(message.split())}", err=True)
        raise SystemExit(1)


class _File(click.Path):
    """A path argument or option that is also remembered, to be named in an error line."""

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> object:
        path = super().convert(value, param, ctx)
        if ctx is not None:
            ctx.meta.setdefault("files", []).append(path)
        return path


def _refresh(book: Path, output: Path | None):
    from xl_inventory.reports.refresh import refresh_workbook

    with click.progressbar(length=3, label="refreshing", file=sys.stderr,
                           show_eta=False) as bar:
        return refresh_workbook(book, output, progress=_Steps(bar))


def _headline(result) -> None:
    figures = result.reports.kpis.figures.set_index("metric")
    value, note = figures["value"], figures["note"]
    turns = value["inventory turnover (turns in the history window)"]
    click.echo(f"inventory turnover      {turns:.2f} turns in "
               f"{value['history window (days)']:.0f} days, "
               f"{value['inventory turnover, annualised']:.2f} a year "
               f"({value['days of inventory']:.0f} days of inventory)")
    caveat = note["inventory turnover (turns in the history window)"]
    if caveat:
        click.echo(f"                        ({caveat})")
    click.echo(f"slow-moving ratio       {value['slow-moving ratio']:.1%} "
               f"({len(result.reports.slow_movers)} slow movers)")
    through = value["sell-through of SKUs launched in the last 30 days"]
    click.echo("new SKUs' sell-through  " + (
        f"{through:.1%}" if np.isfinite(through) else
        note["sell-through of SKUs launched in the last 30 days"]) +
        f"; {value['SKUs under the sell-through target at day 30']:.0f} SKUs under target "
        "at day 30")
    ordering = result.reports.order_lines
    click.echo(f"purchase plan           {len(ordering)} lines, "
               f"{ordering['order_value'].sum():,.2f} at cost, "
               f"{ordering['supplier'].nunique()} suppliers")
    click.echo(f"data issues             {len(result.reports.data_issues)} rows listed")
    _notes(result.notes)


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"note: {note}", err=True)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"],
                                               "max_content_width": 100},
             epilog="A book needs the Excel tables Products, Sales and Stock (Receipts, "
             "Promotions and Settings are optional); docs/reference.md lists their columns.")
@click.version_option(__version__, prog_name="xl-inventory")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected failure.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Inventory turnover, ABC classes, safety stock and purchase suggestions for sellers:
    the engine of the xl-inventory Excel templates, without Excel."""
    ctx.meta["debug"] = debug


@main.command(short_help="Build and refresh a demo workbook from bundled real sales.")
@click.option("-o", "--output", type=_File(dir_okay=False, path_type=Path),
              default=DEMO_FILE, show_default=True, help="Where to write the demo workbook.")
def demo(output: Path) -> None:
    """Build a workbook from the bundled real sales (UCI Online Retail), refresh its reports
    and print the headline figures."""
    from xl_inventory.reports.demo_workbook import build_demo_workbook

    build_demo_workbook(output)
    result = _refresh(output, None)
    click.echo(f"demo workbook: {output}")
    _headline(result)


@main.command(short_help="Rebuild the report sheets of a workbook.")
@click.argument("book", type=_File(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=_File(dir_okay=False, path_type=Path),
              help="Write the refreshed workbook here instead of over BOOK.")
def refresh(book: Path, output: Path | None) -> None:
    """Rebuild the report sheets of BOOK (SlowMovers, PurchasePlan, KPIs, CycleCount,
    DataIssues) from its Excel tables Products, Sales and Stock (and Receipts, Promotions,
    Settings where present). Input tables are never written; the file is replaced
    atomically, and not while Excel has it open."""
    result = _refresh(book, output)
    _headline(result)


@main.command(short_help="Replay the purchase plan on past sales beside two simple rules.")
@click.argument("book", type=_File(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="First day of the replay (YYYY-MM-DD); the plan uses only sales before it.")
@click.option("--weeks", type=click.IntRange(min=1),
              help="Weeks to replay; by default up to the last day with sales.")
@click.option("-o", "--output", type=_File(dir_okay=False, path_type=Path),
              help="Write the workbook here instead of over BOOK.")
def replay(book: Path, start, weeks: int | None, output: Path | None) -> None:
    """Replay the purchase plan on BOOK's own sales from a past day, beside two simple rules
    (cover rule, textbook base stock), and write the scorecards to the Replay sheet."""
    import pandas as pd

    from xl_inventory.reports.refresh import replay_workbook

    result = replay_workbook(book, start, weeks, output,
                             progress=lambda step: click.echo(step, err=True))
    card = result.scorecard.set_index("metric")
    end = result.start + pd.Timedelta(days=result.days - 1)
    _notes(result.notes)
    click.echo(f"replay {result.start.date()} to {end.date()} ({result.days} days), "
               f"written to the Replay sheet of {output or book}")
    click.echo(f"{'':22}" + "".join(f"{name:>16}" for name in card.columns))
    for metric, fmt in REPLAY_HEADLINE:
        click.echo(f"{metric:22}" + "".join(f"{format(v, fmt):>16}" for v in card.loc[metric]))


REPLAY_HEADLINE = (("fill_rate_units", ".1%"), ("fill_rate_value", ".1%"),
                   ("stockout_sku_days", ",.0f"), ("mean_stock_value", ",.0f"),
                   ("turns_per_year", ".2f"), ("holding_cost", ",.0f"), ("lost_margin", ",.0f"),
                   ("excess_stock_value", ",.0f"), ("total_cost", ",.0f"))


@main.command(short_help="Validate a workbook's input tables, writing nothing.")
@click.argument("book", type=_File(exists=True, dir_okay=False, path_type=Path))
def check(book: Path) -> None:
    """Validate BOOK's input tables (Products, Sales and Stock; Receipts, Promotions and
    Settings where present) without writing anything, and list the data issues."""
    from xl_inventory.reports.refresh import check_workbook

    inventory = check_workbook(book)
    issues = inventory.issues
    click.echo(f"{len(inventory.products)} products, {len(inventory.sales)} sales lines, "
               f"{len(inventory.stock)} stock rows usable; {len(issues)} data issues")
    for row in issues.head(20).itertuples(index=False):
        click.echo(f"  {row.table} row {row.row}, {row.column} = {row.value!s:.30}: {row.reason}")
    if len(issues) > 20:
        click.echo(f"  ... and {len(issues) - 20} more (refresh to list them in DataIssues)")


@main.command("import-sales", short_help="Append a shop or ERP export under the Sales table.")
@click.argument("export", type=_File(exists=True, dir_okay=False, path_type=Path))
@click.argument("book", type=_File(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "date_column", help="Export column holding the date.")
@click.option("--sku", "sku_column", help="Export column holding the SKU code.")
@click.option("--quantity", "quantity_column", help="Export column holding the quantity.")
@click.option("--amount", "amount_column", help="Export column holding the line amount.")
@click.option("--channel", "channel_column", help="Export column holding the channel.")
@_encoding_option
@_sep_option
@click.option("--from", "platform", metavar="PLATFORM",
              help="The shop or ERP the export comes from: " + ", ".join(PRESET_NAMES)
              + " (default: recognised from its columns).")
@click.option("--orders", type=_File(exists=True, dir_okay=False, path_type=Path),
              help="Taobao only: the order list (ExportOrderList) beside the order details.")
@click.option("--allow-duplicates", is_flag=True,
              help="Import even when every line is already in the Sales table.")
@click.option("-o", "--output", type=_File(dir_okay=False, path_type=Path),
              help="Write the workbook here instead of over BOOK.")
def import_sales_command(export: Path, book: Path, date_column: str | None,
                         sku_column: str | None, quantity_column: str | None,
                         amount_column: str | None, channel_column: str | None,
                         encoding: str | None, sep: str | None, platform: str | None,
                         orders: Path | None, allow_duplicates: bool,
                         output: Path | None) -> None:
    """Append the lines of an ERP or shop export under BOOK's Sales table; nothing else of
    BOOK changes. EXPORT is a CSV file in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16,
    separated by commas, semicolons, tabs or bars (both detected), or an .xlsx/.xls export.
    Columns are recognised by name (date/日期/InvoiceDate, sku/商品编码/StockCode, ...) or
    given with the options."""
    from xl_inventory.reports.import_sales import import_sales

    mapping = {"date": date_column, "sku": sku_column, "quantity": quantity_column,
               "amount": amount_column, "channel": channel_column}
    result = import_sales(export, book, mapping, output, encoding=encoding, sep=sep,
                          allow_duplicates=allow_duplicates, platform=platform, orders=orders)
    first, last = result.rows
    if result.preset:
        how = "recognised from its columns" if result.detected else "as given"
        click.echo(f"a {result.preset} export ({how})")
    click.echo(f"{result.added} sales lines added to {output or book} (sheet {result.sheet}, "
               f"rows {first} to {last})")
    for reason, count in sorted(result.left_out.items()):
        click.echo(f"  {count} lines not imported as sales: {reason}")
    if result.kept_as_text:
        click.echo(f"{result.kept_as_text} values could not be read as dates or numbers and "
                   f"went in as text: `xl-inventory check {output or book}` lists them")


@main.command("import-stock", short_help="Replace the Stock table's rows from a stock export.")
@click.argument("export", type=_File(exists=True, dir_okay=False, path_type=Path))
@click.argument("book", type=_File(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "platform", metavar="PLATFORM",
              help="The ERP or platform: " + ", ".join(STOCK_PRESET_NAMES) + " "
              "(default: recognised from its columns).")
@_encoding_option
@_sep_option
@click.option("-o", "--output", type=_File(dir_okay=False, path_type=Path),
              help="Write the workbook here instead of over BOOK.")
def import_stock_command(export: Path, book: Path, platform: str | None, encoding: str | None,
                         sep: str | None, output: Path | None) -> None:
    """Replace the rows of BOOK's Stock table (on hand, on order, warehouse) with those of an
    ERP's or platform's stock export (聚水潭, 旺店通, Shopify inventory, Amazon FBA inventory;
    CSV in any usual encoding, or .xlsx). Nothing else of BOOK changes."""
    from xl_inventory.reports.import_stock import import_stock

    result = import_stock(export, book, output, platform=platform, encoding=encoding,
                          sep=sep)
    how = "recognised from its columns" if result.detected else "as given"
    click.echo(f"a {result.preset} stock export ({how}): {result.rows} Stock rows written to "
               f"{output or book}")
    for reason, count in sorted(result.left_out.items()):
        click.echo(f"  {count} rows left out: {reason}")


class _Rounds:
    """plan's progress on stderr: each stage on a line, a bar over the chunks of each round."""

    def __init__(self) -> None:
        self._bar: click.progressbar | None = None  # type: ignore[type-arg]

    def __call__(self, stage: str, chunks: int = 0) -> Callable[[], None]:
        self.close()
        if not chunks:
            click.echo(stage, err=True)
            return lambda: None
        bar = self._bar = click.progressbar(length=chunks, label=stage, file=sys.stderr)
        bar.__enter__()
        return lambda: bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@main.command(short_help="The refresh's reports from Parquet or CSV files of any size.")
@click.argument("data_dir", type=_File(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output-dir", type=_File(file_okay=False, path_type=Path), required=True,
              help="Folder for purchase_plan.parquet, slow_movers.parquet, kpis.parquet, "
              "data_issues.parquet and summary.xlsx.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="local: the chunks one after another here; dask: as tasks on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="The Dask scheduler (tcp://host:8786) for --engine dask; without it, a "
              "local cluster of two worker processes.")
@click.option("--chunk-skus", type=click.IntRange(min=1),
              help="SKUs analysed at a time (default 20,000): the memory grows with it.")
def plan(data_dir: Path, output_dir: Path, engine: str, scheduler: str | None,
         chunk_skus: int | None) -> None:
    """Compute the purchase plan, slow movers, KPIs and data issues from DATA_DIR's files
    (products, sales, stock, and optionally receipts, promotions, settings; each .parquet or
    .csv with the workbook tables' columns), as a workbook refresh would, in chunks of SKUs.
    With --engine dask, OUT_DIR must be on storage every worker sees."""
    from xl_inventory.reports.plan_files import CHUNK_SKUS, plan_data_dir

    chunk_skus = chunk_skus or CHUNK_SKUS
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    rounds = _Rounds()
    try:
        if engine == "dask":
            from xl_inventory.reports.plan_cluster import dask_runner

            with dask_runner(scheduler) as run:
                result = plan_data_dir(data_dir, output_dir, chunk_skus, run, rounds)
        else:
            result = plan_data_dir(data_dir, output_dir, chunk_skus, progress=rounds)
    finally:
        rounds.close()
    ordering = result.reports.order_lines
    click.echo(f"{len(result.reports.purchase_plan):,} SKUs planned: {len(ordering):,} "
               "purchase lines, "
               f"{ordering['order_value'].sum():,.2f} at cost; "
               f"{int(result.issues['lines'].sum()):,} data issues")
    for path in result.files:
        click.echo(str(path))


@main.command("export-buyers", short_help="Write one workbook per supplier from the plan.")
@click.argument("book", type=_File(exists=True, dir_okay=False, path_type=Path))
@click.argument("folder", type=_File(file_okay=False, path_type=Path))
def export_buyers(book: Path, folder: Path) -> None:
    """Write one values-only workbook per supplier with its purchase lines into FOLDER."""
    from xl_inventory.reports.buyers import export_for_buyers

    written = export_for_buyers(book, folder)
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} supplier workbooks written to {folder}")


@main.command(short_help="Serve the engine over HTTPS for the Office add-in.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but localhost needs --token.")
@click.option("--port", default=8443, show_default=True, type=click.IntRange(1, 65535))
@click.option("--cert", type=_File(exists=True, dir_okay=False, path_type=Path),
              help="TLS certificate (PEM); Excel loads add-ins over HTTPS only.")
@click.option("--key", type=_File(exists=True, dir_okay=False, path_type=Path),
              help="The certificate's private key (PEM).")
@click.option("--dev-cert", "dev_cert", type=_File(file_okay=False, path_type=Path),
              help="Make a self-signed certificate for localhost in this folder, serve with "
              "it, and say how to trust it (development only).")
@click.option("--token", envvar="XL_INVENTORY_TOKEN",
              help="Secret every request must carry (Authorization: Bearer TOKEN); also read "
              "from XL_INVENTORY_TOKEN.")
def serve(host: str, port: int, cert: Path | None, key: Path | None, dev_cert: Path | None,
          token: str | None) -> None:
    """Serve the Excel functions, refresh and check as a JSON API (and the add-in's files)
    for the Office add-in, one server for a whole team."""
    try:
        import uvicorn

        from xl_inventory.server import create_app
    except ImportError as exc:
        raise WorkbookError(f"serving needs {exc.name}: pip install 'xl-inventory[server]'"
                            ) from None
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        raise WorkbookError(f"--host {host} opens the server beyond this computer: set a "
                            "--token (or XL_INVENTORY_TOKEN) that the add-in sends")
    if (cert is None) != (key is None):
        raise WorkbookError("give both --cert and --key, or neither")
    if dev_cert is not None:
        from xl_inventory.dev_cert import TRUST_HINT, make_dev_certificate

        cert, key = make_dev_certificate(dev_cert)
        hint = TRUST_HINT.get(sys.platform, TRUST_HINT["linux"]).replace("CERT", str(cert))
        click.echo(f"development certificate {cert} (key {key}); to trust it: {hint}")
    uvicorn.run(create_app(token), host=host, port=port,
                ssl_certfile=str(cert) if cert else None, ssl_keyfile=str(key) if key else None)


@main.command("build-templates", short_help="Build the two Excel templates into a folder.")
@click.option("-o", "--output-dir", type=_File(file_okay=False, path_type=Path), required=True,
              help="Folder to write xl_inventory_en.xlsm and xl_inventory_zh.xlsm into "
              "(the repository's own are workbook_templates/).")
@click.option("--update-shim", is_flag=True,
              help="First regenerate vba_shim/XlInventoryFunctions.bas from xl_inventory.udfs.")
def build_templates_command(output_dir: Path, update_shim: bool) -> None:
    """Build the workbook templates (input tables, reports, ribbon, VBA project) from
    vba_shim/ and a small example; two builds of the same sources are the same bytes."""
    from xl_inventory.templates import build

    if update_shim:
        click.echo(f"updated {build.update_shim()}")
    for path in build.build_templates(output_dir):
        click.echo(str(path))


@main.command(short_help="Show the main Excel functions on sample SKUs.")
def formulas() -> None:
    """Print what TURNOVER, SELLTHROUGH, ABCCLASS, SAFETYSTOCK and REORDERQTY answer for a few
    sample SKUs (the seed's worked example among them)."""
    from xl_inventory.formulas_demo import demo_table

    click.echo(demo_table())
