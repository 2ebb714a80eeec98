"""The HTTP service's ``/v1`` API (service/v1.py, cases.py, problems.py, app.py), checked by hand.

Every expected day is in tests/answers/service/days.csv, typed from the State Council notices in
shared/data/notices: 2024.txt (国办发明电〔2023〕7号), 2025.txt (国办发明电〔2024〕12号),
2020.txt (国办发明电〔2019〕16号) and 2020-extension.txt (国办发明电〔2020〕1号); its ``why`` column
gives the reading. Counts of working days are written out beside each expected date. The rule
behind the verdicts is ``ogi.request.reply``: 20 working days (《政府信息公开条例》 Art. 33),
start day not counted (《民法典》 Art. 201). The code under test computes none of the expected
values; the fingerprint is the library's own, which the service must pass through unchanged.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from gov_deadlines import WorkCalendar
from gov_deadlines.service.app import create_app
from gov_deadlines.service.state import Settings

ANSWERS = Path(__file__).resolve().parent.parent / "answers"
DAYS = ANSWERS / "service" / "days.csv"
DATA_DIR = ANSWERS / "data-dir"

PROBLEM = "application/problem+json"
NDJSON = "application/x-ndjson"
FINGERPRINT = WorkCalendar.default().fingerprint
PROVISIONAL_FINGERPRINT = WorkCalendar.default(unknown_years="weekends").fingerprint
EN = {"Accept-Language": "en-US,en;q=0.9"}

# Trigger 2024-02-08 (Thursday). Counted from 2/9: 2/9 Fri (1); 2/10-2/17 春节 skipped;
# 2/18 Sun 调休 (2); 2/19-2/23 (3-7); 2/26-3/1 (8-12); 3/4-3/8 (13-17); 3/11 (18), 3/12 (19),
# 3/13 Wed (20). Due 2024-03-13.
OGI = "ogi.request.reply"
TRIGGER = "2024-02-08"
DUE = "2024-03-13"


@pytest.fixture(scope="module")
def client() -> TestClient:
    """The service on the bundled data, default settings."""
    return TestClient(create_app(Settings()))


@pytest.fixture(scope="module")
def small() -> TestClient:
    """The service with small limits: 1,000-byte bodies, 3-case batches, 200-byte lines."""
    return TestClient(create_app(Settings(max_body=1000, max_batch=3, max_line=200)))


def _days() -> list[dict[str, str]]:
    with DAYS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _problem(response: Any, status: int) -> dict[str, Any]:
    """The problem+json body of ``response``, after checking its status and media type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body


def _case(**facts: Any) -> dict[str, Any]:
    return {"rule": OGI, "trigger": TRIGGER, **facts}


def _ndjson(cases: list[Any]) -> bytes:
    return b"".join(json.dumps(c, ensure_ascii=False).encode() + b"\n" for c in cases)


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# -- days -------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", _days(), ids=lambda r: r["date"])
def test_day_answers(client: TestClient, row: dict[str, str]) -> None:
    """Each hand-checked day: kind, holiday name, whether people work, not provisional."""
    body = client.get(f"/v1/days/{row['date']}").json()
    assert body["date"] == row["date"]
    assert body["kind"] == row["kind"], row["why"]
    assert body["name"] == (row["name"] or None), row["why"]
    assert body["workday"] is (row["workday"] == "true"), row["why"]
    assert body["provisional"] is False


def test_day_accepts_dates_as_people_write_them(client: TestClient) -> None:
    """``2024年2月18日``, ``20240218`` and (in a query) ``2024/2/18`` mean ``2024-02-18``."""
    for written in ("2024年2月18日", "20240218"):
        body = client.get(f"/v1/days/{written}").json()
        assert (body["date"], body["kind"]) == ("2024-02-18", "makeup_workday")
    body = client.get("/v1/between", params={"start": "2024/2/8", "end": "2024/2/18"}).json()
    assert (body["start"], body["end"], body["workdays"]) == ("2024-02-08", "2024-02-18", 2)


def test_days_range_lists_every_day_inclusive(client: TestClient) -> None:
    """2024-02-08..2024-02-19 is 12 days: Thu, Fri workdays, 8 days of 春节, Sunday 调休, Monday."""
    body = client.get("/v1/days", params={"from": "2024-02-08", "to": "2024-02-19"}).json()
    kinds = [(d["date"][5:], d["kind"]) for d in body["days"]]
    assert kinds == [
        ("02-08", "workday"),
        ("02-09", "workday"),
        *((f"02-{d}", "holiday") for d in range(10, 18)),  # 10..17: 8 days
        ("02-18", "makeup_workday"),
        ("02-19", "workday"),
    ]


