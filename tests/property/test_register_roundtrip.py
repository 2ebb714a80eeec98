"""Round trip of a register (台账) through ``gov-deadlines check``: nothing is lost or altered.

Random registers -- headers and cells with commas, quotes, line breaks, Chinese, leading
``= + - @``, empty cells, ragged and blank records, readable and unreadable trigger dates -- are
written as CSV (UTF-8, UTF-8 with BOM, or GBK), run through the batch in-process, and read back
with the standard csv module. The reference for "what the input holds" is the csv module reading
the same file, never the project's reader.

Properties: the output has exactly as many records as the input (header included, blank records
included); every cell comes back unchanged except that a cell a spreadsheet would run as a formula
gets a leading apostrophe; header names come back stripped of surrounding white space (documented
in :func:`gov_deadlines.io.open_register`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_deadlines.cli import main

# Appended result columns (due ... error, calendar); counted from the output header instead of
# importing the list, so the test follows the CLI without trusting it for the input side.
TRIGGER = "收到申请日期"
DONE = "答复日期"

# The spec of neutralisation, written out independently of gov_deadlines.io.neutralise.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def expected_cell(text: str) -> str:
    """What a CSV cell must look like after the batch: formula-like text gets a leading '."""
    if text.startswith(_FORMULA_START) and text != "-" and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


# ------------------------------------------------------------------------------- strategies

_TRICKY = ",\"'\n\r\t =+-@；，、。“”（）〔〕号年月日案件逾期甲乙丙丁０１２ \u3000"
_CHINESE = "收到申请日期答复案号备注政府信息公开依申请行政许可处罚决定书京沪粤"

tricky_text = st.text(alphabet=st.sampled_from(list(_TRICKY + _CHINESE) + list("abcAZ019.")),
                      max_size=12)  # fmt: skip
any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00\ufeff"), max_size=8
)
formula_like = st.sampled_from(
    [
        '=HYPERLINK("http://evil.example","点我")',
        "=1+1",
        "+1",
        "+1+1",
        "-5",
        "-2+3",
        "-",
        "--",
        "+",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\r\n",
        "-.5",
        "+3.2e5",
        "-inf",
        "1e5",
        " =1",
        "'=already",
    ]
)
cells = st.one_of(
    st.just(""),
    tricky_text,
    any_text,
    formula_like,
    st.builds(lambda a, b: a + b, st.sampled_from(list("=+-@\t\r")), tricky_text),
)

_DATES = ["2024-02-08", "2024/2/8", "2024年2月8日", "20240208", "45330", "2025.1.20",
          "2019-12-31", "2026-12-31 17:30", " 2024-02-18 "]  # fmt: skip
_BAD_DATES = ["2024-02-30", "13/02/2024", "2027-01-05", "0", "明天", "2024-2", "-", "=2024-02-08"]
date_cells = st.one_of(st.sampled_from(_DATES), st.sampled_from(_BAD_DATES), st.just(""), cells)


@st.composite
def registers(draw: st.DrawFn) -> tuple[list[str], list[list[str]], int, int | None]:
    """(header, records, trigger column, done column or None)."""
    others = draw(
        st.lists(
            st.one_of(tricky_text, any_text, formula_like).filter(
                lambda h: h.strip().casefold() not in (TRIGGER, DONE)
            ),
            max_size=4,
        )
    )
    header = list(others)
    trigger = draw(st.integers(0, len(header)))
    header.insert(trigger, draw(st.sampled_from([TRIGGER, f" {TRIGGER} "])))
    done: int | None = None
    if draw(st.booleans()):
        done = draw(st.integers(0, len(header)))
        header.insert(done, DONE)
        if done <= trigger:
            trigger += 1
    width = len(header)
    recs: list[list[str]] = []
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.integers(0, 9)) == 0:
            recs.append([])  # a blank line
            continue
        n = draw(st.integers(1, width + 3))
        row = [draw(cells) for _ in range(n)]
        if trigger < n:
            row[trigger] = draw(date_cells)
        if done is not None and done < n:
            row[done] = draw(date_cells)
        recs.append(row)
    return header, recs, trigger, done


# ---------------------------------------------------------------------------------- helpers


