"""The I/O layer: registers (台账) read from CSV/XLSX and written back as CSV/XLSX/JSONL."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from gov_deadlines.errors import GovDeadlinesError
from gov_deadlines.io import (
    RegisterError,
    detect_encoding,
    neutralise,
    open_register,
    open_writer,
    output_format,
)

openpyxl = pytest.importorskip("openpyxl")

HEADER_ZH = "案号,立案日期,承办人\r\n"
ROWS_ZH = "行罚2024-1,2024-03-01,张三\r\n行罚2024-2,2024-03-05,李四\r\n"


def read_all(path: Path, **kwargs: Any) -> tuple[list[str], list[list[object]]]:
    with open_register(path, **kwargs) as reg:
        return reg.header, [rec.cells for rec in reg]


def copy_csv(src: Path, dst: Path, **kwargs: Any) -> int:
    with open_register(src) as reg, open_writer(dst, reg.header, **kwargs) as w:
        for rec in reg:
            w.write(rec.cells)
        return w.count


def make_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024"
    ws.append([" 案号 ", "立案日期", "罚款", None])
    ws.append(["行罚2024-1", dt.datetime(2024, 3, 1), 5000, None])
    ws.append([])
    ws.append(["行罚2024-2", dt.datetime(2024, 3, 5, 9, 30), 2.5, "备注"])
    ws["A9"].border = openpyxl.styles.Border(left=openpyxl.styles.Side(style="thin"))
    other = wb.create_sheet("2023")
    other.append(["案号"])
    other.append(["行罚2023-9"])
    wb.save(path)


def leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# ------------------------------------------------------------------------------------ encodings


def test_gbk_file_is_detected_and_decoded(tmp_path: Path) -> None:
    """A register saved by Excel on Chinese Windows (GBK) reads as Chinese text."""
    path = tmp_path / "台账.csv"
    path.write_bytes((HEADER_ZH + ROWS_ZH).encode("gbk"))
    with open_register(path) as reg:
        assert reg.encoding == "gb18030"
        assert reg.header == ["案号", "立案日期", "承办人"]
        assert [r.cells for r in reg][1] == ["行罚2024-2", "2024-03-05", "李四"]


def test_gb18030_only_character_is_decoded(tmp_path: Path) -> None:
    """A character outside GBK (four bytes in GB18030) still decodes."""
    path = tmp_path / "r.csv"
    path.write_bytes("姓名\r\n王䶮\r\n".encode("gb18030"))
    assert read_all(path)[1] == [["王䶮"]]


def test_utf8_bom_is_stripped_from_the_first_name(tmp_path: Path) -> None:
    """A UTF-8 BOM (Excel's "CSV UTF-8") never leaks into the first header name."""
    path = tmp_path / "r.csv"
    path.write_bytes(codecs.BOM_UTF8 + HEADER_ZH.encode())
    with open_register(path) as reg:
        assert reg.encoding == "utf-8-sig"
        assert reg.header[0] == "案号"


def test_bom_is_stripped_with_an_explicit_utf8(tmp_path: Path) -> None:
    """encoding='utf-8' on a file with a BOM still gives a clean first name."""
    path = tmp_path / "r.csv"
    path.write_bytes(codecs.BOM_UTF8 + HEADER_ZH.encode())
    assert read_all(path, encoding="utf-8")[0][0] == "案号"


def test_plain_utf8_is_detected(tmp_path: Path) -> None:
    """UTF-8 without a BOM (WPS, most tools) is detected as utf-8."""
    path = tmp_path / "r.csv"
    path.write_bytes((HEADER_ZH + ROWS_ZH).encode())
    with open_register(path) as reg:
        assert reg.encoding == "utf-8"
        assert next(reg).cells[2] == "张三"


def test_utf8_character_straddling_the_detection_prefix(tmp_path: Path) -> None:
    """A 3-byte character split by the 1 MiB boundary does not make UTF-8 look like GBK."""
    path = tmp_path / "r.csv"
    head = b"n\r\n" + b"abcdefgh\r\n" * 104_857 + b"\r\n"  # 3 + 1,048,570 + 2 bytes
    assert len(head) == (1 << 20) - 1
    path.write_bytes(head + "中,x\r\n".encode())  # "中" = 3 bytes, the first is byte 1 MiB - 1
    assert detect_encoding(path) == "utf-8"
    assert read_all(path)[1][-1] == ["中", "x"]


def test_utf8_character_straddling_a_small_prefix(tmp_path: Path) -> None:
    """With a 16-byte prefix read in 16-byte chunks, a character cut at byte 16 is judged whole."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"a" * 15 + "中文".encode())
    assert detect_encoding(path, prefix=16) == "utf-8"


def test_ascii_start_then_gbk_is_detected_as_gb18030(tmp_path: Path) -> None:
    """When the prefix is all ASCII, detection reads on until non-ASCII text decides."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"id,name\r\n" + b"1,abc\r\n" * 20 + "2,张三\r\n".encode("gbk"))
    assert detect_encoding(path, prefix=16) == "gb18030"
    assert read_all(path)[1][-1] == ["2", "张三"]


def test_gbk_that_looks_like_utf8_at_first_is_judged_on_more_text() -> None:
    """One GBK pair that happens to be valid UTF-8 does not decide; the text after it does."""
    tricky = bytes([0xC4, 0xA3])  # GBK 模-area pair, also a valid 2-byte UTF-8 sequence
    assert tricky.decode("utf-8") and tricky.decode("gbk")
    assert detect_encoding(b"id\r\n" + tricky + "张三".encode("gbk")) == "gb18030"


def test_detect_encoding_of_bytes() -> None:
    """detect_encoding takes bytes too: UTF-16 BOM, UTF-8, GBK and empty input."""
    assert detect_encoding(codecs.BOM_UTF16_LE + "a".encode("utf-16-le")) == "utf-16"
    assert detect_encoding("期限".encode()) == "utf-8"
    assert detect_encoding("期限".encode("gbk")) == "gb18030"
    assert detect_encoding(b"") == "utf-8"


def test_explicit_encoding_is_used(tmp_path: Path) -> None:
    """An explicit encoding is used as given and reported back."""
    path = tmp_path / "r.csv"
    path.write_bytes((HEADER_ZH + ROWS_ZH).encode("gbk"))
    with open_register(path, encoding="gbk") as reg:
        assert reg.encoding == "gbk"
        assert reg.header == ["案号", "立案日期", "承办人"]


def test_wrong_explicit_encoding_names_file_and_line(tmp_path: Path) -> None:
    """GBK bytes read as explicit UTF-8 raise RegisterError naming the file and the line."""
    path = tmp_path / "台账.csv"
    path.write_bytes(b"id,name\r\n1,abc\r\n" + "2,张三\r\n".encode("gbk"))
    with pytest.raises(RegisterError, match=r"台账\.csv, line 3: .*utf-8.*--encoding"):
        read_all(path, encoding="utf-8")


def test_unknown_encoding_name_is_refused(tmp_path: Path) -> None:
    """An encoding name Python does not know is a RegisterError, not a LookupError."""
    path = tmp_path / "r.csv"
    path.write_text("a\n")
    with pytest.raises(RegisterError, match="unknown encoding 'gbkk'"):
        open_register(path, encoding="gbkk")


# ------------------------------------------------------------------------------- CSV structure


TRICKY = (
    "案号,事由,备注\r\n"
    'A-1,"第一行\r\n第二行","他说""逾期"""\r\n'  # embedded newline, doubled quotes
    "\r\n"  # blank line
    "A-2\r\n"  # short row
    "A-3,x,y,extra1,extra2\r\n"  # long row
    'A-4,"a,b",\r\n'  # delimiter inside quotes, trailing empty cell
    '"A-5","line\nLF only",z'  # no final newline
)
TRICKY_CELLS = [
    ["A-1", "第一行\r\n第二行", '他说"逾期"'],
    [],
    ["A-2"],
    ["A-3", "x", "y", "extra1", "extra2"],
    ["A-4", "a,b", ""],
    ["A-5", "line\nLF only", "z"],
]


def test_tricky_csv_is_read_cell_for_cell(tmp_path: Path) -> None:
    """Embedded newlines and quotes, blank lines and ragged rows are read as written."""
    path = tmp_path / "r.csv"
    path.write_bytes(TRICKY.encode())
    assert read_all(path) == (["案号", "事由", "备注"], TRICKY_CELLS)


def test_tricky_csv_round_trips_with_the_row_count(tmp_path: Path) -> None:
    """Read -> write CSV -> read again gives the same records, blank and ragged ones included."""
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_bytes(TRICKY.encode())
    assert copy_csv(src, dst) == len(TRICKY_CELLS)  # 6 records
    assert read_all(dst) == read_all(src)


def test_numbers_and_raw_lines(tmp_path: Path) -> None:
    """number counts records; raw_line is the physical line where a record starts."""
    path = tmp_path / "r.csv"
    path.write_bytes(TRICKY.encode())
    with open_register(path) as reg:
        got = [(r.number, r.raw_line) for r in reg]
    # header line 1; A-1 spans lines 2-3; blank line 4; A-2 5; A-3 6; A-4 7; A-5 spans 8-9
    assert got == [(1, 2), (2, 4), (3, 5), (4, 6), (5, 7), (6, 8)]


def test_blank_line_is_a_record_without_cells(tmp_path: Path) -> None:
    """A blank line is kept as a record whose cells are []."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"a,b\n1,2\n\n3,4\n")
    assert read_all(path)[1] == [["1", "2"], [], ["3", "4"]]


def test_lone_carriage_return_line_ends(tmp_path: Path) -> None:
    """Old Mac line ends (a lone CR) separate records too."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"a,b\r1,2\r3,4\r")
    assert read_all(path) == (["a", "b"], [["1", "2"], ["3", "4"]])


def test_crlf_split_across_read_chunks(tmp_path: Path) -> None:
    """A CRLF whose CR ends one 64 KiB read chunk still ends exactly one record."""
    path = tmp_path / "r.csv"
    first = b"a\r\n" + b"x" * ((1 << 16) - 4) + b"\r"  # the CR is the last byte of chunk one
    path.write_bytes(first + b"\ny\r\n")
    assert read_all(path)[1] == [["x" * ((1 << 16) - 4)], ["y"]]


def test_tsv_defaults_to_tab(tmp_path: Path) -> None:
    """A .tsv file is split on tabs."""
    path = tmp_path / "r.tsv"
    path.write_bytes("案号\t日期\nA,1\t2024-01-02\n".encode())
    assert read_all(path) == (["案号", "日期"], [["A,1", "2024-01-02"]])


def test_header_cells_are_stripped(tmp_path: Path) -> None:
    """Header names lose surrounding spaces (also full-width); data cells keep theirs."""
    path = tmp_path / "r.csv"
    path.write_bytes(" 案号 ,\u3000日期\n a ,b\n".encode())
    assert read_all(path) == (["案号", "日期"], [[" a ", "b"]])


# ------------------------------------------------------------------------------ reading errors


def test_missing_file_is_named(tmp_path: Path) -> None:
    """A missing register raises RegisterError with its path."""
    with pytest.raises(RegisterError, match=r"nope\.csv: file not found"):
        open_register(tmp_path / "nope.csv")


def test_unsupported_extension_lists_the_supported_ones(tmp_path: Path) -> None:
    """An unknown extension names it and lists what is supported."""
    path = tmp_path / "r.ods"
    path.write_bytes(b"")
    with pytest.raises(RegisterError, match=r"'\.ods'.*\.csv, \.tsv, \.txt, \.xlsx, \.xlsm"):
        open_register(path)


def test_a_damaged_xls_is_a_message(tmp_path: Path) -> None:
    """An .xls register that is not an Excel 97-2003 file is refused, naming the file."""
    pytest.importorskip("python_calamine")
    path = tmp_path / "r.xls"
    path.write_bytes(b"not a workbook")
    with pytest.raises(RegisterError, match=r"r\.xls is not a readable \.xls workbook"):
        open_register(path)


def test_empty_file_has_no_header(tmp_path: Path) -> None:
    """An empty file is refused: there is no header row."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"")
    with pytest.raises(RegisterError, match=r"r\.csv is empty"):
        open_register(path)


def test_blank_first_line_is_refused(tmp_path: Path) -> None:
    """The header must be line 1; a blank first line is not guessed past."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"\na,b\n1,2\n")
    with pytest.raises(RegisterError, match="line 1 has no column names"):
        open_register(path)


def test_workbook_named_csv_is_recognised(tmp_path: Path) -> None:
    """An XLSX file saved under a .csv name is refused with the advice to rename it."""
    path = tmp_path / "r.csv"
    make_xlsx(tmp_path / "w.xlsx")
    path.write_bytes((tmp_path / "w.xlsx").read_bytes())
    with pytest.raises(RegisterError, match=r"name it \.xlsx"):
        open_register(path)


def test_unbalanced_quote_is_refused_at_its_line(tmp_path: Path) -> None:
    """A quote left open is an error at the line it opens, not a cell swallowing the file."""
    path = tmp_path / "r.csv"
    path.write_bytes(b'a,b\n1,2\n3,"open\n4,5\n')
    with pytest.raises(RegisterError, match=r"r\.csv, line 3: .*unbalanced quote"):
        read_all(path)


def test_register_error_is_a_value_error() -> None:
    """RegisterError is both the library's base error and a ValueError."""
    assert issubclass(RegisterError, GovDeadlinesError)
    assert issubclass(RegisterError, ValueError)


# ------------------------------------------------------------------------------- neutralising


def test_a_lone_dash_stays_as_it_is() -> None:
    """'-', the registers' "not applicable", is no formula and is left alone."""
    assert neutralise("-") == "-"


@pytest.mark.parametrize(
    "text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\rfoo", "=", "--", "-A1"]
)
def test_formula_like_strings_get_a_quote(text: str) -> None:
    """Strings a spreadsheet would evaluate start with ' after neutralise."""
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "+3.2", "-0.5", "+.5", "-1e5", "1", "逾期", "a=b", ""])
def test_plain_numbers_and_harmless_strings_are_untouched(text: str) -> None:
    """Plain numbers and strings not starting with a trigger are returned as they are."""
    assert neutralise(text) == text