def test_days_range_refuses_to_before_from(client: TestClient) -> None:
    """``to`` earlier than ``from`` is a 422 naming ``to``."""
    body = _problem(client.get("/v1/days", params={"from": "2024-02-19", "to": "2024-02-08"}), 422)
    assert [e["field"] for e in body["errors"]] == ["to"]


# -- working-day arithmetic -------------------------------------------------------------------


def test_add_20_workdays_over_spring_festival(client: TestClient) -> None:
    """The 20th working day after 2024-02-08 is 2024-03-13 (counted in the module's header)."""
    body = client.get("/v1/add", params={"date": TRIGGER, "n": 20}).json()
    assert (body["due"], body["unit"], body["provisional"]) == (DUE, "workdays", False)


def test_add_negative_counts_back_to_the_makeup_sunday(client: TestClient) -> None:
    """One working day before Monday 2024-02-19 is Sunday 2024-02-18 (调休上班)."""
    body = client.get("/v1/add", params={"date": "2024-02-19", "n": -1}).json()
    assert body["due"] == "2024-02-18"


def test_add_30_days_rolls_over_a_holiday_end(client: TestClient) -> None:
    """30 days after 2024-01-11 end on 2024-02-10, in the 春节 break: rolled to 2024-02-18."""
    # Start day not counted (民法典 Art. 201): 1/12 is day 1, 1/31 day 20, 2/10 day 30. 2/10-2/17
    # are days off, 2/18 is a make-up workday: the last day moves there (Art. 203).
    by_unit = client.get("/v1/add", params={"date": "2024-01-11", "n": 30, "unit": "days"})
    by_period = client.get("/v1/add", params={"date": "2024-01-11", "period": "30日"})
    assert by_unit.json()["due"] == "2024-02-18"
    assert by_period.json()["due"] == "2024-02-18"


def test_add_needs_n_or_period(client: TestClient) -> None:
    """Neither ``n`` nor ``period``: a 422 naming ``n``."""
    body = _problem(client.get("/v1/add", params={"date": TRIGGER}), 422)
    assert [e["field"] for e in body["errors"]] == ["n"]


def test_between_excludes_start_includes_end(client: TestClient) -> None:
    """(2024-02-08, 2024-02-19] holds 3 working days: 2/9, 2/18 (调休), 2/19."""
    body = client.get("/v1/between", params={"start": TRIGGER, "end": "2024-02-19"}).json()
    assert body["workdays"] == 3


def test_between_the_trigger_and_its_due_date_is_the_period(client: TestClient) -> None:
    """(2024-02-08, 2024-03-13] holds the 20 working days counted in the module's header."""
    body = client.get("/v1/between", params={"start": TRIGGER, "end": DUE}).json()
    assert body["workdays"] == 20


def test_between_reversed_is_negative(client: TestClient) -> None:
    """From 2024-02-19 back to 2024-02-08: -3."""
    body = client.get("/v1/between", params={"start": "2024-02-19", "end": TRIGGER}).json()
    assert body["workdays"] == -3


# -- verdicts ---------------------------------------------------------------------------------

# (facts, status, workdays_late, days_late, workdays_left), due 2024-03-13 in every row.
VERDICTS = [
    ({"done": "2024-03-13"}, "on_time", None, None, None),  # on the 20th working day
    ({"done": "2024-03-14"}, "late", 1, 1, None),  # 3/14
    ({"done": "2024-03-18"}, "late", 3, 5, None),  # 3/14 Thu, 3/15 Fri, 3/18 Mon; 5 days
    # left after 3/1: 3/4-3/8 (5), 3/11, 3/12, 3/13 = 8
    ({"as_of": "2024-03-01"}, "pending", None, None, 8),
    ({"as_of": "2024-03-20"}, "overdue", 5, 7, None),  # 3/14, 3/15, 3/18, 3/19, 3/20; 7 days
]


@pytest.mark.parametrize(
    ("facts", "status", "workdays_late", "days_late", "workdays_left"),
    VERDICTS,
    ids=[f"{v[1]}-{next(iter(v[0].values()))}" for v in VERDICTS],
)
def test_check_verdicts(
    client: TestClient,
    facts: dict[str, str],
    status: str,
    workdays_late: int | None,
    days_late: int | None,
    workdays_left: int | None,
) -> None:
    """Reply to a request received 2024-02-08: on time, late by N working days, pending, overdue."""
    body = client.post("/v1/check", json=_case(**facts)).json()
    assert (body["status"], body["due"]) == (status, DUE)
    assert body["workdays_late"] == workdays_late
    assert body["days_late"] == days_late
    assert body["workdays_left"] == workdays_left
    assert (body["rule"], body["period"]) == (OGI, "20wd")


