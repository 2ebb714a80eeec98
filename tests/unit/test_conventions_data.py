"""The counting conventions as data (rules/conventions.toml, day_definitions.toml, receipt.toml):
quotes are the statute text as published, eras follow each other without a gap, and each
statutory day definition lists exactly the lengths its own article names."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from gov_deadlines.rules.conventions import CHANNELS, convention, receipt_reading

RULES = resources.files("gov_deadlines.rules")
NUMERALS = {"二": 2, "三": 3, "五": 5, "七": 7, "十": 10}


def _data(name: str) -> dict[str, Any]:
    return tomllib.loads((RULES / name).read_text("utf-8"))


def _quotes() -> list[tuple[str, str, str]]:
    out = []
    for t in _data("conventions.toml")["convention"]:
        out.append((f"convention {t['name']} {t['law']}", t["law"], t.get("quote")))
    for t in _data("day_definitions.toml")["definition"]:
        out.append((f"definition {t['law']}", t["law"], t["quote"]))
    for name, t in _data("receipt.toml").items():
        out.append((f"receipt {name}", t["law"], t["quote"]))
    return [q for q in out if q[2]]


@pytest.fixture(scope="module")
def law_texts(shared_dir: Path) -> dict[str, str]:
    """Statute texts keyed by the title on their first line, whitespace collapsed."""
    out: dict[str, str] = {}
    for path in (shared_dir / "data" / "law").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        out[title] = out.get(title, "") + " ".join(text.split())
    return out


@pytest.mark.parametrize(("where", "law", "quote"), _quotes(), ids=[q[0] for q in _quotes()])
def test_quotes_are_verbatim(where: str, law: str, quote: str, law_texts: dict[str, str]) -> None:
    """Every quote is a substring of the statute it names, as published."""
    texts = [t for title, t in law_texts.items() if title in law or law.endswith(title)]
    if not texts:  # 民法典's file holds its general part; its title names the code
        texts = [t for title, t in law_texts.items() if law.removeprefix("中华人民共和国") in title]
    assert texts, f"{where}: no text for {law} in shared/data/law"
    assert any(" ".join(quote.split()) in t for t in texts), f"{where}: quote not found"


def test_entries_without_a_quote_say_why() -> None:
    """The older codes were not at hand: each such entry carries a note saying so."""
    for t in _data("conventions.toml")["convention"]:
        if "quote" not in t:
            assert "not at hand" in t["note"], t


@pytest.mark.parametrize("name", ["start", "hours", "month_end", "rollover", "cutoff"])
def test_eras_follow_each_other(name: str) -> None:
    """民法通则 to 2017-09-30, 民法总则 2017-10-01..2020-12-31, 民法典 from 2021-01-01."""
    cases = {
        dt.date(1990, 1, 1): "中华人民共和国民法通则",
        dt.date(2017, 9, 30): "中华人民共和国民法通则",
        dt.date(2017, 10, 1): "中华人民共和国民法总则",
        dt.date(2020, 12, 31): "中华人民共和国民法总则",
        dt.date(2021, 1, 1): "中华人民共和国民法典",
        dt.date(2026, 6, 1): "中华人民共和国民法典",
    }
    for on, law in cases.items():
        assert convention(name, on).law == law, (name, on)


def test_day_definition_lengths_are_those_the_article_names() -> None:
    """The lengths listed for 行政处罚法 Art. 85 and 行政复议法 Art. 88 are read off the quote;
    行政许可法 Art. 82 names none: all of the agency's periods."""
    for t in _data("day_definitions.toml")["definition"]:
        named = {NUMERALS[m] for m in re.findall(r"“([二三五七十])日”", t["quote"])}
        assert set(t["lengths"]) == named, t["law"]


def test_every_channel_has_a_reading() -> None:
    """In person and mail keep the day (条例 Art. 31 (一)(二)); online, fax and e-mail are
    confirmed on a working day ((三))."""
    readings = {c: receipt_reading("ogi.2019", c)[0] for c in CHANNELS}
    assert readings == {
        "in_person": "as_is",
        "mail": "as_is",
        "online": "next_workday",
        "fax": "next_workday",
        "email": "next_workday",
    }
    assert receipt_reading("ogi.2019", None)[0] == "next_workday"
