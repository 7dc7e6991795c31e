"""The engine over HTTP (``xl-inventory serve``), through FastAPI's test client: every function
answers what the Excel function answers, a refresh answers the sheets the command line writes,
and bad requests, large requests and missing tokens get one readable line."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.workbook.conftest import seller_rows
from xl_inventory import server
from xl_inventory.reports.output import report_sheets
from xl_inventory.reports.refresh import compute_reports
from xl_inventory.udfs import UDFS
from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.sheets import block_rows
from xl_inventory.workbook.validate import validate


def col(*values):
    return [[v] for v in values]


# one call per function, as Excel sends ranges: columns of SKUs, rows of history, [[x]] cells
CALLS = {
    "ABCCLASS": [col(700, 200, 100, 0)],
    "DAYSOFCOVER": [col(20, 0, 5), col(2, 0, 1), col(0, None, 5)],
    "DEMANDCLASS": [[[1, 0, 2, 1, 3, 0, 1, 2, 1, 1, 0, 2, 1, 1, 2]]],
    "DIO": [col(120_000), [[40_000, 20_000, 30_000]], [[30]]],
    "EOQ": [col(1200, 0), [[50]], col(2, 3), [[0.25]]],
    "FORECASTDEMAND": [[[5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6, 7, 6]], [[7]], [["ma"]]],
    "HOLDINGCOST": [col(1000, 365), col(73, 10)],
    "REORDERPOINT": [col(10, 2), col(3, 4), col(30, None)],
    "REORDERQTY": [col(100, 10), col(30, 0), col(25, 50), col(0, 0), col(0, 0), col(12, 1)],
    "SAFETYSTOCK": [col(10, 10, 20, 0, 10, 10), [[3]]],
    "SELLTHROUGH": [col(30, 45, 1), col(100, 100, 0), col(0, 50, 0)],
    "SLOWRATIO": [col(1000, 500, 250, 250), col(3, 120, 90, None)],
    "TURNOVER": [col(5400), [[1500, 1800, 1200]]],
    "XYZCLASS": [[[10, 11, 9, 10], [5, 15, 5, 15], [0, 0, 0, 40]]],
}


@pytest.fixture
def client():
    return TestClient(server.create_app())


def test_every_function_answers_what_the_excel_function_answers(client):
    assert set(CALLS) == set(UDFS)
    for name, args in CALLS.items():
        response = client.post(f"/api/functions/{name}", json={"args": args})
        assert response.status_code == 200, response.text
        assert response.json()["values"] == server._grid(UDFS[name](*args)), name
    # worked by hand: the seed's example, and one row of each kind of problem
    assert client.post("/api/functions/SAFETYSTOCK", json={"args": CALLS["SAFETYSTOCK"]}
                       ).json() == {"values": [[30.0]]}
    assert client.post("/api/functions/SELLTHROUGH", json={"args": CALLS["SELLTHROUGH"]}
                       ).json() == {"values": [[0.3], [0.3], ["#DIV/0!"]]}
    assert client.post("/api/functions/abcclass", json={"args": CALLS["ABCCLASS"]}
                       ).json() == {"values": [["A"], ["B"], ["C"], ["C"]]}


def test_a_batch_answers_in_order_with_an_error_for_its_bad_call(client):
    response = client.post("/api/functions", json={"calls": [
        {"name": "TURNOVER", "args": CALLS["TURNOVER"]},
        {"name": "NOSUCH", "args": []},
        {"name": "SAFETYSTOCK", "args": CALLS["SAFETYSTOCK"]}]})
    results = response.json()["results"]
    assert results[0] == {"values": [[3.6]]}
    assert results[1]["error"].startswith("no function NOSUCH")
    assert results[2] == {"values": [[30.0]]}


@pytest.mark.parametrize(("path", "body", "status", "words"), [
    ("/api/functions/NOSUCH", {"args": []}, 404, "no function NOSUCH"),
    ("/api/functions/TURNOVER", {"args": "cells"}, 422, "bad request at body.args"),
    ("/api/functions/TURNOVER", {"args": [[[1]], [[2]], [[3]]]}, 422, "at most 2 arguments"),
    ("/api/functions", {"calls": [{"args": []}]}, 422, "bad request at body.calls.0.name"),
    ("/api/refresh", {"tables": {"Products": {"values": [["sku"], ["P1"]]}}}, 422,
     "no Excel table named Sales"),
])
def test_bad_requests_get_one_readable_line(client, path, body, status, words):
    response = client.post(path, json=body)
    assert response.status_code == status
    assert words in response.json()["error"] and "\n" not in response.json()["error"]


def test_requests_over_the_size_limit_are_refused(client, monkeypatch):
    monkeypatch.setattr(server, "MAX_BODY_BYTES", 1000)
    response = client.post("/api/functions/ABCCLASS", json={"args": [col(*range(500))]})
    assert response.status_code == 413 and "larger than 1,000 bytes" in response.json()["error"]
    monkeypatch.setattr(server, "MAX_BODY_BYTES", 10**9)
    monkeypatch.setattr(server, "MAX_CELLS", 10)
    response = client.post("/api/functions/ABCCLASS", json={"args": [col(*range(11))]})
    assert response.status_code == 413 and "more than 10 cells" in response.json()["error"]


def test_beyond_localhost_every_request_needs_the_token():
    client = TestClient(server.create_app(token="s3cret"))
    body = {"args": CALLS["TURNOVER"]}
    assert client.post("/api/functions/TURNOVER", json=body).status_code == 401
    assert client.post("/api/functions/TURNOVER", json=body,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = client.post("/api/functions/TURNOVER", json=body,
                           headers={"Authorization": "Bearer s3cret"})
    assert response.json() == {"values": [[3.6]]}


def workbook_body():
    tables = {}
    for name, (headers, rows) in seller_rows().items():
        values = [headers, *[[v.isoformat() if hasattr(v, "isoformat") else v for v in row]
                             for row in rows]]
        tables[name] = {"sheet": name, "first_row": 2, "values": values}
    return {"tables": tables}


def test_refresh_answers_the_sheets_the_command_line_writes(client):
    body = workbook_body()
    response = client.post("/api/refresh", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    raw = {name: RawTable(name, t["sheet"], 2, t["values"][0],
                          [["" if v is None else v for v in row] for row in t["values"][1:]])
           for name, t in body["tables"].items()}
    reports = compute_reports(validate(raw))
    expected = {block.name: [[server._json_cell(v) for v in row] for row in block_rows(block)]
                for spec in report_sheets(reports, "en") for block in spec.blocks}
    written = {table["name"]: table["values"] for sheet in answer["sheets"]
               for table in sheet["tables"]}
    assert written == expected
    plan = {row[0]: dict(zip(written["PurchasePlan"][0], row, strict=True))
            for row in written["PurchasePlan"][1:]}
    assert plan["P1"]["suggested_qty"] >= 0 and "note" in plan["P1"]
    assert answer["summary"]["data_issues"] == len(reports.data_issues)
    check = client.post("/api/check", json=body).json()
    assert check["products"] == 5 and len(check["issues"]) == len(reports.data_issues)


def test_the_addins_functions_json_is_generated_from_the_same_signatures(client):
    from xl_inventory.templates.addin import TARGET, functions_json, functions_metadata

    assert TARGET.read_text(encoding="utf-8") == functions_json(), (
        "office_addin/functions.json is stale: run python -m xl_inventory.templates.addin")
    for function in functions_metadata()["functions"]:
        udf = UDFS[function["name"]]
        assert [p["name"] for p in function["parameters"]] == list(udf.arg_docs)
        assert all(p["description"] and p["dimensionality"] == "matrix"
                   for p in function["parameters"])
        # the API takes exactly the arguments the add-in declares
        required = [p for p in function["parameters"] if not p["optional"]]
        assert client.post(f"/api/functions/{function['name']}",
                           json={"args": CALLS[function["name"]]}).status_code == 200
        assert len(CALLS[function["name"]]) >= len(required)


def test_a_development_certificate_for_localhost(tmp_path):
    import ssl

    from cryptography import x509

    from xl_inventory.dev_cert import make_dev_certificate

    cert, key = make_dev_certificate(tmp_path / "certs")
    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)  # the pair serves TLS