def _encode(text: str, encoding: str) -> tuple[bytes, list[str], str]:
    """The file's bytes, the CLI options it needs to be read back, and its real encoding.

    GBK bytes that also happen to be valid UTF-8 cannot be told apart by any detector; such a
    file is given ``--encoding gbk``, as its owner would have to. Text GBK cannot encode is
    written as UTF-8 instead.
    """
    if encoding == "gbk":
        try:
            data = text.encode("gbk")
        except UnicodeEncodeError:
            return text.encode("utf-8"), [], "utf-8"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data, [], "gbk"  # detection must find it
        return data, ([] if data.isascii() else ["--encoding", "gbk"]), "gbk"
    return text.encode(encoding), [], "utf-8-sig"


def _run(args: list[str]) -> int:
    with contextlib.redirect_stderr(io.StringIO()):
        return main(args)


def _read(path: Path, encoding: str) -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


# ----------------------------------------------------------------------------------- tests


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reg=registers(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
    terminator=st.sampled_from(["\r\n", "\n"]),
    lang=st.sampled_from(["en", "zh"]),
)
def test_register_round_trips(reg, encoding, terminator, lang):
    """Every record comes out, in order; every cell unchanged but for neutralisation."""
    header, records, _, done = reg
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=terminator).writerows([header, *records])
    data, options, real = _encode(buf.getvalue(), encoding)
    # The reference: what the csv module reads from the very same bytes.
    expected = list(csv.reader(io.StringIO(data.decode(real), newline="")))
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder) / "台账.csv", Path(folder) / "结果.csv"
        src.write_bytes(data)
        # --header-row 1: the header is line 1 here (without it, a header whose names are
        # broken by a lone CR would be looked for, and found, on the next lines).
        args = ["check", str(src), "--rule", "ogi.request.reply", "--trigger-col", TRIGGER,
                "-o", str(out), "--lang", lang, "--header-row", "1", *options]  # fmt: skip
        if done is not None:
            args += ["--done-col", DONE]
        status = _run(args)
        leftovers = sorted(f.name for f in Path(folder).iterdir() if f != src)
        names = {h.strip() for h in expected[0]}
        if not {TRIGGER, DONE if done is not None else TRIGGER} <= names:
            # A lone CR in a header cell written with "\n" line ends is a line break to every
            # CSV reader: the named columns are not on line 1, a usage error with no output.
            assert (status, leftovers) == (2, [])
            return
        assert status in (0, 1)
        assert leftovers == [out.name]  # no temporary file left behind
        got = _read(out, "utf-8-sig")

    assert len(got) == len(expected)
    width = len(expected[0])
    results = len(got[0]) - width
    assert results > 0
    assert got[0][:width] == [expected_cell(h.strip()) for h in expected[0]]
    for number, (inp, row) in enumerate(zip(expected[1:], got[1:], strict=True), 2):
        want = [expected_cell(c) for c in inp]
        assert row[:width] == want[:width] + [""] * (width - len(want[:width])), number
        assert row[width + results :] == want[width:], number
        assert len(row) == max(width, len(inp)) + results, number


# ----------------------------------------------------- examples at the reader's chunk edges

_CHUNK = 1 << 16  # gov_deadlines.io.readers reads 64 KiB at a time


@pytest.mark.parametrize("shift", range(-5, 3))
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_chunk_boundary(tmp_path, shift, encoding):
    """A CRLF or a two-byte character that straddles a 64 KiB read boundary is read whole."""
    header = "案号,收到申请日期,备注\r\n".encode(encoding)
    filler = b"F," + b"2024-02-08," + b"x" * 100 + b"\r\n"
    body = header
    while len(body) + len(filler) < _CHUNK - 200:
        body += filler
    # pad so the tricky bytes land on the boundary, give or take ``shift``
    pad = _CHUNK - len(body) - len(b'T,2024-02-08,"') - 1 + shift
    tricky = b'T,2024-02-08,"' + b"y" * pad + "\r\n中\r文".encode(encoding) + b'"\r\n'
    data = body + tricky + b"L,2024-02-08,last\r\n"
    src, out = tmp_path / "台账.csv", tmp_path / "结果.csv"
    src.write_bytes(data)
    status = _run(["check", str(src), "--rule", "ogi.request.reply", "--trigger-col",
                   "收到申请日期", "-o", str(out), "--lang", "en"])  # fmt: skip
    assert status == 0
    expected = list(csv.reader(io.StringIO(data.decode(encoding), newline="")))
    got = _read(out, "utf-8-sig")
    assert len(got) == len(expected)
    assert [row[:3] for row in got[1:]] == expected[1:]
    assert got[-2][2].endswith("\r\n中\r文")
    assert codecs.BOM_UTF8 not in out.read_bytes()[len(codecs.BOM_UTF8) :]  # at most a leading one
