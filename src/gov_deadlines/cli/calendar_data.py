"""``gov-deadlines calendar info`` and ``calendar import NOTICE.txt``: the data behind results.

``info`` says which years and regions are loaded, from which sources, whether each is official,
reported or assumed, and the calendar's fingerprint. ``import`` turns the text of a State Council
holiday notice into a year file (holiday-cn JSON) after printing what it understood, day by day.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gov_deadlines import DataSource
from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.text import os_error, t
from gov_deadlines.messages import has

__all__ = ["cmd_import", "cmd_info"]


def _status(source: DataSource, lang: str) -> str:
    if not source.official:
        return t("source_status.provisional", lang)
    return t("source_status.reported" if source.reported else "source_status.official", lang)


def _describe(source: DataSource) -> dict[str, Any]:
    return {
        "label": source.label,
        "kind": source.kind,
        "region": source.region,
        "path": source.path,
        "sha256": source.sha256,
        "papers": list(source.papers),
        "reported": source.reported,
        "official": source.official,
    }


def cmd_info(ctx: Context, args: argparse.Namespace) -> int:
    """List the loaded years, grouped by the sources that define them."""
    cal, lang = ctx.calendar, ctx.lang
    by_year = cal.year_sources()
    if ctx.json:
        ctx.emit_json(
            {
                "fingerprint": cal.fingerprint,
                "region": cal.region,
                "unknown_years": cal.unknown_years,
                "years": {str(y): [_describe(s) for s in srcs] for y, srcs in by_year.items()},
            }
        )
        return 0
    groups: list[tuple[list[int], tuple[DataSource, ...]]] = []
    for year, sources in by_year.items():
        if groups and groups[-1][1] == sources and groups[-1][0][-1] == year - 1:
            groups[-1][0].append(year)
        else:
            groups.append(([year], sources))
    print(t("info.fingerprint", lang, fingerprint=cal.fingerprint))
    print(t("info.region", lang, region=cal.region or t("info.national", lang)))
    print(t(f"info.unknown_years.{cal.unknown_years}", lang))
    if not groups:
        print(t("info.no_year", lang))
    for years, sources in groups:
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        for i, s in enumerate(sources):
            print(
                t(
                    "info.source",
                    lang,
                    years=span if i == 0 else "",
                    label=s.label,
                    region=f" [{s.region}]" if s.region else "",
                    kind=t(f"source_kind.{s.kind}", lang)
                    if has(f"cli.source_kind.{s.kind}")
                    else s.kind,
                    status=_status(s, lang),
                    digest=f" sha256:{s.sha256[:12]}" if s.sha256 else "",
                )
            )
            for paper in s.papers:
                print(f"{'':<12}{paper}")
    return 0


def _read_text(path: str, lang: str) -> str:
    blob = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return blob.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"{path}: {t('not_text', lang)}")


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    """Parse a notice, print what was understood, and write the year file (nothing on error)."""
    from gov_deadlines.calendar.notice import apply_amendment, parse_notice
    from gov_deadlines.calendar.sources import read_holiday_cn

    if not args.notice:
        raise UsageError(t("import_needs_notice", ctx.lang))
    try:
        text = _read_text(args.notice, ctx.lang)
    except OSError as exc:
        raise UsageError(f"{args.notice}: {os_error(exc, ctx.lang)}") from None
    target = None
    if args.output is not None:  # a path that cannot be written fails now, before any output
        from gov_deadlines.io.readers import RegisterError
        from gov_deadlines.io.writers import _FileTarget

        try:
            target = _FileTarget(Path(args.output))
        except RegisterError as exc:
            raise UsageError(ctx.error(exc)) from None
    try:
        notice = parse_notice(text)  # NoticeError (a GovDeadlinesError): reported, exit 1
        if notice.kind == "amendment":
            data = apply_amendment(ctx.calendar.export_year(notice.year), notice)
        else:
            data = notice.to_holiday_cn()
        read_holiday_cn(data)  # the file must load as it will be loaded
        described = notice.describe(ctx.lang)
        payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if target is None:
            sys.stderr.write(described + "\n")
            sys.stdout.write(payload)
            return 0
        print(described)
        target.text(bom=False).write(payload)
        target.commit()
    except BaseException:
        if target is not None:
            target.discard()  # nothing is written under the real name, no temporary file left
        raise
    print(t("written", ctx.lang, path=args.output))
    return 0