@pytest.mark.parametrize("value", [-5, -2.5, None, dt.date(2024, 1, 1)])
def test_non_strings_are_untouched(value: object) -> None:
    """neutralise leaves non-strings alone."""
    assert neutralise(value) == value


def test_csv_output_is_neutralised(tmp_path: Path) -> None:
    """CSV output neutralises formula-like cells, header included, but not plain numbers."""
    out = tmp_path / "o.csv"
    with open_writer(out, ["=h", "n"]) as w:
        w.write(['=HYPERLINK("http://evil")', "-5"])
        w.write(["@x", -3])
    assert read_all(out) == (["'=h", "n"], [['\'=HYPERLINK("http://evil")', "-5"], ["'@x", "-3"]])


def test_xlsx_output_is_neutralised(tmp_path: Path) -> None:
    """An XLSX output holds '=... as text, never as a formula."""
    out = tmp_path / "o.xlsx"
    with open_writer(out, ["a", "b"]) as w:
        w.write(["=1+1", "+cmd"])
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[2]] == ["'=1+1", "'+cmd"]
    assert [c.data_type for c in ws[2]] == ["s", "s"]


def test_jsonl_output_is_not_neutralised() -> None:
    """JSONL is data: formula-like strings are written as they are."""
    out = io.StringIO()
    with open_writer(None, ["a"], fmt="jsonl", stream=out) as w:
        w.write(["=1+1"])
    assert json.loads(out.getvalue()) == {"a": "=1+1"}


