"""The small commands (add, between, is-workday, due, rules) and the dispatcher."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from gov_deadlines.calendar import is_provisional
from gov_deadlines.cli.context import Context, UsageError, report_error
from gov_deadlines.cli.text import os_error, t
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.errors import GovDeadlinesError, ProvisionalDataWarning, UnknownRule

if TYPE_CHECKING:
    from gov_deadlines.engine import Verdict
    from gov_deadlines.rules import Citation, Rule

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Dispatch a parsed command line; returns the exit status."""
    import warnings

    # Provisional results are marked in every output; the Python warning would only add noise.
    warnings.simplefilter("ignore", ProvisionalDataWarning)
    lang = args.lang
    try:
        ctx = Context.from_args(args)
        handler: Callable[[Context, argparse.Namespace], int] = _COMMANDS[args.command]
        return handler(ctx, args)
    except UsageError as exc:
        report_error(lang, str(exc))
        return 2
    except UnknownRule as exc:
        report_error(lang, exc.message(lang))
        return 2
    except GovDeadlinesError as exc:
        report_error(lang, Context(lang, False, None).error(exc))  # type: ignore[arg-type]
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (see cli.main)
        terminated = getattr(exc, "signal", None) == "SIGTERM"
        report_error(lang, t("terminated" if terminated else "interrupted", lang))
        return 143 if terminated else 130
    except BrokenPipeError:  # e.g. piped into head: not an error of ours
        sys.stderr.close()
        return 0
    except (OverflowError, RecursionError) as exc:  # a value no data or date can hold
        report_error(
            lang,
            t("out_of_range", lang)
            if isinstance(exc, OverflowError)
            else t("too_deep", lang, what=args.command),
        )
        return 1
    except OSError as exc:  # a file: unreadable, a directory, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        report_error(lang, f"{where}{os_error(exc, lang)}")
        return 2
    except Exception as exc:  # the last line: a message, never a traceback
        import os

        if os.environ.get("GOV_DEADLINES_DEBUG"):
            raise
        detail = str(exc)[:200]
        report_error(lang, t("internal_error", lang, kind=type(exc).__name__, detail=detail))
        return 1


class _OutOfRange(GovDeadlinesError, ValueError):
    """A period that reaches past 9999-12-31 (``add 2024-02-08 99999999 --unit days``)."""


def _mark(value: str, provisional: bool, lang: str) -> str:
    return f"{value} ({t('provisional', lang)})" if provisional else value


def _add_one(ctx: Context, d: dt.date, n: int, unit: str) -> tuple[str, bool]:
    if unit == "workdays":
        day = d.date() if isinstance(d, dt.datetime) else d
        result = ctx.calendar.add_workdays(day, n)
        return result.isoformat(), is_provisional(result)
    if n < 0:
        raise UsageError(f"N: {t('negative_n', ctx.lang, n=n)}")
    from gov_deadlines.evaluate import due
    from gov_deadlines.periods import Period

    try:
        deadline = due(Period(n, unit), d, calendar=ctx.calendar, trace=False)  # type: ignore[arg-type]
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, GovDeadlinesError):
            raise
        raise _OutOfRange(t("out_of_range", ctx.lang)) from None
    if deadline.due_at is not None:
        return deadline.due_at.strftime("%Y-%m-%d %H:%M"), deadline.provisional
    return deadline.due.isoformat(), deadline.provisional


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    n = ctx.integer(args.n, "N")
    if args.date != "-":
        d = ctx.date(args.date, "DATE")
        try:
            out, provisional = _add_one(ctx, d, n, args.unit)
        except GovDeadlinesError as exc:
            if isinstance(exc, UsageError | UnknownRule):
                raise
            report_error(ctx.lang, ctx.error(exc))
            return 1
        if ctx.json:
            ctx.emit_json(
                {"date": d, "n": n, "unit": args.unit, "due": out, "provisional": provisional}
            )
        else:
            print(_mark(out, provisional, ctx.lang))
        return 0
    failed = False
    write = sys.stdout.write
    encoding = _encoding(args.encoding, ctx.lang)
    for number, raw in enumerate(_stdin_lines(), 1):
        text = ""  # what --json echoes as the input when the line cannot even be decoded
        try:
            text = _decode(raw, encoding, ctx.lang, number == 1).strip()
            out, provisional = _add_one(ctx, parse_date(text), n, args.unit)
        except (DateParseError, GovDeadlinesError, ValueError, OverflowError) as exc:
            failed = True
            report_error(ctx.lang, f"{t('line', ctx.lang, n=number)}: {ctx.error(exc)}")
            if ctx.json:
                ctx.emit_json({"line": number, "input": text, "due": None, "error": ctx.error(exc)})
            else:
                write("\n")  # keep the pasted column aligned
            continue
        if ctx.json:
            ctx.emit_json({"line": number, "input": text, "due": out, "provisional": provisional})
        else:
            write(_mark(out, provisional, ctx.lang) + "\n")
    return 1 if failed else 0


