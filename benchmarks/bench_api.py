"""The Excel functions over HTTP (``xl-inventory serve``) beside the same calls in-process.

100,000 rows through ABCCLASS and REORDERQTY: JSON in, JSON out, through a real uvicorn server
on localhost (HTTP, one connection kept alive), against calling the same functions in this
process on the same 2-D lists. The client encodes with orjson, as fast as the add-in's
browser does. Goal: the HTTP path within 3 x of in-process.

    python benchmarks/bench_api.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import threading
import time

import numpy as np
import orjson
import uvicorn

from xl_inventory.server import _collector_paused, create_app
from xl_inventory.udfs import UDFS

GOAL = 3.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def calls(rows: int) -> dict[str, list[list[list[float]]]]:
    rng = np.random.default_rng(7)

    def column(values: np.ndarray) -> list[list[float]]:
        return values.reshape(-1, 1).tolist()

    return {
        "ABCCLASS": [column(rng.gamma(0.5, 1000, rows).round(2))],
        "REORDERQTY": [column(rng.uniform(0, 500, rows).round(1)),
                       column(rng.uniform(0, 100, rows).round(1)),
                       column(rng.integers(0, 400, rows).astype(float)),
                       column(rng.integers(0, 50, rows).astype(float)),
                       column(rng.choice([0.0, 24.0, 48.0], rows)),
                       column(rng.choice([1.0, 6.0, 12.0], rows))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=300)  # kept alive
        try:
            print(f"{args.rows:,} rows, median of {args.repeat} runs")
            print("| function | in-process (s) | over HTTP (s) | ratio |")
            print("|---|---:|---:|---:|")
            for name, arguments in calls(args.rows).items():
                local, remote = [], []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    with _collector_paused():  # as the server runs it: only HTTP and JSON differ
                        expected = UDFS[name](*arguments)
                    local.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    client.request("POST", f"/api/functions/{name}",
                                   body=orjson.dumps({"args": arguments}),
                                   headers={"Content-Type": "application/json"})
                    content = client.getresponse().read()
                    with _collector_paused():  # a browser decodes without Python's collector
                        answer = orjson.loads(content)["values"]
                    remote.append(time.perf_counter() - start)
                    assert len(answer) == len(expected)
                ratio = statistics.median(remote) / statistics.median(local)
                print(f"| {name} | {statistics.median(local):.3f} | "
                      f"{statistics.median(remote):.3f} | {ratio:.2f} |")
                print(f"{name}: HTTP = {ratio:.2f} x in-process; goal <= {GOAL}: "
                      f"{'met' if ratio <= GOAL else 'not met'}")
        finally:
            client.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
