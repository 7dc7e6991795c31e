"""A VBA project (``xl/vbaProject.bin``) written from module sources (MS-OVBA).

The project holds the source text only (no compiled p-code: ``_VBA_PROJECT`` says version
0xFFFF, so Excel compiles the source on first use). Streams: ``PROJECT`` (the project's
properties as text), ``PROJECTwm`` (module names), ``VBA/_VBA_PROJECT``, ``VBA/dir`` (the
compressed directory of references and modules) and one compressed source stream per module.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from xl_inventory.templates import cfb, ovba

PROCEDURAL, OTHER = 0x0021, 0x0022  # MODULETYPE ids: standard modules; class and document ones
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
REFERENCES = (
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
               r"C:\Windows\System32\stdole2.tlb#OLE Automation"),
    ("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.8#0#"
               r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL#"
               r"Microsoft Office 16.0 Object Library"),
)


@dataclass(frozen=True)
class Module:
    """A VBA module as stored: ``kind`` is "standard", "class" or "document"; ``source`` is the
    text with its ``Attribute`` lines first, as the VBA editor keeps it, with CRLF endings."""

    name: str
    kind: str
    source: str


def module_from_text(text: str, kind: str) -> Module:
    """A module from an exported ``.bas``/``.cls`` text: the name from ``VB_Name``; a class
    file's ``VERSION ... BEGIN ... END`` header, which only exported files carry, dropped."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    if lines and lines[0].startswith("VERSION "):
        lines = lines[lines.index("END") + 1:]
    name = next(line.split('"')[1] for line in lines if line.startswith("Attribute VB_Name"))
    return Module(name, kind, "\r\n".join(lines) + "\r\n")


def document_module(name: str, base: str) -> Module:
    """The (empty) module of the workbook or of a sheet."""
    attributes = [f'Attribute VB_Name = "{name}"', f'Attribute VB_Base = "{base}"',
                  "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
                  "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
                  "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]
    return Module(name, "document", "\r\n".join(attributes) + "\r\n")


def _record(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _text(record_id: int, unicode_id: int, text: str, codepage: str) -> bytes:
    return (_record(record_id, text.encode(codepage))
            + _record(unicode_id, text.encode("utf-16-le")))


def encrypt(data: bytes, project_id: str, seed: int) -> str:
    """Data Encryption (MS-OVBA 2.4.3.2) of the protection fields CMG, DPB and GC."""
    key = sum(project_id.encode("ascii")) & 0xFF
    version_enc, key_enc = seed ^ 2, seed ^ key
    out = bytearray([seed, version_enc, key_enc])
    last_plain, last_enc, before_last_enc = key, key_enc, version_enc
    ignored = bytes((seed & 6) // 2)
    for byte in ignored + struct.pack("<I", len(data)) + data:
        encrypted = byte ^ ((before_last_enc + last_plain) & 0xFF)
        out.append(encrypted)
        before_last_enc, last_enc, last_plain = last_enc, encrypted, byte
    return out.hex().upper()


def _dir_stream(modules: list[Module], codepage_id: int, codepage: str) -> bytes:
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", 1))  # SYSKIND: Win32
    out += _record(0x0002, struct.pack("<I", 0x409))  # LCID
    out += _record(0x0014, struct.pack("<I", 0x409))  # LCIDINVOKE
    out += _record(0x0003, struct.pack("<H", codepage_id))
    out += _record(0x0004, b"VBAProject")
    out += _text(0x0005, 0x0040, "", codepage)  # DOCSTRING
    out += _text(0x0006, 0x003D, "", codepage)  # HELPFILEPATH
    out += _record(0x0007, struct.pack("<I", 0))  # HELPCONTEXT
    out += _record(0x0008, struct.pack("<I", 0))  # LIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # VERSION: reserved size 4, major, minor
    out += _text(0x000C, 0x003C, "", codepage)  # CONSTANTS
    for name, libid in REFERENCES:
        out += _text(0x0016, 0x003E, name, codepage)
        encoded = libid.encode(codepage)
        out += struct.pack("<HII", 0x000D, 4 + len(encoded) + 6, len(encoded)) + encoded
        out += struct.pack("<IH", 0, 0)
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for module in modules:
        out += _text(0x0019, 0x0047, module.name, codepage)
        out += _text(0x001A, 0x0032, module.name, codepage)  # stream name
        out += _text(0x001C, 0x0048, "", codepage)  # DOCSTRING
        out += _record(0x0031, struct.pack("<I", 0))  # source starts at offset 0: no p-code
        out += _record(0x001E, struct.pack("<I", 0))  # HELPCONTEXT
        out += _record(0x002C, struct.pack("<H", 0xFFFF))  # COOKIE
        out += _record(PROCEDURAL if module.kind == "standard" else OTHER, b"")
        out += _record(0x002B, b"")  # module terminator
    out += _record(0x0010, b"")  # dir terminator
    return bytes(out)


def _project_stream(modules: list[Module], project_id: str, codepage: str) -> bytes:
    lines = [f'ID="{project_id}"']
    for module in modules:
        lines.append({"document": f"Document={module.name}/&H00000000",
                      "class": f"Class={module.name}",
                      "standard": f"Module={module.name}"}[module.kind])
    lines += ['Name="VBAProject"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{encrypt(bytes(4), project_id, 0x25)}"',  # not protected
              f'DPB="{encrypt(bytes(1), project_id, 0x42)}"',  # no password
              f'GC="{encrypt(bytes([0xFF]), project_id, 0x63)}"',  # visible
              "", "[Host Extender Info]", HOST_EXTENDER, "", "[Workspace]"]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in modules]
    return ("\r\n".join(lines) + "\r\n").encode(codepage)


def vba_project(modules: list[Module], project_id: str, codepage: str = "cp1252") -> bytes:
    """The bytes of ``vbaProject.bin`` holding ``modules``.

    ``codepage`` is the project's code page (cp1252, or cp936 for a Chinese project); every
    name and source must be representable in it.
    """
    codepage_id = int(codepage.removeprefix("cp"))
    streams = {
        "PROJECT": _project_stream(modules, project_id, codepage),
        "PROJECTwm": b"".join(m.name.encode(codepage) + b"\0" + m.name.encode("utf-16-le")
                              + b"\0\0" for m in modules) + b"\0\0",
        "VBA/_VBA_PROJECT": bytes([0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00]),
        "VBA/dir": ovba.compress(_dir_stream(modules, codepage_id, codepage)),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = ovba.compress(module.source.encode(codepage))
    return cfb.build(streams)