def test_check_verdict_word_in_the_request_language(client: TestClient) -> None:
    """``verdict`` is the status in words: 逾期 by default, ``late`` in English."""
    case = _case(done="2024-03-14")
    assert client.post("/v1/check", json=case).json()["verdict"] == "逾期"
    assert client.post("/v1/check", json=case, headers=EN).json()["verdict"].lower() == "late"


def test_check_impossible_facts_are_an_invalid_verdict(client: TestClient) -> None:
    """Done before the trigger: 200 with status ``invalid`` and a reason, not a silent answer."""
    body = client.post("/v1/check", json=_case(done="2024-02-01")).json()
    assert body["status"] == "invalid"
    assert body["reason"] is not None
    assert body["reason_text"]


def test_due_with_extension_and_pause(client: TestClient) -> None:
    """20 + 20 extended working days, 5 working days paused (2/26-3/1): due 2024-04-18."""
    # 40 working days after 2/8: the 20th is 3/13; 3/14, 3/15 (22), 3/18-3/22 (27),
    # 3/25-3/29 (32), 4/1-4/3 (35), 4/4-4/6 清明 skipped, 4/7 Sun 调休 (36), 4/8-4/11 (40).
    # The pause Mon 2/26-Fri 3/1 stopped the clock for 5 working days: 4/12 (41), 4/15-4/18 (45).
    case = _case(
        extension=20,
        pauses=[{"start": "2024-02-26", "end": "2024-03-01", "kind": "third_party_consultation"}],
    )
    body = client.post("/v1/due", json=case).json()
    assert body["due"] == "2024-04-18"
    assert (body["extended"], body["paused"]) == (20, 5)
    assert body["paused_spans"] == [["2024-02-26", "2024-03-01"]]


def test_check_pending_with_extension_and_pause_counts_what_is_left(client: TestClient) -> None:
    """Same case on 2024-03-01: due 2024-04-18 and 33 working days left (README example)."""
    # Left after 3/1 up to 4/18: 3/4-3/29 (20), 4/1-4/3 (23), 4/7 (24), 4/8-4/12 (29),
    # 4/15-4/18 (33).
    case = _case(
        as_of="2024-03-01",
        extension=20,
        pauses=[{"start": "2024-02-26", "end": "2024-03-01", "kind": "third_party_consultation"}],
    )
    body = client.post("/v1/check", json=case).json()
    assert (body["status"], body["due"], body["workdays_left"]) == ("pending", "2024-04-18", 33)


def test_explanation_in_chinese_by_default(client: TestClient) -> None:
    """``explain=true``: the steps in Chinese, citing 条例 Art. 33 and 民法典 Art. 201."""
    response = client.post("/v1/check?explain=true", json=_case(done="2024-03-14"))
    text = response.json()["explanation"]
    assert "截止日：2024-03-13" in text
    assert "第33条" in text and "第201条" in text
    assert "逾期1个工作日" in text


@pytest.mark.parametrize("how", ["header", "query"])
def test_explanation_in_english(client: TestClient, how: str) -> None:
    """``explain=true`` with Accept-Language: en-US or ``?lang=en``: the steps in English."""
    headers, query = (EN, "") if how == "header" else ({}, "&lang=en")
    response = client.post(f"/v1/check?explain=true{query}", json=_case(done="2024-03-14"),
                           headers=headers)  # fmt: skip
    text = response.json()["explanation"]
    assert "Due: 2024-03-13" in text
    assert "Art. 33" in text and "Art. 201" in text
    assert "late by 1 working day" in text
    assert "截止日" not in text


def test_no_explanation_unless_asked(client: TestClient) -> None:
    """Without ``explain``, the answer carries no explanation text."""
    assert "explanation" not in client.post("/v1/check", json=_case(done="2024-03-14")).json()


def test_due_explanation_in_both_languages(client: TestClient) -> None:
    """``POST /v1/due?explain=true`` explains in zh, and in en with ``?lang=en``."""
    zh = client.post("/v1/due?explain=true", json=_case()).json()["explanation"]
    en = client.post("/v1/due?explain=true&lang=en", json=_case()).json()["explanation"]
    assert "截止日：2024-03-13" in zh
    assert "Due: 2024-03-13" in en


