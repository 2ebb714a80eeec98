"""Regenerate the derived example registers (台账) in this folder.

    python examples/make_examples.py        # needs openpyxl: pip install "gov-deadlines[xlsx]"

- ``ogi-requests-gbk.csv``: ``ogi-requests.csv`` (UTF-8 with BOM, CRLF, as Excel saves "CSV UTF-8")
  re-encoded as GBK, as WPS and older Excel save "CSV" on Chinese Windows. Same text, same line
  ends; only the bytes differ.
- ``penalty-publications.xlsx``: a register of published administrative penalty decisions
  (行政处罚决定公示台账), written with openpyxl. Dates are real date cells, except one text date
  (``2024年10月8日``), one date-and-time cell, one number typed where a date belongs (an Excel
  serial) and one impossible text date (``2025-02-29``); one row has only its number.

The output is byte-for-byte the same on every run: the workbook's timestamps (document
properties and ZIP entries) are fixed, so regenerating does not show up as a change in git.
The names and document numbers are made up.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 3, 31, 9, 0, 0)  # the "as of" date the examples are checked on

HEADER = [
    "序号",
    "决定书文号",
    "当事人",
    "执法部门",
    "作出决定日期",
    "公示时限",
    "公示日期",
    "撤销/变更日期",
    "撤下公示日期",
    "备注",
]
D = dt.date
T = dt.datetime
SAMR, SEVEN = "20个工作日", "7个工作日"
PENALTIES: list[list[object]] = [
    [1, "某市监处罚〔2024〕3号", "某某餐饮店", "市场监管局", D(2024, 1, 22), SAMR, D(2024, 2, 6)],
    [2, "某市监处罚〔2024〕5号", "某某超市有限公司", "市场监管局", D(2024, 2, 7), SAMR,
     D(2024, 3, 8)],
    [3, "某交罚〔2024〕12号", "李某（个体运输户）", "交通运输局", D(2024, 2, 8), SEVEN,
     D(2024, 2, 23)],
    [4, "某环罚〔2024〕2号", "某某化工有限公司", "生态环境局", D(2024, 2, 9), SEVEN,
     D(2024, 2, 28), None, None, "除夕作出决定"],
    [5, "某市监处罚〔2024〕21号", "某某大药房", "市场监管局", D(2024, 4, 2), SAMR,
     D(2024, 4, 30)],
    [6, "某应急罚〔2024〕4号", "某某建材厂", "应急管理局", D(2024, 4, 29), SEVEN,
     D(2024, 5, 13)],
    [7, "某市监处罚〔2024〕35号", "某某电子商务有限公司", "市场监管局", D(2024, 6, 5), SAMR,
     D(2024, 7, 2), D(2024, 9, 10), D(2024, 9, 13), "行政复议决定撤销"],
    [8, "某住建罚〔2024〕9号", "某某建筑工程有限公司", "住房城乡建设局", D(2024, 9, 26), SEVEN,
     T(2024, 10, 12, 9, 30), None, None, "平台发布时间"],
    [9, "某市监处罚〔2024〕48号", "某某食品店", "市场监管局", D(2024, 9, 29), SAMR,
     "2024年10月8日"],
    [10, "某市监处罚〔2024〕52号", "某某商贸有限公司", "市场监管局", D(2024, 10, 10), SAMR,
     D(2024, 11, 15), D(2024, 12, 30), D(2025, 1, 3), "行政诉讼判决撤销"],
    [11, "某农罚〔2024〕6号", "某某农资店", "农业农村局", D(2024, 11, 18), SEVEN,
     D(2024, 11, 27)],
    [12, "某市监处罚〔2024〕60号", "某某汽车维修厂", "市场监管局", D(2024, 12, 16), SAMR,
     D(2025, 1, 9), D(2025, 1, 20), D(2025, 1, 24), "变更罚款数额"],
    [13, "某市监处罚〔2025〕2号", "某某烟酒商行", "市场监管局", D(2025, 1, 24), SAMR,
     D(2025, 2, 28)],
    [14, "某交罚〔2025〕3号", "王某（个体工商户）", "交通运输局", D(2025, 1, 27), SEVEN,
     D(2025, 2, 12)],
    # A number where a date belongs: the cell lost its date format (Excel serial 45716).
    [15, "某市监处罚〔2025〕7号", "某某眼镜店", "市场监管局", D(2025, 2, 10), SAMR, 45716],
    # The mistake: 2025 has no 29 February, so the cell could only be typed as text.
    [16, "某环罚〔2025〕1号", "某某印染有限公司", "生态环境局", D(2025, 2, 20), SEVEN,
     "2025-02-29", None, None, "公示日期待核"],
    [17, "某应急罚〔2025〕2号", "某某物流有限公司", "应急管理局", D(2025, 3, 10), SEVEN],
    [18, "某市监处罚〔2025〕15号", "某某便利店", "市场监管局", D(2025, 3, 14), SAMR],
    [19],  # a numbered row never filled in
    [20, "某市监处罚〔2025〕18号", "某某美容美发店", "市场监管局", D(2025, 3, 21), SAMR,
     D(2025, 3, 28)],
]  # fmt: skip


def make_gbk_csv() -> Path:
    """``ogi-requests.csv`` re-encoded as GBK, line ends and all."""
    source = HERE / "ogi-requests.csv"
    target = HERE / "ogi-requests-gbk.csv"
    text = codecs.decode(source.read_bytes(), "utf-8-sig")
    target.write_bytes(codecs.encode(text, "gbk"))
    return target


def make_penalty_xlsx() -> Path:
    """The penalty-publicity register as an XLSX workbook with real date cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "处罚决定公示台账"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in PENALTIES:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHIJ", (6, 24, 24, 14, 13, 11, 17, 13, 13, 18), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = "gov_deadlines examples"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    target = HERE / "penalty-publications.xlsx"
    target.write_bytes(_fixed_timestamps(buffer.getvalue()))
    return target


def _fixed_timestamps(xlsx: bytes) -> bytes:
    """The same workbook with fixed ZIP entry times and a fixed 'modified' property.

    openpyxl stamps both with the current time on every save.
    """
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    return out.getvalue()


if __name__ == "__main__":
    for path in (make_gbk_csv(), make_penalty_xlsx()):
        print(f"wrote {path.relative_to(HERE.parent)}")
