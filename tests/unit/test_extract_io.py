"""Loading (GBK, HTML, .docx), normalisation and its position map, page chrome, the outputs and
the ``rules extract`` command through a small runner (the real CLI: tests/e2e)."""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.extract_cmd import add_arguments, cmd_extract
from gov_deadlines.cli.parsing import Parser
from gov_deadlines.extraction import (
    extract,
    extract_file,
    extract_text,
    register_rows,
    review_html,
    to_catalog_toml,
)
from gov_deadlines.extraction.load import decode, html_text
from gov_deadlines.extraction.normalize import normalize
from gov_deadlines.rules import Catalog

PLAN = """当前位置:首页 > 通知公告
某县2024年政务公开工作要点
发布机构:某县人民政府办公室
时间:2024-03-01 浏览次数:12
一、执法公示
(一)执法信息公开。各乡镇要在执法决定作出之日起20个工作日内公开执法信息。
(二)及时回应。各部门要及时回应社会关切。
二、年度报告
每年1月31日前公开上一年度政府信息公开工作年度报告。
猜你喜欢
2024年工作计划15个工作日内完成
"""


def run(argv: list[str], lang: str = "en") -> tuple[int, str, str]:
    """``rules extract`` as the CLI will run it: parse, then cmd_extract; (status, out, err)."""
    parser = Parser(prog="gov-deadlines rules extract", lang=lang)
    add_arguments(parser)
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = cmd_extract(Context(lang, False, WorkCalendar.default()), args)
    except UsageError as exc:
        err.write(f"error: {exc}\n")
        status = 2
    finally:
        sys.stdout, sys.stderr = old
    return status, out.getvalue(), err.getvalue()


# -- loading -----------------------------------------------------------------------------------


def test_gbk_file(tmp_path: Path) -> None:
    """A plan saved in GBK (WPS, Chinese Windows) reads as in UTF-8."""
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("gbk"))
    assert [c.limit.text for c in extract_file(path).clauses] == ["20个工作日内", "每年1月31日前"]


def test_decode_utf8_bom() -> None:
    """A byte order mark is not text."""
    assert decode("\ufeff政务".encode()) == ("政务", "utf-8")


def test_html_page(tmp_path: Path) -> None:
    """A saved web page: scripts, styles and navigation dropped, blocks on lines."""
    page = (
        "<html><head><meta charset='gbk'><title>t</title><style>p{}</style></head><body>"
        "<nav>首页 &gt; 通知</nav><script>var a='3个工作日内';</script>"
        "<p>各部门要在文件公开后<b>5个工作日内</b>解读。</p><p>及时公开。</p></body></html>"
    )
    path = tmp_path / "plan.html"
    path.write_bytes(page.encode("gbk"))
    ex = extract_file(path)
    assert [(c.limit.text, c.trigger and c.trigger.text) for c in ex.clauses] == [
        ("5个工作日内", "文件公开后")
    ]
    assert "var a" not in ex.text and len(ex.vague) == 1


def test_html_text_entities() -> None:
    """Character references are decoded."""
    assert "3个工作日内" in html_text("<p>3&#20010;工作日内</p>")


def _docx(paragraphs: list[str], cells: list[str]) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ps = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    tcs = "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in cells)
    xml = f'<?xml version="1.0"?><w:document {w}><w:body>{ps}<w:tbl><w:tr>{tcs}</w:tr></w:tbl>'
    xml += "</w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_docx_with_table(tmp_path: Path) -> None:
    """A .docx: paragraphs, then a table whose unit and 完成时限 cells make a row."""
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx(["某局2023年政务公开工作要点分工方案", "一、平台建设"],
                           ["完善政策文件库。", "办公室、政务科", "11月底前"]))  # fmt: skip
    ex = extract_file(path)
    (c,) = ex.clauses
    assert c.kind == "fixed_date" and [u.text for u in c.units] == ["办公室", "政务科"]
    assert c.due(ex.year) is not None and c.due(ex.year).isoformat() == "2023-11-30"


def test_extract_text_or_path(tmp_path: Path) -> None:
    """extract() takes a path (Path or an existing file's name) or the text itself."""
    path = tmp_path / "p.txt"
    path.write_text(PLAN, "utf-8")
    assert extract(path).source == "p.txt" == extract(str(path)).source
    assert extract(PLAN).source == "<text>"


# -- normalisation -----------------------------------------------------------------------------


def test_page_chrome_removed() -> None:
    """Breadcrumbs, view counters and everything after 猜你喜欢 are not read."""
    ex = extract_text(PLAN)
    assert len(ex.clauses) == 2  # the 15个工作日内 after 猜你喜欢 is the site's
    assert ex.meta.title is not None and ex.meta.title.text == "某县2024年政务公开工作要点"
    assert ex.meta.issuer is not None and ex.meta.issuer.text == "某县人民政府办公室"
    assert ex.meta.date_value is not None and ex.meta.date_value.isoformat() == "2024-03-01"


def test_inline_junk_inside_a_sentence() -> None:
    """A site's phrase inside a word does not break it."""
    (c,) = extract_text("要在3个工作当前隐藏内容免费查看日内撤下。").clauses
    assert str(c.period) == "3wd" and c.limit.text == "3个工作当前隐藏内容免费查看日内"


