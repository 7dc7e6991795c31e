"""The VBA project writer, read back by independent readers: oletools and olefile."""

import io
import struct

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from xl_inventory.templates import cfb, ovba
from xl_inventory.templates.vba_project import (
    WORKBOOK_BASE,
    Module,
    document_module,
    encrypt,
    module_from_text,
    vba_project,
)

VBA_LIKE = st.text(alphabet=st.sampled_from(list("Sub End If Then Dim As\r\n    '\"()=.,_x1")),
                   max_size=13000)


@settings(max_examples=60, deadline=None)
@given(text=VBA_LIKE)
def test_compression_round_trips_through_oletools(text):
    data = text.encode("ascii")
    assert decompress_stream(bytearray(ovba.compress(data))) == data


@pytest.mark.parametrize("size", [0, 1, 3, 4095, 4096, 4097, 8192, 12290])
def test_compression_at_chunk_boundaries(size):
    data = (b"Attribute VB_Name = \"Module1\"\r\nSub A()\r\n    x = 1\r\nEnd Sub\r\n" * 400)[:size]
    compressed = ovba.compress(data)
    assert compressed[0] == 1
    assert decompress_stream(bytearray(compressed)) == data


def test_incompressible_full_chunks_are_stored_raw():
    noise = bytes((n * 7919 + n // 3) % 256 for n in range(8192))
    compressed = ovba.compress(noise)
    header = struct.unpack("<H", compressed[1:3])[0]
    assert header & 0x8000 == 0 or len(compressed) < len(noise)
    assert decompress_stream(bytearray(compressed)) == noise


def test_compound_file_streams_read_back_with_olefile():
    streams = {"PROJECT": b"p" * 100, "PROJECTwm": b"w", "VBA/dir": b"d" * 5000,
               "VBA/A": b"a" * 4095, "VBA/B": b"b" * 4096, "VBA/C": bytes(range(256)) * 50}
    ole = olefile.OleFileIO(io.BytesIO(cfb.build(streams)))
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data


def _decrypt(hex_text, project_id):
    """MS-OVBA 2.4.3.3 decryption, written from the specification, to check ``encrypt``."""
    data = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = data[:3]
    assert seed ^ version_enc == 2
    assert seed ^ key_enc == sum(project_id.encode()) & 0xFF
    plain_prev, enc1, enc2 = seed ^ key_enc, key_enc, version_enc
    out = bytearray()
    for byte_enc in data[3:]:
        byte = byte_enc ^ ((enc2 + plain_prev) & 0xFF)
        out.append(byte)
        enc2, enc1, plain_prev = enc1, byte_enc, byte
    ignored = (seed & 6) // 2
    length = struct.unpack("<I", out[ignored:ignored + 4])[0]
    return bytes(out[ignored + 4:ignored + 4 + length])


@pytest.mark.parametrize("seed", [0x00, 0x25, 0x42, 0x63, 0xFF])
def test_protection_fields_decrypt_to_their_values(seed):
    project_id = "{6C1E2B9A-3F4D-4E57-9A1B-0D2C3E4F5A61}"
    for data in (bytes(4), bytes(1), b"\xff"):
        assert _decrypt(encrypt(data, project_id, seed), project_id) == data


def test_olevba_reads_every_module_back():
    ribbon = module_from_text('Attribute VB_Name = "Ribbon"\nSub Go(control As IRibbonControl)'
                              '\n    MsgBox "go"\nEnd Sub\n', "standard")
    modules = [document_module("ThisWorkbook", WORKBOOK_BASE), ribbon,
               Module("Helpers", "standard", 'Attribute VB_Name = "Helpers"\r\n'
                      + "' filler\r\n" * 600)]
    parser = VBA_Parser("vbaProject.bin", data=vba_project(modules, "{1-2-3}"))
    found = {name: code for _, _, name, code in parser.extract_macros()}
    assert found == {"ThisWorkbook.cls": modules[0].source, "Ribbon.bas": ribbon.source,
                     "Helpers.bas": modules[2].source}