# -- rules and calendar -----------------------------------------------------------------------


def test_rules_list_the_ogi_reply_with_its_citation(client: TestClient) -> None:
    """``/v1/rules`` lists ``ogi.request.reply``: 20 working days, 条例 Art. 33."""
    rules = {r["id"]: r for r in client.get("/v1/rules").json()["rules"]}
    rule = rules[OGI]
    assert rule["period"] == "20wd"
    assert "政府信息公开条例" in rule["citation"] and "33" in rule["citation"]


def test_rule_versions_with_their_dates(client: TestClient) -> None:
    """``/v1/rules/ogi.request.reply``: the 2019 条例's version in force from 2019-05-15."""
    body = client.get(f"/v1/rules/{OGI}").json()
    assert body["id"] == OGI
    assert "2019-05-15" in json.dumps(body["versions"])


def test_calendar_says_which_years_are_loaded(client: TestClient) -> None:
    """``/v1/calendar``: the 23 bundled years 2004-2026, errors for other years."""
    body = client.get("/v1/calendar").json()
    assert body["years"] == list(range(2004, 2027))  # 2004..2026: 23 years
    assert body["coverage"] == [2004, 2026]
    assert body["unknown_years"] == "error"


# -- years not loaded -------------------------------------------------------------------------


def test_day_of_a_year_not_loaded_is_404_saying_how(client: TestClient) -> None:
    """A 2031 day: 404 problem naming the year, what is loaded and how to load it."""
    body = _problem(client.get("/v1/days/2031-01-06"), 404)
    assert (body["year"], body["loaded"]) == (2031, "2004-2026")
    assert "2031" in body["detail"]
    assert "calendar import" in body["detail"] and "unknown_years=weekends" in body["detail"]


def test_check_in_a_year_not_loaded_is_409(client: TestClient) -> None:
    """A 2031 case: 409 (the request is fine, the data is not there), in English on request."""
    response = client.post("/v1/check", json=_case(trigger="2031-03-03"), headers=EN)
    body = _problem(response, 409)
    assert body["year"] == 2031
    assert "2031" in body["detail"] and "unknown_years=weekends" in body["detail"]


def test_add_into_a_year_not_loaded_is_refused(client: TestClient) -> None:
    """20 working days after 2026-12-20 run into 2027: refused, never guessed."""
    body = _problem(client.get("/v1/add", params={"date": "2026-12-20", "n": 20}), 409)
    assert body["year"] == 2027


def test_weekends_opt_in_answers_provisionally(client: TestClient) -> None:
    """``unknown_years=weekends``: Monday 2031-01-06 is a workday, marked provisional."""
    response = client.get("/v1/days/2031-01-06?unknown_years=weekends")
    body = response.json()
    assert response.status_code == 200
    assert (body["kind"], body["workday"], body["provisional"]) == ("workday", True, True)


def test_weekends_opt_in_add_is_provisional(client: TestClient) -> None:
    """Monday 2031-03-03 + 20 working days, Monday-Friday assumed: Monday 2031-03-31."""
    # 3/4-3/7 (4), 3/10-3/14 (9), 3/17-3/21 (14), 3/24-3/28 (19), 3/31 (20).
    params = {"date": "2031-03-03", "n": 20, "unknown_years": "weekends"}
    body = client.get("/v1/add", params=params).json()
    assert (body["due"], body["provisional"]) == ("2031-03-31", True)


def test_weekends_opt_in_check_is_provisional(client: TestClient) -> None:
    """A 2031 case with ``unknown_years=weekends``: 200, due 2031-03-31, provisional."""
    response = client.post("/v1/check?unknown_years=weekends", json=_case(trigger="2031-03-03"))
    body = response.json()
    assert response.status_code == 200
    assert (body["due"], body["provisional"]) == ("2031-03-31", True)


def test_weekends_opt_in_is_not_provisional_on_loaded_years(client: TestClient) -> None:
    """``unknown_years=weekends`` on 2024 days: exact answers, provisional false."""
    day = client.get("/v1/days/2024-02-18?unknown_years=weekends").json()
    add = client.get("/v1/add", params={"date": TRIGGER, "n": 20, "unknown_years": "weekends"})
    verdict = client.post("/v1/check?unknown_years=weekends", json=_case(done="2024-03-14"))
    assert (day["kind"], day["provisional"]) == ("makeup_workday", False)
    assert (add.json()["due"], add.json()["provisional"]) == (DUE, False)
    assert (verdict.json()["status"], verdict.json()["provisional"]) == ("late", False)


