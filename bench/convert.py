"""The convert benchmark: throughput as a ratio to a floor measured in the same run.

    python -m bench.convert                  # 200,000 payloads (make bench)
    python -m bench.convert --lines 50000    # quicker

Payloads come from the lint benchmark's deterministic poll log (bench.generate, all valid),
the four vendor formats mixed. floor = ``orjson.loads`` + ``orjson.dumps`` of every line, the
least any converter must do. Each row converts every line and dumps the result; the ratio is
its time over the floor (best of --repeat, wall time by perf_counter). The target for
converting to the hub with the format detected is at most 5x the floor, single process.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import orjson

import jobstatus
from bench.generate import polls

OUT = Path(__file__).resolve().parent / "out"
TARGET = 5.0


def _best(repeat: int, work: Callable[[], int]) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.convert", description=__doc__)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    data = [(line, fmt) for line, fmt, _ in polls(args.lines, invalid=0.0)]

    def floor() -> int:
        for line, _ in data:
            orjson.dumps(orjson.loads(line))
        return 0

    def converting(to: str | None, known: bool) -> Callable[[], int]:
        def work() -> int:
            failed = 0
            for line, fmt in data:
                try:
                    result = jobstatus.convert(line, to or fmt, source=fmt if known else None)
                except jobstatus.ConversionError:
                    failed += 1
                    continue
                orjson.dumps(result.payload)
            return failed
        return work

    rows = {
        "to canonical, format detected": converting("canonical", known=False),
        "to canonical, format given": converting("canonical", known=True),
        "to the same format (identity)": converting(None, known=True),
        "to zendesk, format given": converting("zendesk", known=True),
    }
    floor_time, _ = _best(args.repeat, floor)
    results: dict[str, object] = {"lines": args.lines, "floor_s": floor_time, "rows": {}}
    print(f"floor (orjson.loads + orjson.dumps), {args.lines:,} payloads: "
          f"{floor_time:.3f} s = {floor_time / args.lines * 1e6:.2f} us/payload")
    for name, work in rows.items():
        seconds, failed = _best(args.repeat, work)
        ratio = seconds / floor_time
        results["rows"][name] = {"seconds": seconds, "x_floor": ratio,  # type: ignore[index]
                                 "refused": failed}
        note = f"  ({failed:,} refused with ConversionError)" if failed else ""
        print(f"{name:34} {seconds:7.3f} s  {ratio:5.1f}x floor{note}")
    headline = results["rows"]["to canonical, format detected"]["x_floor"]  # type: ignore[index]
    print(f"target: to canonical, format detected <= {TARGET}x floor: "
          f"{'met' if headline <= TARGET else 'NOT met'} ({headline:.1f}x)")
    OUT.mkdir(exist_ok=True)
    (OUT / f"convert-{args.lines}.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
