"""The Office add-in's code (office_addin/) with Node's test runner against a live server, its
compiled JavaScript against a fresh build, and its manifest against the add-in's files."""

from __future__ import annotations

import filecmp
import json
import os
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests import programs
from tests.surfaces.test_server import CALLS, workbook_body
from xl_inventory import server
from xl_inventory.udfs import UDFS

ADDIN = Path(__file__).resolve().parents[2] / "office_addin"
ERRORS = {"#DIV/0!": "divisionByZero", "#NUM!": "invalidNumber", "#VALUE!": "invalidValue",
          "#N/A": "notAvailable", "#REF!": "invalidReference", "#NAME?": "invalidName",
          "#NULL!": "nullReference"}


def node_modules() -> Path:
    """The add-in's Node packages (npm ci in office_addin/, as .ci/run does)."""
    programs.program("node", install="apt-get install nodejs, or nodejs.org")
    folder = ADDIN / "node_modules"
    if not (folder / "typescript").is_dir():
        message = "office_addin/node_modules is missing (cd office_addin && npm ci)"
        if os.environ.get(programs.CI_VARIABLE):
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture(scope="module")
def live_server():
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(server.create_app(), host="127.0.0.1", port=port,
                                            log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def test_the_committed_javascript_is_a_fresh_build_of_the_typescript(tmp_path):
    node_modules()
    subprocess.run(["node", str(ADDIN / "node_modules" / "typescript" / "bin" / "tsc"), "-p",
                    str(ADDIN), "--outDir", str(tmp_path)], check=True, timeout=300)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in (ADDIN / "dist").iterdir())
    mismatch = filecmp.cmpfiles(tmp_path, ADDIN / "dist", built, shallow=False)[1]
    assert not mismatch, f"office_addin/dist is stale: npm run build ({mismatch})"


def test_the_addins_code_against_a_live_server(tmp_path, live_server):
    node_modules()
    cases = []
    for name, args in CALLS.items():
        expected = [[{"error": ERRORS[v]} if isinstance(v, str) and v in ERRORS else v
                     for v in row] for row in server._grid(UDFS[name](*args))]
        cases.append({"name": name, "args": args, "expected": expected})
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    (tmp_path / "workbook.json").write_text(json.dumps(workbook_body()), encoding="utf-8")
    result = subprocess.run(["node", "--test", "test/addin.test.mjs"], cwd=ADDIN,
                            capture_output=True, text=True, timeout=300, env={
                                **os.environ, "XLI_SERVER": live_server,
                                "XLI_CASES": str(tmp_path / "cases.json"),
                                "XLI_WORKBOOK": str(tmp_path / "workbook.json")})
    assert result.returncode == 0, result.stdout + result.stderr
    summary = dict(line.split()[1:3] for line in result.stdout.splitlines()
                   if line.startswith("# ") and len(line.split()) == 3)
    assert summary.get("pass") == "7" and summary.get("skipped") == "0", result.stdout


def test_the_manifest_points_at_files_that_exist_and_commands_that_are_registered():
    from fastapi.testclient import TestClient
    from lxml import etree

    client = TestClient(server.create_app())
    response = client.get("/addin/manifest.xml")
    assert response.status_code == 200 and "{{origin}}" not in response.text
    root = etree.fromstring(response.content)
    ns = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
          "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
          "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0"}
    defined = {e.get("id"): e for e in root.iterfind(".//v:Resources//*[@id]", ns)}
    used = {e.get("resid") for e in root.iter() if e.get("resid")}
    assert used <= set(defined), used - set(defined)
    # every address is this server's, and answers
    addresses = [e.get("DefaultValue") for e in root.iter()
                 if str(e.get("DefaultValue", "")).startswith("http")]
    assert addresses and all(a.startswith("http://testserver/addin/") for a in addresses)
    for address in set(addresses):
        assert client.get(address.replace("http://testserver", "")).status_code == 200, address
    assert defined["Functions.Namespace"].get("DefaultValue") == "XLI"
    # every label has its Chinese override
    for string in root.iterfind(".//v:Resources/bt:ShortStrings/bt:String", ns):
        if string.get("id") != "Functions.Namespace":
            assert string.find("bt:Override[@Locale='zh-CN']", ns) is not None, string.get("id")
    # each ribbon command is one the page registers with Office.actions.associate
    main = (ADDIN / "src" / "main.ts").read_text(encoding="utf-8")
    registered = set(re.findall(r"^  (\w+): \[", main, flags=re.M))
    commands = {e.text for e in root.iterfind(".//v:FunctionName", ns)}
    assert commands and commands <= registered
    # the files that are not the add-in's stay private
    assert client.get("/addin/package.json").status_code == 404


def test_the_task_pane_in_headless_chromium_refreshes_a_workbook(tmp_path, live_server):
    node_modules()
    browser = programs.program("chromium", "chromium-browser",
                               install="apt-get install chromium, as .ci/run does")
    (tmp_path / "workbook.json").write_text(json.dumps(workbook_body()), encoding="utf-8")
    result = subprocess.run(["node", "--test", "test/taskpane.browser.mjs"], cwd=ADDIN,
                            capture_output=True, text=True, timeout=300, env={
                                **os.environ, "XLI_SERVER": live_server,
                                "XLI_CHROMIUM": browser,
                                "XLI_WORKBOOK": str(tmp_path / "workbook.json")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 1" in result.stdout and "# skipped 0" in result.stdout, result.stdout
