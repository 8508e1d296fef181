"""Files that break uploads as real ones do: a stale XLSX <dimension> tag, an XLSX
bomb of millions of tiny rows, a picture sent as CSV, UTF-16 text."""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import Any

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_with_dimension(data: bytes, ref: str) -> io.BytesIO:
    """The same workbook with its first sheet's <dimension ref> rewritten, as other
    programs leave it stale (openpyxl's read-only mode trusts it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                content, count = re.subn(rb'<dimension ref="[^"]*"/>',
                                         b'<dimension ref="%s"/>' % ref.encode(), content)
                assert count == 1
            target.writestr(info, content)
    out.seek(0)
    return out


def xlsx_bomb(rows: int, *, header: list[str], dimension: str | None = "A1:A2") -> io.BytesIO:
    """A small workbook of `rows` one-cell rows without row numbers (allowed by the
    format: 5,000,000 rows unpack to ~120 MB and pack into a few hundred KB), whose
    dimension tag lies unless told otherwise; `dimension=None` leaves the tag out
    (openpyxl then parses the whole sheet to answer `max_row`)."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([header])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in base.infolist():
            if info.filename != SHEET:
                target.writestr(info, base.read(info.filename))
                continue
            with target.open(SHEET, "w") as sheet:
                cells = b"".join(
                    b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>'
                    % (bytes([65 + i]), name.encode()) for i, name in enumerate(header))
                tag = b'<dimension ref="%s"/>' % dimension.encode() if dimension else b""
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                    b'2006/main">%s<sheetData><row r="1">%s</row>' % (tag, cells))
                block = b"<row><c><v>1</v></c></row>" * 100_000
                for _ in range(rows // 100_000):
                    sheet.write(block)
                sheet.write(b"<row><c><v>1</v></c></row>" * (rows % 100_000)
                            + b"</sheetData></worksheet>")
    out.seek(0)
    return out


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def utf16_csv(rows: list[list[Any]], *, sep: str = ";") -> io.BytesIO:
    """What Excel's "Unicode Text" and some exporters write: UTF-16 with a BOM."""
    text = "\r\n".join(sep.join(str(c) for c in row) for row in rows)
    return io.BytesIO(text.encode("utf-16"))