# -- fields that cannot be read ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "query"),
    [({}, ""), ({"Accept-Language": "zh-CN"}, ""), ({"Accept-Language": "en;q=0.1,zh-CN"}, "")],
    ids=["default", "zh-CN", "zh-preferred"],
)
def test_bad_date_names_the_field_in_chinese(
    client: TestClient, headers: dict[str, str], query: str
) -> None:
    """2024-02-30: 422 naming ``date``, in Chinese."""
    response = client.get(f"/v1/days/2024-02-30{query}", headers=headers)
    body = _problem(response, 422)
    assert response.headers["content-language"] == "zh"
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("date", "not_date")]
    assert body["errors"][0]["message"].startswith("date：")
    assert "2024-02-30" in body["detail"] and "不存在" in body["detail"]


@pytest.mark.parametrize(
    ("headers", "query"),
    [(EN, ""), ({}, "?lang=en"), ({"Accept-Language": "zh-CN"}, "?lang=en")],
    ids=["accept-language", "lang", "lang-beats-header"],
)
def test_bad_date_names_the_field_in_english(
    client: TestClient, headers: dict[str, str], query: str
) -> None:
    """2024-02-30: 422 naming ``date``, in English."""
    response = client.get(f"/v1/days/2024-02-30{query}", headers=headers)
    body = _problem(response, 422)
    assert response.headers["content-language"] == "en"
    assert body["errors"][0]["message"].startswith("date: ")
    assert "does not exist" in body["detail"]


def test_bad_date_in_a_body_names_its_field(client: TestClient) -> None:
    """A case with trigger 2024-02-30 and a pause ending 2024-13-01: both fields named."""
    case = _case(trigger="2024-02-30", pauses=[{"start": "2024-02-26", "end": "2024-13-01"}])
    body = _problem(client.post("/v1/check", json=case), 422)
    assert {e["field"] for e in body["errors"]} == {"trigger", "pauses[0].end"}


def test_unknown_field_is_422(client: TestClient) -> None:
    """A field the API does not have (a typo) is refused, never ignored."""
    body = _problem(client.post("/v1/check", json=_case(dnoe="2024-03-14")), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("dnoe", "unknown_field")]


@pytest.mark.parametrize("where", ["check", "rules"])
def test_unknown_rule_suggests_close_ids(client: TestClient, where: str) -> None:
    """``ogi.request.repy``: suggests ``ogi.request.reply`` and points to ``GET /v1/rules`` (not
    to the CLI); a 422 on the case's ``rule``, a 404 when the rule is the resource asked for."""
    if where == "check":
        response = client.post("/v1/check?lang=en", json=_case(rule="ogi.request.repy"))
        body, field = _problem(response, 422), "rule"
    else:
        body, field = _problem(client.get("/v1/rules/ogi.request.repy?lang=en"), 404), "rule_id"
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, "unknown_rule")]
    message = body["errors"][0]["message"]
    assert "ogi.request.reply" in message and "GET /v1/rules" in message
    assert "(list them: rules)" not in message


def test_too_long_and_empty_fields_are_worded(client: TestClient) -> None:
    """pydantic's length errors in our words: an empty rule id, 1,001 pauses (at most 1,000)."""
    body = _problem(client.post("/v1/check?lang=en", json=_case(rule="")), 422)
    assert body["errors"] == [
        {"field": "rule", "code": "empty", "message": "rule: must not be empty"}
    ]
    pause = {"start": "2024-02-20", "end": "2024-02-21"}
    body = _problem(client.post("/v1/check", json=_case(pauses=[pause] * 1001)), 422)
    assert body["errors"] == [
        {"field": "pauses", "code": "too_long", "message": "pauses：过长（上限为 1000）"}
    ]


def test_unknown_path_is_a_404_problem(client: TestClient) -> None:
    """A path the service does not have: 404 problem+json naming it."""
    body = _problem(client.get("/v1/nothing-here"), 404)
    assert "/v1/nothing-here" in body["detail"]


def test_wrong_method_is_a_405_problem(client: TestClient) -> None:
    """GET on a POST endpoint: 405 problem+json."""
    _problem(client.get("/v1/check"), 405)


# -- limits -----------------------------------------------------------------------------------


def _big_case() -> bytes:
    """A 2,000-byte-plus JSON case: over the small client's 1,000-byte limit."""
    return json.dumps(_case(channel="x" * 2000)).encode()


