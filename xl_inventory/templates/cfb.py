"""Writing a Compound File Binary (MS-CFB, version 3): the container of a VBA project.

Small streams (under 4096 bytes) live in the mini stream in 64-byte sectors, the others in
512-byte sectors; each storage's children form a balanced binary tree, coloured so that it is a
valid red-black tree, in the order the specification fixes (shorter names first, then by upper
case). Enough for a VBA project: no DIFAT (files up to about 6.8 MB).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    index: int = 0
    left: int = NO_STREAM
    right: int = NO_STREAM
    child: int = NO_STREAM
    red: bool = False
    start: int = END_OF_CHAIN
    size: int = 0


def _order(entry: _Entry) -> tuple[int, str]:
    return len(entry.name), entry.name.upper()


def _tree(children: list[_Entry], depth: int, deepest: int, full: bool) -> int:
    """Root index of a balanced tree of the sorted ``children``; nodes on an incomplete last
    level are red, which keeps every path's count of black nodes equal."""
    if not children:
        return NO_STREAM
    middle = len(children) // 2
    node = children[middle]
    node.red = depth == deepest and not full
    node.left = _tree(children[:middle], depth + 1, deepest, full)
    node.right = _tree(children[middle + 1:], depth + 1, deepest, full)
    return node.index


def _link(storage: _Entry) -> None:
    ordered = sorted(storage.children, key=_order)
    deepest = len(ordered).bit_length() - 1
    full = len(ordered) == (1 << (deepest + 1)) - 1
    storage.child = _tree(ordered, 0, deepest, full)
    for child in ordered:
        if child.kind == 1:
            _link(child)


def _chain(fat: list[int], first: int, count: int) -> None:
    for n in range(count):
        fat[first + n] = first + n + 1 if n + 1 < count else END_OF_CHAIN


def build(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` by path ("VBA/dir", "PROJECT", ...)."""
    root = _Entry("Root Entry", 5)
    entries = [root]
    for path, data in streams.items():
        storage = root
        *folders, name = path.split("/")
        for folder in folders:
            found = next((c for c in storage.children if c.name == folder), None)
            if found is None:
                found = _Entry(folder, 1, index=len(entries))
                entries.append(found)
                storage.children.append(found)
            storage = found
        stream = _Entry(name, 2, data, index=len(entries), size=len(data))
        entries.append(stream)
        storage.children.append(stream)
    _link(root)

    mini = bytearray()
    mini_fat: list[int] = []
    for entry in entries:
        if entry.kind == 2 and 0 < entry.size < MINI_CUTOFF:
            count = -(-entry.size // MINI_SECTOR)
            entry.start = len(mini_fat)
            mini_fat.extend([0] * count)
            _chain(mini_fat, entry.start, count)
            mini += entry.data + bytes(count * MINI_SECTOR - entry.size)
    root.size = len(mini)

    def sectors(size: int) -> int:
        return -(-size // SECTOR)

    directory = sectors(len(entries) * 128)
    mini_fat_sectors = sectors(len(mini_fat) * 4)
    mini_sectors = sectors(len(mini))
    big = [e for e in entries if e.kind == 2 and e.size >= MINI_CUTOFF]
    content = directory + mini_fat_sectors + mini_sectors + sum(sectors(e.size) for e in big)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < content + fat_sectors:
        fat_sectors += 1
    fat = [FREE] * (fat_sectors * (SECTOR // 4))
    for n in range(fat_sectors):
        fat[n] = FAT_SECTOR
    at = fat_sectors
    directory_start = at
    _chain(fat, at, directory)
    at += directory
    mini_fat_start = at if mini_fat_sectors else END_OF_CHAIN
    _chain(fat, at, mini_fat_sectors)
    at += mini_fat_sectors
    root.start = at if mini_sectors else END_OF_CHAIN
    _chain(fat, at, mini_sectors)
    at += mini_sectors
    for entry in big:
        entry.start = at
        _chain(fat, at, sectors(entry.size))
        at += sectors(entry.size)

    header = bytearray(SECTOR)
    struct.pack_into("<8s16sHHHHH6sIIIIIIIII", header, 0, bytes.fromhex("D0CF11E0A1B11AE1"),
                     bytes(16), 0x003E, 3, 0xFFFE, 9, 6, bytes(6), 0, fat_sectors,
                     directory_start, 0, MINI_CUTOFF, mini_fat_start, mini_fat_sectors,
                     END_OF_CHAIN, 0)
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 76, *difat)

    def padded(data: bytes | bytearray, count: int) -> bytes:
        return bytes(data) + bytes(count * SECTOR - len(data))

    body = bytearray(struct.pack(f"<{len(fat)}I", *fat))
    records = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le") + b"\0\0"
        records += struct.pack(
            "<64sHBBIII16sIQQIII", name, len(name), entry.kind, 0 if entry.red else 1,
            entry.left, entry.right, entry.child, bytes(16), 0, 0, 0,
            entry.start if entry.kind != 1 else 0, entry.size if entry.kind != 1 else 0, 0)
    body += padded(records, directory)
    mini_fat += [FREE] * (mini_fat_sectors * (SECTOR // 4) - len(mini_fat))
    body += padded(struct.pack(f"<{len(mini_fat)}I", *mini_fat), mini_fat_sectors)
    body += padded(mini, mini_sectors)
    for entry in big:
        body += padded(entry.data, sectors(entry.size))
    return bytes(header) + bytes(body)
