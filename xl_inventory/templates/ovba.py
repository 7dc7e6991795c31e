"""The compression of VBA source text in a VBA project (MS-OVBA 2.4.1).

A compressed container is a signature byte followed by chunks, each holding up to 4096 bytes of
source. A chunk is stored compressed, as groups of eight tokens (a literal byte, or a copy of an
earlier run of 3 or more bytes of the same chunk), or raw when compression would not make a
full chunk smaller. Matches are sought greedily through a small chain of earlier positions with
the same three bytes; what a token may encode depends on where it sits in the chunk, and this
is where LZ writers usually go wrong, so it follows the specification's formulas literally.
"""

from __future__ import annotations

import struct

CHUNK = 4096
_SIGNATURE = 0x01
_CHAIN = 32  # earlier positions tried per three-byte prefix


def _copy_token_layout(position: int) -> tuple[int, int]:
    """Bit count of the offset, and the longest copy, of a token at ``position`` in its chunk."""
    bit_count = 4
    while (1 << bit_count) < position:
        bit_count += 1
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(chunk: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    position = 0
    while position < len(chunk):
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if position >= len(chunk):
                break
            best_length, best_from = 0, 0
            if position > 0 and position + 3 <= len(chunk):
                bit_count, longest = _copy_token_layout(position)
                limit = min(longest, len(chunk) - position)
                for start in reversed(seen.get(chunk[position:position + 3], [])[-_CHAIN:]):
                    length = 3
                    while length < limit and chunk[start + length] == chunk[position + length]:
                        length += 1
                    if length > best_length:
                        best_length, best_from = length, start
                        if length == limit:
                            break
            step = best_length if best_length >= 3 else 1
            if best_length >= 3:
                token = ((position - best_from - 1) << (16 - bit_count)) | (best_length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
            else:
                out.append(chunk[position])
            for at in range(position, position + step):
                if at + 3 <= len(chunk):
                    seen.setdefault(chunk[at:at + 3], []).append(at)
            position += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA compressed container."""
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) < CHUNK:
            out += struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + body
        elif len(chunk) == CHUNK:
            out += struct.pack("<H", 0x3000 | (CHUNK + 2 - 3)) + chunk  # a raw chunk
        else:
            raise ValueError("a last chunk that does not compress cannot be stored")
    return bytes(out)