@pytest.mark.parametrize("text", ["区(qū)政府 １５个工作日内", "各部门　要在\xa05 个工作日", PLAN])
def test_position_map(text: str) -> None:
    """Each normalised character comes from an original one, in order."""
    n = normalize(text, chrome=False)
    positions = [n.original(i) for i in range(len(n.text))]
    assert positions == sorted(set(positions))
    assert all(0 <= p < len(text) for p in positions)


# -- outputs -----------------------------------------------------------------------------------


def test_catalog_loads(tmp_path: Path) -> None:
    """The draft catalog loads with the project's loader: a rule per deadline and fixed date."""
    path = tmp_path / "draft.toml"
    path.write_text(to_catalog_toml(extract_text(PLAN)), "utf-8")
    cat = Catalog.from_file(path)
    rules = [cat.get(r) for r in cat]
    assert [(r.kind, str(r.period) if r.period else r.schedule) for r in rules] == [
        ("deadline", "20wd"),
        ("fixed_date", rules[1].schedule),
    ]
    assert rules[1].schedule is not None and (rules[1].schedule.month, rules[1].schedule.day) == (
        1,
        31,
    )
    assert rules[0].citations[0].quote is not None and "20个工作日内" in rules[0].citations[0].quote


def test_register_rows() -> None:
    """One row per clause in document order, vague ones included; due dates of the plan's year."""
    rows = register_rows([extract_text(PLAN)])
    assert rows[0][:4] == ["序号", "文件", "章节", "原文"]
    kinds = [r[rows[0].index("期限类型")] for r in rows[1:]]
    assert kinds == ["事件后期限", "无明确期限", "固定日期"]
    assert rows[3][rows[0].index("截止日期")] == "2024-01-31"


def test_register_formula_cells_are_text(tmp_path: Path) -> None:
    """A cell starting like a formula is written with an apostrophe (CSV injection)."""
    doc = _write(tmp_path, "=HYPERLINK(1)要在3个工作日内撤下。")
    status, out, _ = run(["--format", "csv", doc])
    assert status == 0 and "'=HYPERLINK" in out


def test_review_html_marks_every_clause() -> None:
    """Each clause and vague clause is a <mark> in the page, with its row in the table."""
    page = review_html(extract_text(PLAN))
    assert page.count('<mark class="clause') == 2 and page.count('<mark class="vague"') == 1
    assert 'id="row-clause-1"' in page and 'href="#clause-2"' in page


# -- the command -------------------------------------------------------------------------------


def _write(folder: Path, text: str, name: str = "plan.txt") -> str:
    path = folder / name
    path.write_text(text, "utf-8")
    return str(path)


def test_cli_toml_to_stdout(tmp_path: Path) -> None:
    """No -o: the draft catalog on stdout, the counts on stderr."""
    status, out, err = run([_write(tmp_path, PLAN)])
    assert status == 0 and out.startswith("# Draft rule catalog") and "[[rule]]" in out
    assert "2 clauses with a time limit, 1 with none" in err


def test_cli_several_outputs(tmp_path: Path) -> None:
    """-o repeated: each output by its extension, from one reading."""
    doc = _write(tmp_path, PLAN)
    outs = [tmp_path / n for n in ("d.toml", "r.csv", "p.html", "x.json")]
    status, _, err = run([doc, *(a for o in outs for a in ("-o", str(o)))], lang="zh")
    assert status == 0 and all(o.exists() for o in outs), err
    Catalog.from_file(outs[0])
    with outs[1].open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 4
    assert json.loads(outs[3].read_text("utf-8"))["meta"]["year"] == 2024


def test_cli_html_per_document(tmp_path: Path) -> None:
    """Several documents and one .html: one review page per document."""
    a, b = _write(tmp_path, PLAN, "a.txt"), _write(tmp_path, PLAN, "b.txt")
    status, _, _ = run([a, b, "-o", str(tmp_path / "review.html")])
    assert status == 0
    assert (tmp_path / "review-a.html").exists() and (tmp_path / "review-b.html").exists()


def test_cli_errors(tmp_path: Path) -> None:
    """A missing file and an unknown extension are usage errors (status 2), worded."""
    status, _, err = run([str(tmp_path / "none.txt")])
    assert status == 2 and "none.txt" in err
    status, _, err = run([_write(tmp_path, PLAN), "-o", str(tmp_path / "x.pdf")], lang="zh")
    assert status == 2 and "--format" in err


def test_import_gov_deadlines_leaves_the_extractor_out() -> None:
    """``import gov_deadlines`` does not load the extractor, OpenCC or pypdf."""
    import subprocess

    code = ("import sys, gov_deadlines; "
            "print(sorted(m for m in sys.modules if m.startswith(('gov_deadlines.extraction', "
            "'opencc', 'pypdf'))))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_extract_is_a_public_name() -> None:
    """``gov_deadlines.extract(text)`` and ``gov_deadlines.Extraction``, loaded on first use."""
    import gov_deadlines

    ex = gov_deadlines.extract("各部门要在3个工作日内撤下。")
    assert isinstance(ex, gov_deadlines.Extraction)
    (c,) = ex.clauses
    assert str(c.period) == "3wd"
