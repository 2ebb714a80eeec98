"""The application: routers, error handlers, limits, access log, health, reload and the watcher.

``create_app(Settings(...))`` is what tests and embedders use; ``app_from_env`` is the factory
uvicorn's worker processes call (``gov-deadlines serve --workers N`` passes the settings in the
environment).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import time
from collections.abc import AsyncIterator
from typing import Any

import attrs
from fastapi import FastAPI, Request
from fastapi.responses import Response

from gov_deadlines import __version__
from gov_deadlines.service.problems import PROBLEM_JSON, Problem, install, lang_of
from gov_deadlines.service.state import Holder, Settings, settle
from gov_deadlines.service.v1 import json_answer

__all__ = ["LOG_LEVEL_ENV", "SETTINGS_ENV", "app_from_env", "create_app"]

SETTINGS_ENV = "GOV_DEADLINES_SERVE_SETTINGS"
LOG_LEVEL_ENV = "GOV_DEADLINES_SERVE_LOG_LEVEL"
_log = logging.getLogger("gov_deadlines.service")
_access = logging.getLogger("gov_deadlines.service.access")

_DESCRIPTION = """\
中国政府工作日期限计算服务：法定节假日与调休上班日、规则目录、期限与是否按期的判定。
Chinese government deadlines in working days (工作日): days, working-day arithmetic, due dates
and verdicts for the rule catalog, over HTTP/JSON.

