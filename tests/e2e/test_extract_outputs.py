"""``rules extract`` end to end on the four sample plans: the draft catalog loads through the real
CLI's ``--rules``, the register (CSV and XLSX) is audited by the real ``check``, and the review page
is opened in headless Chromium with every clause highlighted.

The command runs in a subprocess: through ``gov-deadlines rules extract`` once the CLI has it,
until then through a runner calling ``add_arguments``/``cmd_extract`` exactly as the CLI will.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gov_deadlines.extraction import extract_file
from tests.conftest import SHARED
from tests.e2e.conftest import CLI

SAMPLES = sorted((SHARED / "samples").glob("*.txt")) if SHARED.is_dir() else []
_RUNNER = """
import sys
from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.extract_cmd import add_arguments, cmd_extract
from gov_deadlines.cli.parsing import Parser
p = Parser(prog="gov-deadlines rules extract", lang="zh")
add_arguments(p)
a = p.parse_args(sys.argv[1:])
try:
    sys.exit(cmd_extract(Context("zh", False, WorkCalendar.default()), a))
except UsageError as e:
    sys.stderr.write(f"错误：{e}\\n")
    sys.exit(2)
"""


def _wired(cli: CLI) -> bool:
    done = cli("rules", "extract", "--help")
    return done.returncode == 0 and "DOC" in done.stdout


def extract_cmd(cli: CLI, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """``rules extract ARGS`` in a subprocess (the real CLI when it is wired)."""
    cmd = ([cli.exe, "rules", "extract", "--lang", "zh"] if _wired(cli)
           else [sys.executable, "-c", _RUNNER])  # fmt: skip
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True,
                          env=cli.env(), timeout=120, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, cli: CLI) -> Path:
    if not SAMPLES:
        pytest.skip("../shared/samples not found")
    out = tmp_path_factory.mktemp("extract")
    done = extract_cmd(cli, *SAMPLES, "-o", out / "draft.toml", "-o", out / "register.csv",
                       "-o", out / "register.xlsx", "-o", out / "review.html")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_draft_catalog_loads_with_rules_option(cli: CLI, outputs: Path) -> None:
    """The real CLI loads the draft with --rules and shows a rule from it with its quote."""
    done = cli("rules", "--rules", outputs / "draft.toml", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    ids = re.findall(r"plan\.\S+", done.stdout)
    assert len(ids) == 7  # 5 + 1 + 4 clauses, less the 3 frequencies (no rule kind)
    shown = cli("rules", "--rules", outputs / "draft.toml", "plan.d000_a293a27b0ce6f049.c01")
    assert shown.returncode == 0 and "20wd" in shown.stdout, shown.stderr


def test_register_csv(outputs: Path) -> None:
    """One row per clause (with a limit or none), the issue's columns, due dates of the year."""
    with (outputs / "register.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10 + 56
    for col in ("序号", "章节", "原文", "责任单位", "期限类型", "期限", "起算事件", "规则编号",
                "截止日期", "完成日期", "备注"):  # fmt: skip
        assert col in rows[0]
    due = {r["期限"]: r["截止日期"] for r in rows if r["截止日期"]}
    assert due == {"11月底前": "2023-11-30", "12月前": "2023-12-31"}


def test_register_audited_by_check(cli: CLI, outputs: Path, tmp_path: Path) -> None:
    """Filled in, the register's deadline rows are checked by the real check command."""
    with (outputs / "register.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["期限类型"] == "事件后期限"]
    assert len(rows) == 4
    for r in rows:  # 2024-03-01 (Fri) + 3 working days = 03-06; done 03-05 is on time
        r["起算日期"], r["完成日期"] = "2024-03-01", "2024-03-05"
    filled = tmp_path / "filled.csv"
    with filled.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    done = cli("check", filled, "--rules", outputs / "draft.toml", "--rule-col", "规则编号",
               "--trigger-col", "起算日期", "--done-col", "完成日期", "--lang", "zh")  # fmt: skip
    assert done.returncode == 0, done.stderr
    statuses = [line.split(",") for line in done.lines[1:]]
    assert len(statuses) == 4 and all("按期" in line for line in done.lines[1:])


def test_register_xlsx(outputs: Path) -> None:
    """The workbook: header in bold, frozen, one row per clause."""
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(outputs / "register.xlsx").active
    assert ws.max_row == 1 + 66 and ws.freeze_panes == "A2"
    assert ws.cell(1, 1).value == "序号" and ws.cell(1, 1).font.bold


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed on CI (.ci/run installs it)")
        pytest.skip("chromium not installed (apt-get install chromium); runs on CI")
    return exe


_PROBE = """<script>
const marks = [...document.querySelectorAll('mark.clause')];
const lit = marks.filter(m => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)'
  && m.getBoundingClientRect().width > 0);
document.body.dataset.clauses = marks.length;
document.body.dataset.lit = lit.length;
document.body.dataset.texts = JSON.stringify(marks.map(m => m.textContent));
</script></body>"""


@pytest.mark.parametrize("stem", [p.stem for p in SAMPLES])
def test_review_page_in_browser(outputs: Path, tmp_path: Path, stem: str) -> None:
    """Chromium renders each clause highlighted, and each highlight is the clause's quote."""
    import json

    page = (outputs / f"review-{stem}.html").read_text("utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _PROBE), "utf-8")
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probe.as_uri()]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout.decode("utf-8")
    ex = extract_file(SHARED / "samples" / f"{stem}.txt")
    clauses = int(re.search(r'data-clauses="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    lit = int(re.search(r'data-lit="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    assert clauses == lit == len(ex.clauses)
    texts = json.loads(
        re.search(r"data-texts=\"([^\"]*)\"", dom).group(1).replace("&quot;", '"')  # type: ignore[union-attr]
    )
    for c, shown in zip(ex.clauses, texts, strict=True):
        assert shown in c.quote and c.limit.text in c.quote


def test_pdf_text_layer(tmp_path: Path) -> None:
    """A plan printed to PDF by Chromium is read from its text layer (pypdf, the extract extra):
    the spaces pypdf puts around numbers do not matter."""
    pytest.importorskip("pypdf")
    page = tmp_path / "plan.html"
    page.write_text(
        '<html><head><meta charset="utf-8"></head><body><h1>某县2024年政务公开工作要点</h1>'
        "<p>一、执法公示</p><p>各乡镇要在执法决定作出之日起20个工作日内公开执法信息。</p>"
        "<p>各部门要及时回应社会关切。</p></body></html>",
        "utf-8",
    )
    pdf = tmp_path / "plan.pdf"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
           "--no-pdf-header-footer", page.as_uri()]  # fmt: skip
    subprocess.run(cmd, capture_output=True, timeout=90, check=False)
    assert pdf.exists()
    ex = extract_file(pdf)
    (c,) = ex.clauses
    assert str(c.period) == "20wd" and c.trigger is not None
    assert c.trigger.text == "执法决定作出之日起" and [u.text for u in c.units] == ["各乡镇"]
    assert ex.text[c.limit.start : c.limit.end] == c.limit.text and len(ex.vague) == 1
    assert ex.meta.year == 2024
