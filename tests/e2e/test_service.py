"""The real ``gov-deadlines serve`` process on a loopback port: start, answer, reload, stop.

Every server here listens on 127.0.0.1 only, is bounded in time, and is stopped (SIGTERM, then
SIGKILL of its process group) by the fixture that started it, whatever the test did.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

ANSWERS = Path(__file__).resolve().parents[1] / "answers" / "data-dir"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """One ``gov-deadlines serve`` process in its own process group."""

    def __init__(self, exe: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # The log goes to a file: a pipe nobody reads fills up and blocks the server.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  # closed by the OS with the test
        self.proc = subprocess.Popen(
            [exe, "serve", "--port", str(self.port), *args],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            env={**os.environ, **(env or {}), "LANG": "C.UTF-8"},
            start_new_session=True,
        )
        self.stderr = ""

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited {self.proc.returncode}: {self.stop()}")
            try:
                if httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server not ready in {START_TIMEOUT}s: {self.stop()}")

    def get(self, path: str, **kw: object) -> httpx.Response:
        return httpx.get(self.base + path, timeout=10, **kw)  # type: ignore[arg-type]

    def stop(self) -> str:
        """SIGTERM, wait, SIGKILL the group if it hangs; returns stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.seek(0)
        self.stderr = self.log.read().decode("utf-8", "replace")
        return self.stderr


@pytest.fixture
def serve(cli: object) -> Iterator[object]:
    """``serve(*args)`` starts a ready server; every one started is stopped afterwards."""
    exe = shutil.which("gov-deadlines")
    assert exe is not None
    started: list[Server] = []

    def start(*args: str, env: dict[str, str] | None = None, ready: bool = True) -> Server:
        server = Server(exe, *args, env=env)
        started.append(server)
        if ready:
            server.wait_ready()
        return server

    yield start
    for server in started:
        server.stop()
        if server.proc.poll() is None:  # pragma: no cover - stop() kills the group
            os.killpg(server.proc.pid, signal.SIGKILL)


