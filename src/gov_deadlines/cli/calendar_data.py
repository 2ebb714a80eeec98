"""``gov-deadlines calendar info`` and ``calendar import NOTICE.txt``: the data behind results.

``info`` says which years and regions are loaded, from which sources, whether each is official,
reported or assumed, the calendar's fingerprint, and the data directory's files. ``import`` turns
the text of a State Council holiday notice into a year file (holiday-cn JSON) after printing what
it understood, day by day; ``--into DIR`` writes it into a data directory as ``DIR/<year>.json``.
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
    return {**source.to_dict(), "path": source.path}


def _data_files(ctx: Context) -> list[dict[str, Any]]:
    """The data directory's files and what became of each: a year file or an overlay used, an
    overlay of another region skipped, a rule catalog (its rule count). Every file was checked
    when the calendar or the catalog was built."""
    from gov_deadlines.calendar.sources import read_holiday_cn

    assert ctx.data_dir is not None
    used = {s.path: s for s in ctx.calendar.sources if s.path}
    out: list[dict[str, Any]] = []
    for path in ctx.data_dir.calendar_files:
        source = used.get(str(path))
        region = source.region if source else read_holiday_cn(path).source.region
        kind = "overlay" if region else "year"
        out.append(
            {"name": path.name, "path": str(path), "kind": kind, "region": region,
             "used": source is not None}
        )  # fmt: skip
    if ctx.data_dir.rule_files:
        catalog = ctx.catalog  # the directory's rule files, checked (a broken one: exit 2)
        for path in ctx.data_dir.rule_files:
            n = sum(1 for i in catalog if catalog.versions(i)[0].source == str(path))
            out.append({"name": path.name, "path": str(path), "kind": "rules", "rules": n})
    return out


def _data_file_line(f: dict[str, Any], ctx: Context) -> str:
    lang = ctx.lang
    if f["kind"] == "rules":
        what = t("info.data_file.rules", lang, n=f["rules"])
    elif f["kind"] == "year":
        what = t("info.data_file.year", lang)
    elif f["used"]:
        what = t("info.data_file.overlay", lang, region=f["region"])
    else:
        selected = ctx.calendar.region or t("info.national", lang)
        what = t("info.data_file.skipped", lang, region=f["region"], selected=selected)
    return t("info.data_file.line", lang, name=f["name"], what=what)


def cmd_info(ctx: Context, args: argparse.Namespace) -> int:
    """List the loaded years, grouped by the sources that define them, and the data directory."""
    if getattr(args, "into", None) is not None or getattr(args, "force", False):
        raise UsageError(f"calendar info: {t('import.into_only', ctx.lang)}")
    cal, lang = ctx.calendar, ctx.lang
    by_year = cal.year_sources()
    files = _data_files(ctx) if ctx.data_dir is not None else []
    from_dir = {f["path"] for f in files}
    if ctx.json:
        data_dir = None
        if ctx.data_dir is not None:
            path, option = str(ctx.data_dir.path), ctx.data_dir_option
            data_dir = {"path": path, "option": option, "files": files}
        ctx.emit_json(
            {
                "fingerprint": cal.fingerprint,
                "region": cal.region,
                "unknown_years": cal.unknown_years,
                "data_dir": data_dir,
                "years": {
                    str(y): [_describe(s) | {"data_dir": s.path in from_dir} for s in srcs]
                    for y, srcs in by_year.items()
                },
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
    if ctx.data_dir is not None:
        folder, option = ctx.data_dir.path, ctx.data_dir_option
        print(t("info.data_dir", lang, path=folder, option=option))
        for f in files:
            print(_data_file_line(f, ctx))
        if not files:
            print(t("info.data_file.none", lang))
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
                    kind=t("source_kind.data_dir", lang)
                    if s.path in from_dir
                    else t(f"source_kind.{s.kind}", lang)
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
    if not args.notice:
        raise UsageError(t("import_needs_notice", ctx.lang))
    if getattr(args, "into", None) is not None:
        return _import_into(ctx, args)
    if getattr(args, "force", False):
        raise UsageError(f"calendar import: {t('import.force_needs_into', ctx.lang)}")
    target = None
    if args.output is not None:  # a path that cannot be written fails now, before any output
        from gov_deadlines.io.readers import RegisterError
        from gov_deadlines.io.writers import _FileTarget

        try:
            target = _FileTarget(Path(args.output))
        except RegisterError as exc:
            raise UsageError(ctx.error(exc)) from None
    try:
        _, described, payload = _year_file(ctx, args.notice)
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


def _year_file(ctx: Context, notice_path: str) -> tuple[int, str, str]:
    """The notice read and checked as ``import`` checks it: its year, what was understood (in
    the user's language) and the year file's text."""
    from gov_deadlines.calendar.notice import apply_amendment, parse_notice
    from gov_deadlines.calendar.sources import read_holiday_cn

    try:
        text = _read_text(notice_path, ctx.lang)
    except OSError as exc:
        raise UsageError(f"{notice_path}: {os_error(exc, ctx.lang)}") from None
    notice = parse_notice(text)  # NoticeError (a GovDeadlinesError): reported, exit 1
    if notice.kind == "amendment":  # amends the year as loaded (the data directory's, if set)
        data = apply_amendment(ctx.calendar.export_year(notice.year), notice)
    else:
        data = notice.to_holiday_cn()
    read_holiday_cn(data)  # the file must load as it will be loaded
    payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return notice.year, notice.describe(ctx.lang), payload


def _import_into(ctx: Context, args: argparse.Namespace) -> int:
    """``calendar import NOTICE --into DIR``: write ``DIR/<year>.json`` atomically; an existing
    file with other content is replaced only with ``--force``; nothing is written on error."""
    from gov_deadlines.datadir import scan
    from gov_deadlines.errors import DataDirError
    from gov_deadlines.io.readers import RegisterError
    from gov_deadlines.io.writers import _FileTarget

    lang = ctx.lang
    if args.output is not None:
        raise UsageError(f"calendar import: {t('import.into_and_output', lang)}")
    try:
        folder = scan(args.into).path  # an existing, readable directory, before any output
    except DataDirError as exc:
        raise UsageError(f"--into: {exc.message(lang)}") from None
    year, described, payload = _year_file(ctx, args.notice)
    path = folder / f"{year}.json"
    print(described)
    try:
        old = path.read_bytes() if path.is_file() else None
    except OSError as exc:
        raise UsageError(f"{path}: {os_error(exc, lang)}") from None
    if old == payload.encode("utf-8"):
        print(t("import.unchanged", lang, path=path))
        return 0
    if old is not None and not args.force:
        raise UsageError(t("import.refused", lang, path=path))
    try:
        target = _FileTarget(path)  # a temporary file in DIR (hidden: no scan sees it), renamed
    except RegisterError as exc:
        raise UsageError(ctx.error(exc)) from None
    try:
        target.text(bom=False).write(payload)
        target.commit()
    except BaseException:
        target.discard()
        raise
    print(t("import.replaced" if old is not None else "written", lang, path=path))
    return 0
