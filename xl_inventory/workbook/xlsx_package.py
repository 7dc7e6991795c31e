"""An .xlsx/.xlsm file as a package of parts: replace report sheets, touch nothing else.

A refresh must never rewrite the seller's input sheets (nor the VBA project or the ribbon of a
template), and must stay fast when those sheets hold a million rows. So the workbook is not
loaded and re-saved by a spreadsheet library: its zip parts are copied as they are, and only the
parts of the report sheets, plus the few parts that list them (workbook, its relationships,
content types, styles), are written. The file is saved beside the target and renamed over it,
so a crash leaves the old file intact.
"""

from __future__ import annotations

import contextlib
import glob
import os
import posixpath
import re
import shutil
import stat
import struct
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from xl_inventory.errors import WorkbookError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = DOC_REL
TYPES = {
    "worksheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "table": "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml",
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "chart": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    "styles": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
    "workbook": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}

_MINIMAL_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>
</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill
patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>
<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"
borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"
borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0"
builtinId="0"/></cellStyles></styleSheet>"""


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _relative(base_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(base_part))


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


TEMPORARY_SUFFIX = ".part"
# Parts written carry this time stamp, not the clock's: refreshing a book twice gives the same
# bytes (Excel shows the file's own time, never an entry's).
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def temporary_pattern(path: Path) -> str:
    """Glob pattern of the temporary files :meth:`XlsxPackage.save` writes beside ``path``."""
    return f".~{glob.escape(path.stem)}-*{glob.escape(path.suffix)}*"  # older runs: no .part


def _mode_for(path: Path) -> int:
    """Permissions for the saved file: those of the file it replaces, or the umask's."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _compress_level(data: bytes) -> int:
    """zlib level of a part: 6 (the usual) for small parts; 1 for report sheets of megabytes,
    which it deflates three to four times as fast, a fifth to a third larger (measured on
    the 20,000-SKU benchmark's reports: 6.0 MB instead of 4.7 MB, beside 27 MB of input)."""
    return 1 if len(data) > 2**20 else 6


def _copy_entry(source: zipfile.ZipFile, target: zipfile.ZipFile, name: str,
                date_time: tuple[int, ...] | None = None) -> None:
    """Copy one zip entry as its compressed bytes, without inflating and deflating it again:
    the input sheets of a large workbook are most of its bytes. Entries that are not plainly
    stored or deflated (or are encrypted) go through zipfile's own path."""
    info = source.getinfo(name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
            info.flag_bits & 0x1):
        with source.open(name) as reader, target.open(name, "w") as writer:
            shutil.copyfileobj(reader, writer, 1 << 20)
        return
    handle = source.fp
    handle.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
    handle.seek(header[10] + header[11], os.SEEK_CUR)  # file name and extra field
    copy = zipfile.ZipInfo(info.filename, date_time or info.date_time)
    copy.compress_type, copy.CRC = info.compress_type, info.CRC
    copy.compress_size, copy.file_size = info.compress_size, info.file_size
    copy.external_attr, copy.create_system = info.external_attr, info.create_system
    copy.flag_bits = info.flag_bits & 0x800  # keep only "name is UTF-8"; sizes go in the header
    out = target.fp
    copy.header_offset = out.tell()
    out.write(copy.FileHeader())
    remaining = info.compress_size
    while remaining:
        chunk = handle.read(min(remaining, 1 << 20))
        if not chunk:
            raise WorkbookError(f"{name} is cut short in the source workbook")
        out.write(chunk)
        remaining -= len(chunk)
    target.filelist.append(copy)
    target.NameToInfo[copy.filename] = copy
    target.start_dir = out.tell()


