"""``check 台账.xlsx -o 结果.xlsx``: a copy of the register's own workbook with the results
appended (issue 9, "XLSX output, for offices").

Each test builds a small workbook the way an office keeps one (a merged title row, widths, a
formula, a second sheet, data validation), runs the installed script, and compares the output
with the input sheet by sheet, and its result cells with the CSV output of the same check.

Hand counts (国办发明电〔2023〕7号): 2024-02-08 + 20 workdays = 2024-03-13 (see test_check.py);
done 2024-03-01 is on time, done 2024-04-01 late, nothing done by 2024-05-01 overdue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
import warnings
import zipfile
from pathlib import Path

import pytest

from .conftest import COLUMNS_EN, COLUMNS_ZH, read_csv

openpyxl = pytest.importorskip("openpyxl")

ARGS = ("--rule", "ogi.request.reply", "--trigger-col", "收到申请日期", "--done-col", "答复日期",
        "--as-of", "2024-05-01")  # fmt: skip
TITLE = "2024年政府信息公开申请台账"


def make_register(path: Path, *, summary_sheet: bool = False) -> Path:
    """A register as an office keeps it: title merged over A1:D1, header on row 2, a formula
    column (E) without a header, a blank row 5 (no XML row at all), a footer, a second sheet
    with a formula of its own, a width, a date format and a data validation."""
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append([TITLE])
    ws.merge_cells("A1:D1")
    ws.append(["编号", "收到申请日期", "答复日期", "备注"])
    ws.append([1, dt.date(2024, 2, 8), None, "=TRUE"])  # overdue; a formula-like memo
    ws.append([2, "2024-02-08", dt.date(2024, 4, 1)])  # late
    ws.append([])  # a blank line: openpyxl writes no <row> for it
    ws.append([3, "2024年2月8日", "2024-03-01", "邮寄"])  # on time
    ws.append(["合计"])
    ws["E3"] = "=A3*2"
    ws["B3"].number_format = "yyyy/m/d"
    ws.column_dimensions["B"].width = 21
    ws.column_dimensions["D"].width = 33
    dv = DataValidation(type="list", formula1='"邮寄,当面"', allow_blank=True)
    dv.add("D3:D100")
    ws.add_data_validation(dv)
    other = wb.create_sheet("说明")
    other["A1"], other["A2"], other["B2"] = "本表由信息公开科维护", 5, "=A2+1"
    other.column_dimensions["A"].width = 40
    if summary_sheet:
        wb.create_sheet("汇总")["A1"] = "我的汇总，不要覆盖"
    wb.save(path)
    return path


def load(path: Path):
    """Open with openpyxl, any warning an error (a damaged part warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return openpyxl.load_workbook(path)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_text(value: object) -> str:
    """An XLSX cell as the CSV output writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


@pytest.fixture
def checked(cli, tmp_path):
    """A register checked to both -o 结果.xlsx and -o 结果.csv (zh)."""
    reg = make_register(tmp_path / "台账.xlsx")
    before = digest(reg)
    r = cli("check", reg, *ARGS, "--lang", "zh", "-o", tmp_path / "结果.xlsx")
    assert r.returncode == 0, r.stderr
    r2 = cli("check", reg, *ARGS, "--lang", "zh", "-o", tmp_path / "结果.csv")
    assert r2.returncode == 0, r2.stderr
    assert digest(reg) == before  # the register itself is never modified
    return reg, tmp_path / "结果.xlsx", tmp_path / "结果.csv", r.stderr


def test_copy_keeps_every_sheet_width_merge_formula_and_validation(checked) -> None:
    """The output is the register's workbook: its sheets, widths, merged title, formulas,
    formats and validations unchanged; one sheet (汇总) added at the end."""
    reg, out, _, _ = checked
    a, b = load(reg), load(out)
    assert b.sheetnames == [*a.sheetnames, "汇总"]
    for name in a.sheetnames:
        wa, wb_ = a[name], b[name]
        assert {str(r) for r in wa.merged_cells.ranges} == {str(r) for r in wb_.merged_cells.ranges}
        for key, dim in wa.column_dimensions.items():
            assert wb_.column_dimensions[key].width == dim.width, (name, key)
        for row in wa.iter_rows():
            for cell in row:
                other = wb_[cell.coordinate]
                assert (other.value, other.number_format) == (cell.value, cell.number_format)
    ws = b["台账"]
    assert ws["E3"].value == "=A3*2" and b["说明"]["B2"].value == "=A2+1"
    assert [(str(v.sqref), v.formula1) for v in ws.data_validations.dataValidation] == [
        ("D3:D100", '"邮寄,当面"')
    ]


def test_result_cells_equal_the_csv_output(checked) -> None:
    """Header and every record: the appended cells are the CSV output's result columns, at the
    record's own row; the title row above the header is untouched."""
    _, out, csv_out, _ = checked
    rows = read_csv(csv_out)
    ws = load(out)["台账"]
    start = 6  # F: right of the formula column E, which has no header name
    assert rows[0] == [TITLE]
    assert [c.value for c in ws[1]][1:] == [None] * (ws.max_column - 1)
    header = rows[1]
    assert header[4:16] == COLUMNS_ZH
    assert [ws.cell(2, start + i).value for i in range(12)] == COLUMNS_ZH
    for line, record in zip(range(3, 8), rows[2:], strict=True):
        got = [csv_text(ws.cell(line, start + i).value) for i in range(12)]
        assert got == record[4:16], line
    assert ws.max_row == 7
    assert (ws.column_dimensions["N"].width, ws.column_dimensions["O"].width) == (
        40,
        50,
    )  # 依据, 说明
    statuses = [ws.cell(n, start + 1).value for n in range(3, 8)]
    assert statuses == ["overdue", "late", "skipped", "on_time", "skipped"]


def test_autofilter_and_late_rows_highlighted(checked) -> None:
    """An autofilter over header and records; late and overdue rows highlighted by a rule on
    the status column (G), with its own format (dxf)."""
    _, out, _, _ = checked
    wb = load(out)
    ws = wb["台账"]
    assert ws.auto_filter.ref == "A2:Q7"
    (cf,) = list(ws.conditional_formatting)
    assert str(cf.sqref) == "A3:Q7"
    (rule,) = cf.rules
    assert rule.type == "expression"
    assert rule.formula == ['OR($G3="late",$G3="overdue")']
    dxf = wb._differential_styles[rule.dxfId]
    assert dxf.fill.bgColor.rgb == "FFFFC7CE"
    names = zipfile.ZipFile(out).read("xl/workbook.xml").decode()
    assert (
        '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'台账\'!$A$2:$Q$7<'
        in names
    )


def test_summary_counts_are_formulas_over_the_status_column(checked) -> None:
    """汇总: per status a COUNTIF over G3:G7 with that status code, errors COUNTBLANK, total
    ROWS, 按期率 on time / (on time + late); the saved values are the statuses counted here."""
    _, out, _, _ = checked
    wb = load(out)
    statuses = [wb["台账"].cell(n, 7).value for n in range(3, 8)]
    rows = list(wb["汇总"].iter_rows(values_only=True))
    assert rows[0] == ("结论", "状态", "行数")
    rng = "'台账'!$G$3:$G$7"
    for label, code, formula in rows[1:8]:
        assert formula == f'=COUNTIF({rng},"{code}")', label
    assert rows[8][2] == f"=COUNTBLANK({rng})" and rows[9][2] == f"=ROWS({rng})"
    assert rows[10][:2] == ("按期率", "") and rows[10][2] == '=IF(C2+C3=0,"",C2/(C2+C3))'
    cached = list(openpyxl.load_workbook(out, data_only=True)["汇总"].iter_rows(values_only=True))
    counts = {code: n for _, code, n in cached[1:8]}
    codes = ("on_time", "late", "pending", "overdue", "too_short", "invalid", "skipped")
    assert counts == {s: statuses.count(s) for s in codes}
    assert (cached[8][2], cached[9][2], cached[10][2]) == (0, 5, 0.5)  # 1 on time of 2 decided


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_copy_and_computes_the_summary(checked, tmp_path) -> None:
    """LibreOffice reads the copy, and computes the summary's formulas itself (the saved
    values removed first) to the counts made here."""
    _, out, csv_out, _ = checked
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":  # 汇总
                data = re.sub(rb"<v>[^<]*</v>", b"", data)
            z.writestr(info, data)
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,"
         "false,-1", "--outdir", str(tmp_path), str(bare)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    summary = read_csv(tmp_path / "bare-汇总.csv")
    assert [r[2] for r in summary[1:10]] == ["1", "1", "0", "1", "0", "0", "2", "0", "5"]
    assert summary[10][2].startswith("50")
    sheet = read_csv(tmp_path / "bare-台账.csv")
    assert [r[6] for r in sheet[2:7]] == [r[5] for r in read_csv(csv_out)[2:7]]


def test_english_summary_sheet_and_the_same_status_codes(cli, tmp_path) -> None:
    """--lang en: the sheet is Summary, the status cells hold the same codes as in Chinese."""
    reg = make_register(tmp_path / "台账.xlsx")
    r = cli("check", reg, *ARGS, "--lang", "en", "-o", tmp_path / "out.xlsx")
    assert r.returncode == 0, r.stderr
    wb = load(tmp_path / "out.xlsx")
    assert wb.sheetnames[-1] == "Summary"
    ws = wb["台账"]
    assert [ws.cell(2, 6 + i).value for i in range(12)] == COLUMNS_EN
    assert [ws.cell(n, 7).value for n in (3, 4, 6)] == ["overdue", "late", "on_time"]


def test_a_sheet_named_summary_is_never_overwritten(cli, tmp_path) -> None:
    """The register already has a sheet 汇总: it is kept as it was; ours is 汇总 2."""
    reg = make_register(tmp_path / "台账.xlsx", summary_sheet=True)
    r = cli("check", reg, *ARGS, "--lang", "zh", "-o", tmp_path / "out.xlsx")
    assert r.returncode == 0, r.stderr
    wb = load(tmp_path / "out.xlsx")
    assert wb.sheetnames == ["台账", "说明", "汇总", "汇总 2"]
    assert wb["汇总"]["A1"].value == "我的汇总，不要覆盖" and wb["汇总"].max_row == 1
    assert wb["汇总 2"]["C2"].value.startswith("=COUNTIF(")


def test_formatting_right_of_the_header_is_not_duplicated(cli, tmp_path) -> None:
    """Empty cells that only carry a border right of the header give way to the results (a
    cell twice in one row would damage the file); a value there pushes the results right."""
    from openpyxl.styles import Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["收到申请日期", "答复日期"])
    ws.append(["2024-02-08", "2024-03-01"])
    ws.append(["2024-02-08", None, None, None, "旁注"])  # a note in E, right of the header
    thin = Side(style="thin")
    for row in range(1, 4):
        for col in "CDFGH":
            ws[f"{col}{row}"].border = Border(left=thin)
    wb.save(tmp_path / "r.xlsx")
    r = cli("check", tmp_path / "r.xlsx", *ARGS, "--lang", "en", "-o", tmp_path / "o.xlsx")
    assert r.returncode == 0, r.stderr
    ws = load(tmp_path / "o.xlsx").active
    assert ws["E3"].value == "旁注"
    assert [ws.cell(1, 6 + i).value for i in range(3)] == ["due", "status", "verdict"]
    assert [ws.cell(n, 7).value for n in (2, 3)] == ["on_time", "overdue"]


