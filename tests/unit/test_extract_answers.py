"""The extractor against the hand annotations of the four sample plans (issue 12's targets).

The answers (tests/answers/extraction/*.toml) were written by reading the documents; this module
only locates their quotes in the original and compares.
``python -m tests.unit.test_extract_answers`` prints the table docs/extraction.md quotes.

Targets: recall and precision >= 95% on clause detection; >= 95% of found clauses with every field
(kind, period/count/schedule, trigger, lead, units, section) right.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from gov_deadlines.extraction import Clause, Extraction, VagueClause, extract_file
from gov_deadlines.extraction.normalize import normalize
from gov_deadlines.periods import Period
from tests.conftest import SHARED

ANSWERS = Path(__file__).resolve().parents[1] / "answers" / "extraction"
FIELDS = ("kind", "period", "trigger", "lead", "units", "section")
META = ("title", "year", "date", "issuer", "number")


def _norm(s: str) -> str:
    return normalize(s, chrome=False).text


def _find(text: str, quote: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.find(quote, at + 1)
        assert at >= 0, f"answer quote not in the document: {quote!r}"
    return at


@attrs.frozen
class Score:
    """Counts of one document (or all): clauses and vague clauses found, right, wrong."""

    answers: int = 0
    found: int = 0
    matched: int = 0
    vague_answers: int = 0
    vague_found: int = 0
    vague_matched: int = 0
    field_right: tuple[tuple[str, int], ...] = ()
    all_right: int = 0
    meta_right: int = 0
    meta_total: int = 0
    wrong: tuple[str, ...] = ()

    def __add__(self, o: Score) -> Score:
        fields = dict(self.field_right)
        for k, v in o.field_right:
            fields[k] = fields.get(k, 0) + v
        return Score(
            self.answers + o.answers, self.found + o.found, self.matched + o.matched,
            self.vague_answers + o.vague_answers, self.vague_found + o.vague_found,
            self.vague_matched + o.vague_matched, tuple(fields.items()),
            self.all_right + o.all_right, self.meta_right + o.meta_right,
            self.meta_total + o.meta_total, self.wrong + o.wrong,
        )  # fmt: skip

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return 1.0 if b == 0 else a / b

    @property
    def recall(self) -> float:
        return self.ratio(self.matched, self.answers)

    @property
    def precision(self) -> float:
        return self.ratio(self.matched, self.found)

    @property
    def vague_recall(self) -> float:
        return self.ratio(self.vague_matched, self.vague_answers)

    @property
    def vague_precision(self) -> float:
        return self.ratio(self.vague_matched, self.vague_found)

    @property
    def every_field(self) -> float:
        return self.ratio(self.all_right, self.matched)

    def field(self, name: str) -> float:
        return self.ratio(dict(self.field_right).get(name, 0), self.matched)


def _got(c: Clause) -> dict[str, Any]:
    if c.kind == "frequency":
        period: Any = (str(c.period), c.count)
    elif c.schedule is not None:
        period = (c.schedule.every, c.schedule.month, c.schedule.day)
    else:
        period = str(c.period)
    return {
        "kind": c.kind,
        "period": period,
        "trigger": _norm(c.trigger.text) if c.trigger else "",
        "lead": [_norm(u.text) for u in c.lead],
        "units": [_norm(u.text) for u in c.units],
        "section": [_norm(s.text) for s in c.section],
    }


def _want(a: dict[str, Any]) -> dict[str, Any]:
    if a["kind"] == "frequency":
        period: Any = (str(Period.parse(a["period"])), a["count"])
    elif "schedule" in a:
        s = a["schedule"]
        period = (s["every"], s.get("month"), s["day"])
    else:
        period = str(Period.parse(a["period"]))
    return {
        "kind": a["kind"],
        "period": period,
        "trigger": _norm(a["trigger"]),
        "lead": [_norm(u) for u in a["lead"]],
        "units": [_norm(u) for u in a["units"]],
        "section": [_norm(s) for s in a["section"]],
    }


def _meta(ex: Extraction, doc: dict[str, Any]) -> list[tuple[str, bool]]:
    m = ex.meta
    got = {
        "title": _norm(m.title.text) if m.title else "",
        "year": m.year or 0,
        "date": m.date_value,
        "issuer": _norm(m.issuer.text) if m.issuer else "",
        "number": _norm(m.number.text) if m.number else "",
    }
    return [(k, got[k] == doc.get(k, None if k == "date" else "")) for k in META]


def score(answer_file: Path) -> tuple[Score, Extraction]:
    """Compare the extraction of one sample with its answers."""
    answers = tomllib.loads(answer_file.read_text("utf-8"))
    doc = answers["document"]
    ex = extract_file(SHARED / "samples" / doc["file"])
    text = ex.text
    wrong: list[str] = []
    free: list[Clause] = list(ex.clauses)
    matched = all_right = 0
    fields = dict.fromkeys(FIELDS, 0)
    for a in answers.get("clause", []):
        q = _find(text, a["quote"], a.get("occurrence", 1))
        la = q + a["quote"].index(a["limit"])
        lb = la + len(a["limit"])
        hit = next((c for c in free if c.limit.start < lb and la < c.limit.end), None)
        if hit is None:
            wrong.append(f"{doc['file']}: missed {a['limit']!r} in {a['quote'][:30]!r}")
            continue
        free.remove(hit)
        matched += 1
        got, want = _got(hit), _want(a)
        bad = [k for k in FIELDS if got[k] != want[k]]
        for k in FIELDS:
            fields[k] += k not in bad
        all_right += not bad
        wrong += [f"{doc['file']}: {a['limit']!r} {k}: got {got[k]!r}, want {want[k]!r}"
                  for k in bad]  # fmt: skip
    wrong += [f"{doc['file']}: extra clause {c.limit.text!r} in {c.quote[:30]!r}" for c in free]
    vfree: list[VagueClause] = list(ex.vague)
    vmatched = 0
    for v in answers.get("vague", []):
        q = _find(text, v["quote"], v.get("occurrence", 1))
        ma = q + v["quote"].index(v["marker"])
        hit2 = next((x for x in vfree if x.span.start <= ma < x.span.end), None)
        if hit2 is None:
            wrong.append(f"{doc['file']}: missed vague {v['quote'][:30]!r}")
            continue
        vfree.remove(hit2)
        vmatched += 1
    wrong += [f"{doc['file']}: extra vague {x.quote[:30]!r}" for x in vfree]
    meta = _meta(ex, doc)
    wrong += [f"{doc['file']}: metadata {k} wrong" for k, ok in meta if not ok]
    return Score(
        len(answers.get("clause", [])), len(ex.clauses), matched,
        len(answers.get("vague", [])), len(ex.vague), vmatched, tuple(fields.items()),
        all_right, sum(ok for _, ok in meta), len(meta), tuple(wrong),
    ), ex  # fmt: skip


def _files() -> Iterator[Path]:
    return iter(sorted(ANSWERS.glob("*.toml")))


@pytest.fixture(scope="module")
def scores(shared_dir: Path) -> dict[str, Score]:
    return {p.stem: score(p)[0] for p in _files()}


def _total(scores: dict[str, Score]) -> Score:
    total = Score()
    for s in scores.values():
        total = total + s
    return total


def test_every_answer_file_is_scored(scores: dict[str, Score]) -> None:
    """Four sample documents, four answer files."""
    assert len(scores) == 4


@pytest.mark.parametrize("stem", [p.stem for p in _files()])
def test_clause_detection_per_document(scores: dict[str, Score], stem: str) -> None:
    """Recall and precision of clauses with a time limit >= 95% in each document."""
    s = scores[stem]
    assert s.recall >= 0.95 and s.precision >= 0.95, s.wrong


def test_clause_detection_overall(scores: dict[str, Score]) -> None:
    """Recall and precision >= 95% over the four documents."""
    t = _total(scores)
    assert t.recall >= 0.95 and t.precision >= 0.95, t.wrong


def test_every_field_right(scores: dict[str, Score]) -> None:
    """>= 95% of the clauses found have kind, period, trigger, units and section right."""
    t = _total(scores)
    assert t.every_field >= 0.95, t.wrong


@pytest.mark.parametrize("stem", [p.stem for p in _files()])
def test_vague_clauses_per_document(scores: dict[str, Score], stem: str) -> None:
    """Clauses with no measurable deadline: recall and precision >= 95% in each document."""
    s = scores[stem]
    assert s.vague_recall >= 0.95 and s.vague_precision >= 0.95, s.wrong


def test_metadata(scores: dict[str, Score]) -> None:
    """Title, year, date, issuer and number as annotated, in every document."""
    t = _total(scores)
    assert t.meta_right == t.meta_total, t.wrong


def test_every_field_points_into_the_original(shared_dir: Path) -> None:
    """Nothing invented: every span's text is the original's text at its offsets."""
    for p in _files():
        _, ex = score(p)
        for c in ex.clauses:
            spans = [c.span, c.limit, *c.lead, *c.units, *c.section]
            spans += [s for s in (c.trigger, c.obligation) if s is not None]
            for s in spans:
                assert ex.text[s.start : s.end] == s.text
        for v in ex.vague:
            for s in (v.span, v.marker, *v.units, *v.section):
                assert ex.text[s.start : s.end] == s.text


def table() -> str:
    """The per-document, per-field table of docs/extraction.md."""
    rows = ["| document | clauses (answers/found/matched) | recall | precision | every field | "
            + " | ".join(FIELDS) + " | vague recall | vague precision | metadata |",
            "|" + "---|" * (9 + len(FIELDS))]  # fmt: skip
    scored = {p.stem: score(p)[0] for p in _files()}
    scored["all"] = _total(scored)
    for stem, s in scored.items():
        pct = [f"{s.recall:.0%}", f"{s.precision:.0%}", f"{s.every_field:.0%}"]
        pct += [f"{s.field(k):.0%}" for k in FIELDS]
        rows.append(
            f"| {stem} | {s.answers}/{s.found}/{s.matched} | " + " | ".join(pct)
            + f" | {s.vague_recall:.0%} | {s.vague_precision:.0%} | {s.meta_right}/{s.meta_total} |"
        )  # fmt: skip
    return "\n".join(rows) + "\n\n" + "\n".join(scored["all"].wrong)


if __name__ == "__main__":
    print(table())