class _Undecodable(GovDeadlinesError, ValueError):
    """A line of standard input that is not text in the expected encoding."""


def _encoding(name: str | None, lang: str) -> str | None:
    """``--encoding`` checked before any line is read; None: detect each line."""
    if name is None:
        return None
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UsageError(f"--encoding {name}: {t('unknown_encoding', lang)}") from None


def _stdin_lines() -> Iterator[bytes | str]:
    """Standard input line by line as it arrives, as bytes when it has them (a pipe, a file)."""
    buffer = getattr(sys.stdin, "buffer", None)  # absent when stdin was replaced by a StringIO
    return iter(buffer if buffer is not None else sys.stdin)


def _decode(raw: bytes | str, encoding: str | None, lang: str, first: bool) -> str:
    """One input line as text: in ``encoding``, or else UTF-8 and failing that GB18030 (GBK), as
    the register reader decides; a UTF-8 byte order mark on the first line is dropped."""
    if isinstance(raw, str):
        return raw
    if first and raw.startswith(b"\xef\xbb\xbf") and encoding in (None, "utf-8"):
        raw = raw[3:]
    try:
        if encoding is not None:
            return raw.decode(encoding)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("gb18030")
    except UnicodeDecodeError:
        name = encoding or "UTF-8/GBK"
        raise _Undecodable(t("undecodable_line", lang, encoding=name)) from None


def cmd_between(ctx: Context, args: argparse.Namespace) -> int:
    a, b = ctx.date(args.start, "START"), ctx.date(args.end, "END")
    a = a.date() if isinstance(a, dt.datetime) else a
    b = b.date() if isinstance(b, dt.datetime) else b
    n = ctx.calendar.workdays_between(a, b)
    if ctx.json:
        ctx.emit_json({"start": a, "end": b, "workdays": int(n), "provisional": is_provisional(n)})
    else:
        print(_mark(str(int(n)), is_provisional(n), ctx.lang))
    return 0


def cmd_is_workday(ctx: Context, args: argparse.Namespace) -> int:
    d = ctx.date(args.date, "DATE")
    day = ctx.calendar.day(d.date() if isinstance(d, dt.datetime) else d)
    if args.quiet:
        return 0 if day.is_workday else 1
    if ctx.json:
        ctx.emit_json(
            {
                "date": day.date,
                "workday": day.is_workday,
                "kind": day.kind,
                "name": day.name,
                "source": str(day.source),
                "provisional": day.provisional,
            }
        )
    else:
        lang = ctx.lang  # zh: 是 调休上班日 春节; en: true makeup_workday 春节 (codes, for scripts)
        words = [t(f"yes_no.{day.is_workday}", lang).lower(), t(f"day_kind.{day.kind}", lang)]
        if day.name:
            words.append(day.name)
        print(_mark(" ".join(words), day.provisional, ctx.lang))
    return 0


