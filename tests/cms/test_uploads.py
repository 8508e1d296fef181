"""config.uploads, the one reader of uploaded tables: limits checked before and while
reading, every XLSX row read, bad files named in the user's language."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from config.uploads import (
    ErrorList,
    UploadError,
    UploadLimits,
    more_errors_message,
    table_open,
    table_rows_estimate,
)
from tests.upload_files import png_bytes, utf16_csv, xlsx_bomb, xlsx_bytes, xlsx_with_dimension

LIMITS = UploadLimits(max_bytes=1024 * 1024, max_rows=100, max_errors=5)


def read(file, name="data.csv", limits=LIMITS):
    table = table_open(file=file, file_name=name, limits=limits)
    return table.headers, list(table.rows)


class TestEveryRowIsRead:
    def test_stale_dimension_hides_no_row(self):
        """A sheet whose <dimension> says A1:B2 still yields its four data rows."""
        data = xlsx_bytes([["nip", "x"], ["1", 1], ["2", 2], ["3", 3], ["4", 4]])
        headers, rows = read(xlsx_with_dimension(data, "A1:B2"), "data.xlsx")
        assert headers == ["nip", "x"]
        assert [number for number, _cells in rows] == [2, 3, 4, 5]


class TestEncodings:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    def test_text_encodings(self, encoding):
        text = "nip;nama\r\n1;Café Ñusantara\r\n"
        headers, rows = read(io.BytesIO(text.encode(encoding)))
        assert headers == ["nip", "nama"]
        assert rows == [(2, ["1", "Café Ñusantara"])]

    def test_utf16_with_tabs(self):
        headers, rows = read(utf16_csv([["nip", "nama"], ["1", "Ani"]], sep="\t"))
        assert headers == ["nip", "nama"] and rows == [(2, ["1", "Ani"])]

    @pytest.mark.parametrize("content", [png_bytes(), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                                         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64])
    def test_binary_file_is_named_in_the_users_language(self, content):
        with translation.override("id"), pytest.raises(UploadError) as info:
            read(io.BytesIO(content), "nilai.csv")
        assert "bukan berkas CSV atau XLSX" in str(info.value)
        with translation.override("en"), pytest.raises(UploadError) as info:
            read(io.BytesIO(content), "nilai.csv")
        assert "not a CSV or XLSX file" in str(info.value)


class TestLimits:
    def test_size_is_checked_before_reading(self):
        class Unreadable(io.BytesIO):
            def read(self, *args):
                raise AssertionError("read before the size check")

        upload = SimpleUploadedFile("big.csv", b"")
        upload.file = Unreadable(b"x" * 10)
        upload.size = LIMITS.max_bytes + 1
        with translation.override("id"), pytest.raises(UploadError) as info:
            table_open(file=upload, file_name="big.csv", limits=LIMITS)
        assert "batasnya 1 MB" in str(info.value)

    def test_csv_row_limit_while_streaming(self):
        lines = "nip\n" + "".join(f"{i}\n" for i in range(1000))
        table = table_open(file=io.BytesIO(lines.encode()), file_name="a.csv", limits=LIMITS)
        seen = 0
        with pytest.raises(UploadError, match="100"):
            for _row in table.rows:
                seen += 1
        assert seen == LIMITS.max_rows  # refused at the first row past the limit

    def test_one_endless_line_is_refused(self):
        with pytest.raises(UploadError):
            read(io.BytesIO(b"nip;" + b"x;" * 300_000))

    def test_xlsx_row_limit_under_a_lying_dimension(self):
        with pytest.raises(UploadError, match="100"):
            read(xlsx_bomb(5000, header=["nip"]), "bom.xlsx")

    def test_rows_are_counted_exactly_across_chunk_boundaries(self):
        """The cheap count (closing </row> tags in 1 MB chunks) misses none."""
        from config.uploads import _xlsx_count_rows

        assert _xlsx_count_rows(xlsx_bomb(123_457, header=["nip"]), 10**9) == 123_458

    def test_xlsx_row_limit_from_an_honest_dimension_reads_nothing(self):
        with pytest.raises(UploadError, match="100"):
            table_open(file=xlsx_bomb(200, header=["nip"], dimension="A1:A201"),
                       file_name="b.xlsx", limits=LIMITS)

    def test_xlsx_that_unpacks_too_far_is_refused_from_its_directory(self):
        limits = UploadLimits(max_bytes=50 * 1024 * 1024, max_rows=2000)
        bomb = xlsx_bomb(5_000_000, header=["nip"])  # ~120 MB of XML
        with translation.override("id"), pytest.raises(UploadError) as info:
            table_open(file=bomb, file_name="bom.xlsx", limits=limits)
        assert "ditolak" in str(info.value)


    def test_a_huge_shared_strings_table_is_refused_before_openpyxl_loads_it(self):
        """openpyxl loads shared strings whole even in read-only mode."""
        import zipfile

        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["nip"], ["a"]])))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, source.read(info.filename))
            target.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>"
                            * 1_200_000 + b"</sst>")  # ~20 MB
        with pytest.raises(UploadError):
            table_open(file=io.BytesIO(out.getvalue()), file_name="s.xlsx", limits=LIMITS)
        assert table_rows_estimate(file=io.BytesIO(out.getvalue()), limits=LIMITS) is None


class TestRowEstimate:
    """The progress bar's row estimate runs inside the web request: it must never
    parse a whole sheet (issue 19)."""

    def test_a_sheet_without_dimension_is_counted_by_a_pass_that_stops_at_the_cap(self):
        """5,000,000 rows and no <dimension> tag: openpyxl's `max_row` parsed them
        all (46 s, 566 MB); the counting pass stops past the allowance."""
        import time

        limits = UploadLimits(max_bytes=50 * 1024 * 1024, max_rows=200_000)
        bomb = xlsx_bomb(5_000_000, header=["nip"], dimension=None)
        started = time.perf_counter()
        assert table_rows_estimate(file=bomb, limits=limits) is None  # past the cap
        assert time.perf_counter() - started < 1.0
        assert bomb.tell() == 0

    def test_rows_are_counted_not_read_from_the_tag(self):
        small = xlsx_bomb(150, header=["nip"], dimension=None)
        assert table_rows_estimate(file=small, limits=LIMITS) == 150
        lying = xlsx_bomb(150, header=["nip"], dimension="A1:A2")
        assert table_rows_estimate(file=lying, limits=LIMITS) == 150


class TestErrorList:
    def test_keeps_the_first_and_counts_the_rest(self):
        errors = ErrorList(limit=3)
        for row in range(2, 12):
            errors.add(row, "nip", "salah")
        assert [e.row for e in errors.kept] == [2, 3, 4] and errors.count == 10
        with translation.override("id"):
            assert more_errors_message(errors.hidden) == "… dan 7 galat lainnya."
        with translation.override("en"):
            assert more_errors_message(errors.hidden) == "… and 7 more errors."
