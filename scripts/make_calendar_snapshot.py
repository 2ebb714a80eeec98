"""Write src/gov_deadlines/_calendar_snapshot.py: the bundled national calendar, day by day.

The command line's fast start (gov_deadlines.cli.fast) answers ``add``, ``between`` and
``is-workday`` from this file instead of building the calendar from chinese-calendar's tables and
the errata at every start. Run it after upgrading chinese-calendar, editing
``calendar/data/national/errata.json`` or the words of ``messages/data/cli.toml``, and before a
release (a stale file is never used -- the CLI checks the inputs' sizes and CRC-32 and falls back
to the full calendar -- but it costs the fast start)::

    python scripts/make_calendar_snapshot.py          # writes the file
    python scripts/make_calendar_snapshot.py --check  # exits 1 if the committed file differs

tests/unit/test_calendar_snapshot.py does the same check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gov_deadlines.calendar.snapshot import render

TARGET = Path(__file__).resolve().parent.parent / "src" / "gov_deadlines" / "_calendar_snapshot.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not current")
    args = parser.parse_args()
    text = render()
    current = TARGET.read_text("utf-8") if TARGET.exists() else None
    if args.check:
        if current != text:
            print(f"{TARGET} is stale: run python scripts/make_calendar_snapshot.py")
            return 1
        print(f"{TARGET} is current")
        return 0
    if current == text:
        print(f"{TARGET} unchanged")
        return 0
    TARGET.write_text(text, "utf-8")
    print(f"wrote {TARGET} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
