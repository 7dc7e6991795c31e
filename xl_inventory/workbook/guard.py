"""Writing a workbook file without losing anyone's work.

Every command that writes a book goes through :class:`BookWriter`:

- it refuses a target that Excel has open (its ``~$`` owner file lies beside it), that is
  read-only, or whose folder does not exist;
- it takes a lock beside the target (``filelock``), so two xl-inventory commands on one book
  run one after the other, the second reading what the first wrote;
- it remembers the source's size, time and hash when it starts, and before replacing the file
  checks they have not changed: another program (Excel, a sync client) that saved the book
  meanwhile keeps its version, and nothing is written;
- it removes the hidden temporary files (``.~name-xxxx.xlsx``) an earlier, killed run left.
"""

from __future__ import annotations

import contextlib
import hashlib
import stat
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

import filelock

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.xlsx_package import XlsxPackage, temporary_pattern

LOCK_WAIT_SECONDS = 300.0  # a refresh of a large book takes a minute; then we give up


class Fingerprint(NamedTuple):
    size: int
    modified_ns: int
    sha256: str


def fingerprint(path: Path) -> Fingerprint | None:
    """Size, modification time and hash of a file; None when there is no file."""
    try:
        info = path.stat()
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return Fingerprint(info.st_size, info.st_mtime_ns, digest.hexdigest())


def excel_owner_file(path: Path) -> Path | None:
    """Excel's owner file of an open book (``~$Book.xlsx``; for longer names Excel replaces
    the first two characters: ``~$dget.xlsx`` for ``Budget.xlsx``), if it is there."""
    for name in ("~$" + path.name, "~$" + path.name[2:]):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


def lock_path(path: Path) -> Path:
    return path.with_name(f".~lock.xl-inventory.{path.name}")


class BookWriter:
    """Guards the write of ``target`` (``source`` when not given), made from ``source``.

    Use as a context manager around the whole read-compute-write of a command and save with
    :meth:`save`::

        with BookWriter(book, output) as writer:
            tables = read_input_tables(book)
            ...
            writer.save(package)
    """

    def __init__(self, source: str | Path | None, target: str | Path | None = None) -> None:
        self.source = Path(source) if source is not None else None
        chosen = target if target is not None else source
        if chosen is None:
            raise ValueError("BookWriter needs a source or a target")
        self.target = Path(chosen)
        self._lock = filelock.FileLock(lock_path(self.target), timeout=LOCK_WAIT_SECONDS)
        self._seen: Fingerprint | None = None

    def __enter__(self) -> BookWriter:
        self._check_target()
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise WorkbookError(f"{self.target} is being written by another xl-inventory "
                                f"command (lock {lock_path(self.target).name}); try again when "
                                "it has finished") from None
        except OSError as exc:
            raise WorkbookError(f"cannot write in the folder of {self.target}: "
                                f"{exc.strerror or exc}") from None
        self._remove_leftovers()
        if self.source is not None:
            self._seen = fingerprint(self.source)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._lock.release()

    def _check_target(self) -> None:
        folder = self.target.parent
        if not folder.is_dir():
            raise WorkbookError(f"the folder {folder} does not exist: create it, or write "
                                "somewhere else")
        owner = excel_owner_file(self.target)
        if owner is not None:
            raise WorkbookError(f"{self.target} is open in Excel ({owner.name} is beside it): "
                                "close it there first, or use the ribbon's buttons in Excel")
        if self.target.exists() and not self.target.stat().st_mode & stat.S_IWUSR:
            raise WorkbookError(f"{self.target} is read-only: nothing was written; make it "
                                "writable, or write the result elsewhere with -o")

    def _remove_leftovers(self) -> None:
        """Temporary files of earlier runs that were killed before they could clean up: no
        other run is writing (this one holds the lock)."""
        for leftover in self.target.parent.glob(temporary_pattern(self.target)):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def save(self, package: XlsxPackage, date_time: tuple[int, ...] | None = None) -> None:
        """Replace the target with ``package`` unless the source changed since the start."""
        if self.source is not None and fingerprint(self.source) != self._seen:
            raise WorkbookError(f"{self.source} was saved by another program while this "
                                "command ran: nothing was written; run the command again")
        try:
            package.save(self.target, date_time)
        except PermissionError as exc:
            raise WorkbookError(f"cannot write {self.target}: {exc.strerror or exc} (is the "
                                "folder read-only?)") from None
        except OSError as exc:
            raise WorkbookError(f"cannot write {self.target}: {exc.strerror or exc}") from None

