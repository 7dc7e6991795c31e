"""Programs some tests drive (LibreOffice, later Node and Chromium): outside CI a missing one
skips the test with the reason in pytest's summary; under CI (``XL_INVENTORY_CI`` set, as
``.ci/run`` does after installing them) it fails, so nothing is skipped silently there."""

from __future__ import annotations

import os
import shutil

import pytest

CI_VARIABLE = "XL_INVENTORY_CI"


def program(*names: str, install: str) -> str:
    """Path of the first of ``names`` on PATH; skips (fails under CI) when none is there."""
    found = next((path for path in map(shutil.which, names) if path), None)
    if found:
        return found
    message = f"{names[0]} is not installed ({install})"
    if os.environ.get(CI_VARIABLE):
        pytest.fail(f"{message}, and {CI_VARIABLE} forbids skipping")
    pytest.skip(message)


def soffice() -> str:
    return program("soffice", "libreoffice",
                   install="apt-get install libreoffice-calc-nogui, as .ci/run does")
