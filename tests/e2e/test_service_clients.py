"""docs/service.md and its client examples, run against the real ``gov-deadlines serve``.

One server (``python -m gov_deadlines serve``) on a free loopback port, started as the page says
(an empty data directory, an admin token file), is shared by every test here and stopped with
SIGTERM at the end. Each ```` ```sh ```` block of the page that runs ``curl`` against it is run
again and its output compared with the block printed under it, so the page cannot drift from
the service; the Java, PHP and shell examples of ``docs/examples/service/`` are run with the real
``java``, ``php`` and ``curl``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "service.md"
EXAMPLES = ROOT / "docs" / "examples" / "service"

# What the page says it ran against; the tests put their own port and files in their place.
DOC_BASE = "127.0.0.1:8000"
DOC_DATA_DIR = "/srv/gov-deadlines"
DOC_TOKEN_FILE = "/etc/gov-deadlines/admin-token"

START_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0
RUN_TIMEOUT = 60.0


# --- the page's examples ------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A fenced block of the page: its info string, its text (indent removed), its line."""

    lang: str
    text: str
    line: int


def _blocks(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^( *)```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start = len(m.group(1)), m.group(2), i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][indent:])
            i += 1
        blocks.append(Block(lang, "\n".join(body), start))
        i += 1
    return blocks


def _examples(command: str) -> list[tuple[Block, Block | None]]:
    """Every ``sh`` block containing ``command`` (and the doc server's address), with the output
    block right after it (only blank lines between), or None when there is none."""
    text = DOC.read_text(encoding="utf-8")
    lines = text.split("\n")
    blocks = _blocks(text)
    out: list[tuple[Block, Block | None]] = []
    for i, block in enumerate(blocks):
        if block.lang != "sh" or command not in block.text or DOC_BASE not in block.text:
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        end = block.line + block.text.count("\n") + 1  # the closing fence's index
        between = lines[end + 1 : nxt.line - 1] if nxt else []
        follows = (
            nxt is not None and nxt.lang in ("json", "text") and not any(s.strip() for s in between)
        )
        out.append((block, nxt if follows else None))
    return out


CURL_EXAMPLES = _examples("curl ")


def _normalise(text: str, data_dir: str | None = None) -> str:
    """What may differ between two runs: fingerprints, timestamps, the HTTP date, paths."""
    if data_dir:
        text = text.replace(data_dir, DOC_DATA_DIR)
    text = text.replace("\r\n", "\n")
    text = re.sub(r"\b[0-9a-f]{12}\b", "<fingerprint>", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", "<timestamp>", text)
    text = re.sub(r"(?im)^date: .*$", "date: <date>", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def _assert_same(shown: str, got: str, where: str) -> None:
    """``got`` (a real run) is what the page shows; a shown output ending in … is a prefix."""
    if shown.endswith("…"):
        prefix = shown[:-1]
        assert got.startswith(prefix), f"{where}: the page shows\n{shown}\nthe run gave\n{got}"
    else:
        assert got == shown, f"{where}: the page shows\n{shown}\nthe run gave\n{got}"


# --- the server ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    base: str
    port: int
    data_dir: Path
    token_file: Path
    work: Path


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "GOV_DEADLINES_"))}
    env["LANG"] = "C.UTF-8"
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``python -m gov_deadlines serve`` as the page starts it, stopped with SIGTERM after."""
    pytest.importorskip("fastapi", reason="the server extra is not installed")
    root = tmp_path_factory.mktemp("service-clients")
    data_dir = root / "gov-deadlines"
    data_dir.mkdir()
    token_file = root / "admin-token"
    token_file.write_text("test-token-not-secret\n", encoding="utf-8")
    work = root / "work"
    work.mkdir()
    port = _free_port()
    # The log goes to a file: a pipe nobody reads would fill up and block the server.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gov_deadlines", "serve", "--port", str(port),
             "--data-dir", str(data_dir), "--admin-token-file", str(token_file)],
            stdout=subprocess.DEVNULL, stderr=log, env=_env(), cwd=root, start_new_session=True,
        )  # fmt: skip

        def stderr() -> str:
            log.seek(0)
            return log.read().decode("utf-8", "replace")

        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base, proc, stderr)
            yield Server(base, port, data_dir, token_file, work)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert proc.returncode == 0, "SIGTERM should end the service with status 0"


def _wait_ready(base: str, proc: subprocess.Popen[bytes], stderr: Callable[[], str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            pytest.fail(f"server exited {proc.returncode}:\n{stderr()}")
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"server not ready in {START_TIMEOUT}s:\n{stderr()}")
        time.sleep(0.1)


def _run(args: list[str], cwd: Path) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=_env(), capture_output=True, timeout=RUN_TIMEOUT, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def _doc_output(command: str) -> str:
    """The output block the page shows under the ``sh`` block running ``command``."""
    [(_, output)] = _examples(command)
    assert output is not None, f"no output block under {command!r} in {DOC.name}"
    return output.text


# --- the tests ----------------------------------------------------------------------------------


def test_every_curl_example_has_its_output() -> None:
    """Each curl command of the page against the service is followed by what it printed."""
    assert len(CURL_EXAMPLES) > 30
    missing = [block.line for block, output in CURL_EXAMPLES if output is None]
    assert missing == [], f"curl examples without an output block at lines {missing}"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
@pytest.mark.parametrize(
    ("command", "output"),
    [pytest.param(c, o, id=f"line-{c.line}") for c, o in CURL_EXAMPLES if o is not None],
)
def test_curl_example_prints_what_the_page_shows(
    server: Server, command: Block, output: Block
) -> None:
    """Running the page's curl command gives the output the page prints under it."""
    script = command.text.replace(DOC_BASE, f"127.0.0.1:{server.port}")
    script = script.replace(DOC_TOKEN_FILE, str(server.token_file))
    got = _run(["bash", "-c", script], server.work)
    where = f"{DOC.name} line {command.line}"
    _assert_same(_normalise(output.text), _normalise(got, str(server.data_dir)), where)


@pytest.mark.skipif(shutil.which("java") is None, reason="java not installed")
def test_java_client(server: Server) -> None:
    """GovDeadlinesClient.java, run as a single source file, prints the hand-counted answers."""
    got = _run(["java", "GovDeadlinesClient.java", server.base], EXAMPLES)
    lines = got.splitlines()
    # 2024-02-18 is a Sunday worked in exchange for the Spring Festival break (2024 notice).
    assert "kind=makeup_workday name=春节 workday=true calendar=" in got
    # Working days after 2024-02-08: 2/9, 2/18, 2/19-2/23 (5), 2/26-3/1 (5), 3/4-3/8 (5),
    # 3/11, 3/12, 3/13 -- the 20th is 2024-03-13.
    assert "due=2024-03-13" in lines
    # Replied on 2024-03-14, one working day after that due date.
    assert "status=late verdict=逾期 workdays_late=1" in lines
    assert "GET /v1/days/2024-02-30 -> 422 application/problem+json" in lines
    _assert_same(_normalise(_doc_output("java ")), _normalise(got), "the Java output")


@pytest.mark.skipif(shutil.which("javac") is None, reason="javac not installed")
def test_java_client_compiles_for_java_11(tmp_path: Path) -> None:
    """The Java example uses nothing newer than Java 11 (javac --release 11)."""
    source = EXAMPLES / "GovDeadlinesClient.java"
    _run(["javac", "--release", "11", "-d", str(tmp_path), str(source)], tmp_path)
    assert (tmp_path / "GovDeadlinesClient.class").exists()


def _php() -> str:
    php = shutil.which("php")
    if php is None:
        pytest.skip(
            "php not installed: docs/examples/service/gov_deadlines_client.php was not run "
            "(apt-get install php-cli php-curl to run it)"
        )
    return php


def _check_php_output(got: str) -> None:
    lines = got.splitlines()
    assert "kind=makeup_workday name=春节 workday=true calendar=" in got
    assert "due=2024-03-13" in lines  # the 20th working day after 2024-02-08, counted above
    # One month after 2024-02-08 ends on 2024-03-08 (a Friday, a working day: no rollover).
    assert "period=1m due=2024-03-08" in lines
    assert "#0 late (逾期), due 2024-03-13" in lines
    assert any(x.startswith("#1 error: trigger：") and "2024年9月31日" in x for x in lines)
    # 3 working days after Friday 2024-09-27: Sun 9/29 (国庆节 make-up day), 9/30, then the
    # 10/1-10/7 break, 10/8; done on 9/30 is on time.
    assert "#2 on_time (按期), due 2024-10-08" in lines
    assert "GET /v1/add?date=2026-12-20&n=20 -> 409 year=2027" in lines


def test_php_client(server: Server) -> None:
    """gov_deadlines_client.php prints the hand-counted answers, as the page shows them."""
    got = _run([_php(), "gov_deadlines_client.php", server.base], EXAMPLES)
    _check_php_output(got)
    _assert_same(_normalise(_doc_output("php ")), _normalise(got), "the PHP output")


def test_php_client_without_the_curl_extension(server: Server) -> None:
    """Without php-curl (``php -n``: no extensions loaded) the example falls back to
    file_get_contents and prints the same."""
    php = _php()
    probe = "exit(function_exists('json_decode') && !function_exists('curl_init') ? 0 : 1);"
    if subprocess.run([php, "-n", "-r", probe], check=False, timeout=RUN_TIMEOUT).returncode:
        pytest.skip("php -n still loads curl, or has no json: the fallback cannot be isolated")
    with_curl = _run([php, "gov_deadlines_client.php", server.base], EXAMPLES)
    without = _run([php, "-n", "gov_deadlines_client.php", server.base], EXAMPLES)
    assert _normalise(without) == _normalise(with_curl)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
def test_curl_script(server: Server) -> None:
    """curl.sh: six requests, six JSON answers with the hand-counted values."""
    got = _run(["sh", "curl.sh", server.base], EXAMPLES)
    day, add, month, between, verdict, timor = map(json.loads, got.splitlines())
    assert (day["kind"], day["name"]) == ("makeup_workday", "春节")
    assert add["due"] == "2024-03-13"  # the 20th working day after 2024-02-08, counted above
    assert (month["period"], month["due"]) == ("1m", "2024-03-08")
    assert between["workdays"] == 20
    assert (verdict["status"], verdict["verdict"], verdict["workdays_late"]) == ("late", "late", 1)
    assert "Completed on 2024-03-14: late by 1 working day" in verdict["explanation"]
    # 2024-02-04, a Sunday, worked before the Spring Festival break (2024 notice).
    assert timor["type"] == {"type": 3, "name": "春节前补班", "week": 7}