def cmd_due(ctx: Context, args: argparse.Namespace) -> int:
    from gov_deadlines.cli.verdicts import parse_channel, parse_pauses
    from gov_deadlines.evaluate import check

    rule = ctx.rule(args.rule)
    trigger = ctx.date(args.trigger, "TRIGGER")
    try:
        pauses = [p for text in args.pause for p in parse_pauses(text, ctx.lang)]
        channel = parse_channel(args.channel, ctx.lang) if args.channel else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        v = _evaluate_due(ctx, args, rule, trigger, pauses, channel, check)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, GovDeadlinesError):
            raise
        raise _OutOfRange(t("out_of_range", ctx.lang)) from None
    return _show_verdict(ctx, args, v)


def _evaluate_due(
    ctx: Context,
    args: argparse.Namespace,
    rule: Any,
    trigger: dt.date,
    pauses: Any,
    channel: Any,
    check: Callable[..., Verdict],
) -> Verdict:
    return check(
        rule,
        trigger,
        done=ctx.date(args.done, "--done") if args.done else None,
        as_of=ctx.date(args.as_of, "--as-of") if args.as_of else None,
        pauses=pauses,
        extension=ctx.integer(args.extension, "--extension") if args.extension else None,
        restart=ctx.date(args.restart, "--restart") if args.restart else None,
        calendar=ctx.calendar,
        catalog=ctx.catalog,
        channel=channel,
    )


def _show_verdict(ctx: Context, args: argparse.Namespace, v: Verdict) -> int:
    from gov_deadlines import messages
    from gov_deadlines.cli.verdicts import VIOLATING, verdict_record

    record = verdict_record(v, ctx.lang, explain="full" if args.explain else "none")
    if ctx.json:
        record["trace"] = v.trace.to_json()
        ctx.emit_json(record)
    else:
        lang = ctx.lang
        due_text = record["due"]
        print(_mark(due_text.isoformat() if due_text else "", v.provisional, lang))
        colon = messages.text("words.sep.colon", lang)
        if args.done or args.as_of or v.status == "invalid":
            verdict = record["verdict"]
            note = f" ({verdict})" if verdict != v.status else ""
            print(t("status_line", lang, code=v.status, verdict=verdict, note=note))
            for key in ("workdays_late", "days_late", "workdays_left", "reason"):
                if record[key] is not None:
                    print(f"{t(key, lang)}{colon}{record[key]}")
        for finding in (*v.violations, *v.warnings):  # shown even without --done
            print(f"- {finding.text(lang)}")
        if args.explain:
            print(v.explain(lang))
    if v.status == "invalid":
        return 1
    violated = v.status in VIOLATING or bool(v.violations)
    return 1 if args.fail_on_violation and violated else 0


def cmd_rules(ctx: Context, args: argparse.Namespace) -> int:
    if args.rule is None:
        _list_rules(ctx)
        return 0
    versions = ctx.catalog.versions(args.rule)
    if ctx.json:
        import attrs

        from gov_deadlines.trace import jsonable

        ctx.emit_json([jsonable(attrs.asdict(v)) for v in versions])
        return 0
    for r in versions:
        _show_rule(r, ctx.lang)
    return 0


def _counted(r: Rule) -> Citation | None:
    """The article making this version's days working days (行政处罚法 Art. 85 ...), if any."""
    from gov_deadlines.rules.conventions import statutory_workdays

    if r.period is None:
        return None
    return statutory_workdays(r, r.period, r.effective_until or dt.date(9999, 12, 31))


def _span(r: Rule, lang: str) -> str:
    """``20wd``, ``5d=5wd`` where the statute counts those days as working days, or the
    schedule in words."""
    if r.period is None:
        return r.schedule.describe(lang) if r.schedule else ""
    return f"{r.period}={r.period.amount}wd" if _counted(r) else str(r.period)


def _list_rules(ctx: Context) -> None:
    lang = ctx.lang
    rules = [ctx.catalog.get(rule_id) for rule_id in ctx.catalog]
    width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        span = _span(r, lang)
        if ctx.json:
            ctx.emit_json(
                {"id": r.id, "title": r.title(lang), "kind": r.kind, "period": span,
                 "citation": r.citation_text(lang)}
            )  # fmt: skip
        else:
            print(f"{r.id:<{width}}  {span:<12} {r.title(lang)} · {r.citations[0].short(lang)}")