# -------------------------------------------------------------------------------- CSV writing


def test_csv_cells_are_strings_and_none_is_empty(tmp_path: Path) -> None:
    """CSV writes str(value) for values and an empty cell for None."""
    out = tmp_path / "o.csv"
    with open_writer(out, ["a", "b", "c"]) as w:
        w.write([dt.date(2024, 3, 1), None, 7])
    assert out.read_bytes() == b"a,b,c\r\n2024-03-01,,7\r\n"


def test_csv_bom_on_request(tmp_path: Path) -> None:
    """bom=True starts the CSV with a UTF-8 BOM; the default does not."""
    with_bom, without = tmp_path / "b.csv", tmp_path / "n.csv"
    for path, bom in ((with_bom, True), (without, False)):
        with open_writer(path, ["案号"], bom=bom) as w:
            w.write(["A"])
    assert with_bom.read_bytes() == codecs.BOM_UTF8 + "案号\r\nA\r\n".encode()
    assert without.read_bytes() == "案号\r\nA\r\n".encode()


def test_csv_goes_to_stdout_without_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a path, CSV goes to sys.stdout."""
    with open_writer(None, ["案号"]) as w:
        w.write(["A-1"])
    assert capsys.readouterr().out == "案号\nA-1\n"


def test_xlsx_cannot_go_to_stdout() -> None:
    """XLSX to standard output is refused."""
    with pytest.raises(RegisterError, match="standard output"):
        open_writer(None, ["a"], fmt="xlsx")


def test_tsv_output_uses_tabs(tmp_path: Path) -> None:
    """A .tsv output is tab-separated."""
    out = tmp_path / "o.tsv"
    with open_writer(out, ["a", "b"]) as w:
        w.write(["1", "2"])
    assert out.read_bytes() == b"a\tb\r\n1\t2\r\n"


# ------------------------------------------------------------------------------------- JSONL


def test_jsonl_shape() -> None:
    """One object per row keyed by header names, dates ISO, missing cells null, extras listed."""
    out = io.StringIO()
    with open_writer(None, ["案号", "", "日期", "日期"], fmt="jsonl", stream=out) as w:
        w.write(["A-1", 1, dt.datetime(2024, 3, 1, 9, 30), dt.date(2024, 3, 2), "x", None])
        w.write(["A-2"])
        w.write([])
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "案号": "A-1",
            "col_2": 1,
            "日期": "2024-03-01T09:30:00",
            "日期_4": "2024-03-02",
            "_extra": ["x", None],
        },
        {"案号": "A-2", "col_2": None, "日期": None, "日期_4": None},
        {"案号": None, "col_2": None, "日期": None, "日期_4": None},
    ]
    assert "案号" in lines[0]  # Chinese is written as is, not \\u-escaped


def test_jsonl_file_output(tmp_path: Path) -> None:
    """A .jsonl path writes UTF-8 JSON Lines, one line per row."""
    out = tmp_path / "o.jsonl"
    with open_writer(out, ["a"]) as w:
        w.write(["甲"])
        w.write(["乙"])
    assert out.read_text(encoding="utf-8") == '{"a": "甲"}\n{"a": "乙"}\n'


# --------------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("path", "fmt"),
    [(None, "csv"), ("o.csv", "csv"), ("o.TSV", "csv"), ("o.xlsx", "xlsx"), ("o.jsonl", "jsonl")],
)
def test_output_format_by_extension(path: str | None, fmt: str) -> None:
    """The output format follows the extension; stdout is CSV."""
    assert output_format(path) == fmt


def test_unknown_output_extension_is_refused() -> None:
    """An unknown output extension is a RegisterError with a hint."""
    with pytest.raises(RegisterError, match=r"'\.json'.*\.jsonl"):
        output_format("out.json")


# ------------------------------------------------------------------------------------- XLSX


def test_xlsx_round_trip_keeps_types(tmp_path: Path) -> None:
    """An XLSX register reads with date, datetime, int, float and None cells, and writes them
    back; a midnight date-time (how Excel stores a date) reads as the date it shows."""
    src, dst = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    make_xlsx(src)
    header, rows = read_all(src)
    assert header == ["案号", "立案日期", "罚款"]
    assert rows == [
        ["行罚2024-1", dt.date(2024, 3, 1), 5000],
        [],
        ["行罚2024-2", dt.datetime(2024, 3, 5, 9, 30), 2.5, "备注"],
    ]
    with open_writer(dst, [*header, "结论"]) as w:
        for cells in rows:
            w.write([*cells, None] if cells else cells)
    assert read_all(dst) == ([*header, "结论"], rows)


def test_xlsx_raw_line_is_the_row_number(tmp_path: Path) -> None:
    """An XLSX record's raw_line is its Excel row number."""
    path = tmp_path / "r.xlsx"
    make_xlsx(path)
    with open_register(path) as reg:
        assert [(r.number, r.raw_line) for r in reg] == [(1, 2), (2, 3), (3, 4)]