def _as_lxml_writes(src: Path, dst: Path) -> None:
    """``src`` rewritten the way openpyxl writes when lxml is installed: an empty styled cell
    as ``<c ...></c>`` (not ``<c .../>``), and the relationships namespace declared on each
    ``<sheet>`` instead of on ``<workbook>``."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<c ([^>]*?)/>", rb"<c \1></c>", data)
            elif info.filename == "xl/workbook.xml":
                data = data.replace(b' xmlns:r="' + rel.encode() + b'"', b"")
                data = data.replace(b"<sheet ", b'<sheet xmlns:r="' + rel.encode() + b'" ')
            z.writestr(info, data)


def test_a_workbook_written_with_lxml_is_copied(cli, tmp_path) -> None:
    """The two forms openpyxl writes when lxml is installed (found when lxml arrived on this
    machine): empty styled cells right of the header still give way to the results, and the
    summary sheet's r:id has its namespace declared -- openpyxl with lxml refused the copy."""
    from openpyxl.styles import Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["收到申请日期", "答复日期"])
    ws.append(["2024-02-08", "2024-03-01"])
    for col in "CDE":
        ws[f"{col}1"].border = ws[f"{col}2"].border = Border(left=Side(style="thin"))
    wb.save(tmp_path / "plain.xlsx")
    _as_lxml_writes(tmp_path / "plain.xlsx", tmp_path / "r.xlsx")
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:  # the rewrite did what it says
        assert b"></c>" in z.read("xl/worksheets/sheet1.xml")
        assert b"<workbook xmlns:r=" not in z.read("xl/workbook.xml")
    r = cli("check", tmp_path / "r.xlsx", *ARGS, "--lang", "en", "-o", tmp_path / "o.xlsx")
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(tmp_path / "o.xlsx") as z:  # declared where it is used
        workbook = z.read("xl/workbook.xml")
    from xml.dom import minidom

    minidom.parseString(workbook)  # a namespace-aware parser: an undeclared prefix raises
    out = load(tmp_path / "o.xlsx")
    ws = out.worksheets[0]
    assert [ws.cell(1, 3 + i).value for i in range(3)] == ["due", "status", "verdict"]
    assert ws.cell(2, 4).value == "on_time"  # 2024-03-01 <= 2024-03-13


