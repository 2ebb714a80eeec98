"""`gov-deadlines check -o x.jsonl` then `gov-deadlines report x.jsonl`, as a user runs them, and
the page rendered by a real browser (headless Chromium): not blank, the sections and counts in
the DOM. The browser tests skip only when Chromium is absent and not on CI (.ci/run installs
it), and are few and bounded: each start of Chromium takes about a second."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.e2e.conftest import CLI

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OGI = [
    "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期", "--done-col", "答复日期",
    "--pause-col", "征求意见期间", "--extension-col", "延期（工作日）",
    "--restart-col", "收到补正日期", "--as-of", "2025-03-31",
]  # fmt: skip
PICTURE = [
    "--trigger-col", "收到申请日期", "--done-col", "答复日期", "--pause-col", "征求意见期间",
    "--restart-col", "收到补正日期", "--as-of", "2025-03-31",
]  # fmt: skip


@pytest.fixture(scope="module")
def reports(cli: CLI, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled register checked (en and zh keys), then reported in the other language."""
    folder = tmp_path_factory.mktemp("report")
    out = {}
    for check_lang, report_lang in (("en", "zh"), ("zh", "en")):
        results = folder / f"results-{check_lang}.jsonl"
        done = cli("check", EXAMPLES / "ogi-requests.csv", *OGI, "--lang", check_lang,
                   "-o", results)  # fmt: skip
        assert done.returncode == 1, done.stderr  # the two error rows
        html = folder / f"report-{report_lang}.html"
        done = cli("report", results, *PICTURE, "--group-by", "month:收到申请日期",
                   "--lang", report_lang, "-o", html)  # fmt: skip
        assert done.returncode == 0, done.stderr
        out[report_lang] = html
    return out


def test_report_counts(reports: dict[str, Path]) -> None:
    """25 records: 15 on time, 4 late, 2 pending, 2 overdue, 2 errors; rate 15/19 = 78.9%."""
    html = reports["en"].read_text(encoding="utf-8")
    counts = {"records": 25, "on_time": 15, "late": 4, "pending": 2, "overdue": 2, "errors": 2,
              "violations": 6, "error_rows": 2}  # fmt: skip
    for key, n in counts.items():
        assert f'data-key="{key}">{n}<' in html, key
    assert 'data-key="on_time_rate">78.9%<' in html
    assert "2024年9月31日" in html  # the impossible date's row, with its reason
    assert html.count('<figure class="picture">') == 6


def test_report_chinese(reports: dict[str, Path]) -> None:
    """--lang zh: Chinese headings, the 按期率 and its definition, Chinese month labels."""
    html = reports["zh"].read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "按期率 = 按期 ÷（按期 + 逾期）" in html and "2024年2月" in html


def test_report_usage_errors(cli: CLI, tmp_path: Path) -> None:
    """A missing file, a line that is not JSON, an unknown column: exit 2, no output file."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"status": "late"}\nnot json\n', encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text('{"编号": "1", "status": "late", "error": ""}\n', encoding="utf-8")
    out = tmp_path / "r.html"
    for args, message in (
        ((tmp_path / "missing.jsonl",), "No such file"),
        ((bad,), "line 2: not JSON"),
        ((good, "--trigger-col", "收到"), "no column '收到'"),
        ((good, "--group-by", "部门"), "no column '部门'"),
        ((good, "--pictures", "-1"), "--pictures: expected 0 or more"),
    ):
        done = cli("report", *args, "-o", out)
        assert done.returncode == 2, args
        assert message in done.stderr
        assert not out.exists()


def test_report_pictures_option(reports: dict[str, Path], cli: CLI, tmp_path: Path) -> None:
    """--pictures 2: the two most late cases drawn, the other four violations in the appendix."""
    results = reports["en"].parent / "results-zh.jsonl"
    html = tmp_path / "r.html"
    done = cli("report", results, *PICTURE, "--pictures", "2", "--lang", "en", "-o", html)
    assert done.returncode == 0, done.stderr
    text = html.read_text(encoding="utf-8")
    assert text.count('<figure class="picture">') == 2
    assert 'data-key="violations">6<' in text and 'data-key="appendix_late">4<' in text


# -- in a real browser -------------------------------------------------------------------------


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed on CI (.ci/run installs it)")
        pytest.skip("chromium not installed (apt-get install chromium); runs on CI")
    return exe


def _browser(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", f"--user-data-dir={profile}", *args, page.as_uri()]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, timeout=90, check=False)


def _png_colours(data: bytes) -> int:
    """How many distinct colours the PNG has (8-bit RGB or RGBA; a tiny decoder, no Pillow)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    prev, colours = bytearray(stride), set()
    for y in range(height):
        row = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        f, line = row[0], bytearray(row[1:])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 8 == 0:  # a sample of the rows is plenty
            colours.update(bytes(line[i : i + 3]) for i in range(0, stride, bpp * 2))
        prev = line
    return len(colours)


def test_browser_screenshot_not_blank(reports: dict[str, Path], tmp_path: Path) -> None:
    """Chromium renders the report: the screenshot exists and has many colours (bars, pictures)."""
    png = tmp_path / "report.png"
    done = _browser(reports["en"], tmp_path / "profile", f"--screenshot={png}",
                    "--window-size=1200,1600")  # fmt: skip
    assert png.exists(), done.stderr.decode(errors="replace")[-2000:]
    assert _png_colours(png.read_bytes()) > 20


def test_browser_dom(reports: dict[str, Path], tmp_path: Path) -> None:
    """The DOM as Chromium built it has every section, the counts and drawn SVG pictures."""
    done = _browser(reports["zh"], tmp_path / "profile", "--dump-dom")
    dom = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    for section in ("summary", "basis", "groups", "violations", "errors"):
        assert f'id="{section}"' in dom
    assert 'data-key="late">4<' in dom and 'data-key="error_rows">2<' in dom
    assert dom.count("<svg") >= 8  # the legend, the chart and six pictures