def _show_rule(r: Rule, lang: str) -> None:
    from gov_deadlines import messages

    def word(group: str, code: object) -> str:  # a code of the rule data in words
        return t(f"{group}.{code}", lang) if messages.has(f"cli.{group}.{code}") else str(code)

    print(t("rule.head", lang, id=r.id, title_zh=r.title_zh, title_en=r.title_en))
    since, until = r.effective_from or "…", r.effective_until or ""
    kind, actor = word("rule_kind", r.kind), word("actor", r.actor)
    print(t("rule.in_force", lang, since=since, until=until, kind=kind, actor=actor))
    if r.period:
        ext = t("rule.max_extension", lang, max=r.max_extension) if r.max_extension else ""
        desc = r.period.describe(lang)
        print(t("rule.period", lang, period=r.period, description=desc, extension=ext))
        counted = _counted(r)
        if counted is not None:
            print(t("rule.counted", lang, n=r.period.amount, citation=counted.short(lang)))
    if r.schedule:
        before = word("before", r.before)
        print(t("rule.schedule", lang, schedule=r.schedule.describe(lang), before=before))
    if r.pauses:
        kinds = messages.text("words.sep.enum", lang).join(word("pause_kind", p) for p in r.pauses)
        print(t("rule.pauses", lang, pauses=kinds))
    receipt = t("rule.receipt", lang, receipt=r.receipt) if r.receipt else ""
    print(
        t("rule.counting", lang, start=word("start", r.start),
          on_rest=word("on_rest", r.trigger_on_rest_day), rollover=word("yes_no", r.rollover),
          restart=word("yes_no", r.restart), receipt=receipt)
    )  # fmt: skip
    _show_citations(r, lang)
    print()


def _show_citations(r: Rule, lang: str) -> None:
    extra = (r.reasoned_delay,) if r.reasoned_delay else ()
    for c in (*r.citations, *extra):
        print(t("rule.citation", lang, citation=c.full(lang)))
        if c.quote:
            print(t("rule.quote", lang, quote=c.quote))
        if c.note:  # the rule data's notes are written in English only
            print(t("rule.note", lang, note=c.note))


def _calendar(ctx: Context, args: argparse.Namespace) -> int:
    year = args.what.partition("-")[0]
    if year.isdigit() and not 1 <= int(year) <= 9999:  # 0000 or 10000: no such year
        raise UsageError(f"calendar: {t('bad_year', ctx.lang, value=args.what)}")
    if args.what == "export":
        from gov_deadlines.cli.calendar_export import cmd_export

        return cmd_export(ctx, args)
    from gov_deadlines.cli.calendar_export import EXPORT_OPTIONS

    for dest, option in EXPORT_OPTIONS:  # an option this form ignores: say so, do not drop it
        if getattr(args, dest, None):
            raise UsageError(f"calendar {args.what}: {t('export.only', ctx.lang, option=option)}")
    if args.what in ("info", "import"):
        from gov_deadlines.cli import calendar_data

        return (
            calendar_data.cmd_info(ctx, args)
            if args.what == "info"
            else (calendar_data.cmd_import(ctx, args))
        )
    from gov_deadlines.cli.grid import cmd_calendar

    return cmd_calendar(ctx, args)


def _check(ctx: Context, args: argparse.Namespace) -> int:
    from gov_deadlines.cli.batch import cmd_check

    return cmd_check(ctx, args)


_COMMANDS: dict[str, Callable[[Context, argparse.Namespace], int]] = {
    "add": cmd_add,
    "between": cmd_between,
    "is-workday": cmd_is_workday,
    "due": cmd_due,
    "rules": cmd_rules,
    "calendar": _calendar,
    "check": _check,
    "report": lambda c, a: __import__(f"{__package__}.report_cmd", fromlist=["*"]).cmd_report(c, a),
    "serve": lambda c, a: __import__(f"{__package__}.serve_cmd", fromlist=["*"]).cmd_serve(c, a),
    "rules-extract": lambda c, a: __import__(
        f"{__package__}.extract_cmd", fromlist=["*"]
    ).cmd_extract(c, a),
}