def _chunks(data: bytes, size: int = 100) -> Iterator[bytes]:
    """``data`` as a generator: sent chunked, with no Content-Length."""
    for i in range(0, len(data), size):
        yield data[i : i + size]


def test_body_over_limit_with_content_length_is_413(small: TestClient) -> None:
    """A declared body over ``max_body`` is refused before it is read: 413 naming the limit."""
    data = _big_case()
    response = small.post("/v1/check", content=data, headers={"content-type": "application/json"})
    body = _problem(response, 413)
    assert "1000" in body["detail"]


def test_chunked_body_over_limit_is_413(small: TestClient) -> None:
    """A body sent chunked (no Content-Length) is refused as soon as it passes ``max_body``."""
    response = small.post("/v1/check", content=_chunks(_big_case()),
                          headers={"content-type": "application/json"})  # fmt: skip
    _problem(response, 413)


def test_chunked_batch_over_limit_is_413(small: TestClient) -> None:
    """A JSON batch sent chunked past ``max_body``: 413."""
    data = json.dumps([_case(channel="x" * 400)] * 3).encode()
    response = small.post("/v1/check/batch", content=_chunks(data),
                          headers={"content-type": "application/json"})  # fmt: skip
    _problem(response, 413)


def test_batch_over_max_batch_is_413(small: TestClient) -> None:
    """4 cases where at most 3 are allowed: 413 saying both numbers."""
    body = _problem(small.post("/v1/check/batch", json=[_case()] * 4), 413)
    assert "3" in body["detail"] and "4" in body["detail"]


def test_batch_of_wrong_content_type_is_415(client: TestClient) -> None:
    """``text/csv`` to the batch: 415 naming what was sent."""
    csv_type = {"content-type": "text/csv"}
    response = client.post("/v1/check/batch", content=b"a,b\n", headers=csv_type)
    assert "text/csv" in _problem(response, 415)["detail"]


# -- batches ----------------------------------------------------------------------------------

# late (3/14), a case with an impossible trigger, pending on 3/01 (8 left).
MIXED = [
    _case(done="2024-03-14"),
    _case(trigger="2024-02-30"),
    _case(as_of="2024-03-01"),
]


def test_batch_answers_in_order_one_per_case(client: TestClient) -> None:
    """Three cases, three results, ``index`` 0, 1, 2; the bad middle one disturbs no other."""
    results = client.post("/v1/check/batch", json=MIXED).json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2]
    assert [r["status"] for r in results] == ["late", "error", "pending"]
    assert (results[0]["due"], results[0]["workdays_late"]) == (DUE, 1)
    assert (results[2]["due"], results[2]["workdays_left"]) == (DUE, 8)


def test_batch_error_item_is_a_problem(client: TestClient) -> None:
    """The bad case's ``error`` is a 422 problem naming ``trigger``."""
    error = client.post("/v1/check/batch", json=MIXED).json()["results"][1]["error"]
    assert error["status"] == 422
    assert [e["field"] for e in error["errors"]] == ["trigger"]


def test_batch_results_equal_single_checks(client: TestClient) -> None:
    """Each good result of a batch is what ``POST /v1/check`` answers for that case."""
    results = client.post("/v1/check/batch", json=MIXED).json()["results"]
    for i in (0, 2):
        single = client.post("/v1/check", json=MIXED[i]).json()
        assert {k: v for k, v in results[i].items() if k != "index"} == single


def test_ndjson_equals_json_array(client: TestClient) -> None:
    """The same cases as NDJSON: one line per case, the JSON array's results exactly."""
    array = client.post("/v1/check/batch", json=MIXED).json()["results"]
    response = client.post("/v1/check/batch", content=_ndjson(MIXED),
                           headers={"content-type": NDJSON})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(NDJSON)
    assert _lines(response.text) == array


def test_ndjson_streamed_in_chunks_equals_json_array(client: TestClient) -> None:
    """NDJSON sent in 17-byte chunks (lines split across them): the same results."""
    array = client.post("/v1/check/batch", json=MIXED).json()["results"]
    response = client.post("/v1/check/batch", content=_chunks(_ndjson(MIXED), 17),
                           headers={"content-type": NDJSON})  # fmt: skip
    assert _lines(response.text) == array