class XlsxPackage:
    """The parts of a workbook file, with the changes a refresh makes.

    Untouched parts stay in the source file and are copied byte for byte on save.
    """

    def __init__(self, source: Path | None, names: list[str], changed: dict[str, bytes]):
        self._source = source
        self._names = names
        self._changed = changed
        self._removed: set[str] = set()

    @classmethod
    def open(cls, path: str | Path) -> XlsxPackage:
        path = Path(path)
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError) as exc:
            raise WorkbookError(f"cannot open {path} as an Excel workbook: {exc}") from None
        if "xl/workbook.xml" not in names:
            raise WorkbookError(f"{path} is not an Excel workbook (no xl/workbook.xml)")
        return cls(path, names, {})

    @classmethod
    def new(cls) -> XlsxPackage:
        """An empty workbook (add at least one sheet before saving)."""
        types = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns='
                 f'"{CONTENT_TYPES}"><Default Extension="rels" ContentType="application/'
                 f'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                 f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                 f'ContentType="{TYPES["workbook"]}"/><Override PartName="/xl/styles.xml" '
                 f'ContentType="{TYPES["styles"]}"/></Types>')
        root_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                     f'xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL_TYPE}/'
                     f'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns='
                    f'"{MAIN}" xmlns:r="{DOC_REL}"><bookViews><workbookView/></bookViews>'
                    f'<sheets/></workbook>')
        workbook_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships'
                         f' xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL_TYPE}/styles" '
                         f'Target="styles.xml"/></Relationships>')
        parts = {
            "[Content_Types].xml": types.encode(),
            "_rels/.rels": root_rels.encode(),
            "xl/workbook.xml": workbook.encode(),
            "xl/_rels/workbook.xml.rels": workbook_rels.encode(),
            "xl/styles.xml": _MINIMAL_STYLES.encode(),
        }
        return cls(None, list(parts), parts)

    # -- reading parts ---------------------------------------------------------------------
    def names(self) -> list[str]:
        return [n for n in self._names if n not in self._removed]

    def read(self, name: str, size: int = -1) -> bytes:
        """A part's bytes; with ``size``, only its first ``size`` bytes (inflating no more)."""
        if name in self._changed:
            return self._changed[name] if size < 0 else self._changed[name][:size]
        if name in self._removed or name not in self._names or self._source is None:
            raise KeyError(name)
        with zipfile.ZipFile(self._source) as archive, archive.open(name) as part:
            return part.read(size)

    def tree(self, name: str) -> etree._Element:
        """A part's XML, parsed (to change and give back to :meth:`write_tree`)."""
        return etree.fromstring(self.read(name))

    def write(self, name: str, data: bytes) -> None:
        if name not in self._names:
            self._names.append(name)
        self._removed.discard(name)
        self._changed[name] = data

    def write_tree(self, name: str, root: etree._Element) -> None:
        self.write(name, _xml(root))

    def remove(self, name: str) -> None:
        self._removed.add(name)
        self._changed.pop(name, None)

    def unused(self, pattern: str, reserved: set[str] | frozenset[str] = frozenset()) -> str:
        """The first part name ``pattern.format(n)`` (n = 1, 2, ...) neither in the package nor
        ``reserved`` (names chosen for parts not written yet)."""
        taken = set(self.names()) | reserved
        n = 1
        while pattern.format(n) in taken:
            n += 1
        return pattern.format(n)

    # -- relationships and content types ---------------------------------------------------
    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of each relationship of ``part``."""
        try:
            root = self.tree(_rels_path(part))
        except KeyError:
            return []
        return [(r.get("Id"), r.get("Type"), _resolve(part, r.get("Target")))
                for r in root if r.get("TargetMode") != "External"]

    def set_relationships(self, part: str, rels: list[tuple[str, str, str]]) -> None:
        root = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        for rel_id, rel_type, target in rels:
            etree.SubElement(root, f"{{{PKG_REL}}}Relationship", Id=rel_id, Type=rel_type,
                             Target=_relative(part, target))
        self.write_tree(_rels_path(part), root)

    def _set_content_types(self, add: dict[str, str], drop: set[str]) -> None:
        root = self.tree("[Content_Types].xml")
        for override in list(root.iter(f"{{{CONTENT_TYPES}}}Override")):
            if override.get("PartName").lstrip("/") in drop | set(add):
                root.remove(override)
        for part, content_type in add.items():
            etree.SubElement(root, f"{{{CONTENT_TYPES}}}Override", PartName="/" + part,
                             ContentType=content_type)
        self.write_tree("[Content_Types].xml", root)

    # -- sheets ----------------------------------------------------------------------------
    def sheets(self) -> list[tuple[str, str]]:
        """(name, part) of every sheet, in workbook order."""
        targets = {rel_id: target for rel_id, _, target in self.relationships("xl/workbook.xml")}
        root = self.tree("xl/workbook.xml")
        return [(s.get("name"), targets.get(s.get(f"{{{DOC_REL}}}id"), ""))
                for s in root.iter(f"{{{MAIN}}}sheet")]

    def sheet_code_name(self, name: str) -> str | None:
        """The VBA code name of sheet ``name`` (its ``sheetPr codeName``), if it has one."""
        part = dict(self.sheets()).get(name)
        if part is None:
            return None
        # The sheetPr comes first in a sheet: its start is enough, not megabytes of rows.
        match = re.search(rb'<(?:\w+:)?sheetPr[^>]*\scodeName="([^"]+)"', self.read(part, 4096))
        return match.group(1).decode("utf-8") if match else None

    def tables_by_sheet(self) -> dict[str, list[str]]:
        """Names of the Excel tables on each sheet."""
        found: dict[str, list[str]] = {}
        for sheet, part in self.sheets():
            names = []
            for _, rel_type, target in self.relationships(part):
                if rel_type.endswith("/table"):
                    match = re.search(rb'<table[^>]*\sname="([^"]+)"', self.read(target))
                    if match:
                        names.append(match.group(1).decode("utf-8"))
            found[sheet] = names
        return found

    def table_ids(self) -> set[int]:
        ids = set()
        for name in self.names():
            if name.startswith("xl/tables/") and name.endswith(".xml"):
                match = re.search(rb'<table[^>]*\sid="(\d+)"', self.read(name))
                if match:
                    ids.add(int(match.group(1)))
        return ids

    def _parts_below(self, part: str) -> list[str]:
        """Parts owned by a sheet: its relationships, tables, drawings, and their charts."""
        owned = []
        for _, rel_type, target in self.relationships(part):
            kind = rel_type.rsplit("/", 1)[-1]
            if kind in ("table", "drawing", "chart"):
                owned.append(target)
                owned.extend(self._parts_below(target))
        if _rels_path(part) in self.names():
            owned.append(_rels_path(part))
        return owned

    def clear_sheet(self, name: str) -> None:
        """Remove the tables, drawings and charts of sheet ``name`` (if it exists), so their
        part names are free for the sheet's new content."""
        part = dict(self.sheets()).get(name)
        if part is None:
            return
        owned = self._parts_below(part)
        if not owned:  # nothing to free (a sheet without tables, or cleared already)
            return
        for old in owned:
            self.remove(old)
        self._set_content_types({}, set(owned))

    def put_sheet(self, name: str, sheet_xml: bytes, owned: dict[str, tuple[str, str, bytes]]
                  ) -> None:
        """Write sheet ``name`` (replacing a sheet of that name, kept in its place).

        ``owned`` maps relationship id → (kind, part name, bytes) of the tables and drawings
        the sheet refers to; a drawing's own charts are given by the caller as further parts
        with their relationships already written.
        """
        self.clear_sheet(name)
        part = dict(self.sheets()).get(name)
        if part is None:
            part = self.unused("xl/worksheets/sheet{}.xml")
            rels = self.relationships("xl/workbook.xml")
            taken = {rel_id for rel_id, _, _ in rels}
            rel_id = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
            self.set_relationships("xl/workbook.xml",
                                   [*rels, (rel_id, f"{REL_TYPE}/worksheet", part)])
            workbook = self.tree("xl/workbook.xml")
            sheets = workbook.find(f"{{{MAIN}}}sheets")
            used_ids = [int(s.get("sheetId")) for s in sheets]
            etree.SubElement(sheets, f"{{{MAIN}}}sheet", name=name,
                             sheetId=str(max(used_ids, default=0) + 1),
                             attrib={f"{{{DOC_REL}}}id": rel_id})
            self.write_tree("xl/workbook.xml", workbook)
        self.write(part, sheet_xml)
        self.set_relationships(part, [(rel_id, f"{REL_TYPE}/{kind}", target)
                                      for rel_id, (kind, target, _) in owned.items()])
        added = {part: TYPES["worksheet"]}
        for kind, target, data in owned.values():
            self.write(target, data)
            added[target] = TYPES[kind]
        self._set_content_types(added, set())

    def add_parts(self, parts: dict[str, tuple[str, bytes]]) -> None:
        """Add parts (name → (kind, bytes)) with their content types, e.g. charts."""
        for name, (_, data) in parts.items():
            self.write(name, data)
        self._set_content_types({name: TYPES[kind] for name, (kind, _) in parts.items()}, set())

    def set_content_type(self, part: str, content_type: str) -> None:
        """Declare (or re-declare) the content type of one part."""
        self._set_content_types({part: content_type}, set())

    def set_sheet_code_name(self, name: str, code_name: str) -> None:
        """Give sheet ``name`` a VBA code name (a ``sheetPr`` first in its XML)."""
        part = dict(self.sheets())[name]
        root = self.tree(part)
        properties = root.find(f"{{{MAIN}}}sheetPr")
        if properties is None:
            properties = etree.Element(f"{{{MAIN}}}sheetPr")
            root.insert(0, properties)
        properties.set("codeName", code_name)
        self.write_tree(part, root)

    def drop_calc_chain(self) -> None:
        """Remove the calculation chain (Excel rebuilds it) so it never names replaced cells."""
        if "xl/calcChain.xml" not in self.names():
            return
        self.remove("xl/calcChain.xml")
        self.set_relationships("xl/workbook.xml", [
            r for r in self.relationships("xl/workbook.xml") if r[2] != "xl/calcChain.xml"])
        self._set_content_types({}, {"xl/calcChain.xml"})

    # -- styles ----------------------------------------------------------------------------
    def cell_styles(self, formats: dict[str, tuple[str, bool]]) -> dict[str, int]:
        """Index of a cell style for each ``key → (number format code, quote prefix)``,
        reusing a matching style of the workbook or appending one."""
        root = self.tree("xl/styles.xml")
        num_fmts = root.find(f"{{{MAIN}}}numFmts")
        if num_fmts is None:
            num_fmts = etree.Element(f"{{{MAIN}}}numFmts")
            root.insert(0, num_fmts)
        codes = {f.get("formatCode"): int(f.get("numFmtId")) for f in num_fmts}
        builtin = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9,
                   "0.00%": 10, "@": 49}
        cell_xfs = root.find(f"{{{MAIN}}}cellXfs")
        indices = {}
        for key, (code, quote) in formats.items():
            if code in builtin:
                fmt_id = builtin[code]
            elif code in codes:
                fmt_id = codes[code]
            else:
                fmt_id = max([163, *codes.values()]) + 1
                etree.SubElement(num_fmts, f"{{{MAIN}}}numFmt", numFmtId=str(fmt_id),
                                 formatCode=code)
                codes[code] = fmt_id
            wanted = {"numFmtId": str(fmt_id), "fontId": "0", "fillId": "0", "borderId": "0",
                      "xfId": "0"}
            if fmt_id:
                wanted["applyNumberFormat"] = "1"
            if quote:
                wanted["quotePrefix"] = "1"
            match = next((i for i, xf in enumerate(cell_xfs)
                          if dict(xf.attrib) == wanted and not len(xf)), None)
            if match is None:
                etree.SubElement(cell_xfs, f"{{{MAIN}}}xf", attrib=wanted)
                match = len(cell_xfs) - 1
            indices[key] = match
        cell_xfs.set("count", str(len(cell_xfs)))
        num_fmts.set("count", str(len(num_fmts)))
        if not len(num_fmts):
            root.remove(num_fmts)
        self.write_tree("xl/styles.xml", root)
        return indices

    # -- saving ----------------------------------------------------------------------------
    def save(self, path: str | Path, date_time: tuple[int, ...] | None = None) -> None:
        """Write the package to ``path`` atomically: beside it first, then renamed over it.

        With ``date_time``, every entry carries that time stamp, so that building the same
        package twice gives the same bytes (the templates)."""
        path = Path(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".~{path.stem}-",
                                             suffix=path.suffix + TEMPORARY_SUFFIX)
        os.close(handle)
        try:
            with contextlib.ExitStack() as stack:
                source = (stack.enter_context(zipfile.ZipFile(self._source))
                          if self._source else None)
                target = stack.enter_context(
                    zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=1))
                for name in self.names():
                    if name in self._changed:
                        info = zipfile.ZipInfo(name, date_time or FIXED_TIME)
                        info.compress_type = zipfile.ZIP_DEFLATED
                        data = self._changed[name]
                        target.writestr(info, data, compresslevel=_compress_level(data))
                    else:
                        _copy_entry(source, target, name, date_time)
            with open(temporary, "rb") as written:
                os.fsync(written.fileno())
            os.chmod(temporary, _mode_for(path))
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
