"""``plan --engine dask``: each round of :mod:`xl_inventory.reports.plan_chunks` as tasks on a
Dask distributed cluster, one task per chunk of SKUs.

The scheduler at ``--scheduler tcp://HOST:8786`` is used as it is; without one, a local
cluster of two worker processes is started for the run. Each chunk's tables and what every
chunk must know (:class:`~xl_inventory.reports.analysis.Whole`) are sent to the workers once
and reused by every round; a worker reads its chunk's summed sales from the Parquet folder
in OUT_DIR, so OUT_DIR must be on storage every worker sees (a shared volume, NFS), and every
worker needs xl-inventory installed, the same release as the machine that runs ``plan``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from xl_inventory.errors import WorkbookError
from xl_inventory.reports.analysis import Whole
from xl_inventory.reports.plan_chunks import Chunk, Runner

CONNECT_SECONDS = 30
LOCAL_WORKERS = 2


class DaskRunner:
    """Runs a chunk function as one task per call; chunks and wholes are scattered once."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._sent: dict[int, tuple[object, Any]] = {}  # id -> (object kept alive, its future)

    def _remote(self, argument: object) -> object:
        if not isinstance(argument, Chunk | Whole):
            return argument
        if id(argument) not in self._sent:
            self._sent[id(argument)] = (argument, self.client.scatter(argument, hash=False))
        return self._sent[id(argument)][1]

    def __call__(self, function: Callable[..., Any], calls: Sequence[tuple],
                 done: Callable[[], None] = lambda: None) -> list:
        from distributed import as_completed

        futures = [self.client.submit(function, *map(self._remote, call), pure=False)
                   for call in calls]
        for _ in as_completed(futures):
            done()
        return self.client.gather(futures)


@contextmanager
def dask_runner(scheduler: str | None = None, workers: int = LOCAL_WORKERS
                ) -> Iterator[Runner]:
    """A runner over the Dask scheduler at ``scheduler``, or over a local cluster of
    ``workers`` processes started (and stopped) here.

    Raises
    ------
    WorkbookError
        Dask is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise WorkbookError("--engine dask needs Dask's distributed scheduler: pip install "
                            "'xl-inventory[cluster]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as exc:
            raise WorkbookError(f"cannot reach the Dask scheduler at {scheduler}: "
                                f"{str(exc).splitlines()[0]}") from None
        with client:
            yield DaskRunner(client)
        return
    # one thread a worker: each forecast already spreads its parts over the cores it finds
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield DaskRunner(client)