def test_ndjson_skips_blank_lines(client: TestClient) -> None:
    """Blank and whitespace-only lines are no cases: two cases, two results, no final newline."""
    body = b"\n" + _ndjson([MIXED[0]]) + b"\n   \n\r\n" + _ndjson([MIXED[2]]).rstrip(b"\n")
    response = client.post("/v1/check/batch", content=body, headers={"content-type": NDJSON})
    results = _lines(response.text)
    assert [(r["index"], r["status"]) for r in results] == [(0, "late"), (1, "pending")]


def test_ndjson_line_that_is_not_json_is_an_error_item(client: TestClient) -> None:
    """``not json`` between two cases: an error item for it, the others answered."""
    body = _ndjson([MIXED[0]]) + b"not json\n" + _ndjson([MIXED[2]])
    response = client.post("/v1/check/batch", content=body, headers={"content-type": NDJSON})
    results = _lines(response.text)
    statuses = [(r["index"], r["status"]) for r in results]
    assert statuses == [(0, "late"), (1, "error"), (2, "pending")]
    assert results[1]["error"]["status"] == 422
    assert results[1]["error"]["errors"][0]["code"] == "ndjson_line"


def test_ndjson_line_over_max_line_is_an_error_item(small: TestClient) -> None:
    """A 300-byte line where 200 are allowed: an error item; the next line is answered."""
    long_line = json.dumps(_case(channel="x" * 250)).encode()
    assert len(long_line) > 200
    body = long_line + b"\n" + _ndjson([MIXED[0]])
    response = small.post("/v1/check/batch", content=body, headers={"content-type": NDJSON})
    results = _lines(response.text)
    assert [(r["index"], r["status"]) for r in results] == [(0, "error"), (1, "late")]
    assert results[0]["error"]["status"] == 422
    error = results[0]["error"]["errors"][0]
    assert error["code"] == "ndjson_too_long"
    assert "第 1 行" in error["message"] and "200" in error["message"]


def test_ndjson_error_names_the_line_of_the_body(client: TestClient) -> None:
    """A bad line after blank lines is named by its line number in the body (line 4)."""
    body = _ndjson([MIXED[0]]) + b"\n\nnot json\n"  # lines: 1 case, 2 and 3 blank, 4 bad
    response = client.post("/v1/check/batch?lang=en", content=body,
                           headers={"content-type": NDJSON})  # fmt: skip
    message = _lines(response.text)[1]["error"]["errors"][0]["message"]
    assert "line 4 " in message


# -- fingerprint ------------------------------------------------------------------------------

CALENDAR_ANSWERS = [
    ("GET", "/v1/days/2024-02-18", None),
    ("GET", "/v1/days?from=2024-02-08&to=2024-02-19", None),
    ("GET", "/v1/add?date=2024-02-08&n=20", None),
    ("GET", "/v1/add?date=2024-01-11&period=30日", None),
    ("GET", "/v1/between?start=2024-02-08&end=2024-02-19", None),
    ("GET", "/v1/calendar", None),
    ("POST", "/v1/due", _case()),
    ("POST", "/v1/check", _case(done="2024-03-14")),
    ("POST", "/v1/check/batch", [_case(done="2024-03-14")]),
]


@pytest.mark.parametrize(("method", "url", "payload"), CALENDAR_ANSWERS,
                         ids=[f"{m} {u}" for m, u, _ in CALENDAR_ANSWERS])  # fmt: skip
def test_fingerprint_in_body_and_header(
    client: TestClient, method: str, url: str, payload: Any
) -> None:
    """Every calendar-dependent answer carries the library's fingerprint, in JSON and header."""
    response = client.request(method, url, json=payload)
    assert response.status_code == 200, response.text
    assert response.headers["x-calendar-fingerprint"] == FINGERPRINT
    assert response.json()["fingerprint"] == FINGERPRINT


def test_fingerprint_in_every_batch_result_and_ndjson_header(client: TestClient) -> None:
    """Each batch result and the NDJSON answer's header carry the same fingerprint."""
    results = client.post("/v1/check/batch", json=[MIXED[0], MIXED[2]]).json()["results"]
    assert [r["fingerprint"] for r in results] == [FINGERPRINT, FINGERPRINT]
    response = client.post("/v1/check/batch", content=_ndjson([MIXED[0]]),
                           headers={"content-type": NDJSON})  # fmt: skip
    assert response.headers["x-calendar-fingerprint"] == FINGERPRINT
    assert _lines(response.text)[0]["fingerprint"] == FINGERPRINT


def test_provisional_answers_carry_the_calendar_they_used(client: TestClient) -> None:
    """``unknown_years=weekends``: the fingerprint of the library's calendar in that mode."""
    response = client.get("/v1/days/2031-01-06?unknown_years=weekends")
    assert response.headers["x-calendar-fingerprint"] == PROVISIONAL_FINGERPRINT
    assert response.json()["fingerprint"] == PROVISIONAL_FINGERPRINT