def _log_lines(stderr: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def test_answers_from_the_notices_and_stops_on_sigterm(serve) -> None:  # type: ignore[no-untyped-def]
    """Days and arithmetic as the 2024 notice has them; SIGTERM ends the process with status 0."""
    server = serve()
    # 2024 notice: 春节 2/10-2/17 off, Sunday 2/18 a make-up workday (调休上班).
    day = server.get("/v1/days/2024-02-18").json()
    assert (day["kind"], day["name"], day["workday"]) == ("makeup_workday", "春节", True)
    # 20 working days after Thu 2024-02-08: 2/9 (1), 2/18 (2), 2/19-23 (7), 2/26-3/1 (12),
    # 3/4-8 (17), 3/11, 12, 13 (20).
    assert server.get("/v1/add", params={"date": "2024-02-08", "n": 20}).json()["due"] == (
        "2024-03-13"
    )
    timor = server.get("/api/holiday/info/2024-02-10").json()
    assert (timor["code"], timor["type"]["type"]) == (0, 2)
    stderr = server.stop()
    assert server.proc.returncode == 0
    access = [r for r in _log_lines(stderr) if r.get("event") == "access"]
    assert {r["path"] for r in access} >= {"/v1/days/2024-02-18", "/api/holiday/info/2024-02-10"}
    assert all(isinstance(r["ms"], float) and r["status"] == 200 for r in access)
    assert "Traceback" not in stderr


def test_unloaded_year_is_a_problem_saying_how_to_load_it(serve) -> None:  # type: ignore[no-untyped-def]
    """2031 is not loaded: 404 problem+json naming the year, in Chinese by default."""
    server = serve()
    r = server.get("/v1/days/2031-01-01")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["year"] == 2031 and "calendar import" in body["detail"]
    assert "2031年" in body["detail"]


def test_hot_reload_while_requests_run(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A year file dropped into the data directory is served within seconds; requests running
    meanwhile all succeed; an invalid file is refused and the loaded data stays."""
    data = tmp_path / "data"
    data.mkdir()
    server = serve("--data-dir", str(data), "--poll", "0.2")
    before = server.get("/v1/calendar").json()["fingerprint"]
    assert server.get("/v1/days/2027-02-08").status_code == 404

    failures: list[str] = []
    counted = [0]
    stop = threading.Event()

    def hammer() -> None:
        with httpx.Client(base_url=server.base, timeout=10) as client:
            while not stop.is_set():
                r = client.get("/v1/between", params={"start": "2024-02-08", "end": "2024-03-13"})
                if r.status_code != 200 or r.json()["workdays"] != 20:
                    failures.append(f"{r.status_code} {r.text[:200]}")
                counted[0] += 1

    threads = [threading.Thread(target=hammer) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        staged = tmp_path / "2027.json.part"
        shutil.copy(ANSWERS / "2027.json", staged)
        staged.replace(data / "2027.json")  # how an administrator should publish: atomically
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if server.get("/v1/days/2027-02-08").status_code == 200:
                break
            time.sleep(0.1)
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=20)
    assert failures == [] and counted[0] > 10
    # The test file: 春节 2027-02-05..12 off (hand-written, tests/answers/data-dir/2027.json).
    day = server.get("/v1/days/2027-02-08").json()
    assert (day["kind"], day["name"]) == ("holiday", "春节")
    after = server.get("/v1/calendar").json()["fingerprint"]
    assert after != before and day["fingerprint"] == after

    (data / "broken.json").write_text("{not json", encoding="utf-8")
    time.sleep(1.5)  # several polls
    assert server.get("/v1/calendar").json()["fingerprint"] == after
    assert server.get("/v1/days/2027-02-08").status_code == 200
    stderr = server.stop()
    refused = [r for r in _log_lines(stderr) if r.get("message", "").startswith("reload refused")]
    assert refused and "broken.json" in str(refused[-1])


def test_in_flight_request_finishes_on_shutdown(serve) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM while an NDJSON batch is still arriving: the batch is answered whole, then the
    process exits 0."""
    server = serve()
    case = json.dumps({"rule": "ogi.request.reply", "trigger": "2024-02-08", "done": "2024-03-14"})
    sent_half = threading.Event()

    def body() -> Iterator[bytes]:
        for i in range(40):
            yield (case + "\n").encode() * 50
            if i == 19:
                sent_half.set()
                time.sleep(0.5)  # SIGTERM arrives here, mid-request

    result: dict[str, object] = {}

    def post() -> None:
        r = httpx.post(
            server.base + "/v1/check/batch",
            content=body(),
            headers={"content-type": "application/x-ndjson"},
            timeout=30,
        )
        result["status"] = r.status_code
        result["lines"] = r.text.splitlines()

    t = threading.Thread(target=post)
    t.start()
    assert sent_half.wait(20)
    server.proc.send_signal(signal.SIGTERM)
    t.join(30)
    assert result["status"] == 200
    lines = [json.loads(x) for x in result["lines"]]  # type: ignore[attr-defined]
    assert [x["index"] for x in lines] == list(range(2000))
    # 20 working days after 2024-02-08 is 2024-03-13 (counted above): done 3/14 is 1 day late.
    assert {(x["status"], x["workdays_late"]) for x in lines} == {("late", 1)}
    server.proc.wait(timeout=STOP_TIMEOUT)  # it ends by itself: a second SIGTERM would force it
    server.stop()
    assert server.proc.returncode == 0


def test_invalid_data_dir_is_refused_before_the_port_opens(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A data directory with a broken year file: exit 2, a message naming the file, no
    traceback, nothing listening."""
    (tmp_path / "2027.json").write_text('{"year": 2027, "days": [', encoding="utf-8")
    server = serve("--data-dir", str(tmp_path), ready=False)
    server.proc.wait(timeout=STOP_TIMEOUT)
    stderr = server.stop()
    assert server.proc.returncode == 2
    assert "2027.json" in stderr and "Traceback" not in stderr
    with pytest.raises(httpx.TransportError):
        server.get("/healthz")


def test_two_workers_serve_and_stop_together(serve) -> None:  # type: ignore[no-untyped-def]
    """``--workers 2``: both answer; the workers log JSON like one process does (access lines
    included); SIGTERM ends the whole group with status 0."""
    server = serve("--workers", "2")
    with httpx.Client(base_url=server.base, timeout=10) as client:
        kinds = {client.get("/v1/days/2024-10-01").json()["kind"] for _ in range(20)}
    assert kinds == {"holiday"}  # 国庆节 2024-10-01 (2024 notice: 10/1-10/7 off)
    stderr = server.stop()
    assert server.proc.returncode == 0
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("{") for line in lines), stderr[:2000]
    access = [r for r in _log_lines(stderr) if r.get("event") == "access"]
    days = [r for r in access if r["path"] == "/v1/days/2024-10-01"]
    assert len(days) == 20 and {r["status"] for r in days} == {200}
    deadline = time.monotonic() + STOP_TIMEOUT  # no worker left behind in the group
    while time.monotonic() < deadline and _group_alive(server.proc.pid):
        time.sleep(0.1)
    assert not _group_alive(server.proc.pid)


def test_workers_without_watching_refuse_an_admin_token(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``--workers 2 --no-watch`` with a token: exit 2 before listening (an admin reload would
    reach one worker and the other would answer from the old data)."""
    token = tmp_path / "token"
    token.write_text("s3cret\n", encoding="utf-8")
    exe = shutil.which("gov-deadlines")
    assert exe is not None
    args = ["serve", "--port", "0", "--workers", "2", "--no-watch",
            "--admin-token-file", str(token)]  # fmt: skip
    done = subprocess.run([exe, "--lang", "en", *args], capture_output=True, text=True,
                          timeout=START_TIMEOUT, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "--no-watch" in done.stderr and "Traceback" not in done.stderr


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_admin_reload_needs_the_token(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """POST /v1/admin/reload: 401 without the token, 200 with it, the new year served."""
    data = tmp_path / "data"
    data.mkdir()
    token = tmp_path / "token"
    token.write_text("s3cret\n", encoding="utf-8")
    server = serve("--data-dir", str(data), "--no-watch", "--admin-token-file", str(token))
    url = server.base + "/v1/admin/reload"
    assert httpx.post(url, timeout=10).status_code == 401
    shutil.copy(ANSWERS / "2027.json", data / "2027.json")
    assert server.get("/v1/days/2027-02-08").status_code == 404  # not watched: not yet
    r = httpx.post(url, headers={"Authorization": "Bearer s3cret"}, timeout=10)
    assert r.status_code == 200 and r.json()["changed"] is True
    assert server.get("/v1/days/2027-02-08").json()["name"] == "春节"


def test_docs_pages_need_no_cdn(serve) -> None:  # type: ignore[no-untyped-def]
    """/docs and /redoc load their scripts from the service itself (an intranet has no CDN)."""
    import re

    server = serve("--no-access-log")
    for page in ("/docs", "/redoc"):
        html = server.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and all(a.startswith("/") for a in assets), assets
        for asset in assets:
            assert server.get(asset).status_code == 200
    assert "/v1/check/batch" in server.get("/openapi.json").json()["paths"]
