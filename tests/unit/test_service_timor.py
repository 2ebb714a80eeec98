"""The drop-in for the public holiday API (service/timor.py): answers checked by hand.

Every expected day is in tests/answers/timor.csv, read from the State Council notices in
shared/data/notices -- 2024.txt (国办发明电〔2023〕7号), 2025.txt (国办发明电〔2024〕12号),
2015-special.txt (国发明电〔2015〕1号) -- and, for ``wage``, 《全国年节及纪念日放假办法》 Art. 2
(the 2013 and 2024 versions, shared/data/law); the ``why`` column gives the reasoning. Counts of
days are written out below. The code under test computes none of the expected values.
"""

from __future__ import annotations

import csv
import datetime as dt
import types
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gov_deadlines import Catalog, WorkCalendar
from gov_deadlines.service import timor
from gov_deadlines.service.state import Snapshot

ANSWERS = Path(__file__).resolve().parent.parent / "answers" / "timor.csv"
LOADED_AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _client(mode: str = "error", region: str | None = None) -> TestClient:
    cal = WorkCalendar.default(region=region)
    cal_w = WorkCalendar.default(region=region, unknown_years="weekends")
    app = FastAPI()
    app.state.holder = types.SimpleNamespace(
        current=Snapshot(
            calendars={"error": cal, "weekends": cal_w},
            catalog=Catalog.default(),
            unknown_years=mode,  # type: ignore[arg-type]
            loaded_at=LOADED_AT,
        )
    )
    app.include_router(timor.router)
    return TestClient(app)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return _client()


def _rows() -> list[dict[str, str]]:
    with ANSWERS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _expected_holiday(row: dict[str, str]) -> dict[str, Any] | None:
    """The ``holiday`` object a row describes (name and target only where the row gives them)."""
    if row["holiday"] == "null":
        return None
    out: dict[str, Any] = {"holiday": row["holiday"] == "true", "date": row["date"]}
    out["wage"] = None if row["wage"] == "null" else int(row["wage"])
    if row["after"]:
        out["after"] = row["after"] == "true"
    for field in ("name", "target"):
        if row[field]:
            out[field] = row[field]
    return out


def _subset(got: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
    if expected is None or got is None:
        return got is expected
    return {k: got.get(k, "<absent>") for k in expected} == expected


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["date"])
def test_info_answers(client: TestClient, row: dict[str, str]) -> None:
    """Each hand-checked day: type code, weekday number, name, holiday object, wage."""
    body = client.get(f"/api/holiday/info/{row['date']}").json()
    assert body["code"] == 0
    assert body["type"]["type"] == int(row["type"])
    assert body["type"]["week"] == int(row["week"])
    if row["name"]:
        assert body["type"]["name"] == row["name"]
    assert _subset(body["holiday"], _expected_holiday(row)), (row["why"], body["holiday"])


def test_type_codes_0_to_3(client: TestClient) -> None:
    """0 workday (2024-02-09, Friday 除夕 not off), 1 weekend (2024-06-08), 2 holiday
    (2024-02-10, 初一), 3 make-up workday (2024-02-04, Sunday 上班)."""
    days = {"2024-02-09": 0, "2024-06-08": 1, "2024-02-10": 2, "2024-02-04": 3}
    got = {d: client.get(f"/api/holiday/info/{d}").json()["type"]["type"] for d in days}
    assert got == days


def test_plain_days_have_no_holiday_object(client: TestClient) -> None:
    """A plain working day and a plain weekend: ``holiday`` is null, as in the public API."""
    assert client.get("/api/holiday/info/2024-02-19").json()["holiday"] is None
    assert client.get("/api/holiday/info/2024-06-08").json()["holiday"] is None


def test_date_forms_and_trailing_slash(client: TestClient) -> None:
    """``2024-2-4`` (the public API's short form) and a trailing slash answer as ``2024-02-04``."""
    want = client.get("/api/holiday/info/2024-02-04").json()
    assert client.get("/api/holiday/info/2024-2-4").json() == want
    assert client.get("/api/holiday/info/2024-02-04/").json() == want


