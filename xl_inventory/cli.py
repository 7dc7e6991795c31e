"""The ``xl-inventory`` command line: the same engine as the Excel surfaces, without Excel."""

from __future__ import annotations

import click

from xl_inventory import __version__
from xl_inventory.demo import demo_table


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xl-inventory")
def main() -> None:
    """Inventory turnover, ABC classes, safety stock and purchase suggestions for sellers."""


@main.command()
def demo() -> None:
    """Print what TURNOVER, SELLTHROUGH, ABCCLASS, SAFETYSTOCK and REORDERQTY answer for a few
    sample SKUs (the seed's worked example among them)."""
    click.echo(demo_table())
