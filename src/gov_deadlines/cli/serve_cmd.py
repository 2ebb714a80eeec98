"""``gov-deadlines serve``: the HTTP/JSON service (the ``server`` extra)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from gov_deadlines.cli.usage import UsageError

if TYPE_CHECKING:
    from gov_deadlines.cli.context import Context
from gov_deadlines.cli.text import os_error, t

__all__ = ["ADMIN_TOKEN_ENV", "add_parser", "cmd_serve"]

#: Where the admin token may come from instead of --admin-token-file.
ADMIN_TOKEN_ENV = "GOV_DEADLINES_ADMIN_TOKEN"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand to ``sub`` (argparse's subparsers)."""
    p = sub.add_parser("serve", parents=parents, help="help.serve.help", epilog="help.serve.epilog")
    p.add_argument("--host", default="127.0.0.1", help="help.serve.host")
    p.add_argument("--port", type=int, default=8000, help="help.serve.port")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="help.serve.workers")
    p.add_argument("--admin-token-file", metavar="FILE", help="help.serve.admin_token_file")
    p.add_argument("--max-body", type=int, default=10 * 1024 * 1024, metavar="BYTES",
                   help="help.serve.max_body")  # fmt: skip
    p.add_argument("--max-batch", type=int, default=10_000, metavar="N",
                   help="help.serve.max_batch")  # fmt: skip
    p.add_argument("--poll", type=float, metavar="SECONDS", help="help.serve.poll")
    p.add_argument("--no-watch", action="store_true", help="help.serve.no_watch")
    p.add_argument("--no-access-log", action="store_true", help="help.serve.no_access_log")
    p.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="info",
                   help="help.serve.log_level")  # fmt: skip


def _token(args: argparse.Namespace, lang: str) -> str | None:
    if args.admin_token_file:
        try:
            with open(args.admin_token_file, encoding="utf-8") as f:
                token = f.read().strip()
        except OSError as exc:
            raise UsageError(f"--admin-token-file: {os_error(exc, lang)}") from None
        if not token:
            raise UsageError(t("serve.empty_token", lang, path=args.admin_token_file))
        return token
    return os.environ.get(ADMIN_TOKEN_ENV) or None


def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    """Check the options and the data, then run the service until it is stopped."""
    lang = ctx.lang
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise UsageError(t("serve.no_extra", lang)) from None
    if args.calendar:
        raise UsageError(t("serve.no_calendar_files", lang))
    for name, value, low in (
        ("--port", args.port, 0),
        ("--workers", args.workers, 1),
        ("--max-body", args.max_body, 1),
        ("--max-batch", args.max_batch, 1),
    ):
        if value < low or (name == "--port" and value > 65535):
            raise UsageError(t("serve.bad_number", lang, option=name, value=value))
    if args.poll is not None and not 0.05 <= args.poll <= 3600:
        raise UsageError(t("serve.bad_number", lang, option="--poll", value=args.poll))
    token = _token(args, lang)
    if args.workers > 1 and args.no_watch and token:
        # An admin reload reaches the one worker that receives it: the others would keep
        # answering from the old data. Watching is how every worker learns of a new file.
        raise UsageError(t("serve.reload_one_worker", lang))
    from gov_deadlines.datadir import from_env
    from gov_deadlines.service.app import create_app
    from gov_deadlines.service.run import serve
    from gov_deadlines.service.state import Settings

    settings = Settings(
        data_dir=args.data_dir or from_env(),
        region=args.region,
        unknown_years=args.unknown_years,
        admin_token=token,
        max_body=args.max_body,
        max_batch=args.max_batch,
        watch=not args.no_watch,
        poll=args.poll,
        access_log=not args.no_access_log,
    )
    app = create_app(settings)  # the data loads now: a bad file is reported before the port opens
    serve(settings, host=args.host, port=args.port, workers=args.workers,
          log_level=args.log_level, app=app)  # fmt: skip
    return 0