def test_info_without_date_is_today(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """No date: today in China (the clock read in one place, replaced here)."""
    monkeypatch.setattr(timor, "_today", lambda: dt.date(2024, 2, 18))
    for path in ("/api/holiday/info", "/api/holiday/info/"):
        assert client.get(path).json()["holiday"]["name"] == "春节后补班"


def test_fingerprint_in_every_answer(client: TestClient) -> None:
    """``calendar`` and the header carry the fingerprint, in answers and refusals alike."""
    fp = WorkCalendar.default().fingerprint
    for path in ("/api/holiday/info/2024-02-10", "/api/holiday/info/2031-01-01"):
        r = client.get(path)
        assert r.json()["calendar"] == fp and r.headers["X-Calendar-Fingerprint"] == fp


# -- batch ---------------------------------------------------------------------------------------


def test_batch_keys_as_sent_in_order(client: TestClient) -> None:
    """One entry per date, keyed exactly as sent, in the order sent; ``type=Y`` adds types."""
    sent = ["2024-02-18", "2024-2-10", "2024-02-09", "2024-02-04"]
    r = client.get("/api/holiday/batch", params={"d": sent, "type": "Y"})
    body = r.json()
    assert r.status_code == 200 and body["code"] == 0
    assert list(body["holiday"]) == sent and list(body["type"]) == sent
    # 2/18 after-break make-up Sunday, 2/10 初一, 2/9 a working Friday, 2/4 make-up Sunday
    assert [t["type"] for t in body["type"].values()] == [3, 2, 0, 3]
    assert body["holiday"]["2024-02-09"] is None
    assert body["holiday"]["2024-2-10"]["wage"] == 3


def test_batch_without_type_has_no_types(client: TestClient) -> None:
    """``type`` is only returned when asked for (``type=Y``)."""
    body = client.get("/api/holiday/batch?d=2024-02-10").json()
    assert "type" not in body and list(body["holiday"]) == ["2024-02-10"]


def test_batch_comma_form(client: TestClient) -> None:
    """The old form ``d=a,b`` is two dates."""
    body = client.get("/api/holiday/batch?d=2024-02-10,2024-02-19").json()
    assert list(body["holiday"]) == ["2024-02-10", "2024-02-19"]


def test_batch_bad_item_refuses_the_batch(client: TestClient) -> None:
    """One impossible date (2024-02-30): 400, code -1, naming the item; no partial answer
    (a null would read as "not a holiday")."""
    r = client.get("/api/holiday/batch?d=2024-02-10&d=2024-02-30")
    body = r.json()
    assert r.status_code == 400 and body["code"] == -1 and body["error"] == "bad_date"
    assert "第2个" in body["msg"] and "2024-02-30" in body["msg"]
    assert "holiday" not in body


def test_batch_unloaded_year_refuses_the_batch(client: TestClient) -> None:
    """A date of a year not loaded (2030): 404 for the batch, naming the year."""
    r = client.get("/api/holiday/batch?d=2024-02-10&d=2030-01-01")
    assert r.status_code == 404 and r.json()["year"] == 2030


def test_batch_limits(client: TestClient) -> None:
    """No ``d`` at all, or more than MAX_BATCH dates: 400."""
    assert client.get("/api/holiday/batch").status_code == 400
    many = ["2024-01-01"] * (timor.MAX_BATCH + 1)
    assert client.get("/api/holiday/batch", params={"d": many}).status_code == 400


# -- year ----------------------------------------------------------------------------------------


def test_year_2024_count(client: TestClient) -> None:
    """2024: days off 1 (元旦) + 8 (春节 2/10-17) + 3 (清明 4/4-6) + 5 (劳动 5/1-5) + 1 (端午
    6/10) + 3 (中秋 9/15-17) + 7 (国庆 10/1-7) = 28; make-up days 2/4, 2/18, 4/7, 4/28, 5/11,
    9/14, 9/29, 10/12 = 8; 36 entries keyed MM-DD."""
    holiday = client.get("/api/holiday/year/2024").json()["holiday"]
    assert len(holiday) == 36
    assert sum(not v["holiday"] for v in holiday.values()) == 8
    assert holiday["02-04"]["date"] == "2024-02-04" and "2024-02-04" not in holiday


def test_year_2025_count(client: TestClient) -> None:
    """2025: days off 1 (元旦) + 8 (春节 1/28-2/4) + 3 (清明 4/4-6) + 5 (劳动 5/1-5) + 3 (端午
    5/31-6/2) + 8 (国庆、中秋 10/1-8) = 28; make-up days 1/26, 2/8, 4/27, 9/28, 10/11 = 5; 33.
    Statutory (wage 3): 1/1, 1/28-31, 4/4, 5/1-2, 5/31, 10/1-3, 10/6 = 13."""
    holiday = client.get("/api/holiday/year/2025").json()["holiday"]
    assert len(holiday) == 33
    assert sum(v["wage"] == 3 for v in holiday.values()) == 13


def test_year_month_with_types(client: TestClient) -> None:
    """2024-02 (and 2024-2): 2/4, the 8 days 2/10-17, 2/18 = 10 entries; ``type=Y`` keys
    types by the full date."""
    body = client.get("/api/holiday/year/2024-02?type=Y").json()
    assert len(body["holiday"]) == 10
    assert next(iter(body["type"])) == "2024-02-04" and body["type"]["2024-02-04"]["type"] == 3
    assert client.get("/api/holiday/year/2024-2/").json()["holiday"] == body["holiday"]


def test_year_month_with_weekends(client: TestClient) -> None:
    """2024-06, ``week=Y``: Saturdays and Sundays 1, 2, 8, 9, 15, 16, 22, 23, 29, 30 (10) and
    端午 6/10 = 11 entries in date order; without weekends only 6/10."""
    holiday = client.get("/api/holiday/year/2024-06?week=Y").json()["holiday"]
    assert len(holiday) == 11 and list(holiday) == sorted(holiday)
    assert holiday["06-08"] == {"holiday": True, "name": "周六", "wage": 2, "date": "2024-06-08"}
    assert list(client.get("/api/holiday/year/2024-06").json()["holiday"]) == ["06-10"]


def test_year_not_loaded(client: TestClient) -> None:
    """2027 is not loaded: 404 (the public API gives an empty object), saying how to load it."""
    r = client.get("/api/holiday/year/2027")
    body = r.json()
    assert r.status_code == 404 and body["code"] == -1 and body["error"] == "year_not_loaded"
    assert body["year"] == 2027 and body["loaded"] == "2004-2026"
    assert "2027年" in body["msg"] and "gov-deadlines calendar import" in body["msg"]
    assert "--into" in body["msg"]


@pytest.mark.parametrize("value", ["2024-13", "24", "2024-02-01x", "abcd"])
def test_year_malformed(client: TestClient, value: str) -> None:
    """Not a year or a year and month: 400 in the same shape."""
    r = client.get(f"/api/holiday/year/{value}")
    assert r.status_code == 400 and r.json()["code"] == -1


def test_flag_values(client: TestClient) -> None:
    """``type``/``week`` take Y or N (either case); anything else is refused, not guessed."""
    assert "type" in client.get("/api/holiday/year/2024-02?type=y").json()
    r = client.get("/api/holiday/year/2024-02?week=yes")
    assert r.status_code == 400 and "week" in r.json()["msg"]


# -- errors --------------------------------------------------------------------------------------


def test_unloaded_day(client: TestClient) -> None:
    """A day of 2031: 404, code -1, the year, what is loaded and how to load it, in Chinese."""
    r = client.get("/api/holiday/info/2031-05-01")
    body = r.json()
    assert r.status_code == 404 and body["code"] == -1
    assert body["year"] == 2031 and "未加载2031年" in body["msg"]
    assert r.headers["Content-Language"] == "zh"


def test_unloaded_day_in_english(client: TestClient) -> None:
    """A client that asks for English gets the message in English; the names stay Chinese."""
    r = client.get("/api/holiday/info/2031-05-01", headers={"Accept-Language": "en"})
    assert r.json()["msg"].startswith("no holiday arrangement is loaded for 2031")


def test_weekends_mode_server_still_refuses() -> None:
    """A server in unknown_years='weekends' mode: this API still refuses 2031 (its clients
    cannot see a provisional mark)."""
    r = _client(mode="weekends").get("/api/holiday/info/2031-05-01")
    assert r.status_code == 404 and r.json()["year"] == 2031


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "08/02/2024", "tomorrow"])
def test_bad_date(client: TestClient, value: str) -> None:
    """Impossible or ambiguous dates: 400, code -1, in the public API's shape."""
    r = client.get(f"/api/holiday/info/{value}")
    assert r.status_code == 400
    assert r.json()["code"] == -1 and r.json()["error"] == "bad_date"


