"""The lint benchmark: ratios measured in one run, against a floor measured in the same run.

    python -m bench                  # 1,000,000 lines (make bench)
    python -m bench --lines 200000   # quicker

1. A deterministic JSONL poll log (``bench.generate``: four formats, ~25 polls per job,
   5% invalid payloads) and its first quarter, both kept in bench/out/.
2. floor: ``orjson.loads`` of every line of the file.
3. lint, one process, and ``--workers 2``, each in a fresh process (``bench.child``), each run
   between two floors (this machine's speed drifts over seconds), as ratios to their mean:
   the best of --repeat runs, and their range. Peak RSS of the whole
   file against its first quarter.
4. Differential: on a sample of lines, the payloads lint finds invalid must be exactly those
   python-jsonschema (the reference implementation, formats asserted) finds invalid.
5. check-jsonschema on the same sample in its best workaround for JSONL (one JSON array file
   and one array schema per format), timed as a ratio to the floor of those lines. It is not a
   dependency: taken from PATH, else installed into a throwaway venv, else the row is skipped.

Results go to bench/out/results-<lines>.json; the table is printed. Wall times, perf_counter.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from bench.generate import write

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"lint_x_floor": 3.0, "workers2_x_floor": 1.6, "rss_ratio": 1.25, "rss_mib": 80.0}
CJS_VENV = Path(tempfile.gettempdir()) / "jobstatus-bench-check-jsonschema"


def floor_seconds(path: Path, repeat: int) -> tuple[float, float]:
    """``orjson.loads`` of every line of *path*: wall and CPU seconds of the best of *repeat*
    passes."""
    best = (float("inf"), float("inf"))
    loads = orjson.loads
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        with open(path, "rb") as stream:
            for line in stream:
                loads(line)
        best = min(best, (time.perf_counter() - start, time.process_time() - start_cpu))
    return best


def paired(path: Path, workers: int) -> dict[str, Any]:
    """One lint run (see :func:`child`) between two floors, and its ratios to their mean:
    wall time (``x_floor``) and CPU time (``cpu_x_floor``). The mean of the floors just before
    and just after is the machine's speed during the run better than either: it drifts over
    seconds (other tenants)."""
    before, before_cpu = floor_seconds(path, 1)
    run = child(path, workers)
    after, after_cpu = floor_seconds(path, 1)
    floor, floor_cpu = (before + after) / 2, (before_cpu + after_cpu) / 2
    run.update(floor_seconds=floor, x_floor=run["seconds"] / floor,
               cpu_x_floor=run["cpu_seconds"] / floor_cpu,
               parent_cpu_x_floor=run["parent_cpu_seconds"] / floor_cpu)
    return run


def child(path: Path, workers: int) -> dict[str, Any]:
    """One lint run in a fresh process: what ``bench.child`` prints."""
    done = subprocess.run([sys.executable, "-m", "bench.child", str(path), str(workers)],
                          check=True, capture_output=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def prepare(lines: int, seed: int) -> tuple[Path, Path, Path]:
    """The capture, its first quarter and the truth file (format per line, ``!`` if made
    invalid), generated once per (lines, seed)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"polls-{lines}-{seed}.jsonl"
    head = OUT / f"polls-{lines}-{seed}-head.jsonl"
    truth = OUT / f"polls-{lines}-{seed}.truth"
    if not (path.exists() and head.exists() and truth.exists()):
        formats = write(str(path), lines, seed)
        truth.write_text("\n".join(formats) + "\n")
        with open(path, "rb") as stream, open(head, "wb") as out:
            for _, line in zip(range(lines // 4), stream, strict=False):
                out.write(line)
    return path, head, truth


def sample(path: Path, truth: Path, size: int) -> tuple[list[bytes], list[str]]:
    """Every k-th line, so the sample spans the whole file."""
    with open(truth) as stream:
        formats = stream.read().split()
    step = max(1, len(formats) // size)
    lines: list[bytes] = []
    kinds: list[str] = []
    with open(path, "rb") as stream:
        for number, line in enumerate(stream):
            if number % step == 0 and len(lines) < size:
                lines.append(line)
                kinds.append(formats[number])
    return lines, kinds


def differential(lines: list[bytes], kinds: list[str], work: Path) -> dict[str, Any]:
    """Invalid lines by lint against invalid lines by python-jsonschema, each line checked as
    the format it was generated as."""
    import jsonschema  # noqa: PLC0415 - a dev dependency, only needed here

    from jobstatus._formats import spec  # noqa: PLC0415
    from jobstatus._lint._model import LintOptions, Summary  # noqa: PLC0415
    from jobstatus._lint._run import lint_paths  # noqa: PLC0415

    sample_path = work / "sample.jsonl"
    sample_path.write_bytes(b"".join(lines))
    payload_rules = {"schema", "state-drift", "invalid-json", "unknown-format"}
    lint_invalid: dict[int, str | None] = {}
    for finding in lint_paths([str(sample_path)], LintOptions(), Summary()):
        if finding.rule in payload_rules and finding.line is not None:
            lint_invalid.setdefault(finding.line, finding.format)
    validators = {}
    oracle_invalid: set[int] = set()
    start = time.perf_counter()
    for number, (line, kind) in enumerate(zip(lines, kinds, strict=True), start=1):
        format_id = kind.rstrip("!")
        if format_id not in validators:
            cls = jsonschema.validators.validator_for(spec(format_id).schema)
            validators[format_id] = cls(spec(format_id).schema,
                                        format_checker=cls.FORMAT_CHECKER)
        if not validators[format_id].is_valid(json.loads(line)):
            oracle_invalid.add(number)
    oracle_seconds = time.perf_counter() - start
    planted = {number for number, kind in enumerate(kinds, start=1) if kind.endswith("!")}
    wrong_format = sorted(number for number, fmt in lint_invalid.items()
                          if fmt is not None and fmt != kinds[number - 1].rstrip("!"))
    return {
        "sample_lines": len(lines),
        "lint_invalid": len(lint_invalid),
        "oracle_invalid": len(oracle_invalid),
        "planted_invalid": len(planted),
        "agree": set(lint_invalid) == oracle_invalid,
        "only_lint": sorted(set(lint_invalid) - oracle_invalid)[:10],
        "only_oracle": sorted(oracle_invalid - set(lint_invalid))[:10],
        "wrong_format": wrong_format[:10],
        "oracle_seconds": oracle_seconds,
    }


def _check_jsonschema() -> tuple[list[str] | None, str]:
    found = shutil.which("check-jsonschema")
    if found:
        return [found], "from PATH"
    binary = CJS_VENV / "bin" / "check-jsonschema"
    if not binary.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(CJS_VENV)], check=True,
                           capture_output=True)
            subprocess.run([str(CJS_VENV / "bin" / "python"), "-m", "pip", "install",
                            "--quiet", "check-jsonschema"], check=True, capture_output=True,
                           timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            return None, f"skipped: check-jsonschema could not be installed ({exc})"
    return [str(binary)], f"installed in {CJS_VENV}"


def check_jsonschema(lines: list[bytes], kinds: list[str], work: Path, floor: float,
                     repeat: int) -> dict[str, Any]:
    """check-jsonschema validates files, not JSONL: its best workaround is one JSON array per
    format, checked against an array schema that embeds the format's schema."""
    from jobstatus._formats import spec  # noqa: PLC0415

    command, how = _check_jsonschema()
    if command is None:
        return {"skipped": how}
    jobs = []
    for format_id in sorted({kind.rstrip("!") for kind in kinds}):
        items = [line for line, kind in zip(lines, kinds, strict=True)
                 if kind.rstrip("!") == format_id]
        data = work / f"{format_id}.json"
        data.write_bytes(b"[" + b",".join(line.strip() for line in items) + b"]")
        schema = work / f"{format_id}-array.schema.json"
        schema.write_bytes(orjson.dumps({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "array", "items": {"$ref": "#/$defs/payload"},
            "$defs": {"payload": dict(spec(format_id).schema)},
        }))
        jobs.append([*command, "--schemafile", str(schema), str(data)])
    best = float("inf")
    codes: list[int] = []
    for _ in range(repeat):
        start = time.perf_counter()
        codes = [subprocess.run(job, capture_output=True, check=False).returncode
                 for job in jobs]
        best = min(best, time.perf_counter() - start)
    return {"seconds": best, "x_floor": best / floor, "invocations": len(jobs),
            "exit_codes": codes, "how": how}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--sample", type=int, default=5000,
                        help="lines for the differential and check-jsonschema rows")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs")
    parser.add_argument("--no-check-jsonschema", action="store_true")
    args = parser.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(f"generating {args.lines:,} lines (seed {args.seed}) ...", file=sys.stderr)
    path, head, truth = prepare(args.lines, args.seed)
    print("measuring ...", file=sys.stderr)
    # This machine's speed drifts over seconds (other tenants): each lint run is paired with
    # the floors measured just before and after it, and the best run's ratio counts; the
    # spread is shown.
    singles, twos = [], []
    for _ in range(args.repeat):
        singles.append(paired(path, 1))
        twos.append(paired(path, 2))
    single = min(singles, key=lambda run: run["x_floor"])
    two = min(twos, key=lambda run: run["x_floor"])
    single["peak_rss_kib"] = max(run["peak_rss_kib"] for run in singles)
    quarter = child(head, 1)
    with tempfile.TemporaryDirectory(prefix="jobstatus-bench-") as tmp:
        work = Path(tmp)
        lines, kinds = sample(path, truth, args.sample)
        sample_floor_path = work / "floor.jsonl"
        sample_floor_path.write_bytes(b"".join(lines))
        sample_floor = floor_seconds(sample_floor_path, args.repeat)[0]
        diff = differential(lines, kinds, work)
        cjs = ({"skipped": "--no-check-jsonschema"} if args.no_check_jsonschema else
               check_jsonschema(lines, kinds, work, sample_floor, args.repeat))

    rss_full = single["peak_rss_kib"] / 1024
    rss_quarter = quarter["peak_rss_kib"] / 1024
    results: dict[str, Any] = {
        "lines": args.lines, "seed": args.seed, "cpus": os.cpu_count(), "load_average": load,
        "compiled": compiled(),
        "floor_seconds": single["floor_seconds"],
        "lint_seconds": single["seconds"], "lint_x_floor": single["x_floor"],
        "lint_x_floor_spread": [run["x_floor"] for run in singles],
        "lint_cpu_x_floor": single["cpu_x_floor"],
        "workers2_seconds": two["seconds"], "workers2_floor_seconds": two["floor_seconds"],
        "workers2_x_floor": two["x_floor"],
        "workers2_x_floor_spread": [run["x_floor"] for run in twos],
        "workers2_cpu_x_floor": two["cpu_x_floor"],
        "workers2_parent_cpu_x_floor": two["parent_cpu_x_floor"],
        "rss_mib": rss_full, "rss_quarter_mib": rss_quarter, "rss_ratio": rss_full / rss_quarter,
        "summary": single["summary"],
        "same_summary_with_workers": single["summary"] == two["summary"],
        "differential": diff,
        "python_jsonschema_x_floor": diff["oracle_seconds"] / sample_floor,
        "check_jsonschema": cjs,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / f"results-{args.lines}.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


def compiled() -> bool:
    """Whether the linter's per-line loop is the mypyc-compiled one (``make install``)."""
    from jobstatus._lint import _hot  # noqa: PLC0415

    return not _hot.__file__.endswith(".py")


def spread(r: dict[str, Any], key: str) -> str:
    """`` (a-b, median m)``: the range and median of a ratio over the runs, when there were
    several."""
    values = r.get(key) or []
    if len(values) < 2:
        return ""
    return f" ({min(values):.2f}-{max(values):.2f}, median {statistics.median(values):.2f})"


def table(r: dict[str, Any]) -> str:
    def verdict(key: str, value: float) -> str:
        return "ok" if value <= TARGETS[key] else "MISSED"

    lines = r["lines"]
    diff = r["differential"]
    # --workers 2 is the parent (its share of the ranges, and taking the worker's results) and
    # one worker; their CPU halved is the wall time of a perfect overlap on two cores.
    parent = r["workers2_parent_cpu_x_floor"]
    workers = r["workers2_cpu_x_floor"] - parent
    cjs = r["check_jsonschema"]
    rows = [
        ("lint, one process", f"{r['lint_seconds']:.3f} s (floor {r['floor_seconds']:.3f} s)",
         f"{r['lint_x_floor']:.2f}x{spread(r, 'lint_x_floor_spread')}",
         "<= 3.0x", verdict("lint_x_floor", r["lint_x_floor"])),
        ("lint --workers 2",
         f"{r['workers2_seconds']:.3f} s (floor {r['workers2_floor_seconds']:.3f} s)",
         f"{r['workers2_x_floor']:.2f}x{spread(r, 'workers2_x_floor_spread')}",
         "<= 1.6x", verdict("workers2_x_floor", r["workers2_x_floor"])),
        ("  CPU time: one process / 2 workers (all)",
         f"{r['lint_cpu_x_floor']:.2f}x / {r['workers2_cpu_x_floor']:.2f}x", "", "", ""),
        ("  --workers 2 CPU: parent / worker / both halved",
         f"{parent:.2f}x / {workers:.2f}x / {(parent + workers) / 2:.2f}x", "", "", ""),
        (f"peak RSS, {lines:,} lines", f"{r['rss_mib']:.1f} MiB", "", "<= 80 MiB",
         verdict("rss_mib", r["rss_mib"])),
        (f"peak RSS vs first {lines // 4:,} lines", f"{r['rss_quarter_mib']:.1f} MiB",
         f"{r['rss_ratio']:.2f}x", "<= 1.25x", verdict("rss_ratio", r["rss_ratio"])),
        (f"differential, {diff['sample_lines']:,} lines",
         f"{diff['lint_invalid']} / {diff['oracle_invalid']} invalid", "",
         "lint == python-jsonschema", "ok" if diff["agree"] and not diff["wrong_format"]
         else "MISSED"),
        ("python-jsonschema (oracle), sample", f"{diff['oracle_seconds']:.3f} s",
         f"{r['python_jsonschema_x_floor']:.1f}x", "", ""),
    ]
    if "skipped" in cjs:
        rows.append(("check-jsonschema, sample", cjs["skipped"], "", "", ""))
    else:
        rows.append((f"check-jsonschema, sample ({cjs['invocations']} runs)",
                     f"{cjs['seconds']:.3f} s", f"{cjs['x_floor']:.1f}x", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    build = "compiled (mypyc)" if r.get("compiled") else "pure Python"
    header = (f"jobstatus lint benchmark: {lines:,} lines, {r['cpus']} CPUs, "
              f"load average {r['load_average']}, per-line loop {build}")
    out = [header, ""]
    for row in rows:
        out.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    out.append("")
    out.append(f"same summary with --workers 2: {r['same_summary_with_workers']}; ratios are "
               "wall time against the mean of the floors measured just before and after each "
               "run: the best run (range and median over the runs). The CPU rows: CPU time "
               "against the floors' CPU time, what other load on the machine distorts least.")
    return "\n".join(out)


if __name__ == "__main__":
    main()