# -- health, OpenAPI --------------------------------------------------------------------------


def test_healthz(client: TestClient) -> None:
    """``/healthz`` answers ok whenever the process does."""
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_after_startup() -> None:
    """``/readyz`` is 200 with the fingerprint once the lifespan has started, 503 before."""
    app = create_app(Settings())
    assert TestClient(app).get("/readyz").status_code == 503
    with TestClient(app) as started:
        response = started.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "fingerprint": FINGERPRINT}


V1_PATHS = {
    "/v1/days/{date}",
    "/v1/days",
    "/v1/add",
    "/v1/between",
    "/v1/calendar",
    "/v1/rules",
    "/v1/rules/{rule_id}",
    "/v1/due",
    "/v1/check",
    "/v1/check/batch",
    "/v1/admin/reload",
}  # 11 paths


def test_openapi_lists_every_v1_path(client: TestClient) -> None:
    """``/openapi.json`` documents the 11 ``/v1`` paths and every ``/v1`` route the app has."""
    documented = set(client.get("/openapi.json").json()["paths"])
    routed = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/v1/")}
    assert documented >= V1_PATHS
    assert routed <= documented


def test_docs_page(client: TestClient) -> None:
    """``/docs`` (Swagger UI) answers."""
    assert client.get("/docs").status_code == 200


# -- admin reload -----------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data directory with the invented test 2027 arrangement (tests/answers/data-dir)."""
    shutil.copy(DATA_DIR / "2027.json", tmp_path / "2027.json")
    return tmp_path


def _admin(data_dir: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=str(data_dir), admin_token="t", watch=False)))


BEARER = {"Authorization": "Bearer t"}


def test_reload_is_off_without_a_token(client: TestClient) -> None:
    """No token configured: the admin endpoint does not exist (404)."""
    _problem(client.post("/v1/admin/reload", headers=BEARER), 404)


@pytest.mark.parametrize("given", [None, "Bearer wrong", "t", "Basic dDp0"])
def test_reload_refuses_a_wrong_token(data_dir: Path, given: str | None) -> None:
    """Missing, wrong or badly presented token: 401 asking for a Bearer token."""
    headers = {"Authorization": given} if given else {}
    response = _admin(data_dir).post("/v1/admin/reload", headers=headers)
    _problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_reload_with_the_token_loads_a_new_year(data_dir: Path) -> None:
    """Right token: 200; a 2028 file added since start is served after the reload."""
    c = _admin(data_dir)
    before = c.get("/v1/calendar").json()["fingerprint"]
    assert c.get("/v1/days/2027-02-14").json()["kind"] == "makeup_workday"  # the test file's
    _problem(c.get("/v1/days/2028-01-03"), 404)
    unchanged = c.post("/v1/admin/reload", headers=BEARER).json()
    assert (unchanged["reloaded"], unchanged["changed"]) == (True, False)
    year_2028 = {"year": 2028, "papers": ["TEST, invented"],
                 "days": [{"name": "元旦", "date": "2028-01-03", "isOffDay": True}]}  # fmt: skip
    (data_dir / "2028.json").write_text(json.dumps(year_2028, ensure_ascii=False), "utf-8")
    response = c.post("/v1/admin/reload", headers=BEARER)
    assert response.status_code == 200
    body = response.json()
    assert (body["previous"], body["changed"]) == (before, True)
    assert body["fingerprint"] == response.headers["x-calendar-fingerprint"] != before
    day = c.get("/v1/days/2028-01-03").json()
    assert (day["kind"], day["name"]) == ("holiday", "元旦")
    assert day["fingerprint"] == body["fingerprint"]


def test_reload_of_an_invalid_file_keeps_the_old_data(data_dir: Path) -> None:
    """A broken 2028.json: 422 naming it, and the previous fingerprint is still served."""
    c = _admin(data_dir)
    before = c.get("/v1/calendar").json()["fingerprint"]
    (data_dir / "2028.json").write_text("{not json", "utf-8")
    body = _problem(c.post("/v1/admin/reload", headers=BEARER), 422)
    assert "2028.json" in body["error"]
    assert body["fingerprint"] == before
    assert c.get("/v1/calendar").json()["fingerprint"] == before
    assert c.get("/v1/days/2027-02-14").headers["x-calendar-fingerprint"] == before