def test_xlsx_trailing_formatted_rows_are_not_records(tmp_path: Path) -> None:
    """Empty but formatted rows after the last data row (row 9 here) are not records."""
    path = tmp_path / "r.xlsx"
    make_xlsx(path)
    assert len(read_all(path)[1]) == 3  # rows 2-4; rows 5-9 are empty


def test_xlsx_sheet_selection(tmp_path: Path) -> None:
    """sheet= reads the named worksheet, and the label names it."""
    path = tmp_path / "r.xlsx"
    make_xlsx(path)
    with open_register(path, sheet="2023") as reg:
        assert reg.label == "r.xlsx [2023]"
        assert reg.encoding is None
        assert (reg.header, [r.cells for r in reg]) == (["案号"], [["行罚2023-9"]])


def test_xlsx_unknown_sheet_lists_the_available_ones(tmp_path: Path) -> None:
    """An unknown sheet name is refused with the list of sheets."""
    path = tmp_path / "r.xlsx"
    make_xlsx(path)
    with pytest.raises(
        RegisterError, match=r"r\.xlsx has no worksheet '2022'; available: '2024', '2023'"
    ):
        open_register(path, sheet="2022")


def test_sheet_for_a_csv_is_refused(tmp_path: Path) -> None:
    """sheet= on a CSV register is a mistake, not silently ignored."""
    path = tmp_path / "r.csv"
    path.write_text("a\n")
    with pytest.raises(RegisterError, match="applies to XLSX"):
        open_register(path, sheet="x")


