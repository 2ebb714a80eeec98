"""Benchmark the extractor (issue 12): throughput on the sample plans and a 200-page plan.

Run from the project root after ``python -m pip install -e ".[test,extract]"``::

    python benchmarks/bench_extract.py            # best of 5 runs each
    python benchmarks/bench_extract.py --quick    # best of 2

Measured, in this process, with the garbage collector off, best of N:

* each of the four documents of ``../shared/samples`` (UTF-8 bytes per second) and all four;
* a 200-page plan synthesised from the samples: their text repeated (section numbers kept) to
  200 pages of 1,500 characters (~300,000 characters, ~0.9 MB in UTF-8), clauses counted;
* the same plan in traditional characters with pinyin annotations (OpenCC s2t), the costliest
  normalisation;
* peers for scale: reading the same bytes (``bytes.decode``), OpenCC t2s alone, and one regular
  expression scan of the text (``re.findall`` of ``个工作日内``): the floor any extractor pays.

Targets: >= 1 MB of text per second on the samples and on the 200-page plan; the 200-page plan
in under 3 s. The machine is shared and noisy: the ratios matter more than absolute numbers.
Exits with status 1 if a target fails.
"""

from __future__ import annotations

import argparse
import gc
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gov_deadlines.extraction import extract_text
from gov_deadlines.extraction.normalize import t2s_available

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
TARGET_MB_S = 1.0
TARGET_PLAN_S = 3.0
PAGE_CHARS = 1500


def best(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The fastest of ``runs`` calls, in seconds, and the last result."""
    times, result = [], None
    gc.disable()
    try:
        for _ in range(runs):
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
    finally:
        gc.enable()
    return min(times), result


_TAIL = re.compile(r"^(推荐访问|溫馨提示|温馨提示|扫一扫在手机打开当前页)", re.M)


def plan(texts: list[str], pages: int) -> str:
    """A long plan made of the samples' text (each without the site's tail, which would end the
    plan), repeated to ``pages`` pages."""
    body = "\n".join(t[: m.start()] if (m := _TAIL.search(t)) else t for t in texts)
    need = pages * PAGE_CHARS
    return (body * (need // len(body) + 1))[:need]


def annotated(text: str) -> str:
    """Traditional characters, with pinyin after one character in seven."""
    import opencc

    trad = opencc.OpenCC("s2t").convert(text)
    return "".join(ch + "(qū)" if i % 7 == 0 and "\u4e00" <= ch <= "\u9fff" else ch
                   for i, ch in enumerate(trad))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="best of 2, not 5")
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args(argv)
    runs = 2 if args.quick else 5
    if not SAMPLES.is_dir():
        print(f"no samples at {SAMPLES}", file=sys.stderr)
        return 1
    print(f"python {platform.python_version()} on {platform.machine()}, best of {runs}; "
          f"OpenCC {'on' if t2s_available() else 'NOT installed'}")  # fmt: skip
    failed = []
    texts = []
    total_secs = total_size = 0.0
    total_clauses = total_vague = 0
    print(f"\n{'input':<34}{'bytes':>10}{'seconds':>10}{'MB/s':>8}{'clauses':>9}{'vague':>7}")
    for path in sorted(SAMPLES.glob("*.txt")):
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        texts.append(text)
        secs, ex = best(lambda text=text: extract_text(text), runs)
        mbs = len(raw) / secs / 1e6
        total_secs, total_size = total_secs + secs, total_size + len(raw)
        total_clauses, total_vague = total_clauses + len(ex.clauses), total_vague + len(ex.vague)
        print(f"{path.name:<34}{len(raw):>10,}{secs:>10.4f}{mbs:>8.2f}{len(ex.clauses):>9}"
              f"{len(ex.vague):>7}")  # fmt: skip
    sample_mbs = total_size / total_secs / 1e6
    print(f"{'all four (one call each)':<34}{int(total_size):>10,}{total_secs:>10.4f}"
          f"{sample_mbs:>8.2f}{total_clauses:>9}{total_vague:>7}")  # fmt: skip
    long = plan(texts, args.pages)
    long_size = len(long.encode("utf-8"))
    plan_secs, ex = best(lambda: extract_text(long), max(1, runs // 2))
    plan_mbs = long_size / plan_secs / 1e6
    print(f"{f'{args.pages}-page plan':<34}{long_size:>10,}{plan_secs:>10.4f}{plan_mbs:>8.2f}"
          f"{len(ex.clauses):>9}{len(ex.vague):>7}")  # fmt: skip
    if t2s_available():
        trad = annotated(long)
        trad_size = len(trad.encode("utf-8"))
        tsecs, ex = best(lambda: extract_text(trad), max(1, runs // 2))
        print(f"{'  traditional + pinyin':<34}{trad_size:>10,}{tsecs:>10.4f}"
              f"{trad_size / tsecs / 1e6:>8.2f}{len(ex.clauses):>9}{len(ex.vague):>7}")  # fmt: skip
    print("\npeers on the 200-page plan (the floor):")
    data = long.encode("utf-8")
    dsecs, _ = best(lambda: data.decode("utf-8"), runs)
    print(f"  bytes.decode                {dsecs:>10.4f} s  ({plan_secs / dsecs:,.0f}x less than "
          "extract)")  # fmt: skip
    rsecs, _ = best(lambda: re.findall(r"\d+个工作日内", long), runs)
    print(f"  one regex scan              {rsecs:>10.4f} s  ({plan_secs / rsecs:,.0f}x less)")
    if t2s_available():
        import opencc

        cc = opencc.OpenCC("t2s")
        osecs, _ = best(lambda: cc.convert(long), runs)
        share = osecs / plan_secs
        print(f"  OpenCC t2s alone            {osecs:>10.4f} s  ({share:.0%} of extract)")
    print()
    for name, value, target, ok in (
        ("samples, MB/s", sample_mbs, f">= {TARGET_MB_S}", sample_mbs >= TARGET_MB_S),
        (f"{args.pages}-page plan, MB/s", plan_mbs, f">= {TARGET_MB_S}", plan_mbs >= TARGET_MB_S),
        (f"{args.pages}-page plan, s", plan_secs, f"< {TARGET_PLAN_S}", plan_secs < TARGET_PLAN_S),
    ):
        print(f"{'PASS' if ok else 'FAIL'}  {name:<26} {value:8.2f}  (target {target})")
        if not ok:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