def test_a_workbook_the_copy_does_not_handle_gets_a_plain_one(cli, tmp_path) -> None:
    """A comment in the sheet XML (the lexical copy refuses what it does not read): a plain
    workbook of the rows, with a note saying why; nothing lost, exit 0."""
    reg = make_register(tmp_path / "台账.xlsx")
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(reg) as zin, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<!-- kept by hand --><sheetData>")
            z.writestr(info, data)
    r = cli("check", odd, *ARGS, "--lang", "en", "-o", tmp_path / "o.xlsx")
    assert r.returncode == 0, r.stderr
    assert "could not be copied" in r.stderr and "comment" in r.stderr
    wb = load(tmp_path / "o.xlsx")
    assert wb.sheetnames == ["Sheet1", "Summary"] and wb.active.max_row == 7


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".gov-deadlines.")]


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_an_interrupted_copy_leaves_no_temp_file(cli, tmp_path) -> None:
    """SIGTERM while the copy is being written: exit 143, no output, no temp file."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["编号", "收到申请日期", "答复日期"])
    for i in range(2000):
        ws.append([i, "2024-02-08", "2024-03-01"])
    wb.save(tmp_path / "big.xlsx")
    out = tmp_path / "o.xlsx"
    proc = subprocess.Popen([cli.exe, "check", str(tmp_path / "big.xlsx"), *ARGS, "-o", str(out)],
                            env=cli.env(), stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 30
    while not _temps(tmp_path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert not out.exists() and _temps(tmp_path) == []


def test_a_failing_run_leaves_no_temp_file(cli, tmp_path) -> None:
    """An unknown column: exit 2, nothing written, no temp file, the register untouched."""
    reg = make_register(tmp_path / "台账.xlsx")
    before = digest(reg)
    r = cli("check", reg, "--rule", "20wd", "--trigger-col", "收到日期", "-o", tmp_path / "o.xlsx")
    assert r.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]
    assert digest(reg) == before


def test_the_copy_reads_back_with_calamine(checked) -> None:
    """Another reader (python-calamine, Rust) reads the copy: the same result cells."""
    calamine = pytest.importorskip("python_calamine")
    _, out, csv_out, _ = checked
    rows = calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("台账").to_python()
    expected = read_csv(csv_out)
    assert [r[6] for r in rows[2:7]] == [r[5] for r in expected[2:7]]
    assert all(str(rows[i][5])[:10] == "2024-03-13" for i in (2, 3, 5))


def test_a_csv_register_to_xlsx_gets_the_same_extras(cli, tmp_path) -> None:
    """A CSV register -o x.xlsx: the plain workbook as before, with the autofilter, the
    highlight and the summary sheet (its formulas over the status column, E)."""
    from .conftest import write_csv

    reg = write_csv(tmp_path / "r.csv", [["编号", "收到申请日期", "答复日期"],
                                         ["1", "2024-02-08", "2024-03-01"],
                                         ["2", "2024-02-08", ""]])  # fmt: skip
    r = cli("check", reg, *ARGS, "--lang", "zh", "-o", tmp_path / "o.xlsx")
    assert r.returncode == 0, r.stderr
    wb = load(tmp_path / "o.xlsx")
    assert wb.sheetnames == ["Sheet1", "汇总"]
    ws = wb["Sheet1"]
    assert ws.auto_filter.ref == "A1:O3"
    assert [ws.cell(n, 5).value for n in (2, 3)] == ["on_time", "overdue"]
    (cf,) = list(ws.conditional_formatting)
    assert cf.rules[0].formula == ['OR($E2="late",$E2="overdue")']
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert summary[1] == ("按期", "on_time", "=COUNTIF('Sheet1'!$E$2:$E$3,\"on_time\")")


def _rewrite_sheet(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            z.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return dst


def _prefixed(xml: bytes) -> bytes:
    """The sheet with the main namespace under a prefix (x:), as some generators write it;
    empty rows written self-closing, and a filter of its own."""
    xml = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)([\s/>])", rb"<\1x:\2\3", xml)
    xml = xml.replace(b'<x:worksheet xmlns="', b'<x:worksheet xmlns:x="')
    xml = xml.replace(b"</x:sheetData>", b'<x:row r="9" spans="1:4"/></x:sheetData>')
    xml = xml.replace(
        b'<x:row r="6"', b'<x:row r="5" spans="1:4" ht="20" customHeight="1"/><x:row r="6"'
    )
    return xml.replace(b"<x:mergeCells", b'<x:autoFilter ref="A2:D4"/><x:mergeCells')


def test_a_prefixed_namespace_self_closing_rows_and_an_old_filter(cli, tmp_path) -> None:
    """x:-prefixed SpreadsheetML, a self-closing <row/> after the records and an autofilter of
    the register's own: the results land as usual, the old filter is replaced, not doubled."""
    reg = _rewrite_sheet(make_register(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx", _prefixed)
    assert b"<x:row" in zipfile.ZipFile(reg).read("xl/worksheets/sheet1.xml")
    r = cli("check", reg, *ARGS, "--lang", "en", "-o", tmp_path / "o.xlsx")
    assert r.returncode == 0, r.stderr
    assert "could not be copied" not in r.stderr
    sheet = zipfile.ZipFile(tmp_path / "o.xlsx").read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"autoFilter") == 1 and b'<x:autoFilter ref="A2:Q7"/>' in sheet
    ws = load(tmp_path / "o.xlsx")["台账"]
    assert [ws.cell(n, 7).value for n in range(3, 8)] == [
        "overdue", "late", "skipped", "on_time", "skipped"
    ]  # fmt: skip
    assert ws["E3"].value == "=A3*2" and ws.row_dimensions[5].height == 20
    assert b'<x:row r="9" spans="1:4"/>' in sheet  # not a record: as it was


def test_a_table_other_highlights_a_second_sheet_and_1904_dates(cli, tmp_path) -> None:
    """The register is the second sheet (--sheet), formats its own late rows already (a rule
    and a dxf of its own), is an Excel table (no sheet filter then: the table has its own) and
    counts dates from 1904: our rule comes after theirs, the filter name is not added, and the
    due dates read back right."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.table import Table

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.active.title = "封面"
    ws = wb.create_sheet("台账")
    ws.append(["编号", "收到申请日期", "答复日期"])
    ws.append([1, dt.date(2024, 2, 8), dt.date(2024, 4, 1)])
    ws.append([2, dt.date(2024, 2, 8), dt.date(2024, 3, 1)])
    ws.add_table(Table(displayName="台账表", ref="A1:C3"))
    fill = PatternFill(bgColor="FFFFFF00")
    ws.conditional_formatting.add("A2:A3", CellIsRule(operator="equal", formula=["1"], fill=fill))
    wb.save(tmp_path / "r.xlsx")
    r = cli("check", tmp_path / "r.xlsx", *ARGS, "--sheet", "台账", "--lang", "en",
            "-o", tmp_path / "o.xlsx")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "could not be copied" not in r.stderr
    out = load(tmp_path / "o.xlsx")
    assert out.sheetnames == ["封面", "台账", "Summary"]
    ws = out["台账"]
    assert list(ws.tables) == ["台账表"] and ws.auto_filter.ref is None
    rules = [(str(cf.sqref), rule.priority, rule.dxfId) for cf in ws.conditional_formatting
             for rule in cf.rules]  # fmt: skip
    assert rules == [("A2:A3", 1, 0), ("A2:O3", 2, 1)]
    assert [ws.cell(n, 4).value for n in (2, 3)] == [dt.datetime(2024, 3, 13)] * 2
    assert [ws.cell(n, 5).value for n in (2, 3)] == ["late", "on_time"]
    assert b"_FilterDatabase" not in zipfile.ZipFile(tmp_path / "o.xlsx").read("xl/workbook.xml")
    assert out["Summary"]["C3"].value == "=COUNTIF('台账'!$E$2:$E$3,\"late\")"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_workbook_saved_by_libreoffice_is_copied(cli, tmp_path) -> None:
    """A register saved by an office suite (shared strings, its own styles and XML habits) is
    copied, not replaced by a plain workbook, and reads back with the same results."""
    (tmp_path / "src").mkdir()
    make_register(tmp_path / "src" / "台账.xlsx")
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path),
         str(tmp_path / "src" / "台账.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    reg = tmp_path / "台账.xlsx"
    assert b"xl/sharedStrings.xml" in reg.read_bytes()
    r = cli("check", reg, *ARGS, "--lang", "zh", "-o", tmp_path / "o.xlsx")
    assert r.returncode == 0, r.stderr
    assert "未能复制" not in r.stderr
    wb = load(tmp_path / "o.xlsx")
    assert wb.sheetnames == ["台账", "说明", "汇总"]
    ws = wb["台账"]
    assert [ws.cell(n, 7).value for n in range(3, 8)] == [
        "overdue", "late", "skipped", "on_time", "skipped"
    ]  # fmt: skip
    assert ws["A1"].value == TITLE and ws.auto_filter.ref == "A2:Q7"