def test_damaged_xlsx_is_a_register_error(tmp_path: Path) -> None:
    """A file that is not a workbook raises RegisterError naming it."""
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(RegisterError, match=r"r\.xlsx is not a readable XLSX workbook"):
        open_register(path)


# ------------------------------------------------------------------------------------ atomic


@pytest.mark.parametrize("name", ["o.csv", "o.xlsx", "o.jsonl"])
def test_failed_write_leaves_no_file(tmp_path: Path, name: str) -> None:
    """An exception inside the with block leaves neither the output nor a temporary file."""
    out = tmp_path / name
    with pytest.raises(RuntimeError), open_writer(out, ["a"]) as w:
        w.write(["1"])
        raise RuntimeError("boom")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["o.csv", "o.xlsx", "o.jsonl"])
def test_failed_write_keeps_the_old_file(tmp_path: Path, name: str) -> None:
    """An exception inside the with block keeps the previous output byte for byte."""
    out = tmp_path / name
    out.write_bytes(b"old report")
    with pytest.raises(RuntimeError), open_writer(out, ["a"]) as w:
        w.write(["1"])
        raise RuntimeError("boom")
    assert out.read_bytes() == b"old report"
    assert leftovers(tmp_path) == [name]


def test_output_appears_only_when_complete(tmp_path: Path) -> None:
    """While rows are being written the real name does not exist yet; after close it does."""
    out = tmp_path / "o.csv"
    with open_writer(out, ["a"]) as w:
        w.write(["1"])
        assert not out.exists()
    assert out.read_bytes() == b"a\r\n1\r\n"
    assert leftovers(tmp_path) == ["o.csv"]