# -- regions -------------------------------------------------------------------------------------


def test_regional_holiday_wage_unknown() -> None:
    """Guangxi's 壮族三月三 (bundled overlay CN-GX 2024.json: 4/11-12 off; 4/11 a Thursday): a
    day off, but Art. 2 does not settle its pay: wage null."""
    body = _client(region="CN-GX").get("/api/holiday/info/2024-04-11").json()
    assert body["type"] == {"type": 2, "name": "壮族三月三", "week": 4}
    assert body["holiday"]["wage"] is None


def test_regional_year_not_loaded() -> None:
    """Guangxi's overlay for 2025 is not bundled: 404 naming the region and the year."""
    body = _client(region="CN-GX").get("/api/holiday/info/2025-04-01").json()
    assert body["year"] == 2025 and body["region"] == "广西" and "广西2025年" in body["msg"]


# -- next ----------------------------------------------------------------------------------------


def test_next_holiday_with_makeup_before(client: TestClient) -> None:
    """From 2024-02-01: the next day off is 2/10 (9 days on), the make-up Sunday 2/4 (3 days
    on) comes before it."""
    body = client.get("/api/holiday/next/2024-02-01?type=Y").json()
    assert body["holiday"]["date"] == "2024-02-10" and body["holiday"]["rest"] == 9
    assert body["workday"]["date"] == "2024-02-04" and body["workday"]["rest"] == 3
    assert body["workday"]["target"] == "春节" and body["workday"]["after"] is False
    assert body["type"]["workday"]["type"] == 3


def test_next_holiday_weekends(client: TestClient) -> None:
    """``week=Y``: from Thursday 2024-02-01 the next day off is Saturday 2/3, no make-up day."""
    body = client.get("/api/holiday/next/2024-02-01?week=Y").json()
    assert body["holiday"]["date"] == "2024-02-03" and body["holiday"]["name"] == "周六"
    assert body["workday"] is None


def test_next_holiday_in_unloaded_year(client: TestClient) -> None:
    """From 2026-12-01 the next day off is in 2027, not loaded: 404 for 2027."""
    r = client.get("/api/holiday/next/2026-12-01")
    assert r.status_code == 404 and r.json()["year"] == 2027


def test_next_workday(client: TestClient) -> None:
    """After Friday 2024-02-09: 2/10-17 off, Sunday 2/18 is a make-up workday, 9 days on."""
    workday = client.get("/api/holiday/workday/next/2024-02-09").json()["workday"]
    assert workday == {
        "type": 3, "name": "春节后补班", "week": 7, "date": "2024-02-18", "rest": 9,
    }  # fmt: skip
