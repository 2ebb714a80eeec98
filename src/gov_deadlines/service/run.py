"""The server process: structured logs, uvicorn, graceful shutdown.

uvicorn stops accepting on SIGTERM or Ctrl-C, lets requests in flight finish (up to
``GRACE`` seconds), then runs the application's shutdown (the data-directory watcher stops).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from typing import Any

from gov_deadlines.service.state import Settings

__all__ = ["GRACE", "JsonFormatter", "configure_logging", "configure_process", "serve"]

#: Seconds a shutdown waits for requests in flight.
GRACE = 30

_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's extra fields
    (``event``, ``method``, ``path``, ``status``, ``ms``...) for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        out.update((k, v) for k, v in record.__dict__.items() if k not in _STANDARD)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_process(level: str = "info") -> None:
    """What every serving process sets up: JSON logs at ``level``, and no Python warning for a
    provisional answer (its JSON says so; the warning would only fill the log). ``serve`` calls
    it, and so does each worker process of ``--workers N`` (see ``app_from_env``)."""
    import warnings

    from gov_deadlines import ProvisionalDataWarning

    configure_logging(level)
    warnings.simplefilter("ignore", ProvisionalDataWarning)


def configure_logging(level: str = "info") -> None:
    """Every log line (ours and uvicorn's) as JSON on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def serve(settings: Settings, *, host: str, port: int, workers: int = 1,
          log_level: str = "info", app: Any = None) -> None:  # fmt: skip
    """Run the service until SIGTERM or Ctrl-C (``app``: one already built for ``settings``)."""
    import uvicorn

    from gov_deadlines.service.app import LOG_LEVEL_ENV, SETTINGS_ENV, create_app, settings_env

    configure_process(log_level)
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": False,  # ours is structured (see app._AccessLog)
        "server_header": False,
        "timeout_graceful_shutdown": GRACE,
        "log_level": log_level,
    }
    if workers > 1:  # worker processes import the app themselves: settings go by environment
        os.environ[SETTINGS_ENV] = settings_env(settings)
        os.environ[LOG_LEVEL_ENV] = log_level
        uvicorn.run(
            "gov_deadlines.service.app:app_from_env", factory=True, workers=workers, **common
        )
    else:
        uvicorn.run(app or create_app(settings), **common)