Errors are `application/problem+json` in the language of `Accept-Language` (zh default, en).
A year whose holiday arrangement (节假日安排) is not loaded is never guessed: 404/409, unless the
request opts in with `unknown_years=weekends`, and then every answer says `provisional: true`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service for ``settings``; reads the data now, so a bad data directory fails here."""
    settings = settings or Settings()
    holder = Holder(settings)
    from fastapi_offline import FastAPIOffline

    # The docs pages' scripts are served from the package: an intranet reaches no CDN.
    app = FastAPIOffline(
        title="gov-deadlines",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.holder = holder
    app.state.ready = False
    install(app)
    from gov_deadlines.service import cases, timor, v1

    app.include_router(v1.router, tags=["v1"])
    app.include_router(cases.router, tags=["cases"])
    app.include_router(timor.router, tags=["timor.tech compatible"])
    _add_health(app)
    _add_admin(app)
    app.add_middleware(_Limits, max_body=settings.max_body)
    if settings.access_log:
        app.add_middleware(_AccessLog)
    return app


def app_from_env() -> FastAPI:
    """The factory a uvicorn worker process calls: settings from ``SETTINGS_ENV`` (JSON), and
    the parent's logging (a worker is a fresh interpreter: nothing of ``serve``'s set-up)."""
    from gov_deadlines.service.run import configure_process

    configure_process(os.environ.get(LOG_LEVEL_ENV, "info"))
    raw = json.loads(os.environ.get(SETTINGS_ENV, "{}"))
    return create_app(Settings(**raw))


def settings_env(settings: Settings) -> str:
    """``settings`` as the JSON :func:`app_from_env` reads."""
    return json.dumps(attrs.asdict(settings))


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    stop = asyncio.Event()
    task = None
    if settings.data_dir and settings.watch:
        task = asyncio.create_task(_watch(app.state.holder, settings, stop))
    settle()  # the data is loaded and the app built: out of the collector's way
    app.state.ready = True
    try:
        yield
    finally:
        app.state.ready = False
        stop.set()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, 5)


async def _watch(holder: Holder, settings: Settings, stop: asyncio.Event) -> None:
    """Reload when a file of the data directory changes (a new year, a corrected one)."""
    from watchfiles import awatch

    from gov_deadlines.datadir import scan

    directory = settings.data_dir
    assert directory is not None
    polling = settings.poll is not None
    delay = int((settings.poll or 0.3) * 1000)
    async for _ in awatch(
        directory, stop_event=stop, recursive=False, force_polling=polling,
        poll_delay_ms=delay, debounce=300, raise_interrupt=False,
    ):  # fmt: skip
        try:
            signature = await asyncio.to_thread(lambda: scan(directory).signature)
        except Exception as exc:  # the directory went away (an unmounted share): keep serving
            _log.warning("data directory unreadable, previous data stays in use: %s", exc)
            continue
        if signature != holder.current.signature:
            with contextlib.suppress(Exception):  # refused and logged by Holder.reload
                await asyncio.to_thread(holder.reload)


def _add_health(app: FastAPI) -> None:
    @app.get("/healthz", tags=["health"], summary="The process answers")
    async def healthz() -> Response:  # async: a load balancer polls it; no threadpool trip
        return json_answer({"status": "ok"})

    @app.get("/readyz", tags=["health"], summary="Data loaded, accepting requests")
    async def readyz(request: Request) -> Response:
        ready = bool(request.app.state.ready)
        current = request.app.state.holder.current
        body = {"status": "ready" if ready else "starting", "fingerprint": current.fingerprint}
        return json_answer(body, current.fingerprint, 200 if ready else 503)


def _add_admin(app: FastAPI) -> None:
    @app.post("/v1/admin/reload", tags=["admin"], summary="Load the data directory again now")
    def reload(request: Request) -> Response:
        """Off unless a token is configured; ``Authorization: Bearer <token>``. A file that does
        not load is refused (422) and the previous data stays in use."""
        settings: Settings = request.app.state.settings
        if not settings.admin_token:
            raise Problem(404, "not_found", "admin_off")
        given = request.headers.get("authorization", "")
        expected = f"Bearer {settings.admin_token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Problem(
                401, "unauthorized", "unauthorized", headers={"WWW-Authenticate": "Bearer"}
            )
        lang = lang_of(request.query_params, request.headers.get("accept-language"))
        try:
            old, new = request.app.state.holder.reload()
        except Exception as exc:
            from gov_deadlines.errors import GovDeadlinesError

            message = exc.message(lang) if isinstance(exc, GovDeadlinesError) else str(exc)
            raise Problem(
                422,
                "reload_refused",
                extensions={
                    "error": message,
                    "fingerprint": request.app.state.holder.current.fingerprint,
                },
            ) from None
        body = {
            "reloaded": True,
            "previous": old.fingerprint,
            "fingerprint": new.fingerprint,
            "changed": old.fingerprint != new.fingerprint,
        }
        return json_answer(body, new.fingerprint)


class _Limits:
    """Refuses a JSON body over ``max_body`` bytes with a 413. A declared length is checked
    before anything is read (the server holds the client to it); a chunked body is read here,
    at most ``max_body`` bytes of it, and handed on whole -- refused here, the 413 is ours and
    not a parse error of the endpoint's. NDJSON bodies are streamed and bounded per line
    instead (see :mod:`.cases`)."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if headers.get(b"content-type", b"").split(b";")[0].strip() == b"application/x-ndjson":
            await self.app(scope, receive, send)
            return
        declared = headers.get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > self.max_body:
                await _send_problem(scope, send, self._problem())
            else:
                await self.app(scope, receive, send)
            return
        body = await self._read_bounded(receive)
        if body is None:
            await _send_problem(scope, send, self._problem())
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_bounded(self, receive: Any) -> bytes | None:
        """The whole body, or None as soon as it passes ``max_body``."""
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: nothing to answer
                return b"".join(parts)
            part = message.get("body", b"")
            size += len(part)
            if size > self.max_body:
                return None
            parts.append(part)
            if not message.get("more_body", False):
                return b"".join(parts)

    def _problem(self) -> Problem:
        return Problem(413, "body_too_large", "body_too_large", limit=self.max_body)


def _replay(body: bytes, receive: Any) -> Any:
    """A ``receive`` that gives ``body`` as one message, then defers to the server's (which
    reports a disconnect)."""
    sent = False

    async def replayed() -> Any:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _send_problem(scope: Any, send: Any, problem: Problem) -> None:
    query = dict(
        p.split("=", 1) for p in scope.get("query_string", b"").decode().split("&") if "=" in p
    )
    headers = dict(scope["headers"])
    lang = lang_of(query, headers.get(b"accept-language", b"").decode() or None)
    body = json.dumps(problem.body(lang), ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": problem.status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _AccessLog:
    """One structured log record per request (JSON when ``serve`` configures logging): method,
    path, status, duration, client."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _access.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def sending(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client")
            _access.info(
                "%s %s %s", scope["method"], scope["path"], status,
                extra={
                    "event": "access",
                    "method": scope["method"],
                    "path": scope["path"],
                    "query": scope.get("query_string", b"").decode("latin-1"),
                    "status": status,
                    "ms": round((time.perf_counter() - start) * 1000, 3),
                    "client": f"{client[0]}:{client[1]}" if client else None,
                },
            )  # fmt: skip