def test_missing_output_directory_is_named(tmp_path: Path) -> None:
    """Writing into a directory that does not exist is a RegisterError naming it."""
    with pytest.raises(RegisterError, match="does not exist"):
        open_writer(tmp_path / "no" / "o.csv", ["a"])


# ------------------------------------------------------------------------------- streaming


def test_200k_row_csv_streams_in_flat_memory(tmp_path: Path) -> None:
    """A 200,000-row register is read and written with peak memory far below its size."""
    src, dst = tmp_path / "big.csv", tmp_path / "out.csv"
    with src.open("w", encoding="gbk", newline="") as f:
        f.write("案号,立案日期,承办人,备注\r\n")
        for i in range(200_000):
            f.write(f'行罚2024-{i},2024-03-01,张三,"备注，第{i}条"\r\n')
    size = src.stat().st_size
    assert size > 8_000_000
    tracemalloc.start()
    try:
        count = copy_csv(src, dst)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert peak < min(size // 10, 4 << 20), f"peak {peak:,} bytes for a {size:,}-byte file"


def test_header_row_keeps_the_title_rows_as_preamble(tmp_path: Path) -> None:
    """header_row=3 reads the names from line 3; lines 1-2 are the preamble, written back first."""
    src = tmp_path / "t.csv"
    src.write_text("台账\r\n制表：某局\r\n案号,日期\r\nA-1,2024-03-01\r\n", encoding="utf-8")
    with open_register(src, header_row=3) as reg:
        assert reg.preamble == [["台账"], ["制表：某局"]]
        assert reg.header == ["案号", "日期"]
        records = [(r.cells, r.raw_line) for r in reg]
    assert records == [(["A-1", "2024-03-01"], 4)]
    dst = tmp_path / "o.csv"
    with open_writer(dst, ["案号", "日期"], preamble=[["台账"], ["制表：某局"]]) as w:
        w.write(["A-1", "2024-03-01"])
    expected = "台账\r\n制表：某局\r\n案号,日期\r\nA-1,2024-03-01\r\n"
    assert dst.read_bytes().decode("utf-8") == expected


def test_header_row_past_the_end_is_an_error(tmp_path: Path) -> None:
    """A header row beyond the file's last record is refused, naming the file."""
    src = tmp_path / "t.csv"
    src.write_text("a\r\n", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"t\.csv"):
        open_register(src, header_row=5)
