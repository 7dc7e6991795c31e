"""``office_addin/functions.json``: the Office add-in's custom functions (namespace ``XLI``),
generated from the same signatures and docstrings as the VBA declarations and the Insert
Function help, so the three never drift (a test regenerates it and compares). Every argument
and answer is a ``matrix``: one formula takes whole columns and spills one answer per SKU.
After a change, run ``python -m xl_inventory.templates.addin``.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from xl_inventory.udfs import UDFS

TARGET = Path(__file__).resolve().parents[2] / "office_addin" / "functions.json"
NAMESPACE = "XLI"


def functions_metadata() -> dict[str, object]:
    functions = []
    for name in sorted(UDFS):
        udf = UDFS[name]
        signature = inspect.signature(udf).parameters
        functions.append({
            "id": name, "name": name,
            "description": udf.description,
            "result": {"type": "any", "dimensionality": "matrix"},
            "parameters": [{
                "name": argument, "description": doc, "type": "any",
                "dimensionality": "matrix",
                "optional": signature[argument].default is not inspect.Parameter.empty,
            } for argument, doc in udf.arg_docs.items()],
        })
    return {"functions": functions}


def functions_json() -> str:
    return json.dumps(functions_metadata(), ensure_ascii=False, indent=2) + "\n"


def write_functions_json(target: Path = TARGET) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(functions_json(), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_functions_json())
