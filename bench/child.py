"""One measured lint run in a fresh process: ``python -m bench.child PATH WORKERS``.

Prints one JSON object: the wall time of the lint (imports and schema compilation excluded,
findings written by the JSON Lines reporter to /dev/null, as a CI run writes them), its CPU
time (workers included; ``parent_cpu_seconds``: this process's alone), the peak RSS of this
process (``ru_maxrss``; worker processes have their own) and the summary.
"""

from __future__ import annotations

import os
import resource
import sys
import time

import orjson

from jobstatus._formats import FORMATS, spec
from jobstatus._lint._fast import fast_shapes
from jobstatus._lint._model import LintOptions, Summary
from jobstatus._lint._observe import reader
from jobstatus._lint._report import make_reporter
from jobstatus._lint._run import lint_paths
from jobstatus._lint._sequence import SequenceChecker


def main() -> None:
    path, workers = sys.argv[1], int(sys.argv[2])
    for format_id in FORMATS:  # compiled once per run in real use too; not per line
        spec(format_id)
        reader(format_id)
    fast_shapes()
    summary = Summary()
    sequence = SequenceChecker()
    with open(os.devnull, "w") as sink:
        reporter = make_reporter("json", sink)
        start, (own, workers_cpu) = time.perf_counter(), _cpu()
        for finding in lint_paths([path], LintOptions(), summary, sequence=sequence,
                                  workers=workers):
            reporter.finding(finding)
        summary.not_sequenced.update(sequence.stats)  # as the CLI does
        reporter.finish(summary)
        seconds, (own_end, workers_end) = time.perf_counter() - start, _cpu()
        own = own_end - own
        cpu = own + (workers_end - workers_cpu)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    sys.stdout.buffer.write(orjson.dumps({"seconds": seconds, "cpu_seconds": cpu,
                                          "parent_cpu_seconds": own,
                                          "peak_rss_kib": peak_kib,
                                          "summary": summary.as_dict()}) + b"\n")


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
