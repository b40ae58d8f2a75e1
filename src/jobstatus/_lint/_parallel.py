"""``--workers N``: one large JSONL file linted by N processes, with the findings of one.

The file is split into N newline-aligned byte ranges (``jsonl_ranges``); each worker process
reads its range (``read_jsonl_range``, exact line numbers) and runs the same per-record
pipeline as a single process (``check_records``). The parent yields the findings range by range,
in file order, and sums the summaries. Workers are started with ``fork`` where the platform
has it (they inherit the compiled validators; nothing else is shared) and ``spawn`` elsewhere.

Poll sequences cross range boundaries, so a worker cannot decide every sequence check alone.
Each worker runs the sequence checker in *range mode* (see ``_sequence``): the job facts it has
not seen in its own range are INHERITED, and a check that needs one is sent back undecided
(a ``Deferred``: the observation and a copy of the job's small state), at its place among the
findings. Every fact is last-value-wins, so the parent, which merges the ranges in order,
knows each job's state at the start of every range and decides the deferred checks exactly as
one pass would. What crosses the process boundary is the findings, the deferred checks (at most
a few per job and range, never per line) and each job's state at the end of the range, as plain
tuples. A range's findings reach the parent when the range is done, so the parent holds one
range's findings at a time (they are few next to the lines: the records are never held).

Below about 15,000 lines one process is as fast (start-up and the merge cost more than they
save), so small files, compressed files and stdin are linted in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jobstatus._lint import _model
from jobstatus._lint._model import Finding, LintOptions, Severity, Summary
from jobstatus._lint._observe import Obs
from jobstatus._lint._readers import jsonl_range_lines, jsonl_ranges, read_jsonl_range
from jobstatus._lint._run import check_jsonl, check_records
from jobstatus._lint._sequence import (
    Deferred,
    JobState,
    SequenceChecker,
    decide,
    fresh,
    job_state,
    merge_state,
)

__all__ = ["MIN_LINES", "lint_jsonl_parallel", "worth_splitting"]

MIN_LINES = 15_000
_SAMPLE = 1 << 16


def worth_splitting(path: str, workers: int) -> bool:
    """Whether *path* is a plain file long enough (estimated from its first 64 KiB) to split."""
    if workers < 2 or path.lower().endswith(".gz"):
        return False
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as stream:
            head = stream.read(_SAMPLE)
    except OSError:
        return False  # the normal path reports it
    lines = head.count(b"\n")
    if lines == 0:
        return False
    return size * lines // len(head) >= MIN_LINES


class _RangeChecker(SequenceChecker):
    """A range-mode checker whose results (findings and deferred checks) wait in ``pending``,
    in job order, so the worker can put them after the record's own findings."""

    def __init__(self, inherited: bool) -> None:
        super().__init__(range_mode=inherited)
        self.pending: list[Finding | Deferred] = []

    def check(self, obs: Obs) -> list[Finding]:
        self.pending.extend(super().check(obs))
        if self.deferred:  # the undecided check of this observation, in its place
            self.pending.extend(self.deferred)
            self.deferred.clear()
        return []


# What a worker sends back is plain tuples, which pickle at C speed (dataclasses, enums and
# named tuples one by one would cost a good part of what the worker saved):
#   (FINDING, rule, severity, message, file, line, entry, pointer, format, context)
#   (DEFERRED, (format, job id), state values, observation, findings if the job is new)
# A deferred check carries the worker's decision for a job that no earlier range has seen
# (most jobs of a range start in it): then the parent only looks the job up, and rebuilds
# state and observation only for the jobs that cross into the range.
FINDING, DEFERRED = 0, 1


@dataclass
class _RangeResult:
    events: list[tuple[Any, ...]] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    jobs: dict[str, dict[str, tuple[Any, ...]]] = field(default_factory=dict)
    """format -> job id -> JobState.values() at the end of the range."""
    stats: dict[str, int] = field(default_factory=dict)


def _finding_values(finding: Finding) -> tuple[Any, ...]:
    return (FINDING, finding.rule, int(finding.severity), finding.message, finding.file,
            finding.line, finding.entry, finding.pointer, finding.format, finding.context)


_SEVERITIES = {int(severity): severity for severity in Severity}


def _finding(values: tuple[Any, ...]) -> Finding:
    return Finding(values[1], _SEVERITIES[values[2]], *values[3:])


_obs = tuple.__new__
_Task = tuple[str, str, int, int, int, LintOptions, bool | None]


def _work(task: _Task) -> _RangeResult:
    """One range: *inherited* None runs no sequence checks, False checks from a fresh state
    (the first range of a run), True in range mode."""
    path, name, start, end, first_line, options, inherited = task
    result = _RangeResult()
    lines = jsonl_range_lines(path, start, end)
    events = result.events
    if inherited is None:
        events.extend(map(_finding_values, check_jsonl(lines, name, options, result.summary,
                                                       first_line=first_line)))
        return result
    checker = _RangeChecker(inherited)
    pending, counts = checker.pending, result.summary.findings
    for finding in check_jsonl(lines, name, options, result.summary, checker, first_line):
        if pending:
            _flush(pending, events, counts)
        events.append(_finding_values(finding))
    _flush(pending, events, counts)
    result.jobs = {format_id: {job_id: state.values() for job_id, state in states.items()}
                   for format_id, states in checker.jobs.items()}
    result.stats = checker.stats
    return result


def _flush(pending: list[Finding | Deferred], events: list[tuple[Any, ...]],
           counts: Any) -> None:
    for item in pending:
        if isinstance(item, Finding):
            counts[item.severity] += 1
            events.append(_finding_values(item))
        else:
            if_new = [_finding_values(finding) for finding in decide(item, None)]
            events.append((DEFERRED, item.key, item.state, tuple(item.obs), if_new))
    pending.clear()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def lint_jsonl_parallel(path: str, name: str, options: LintOptions, summary: Summary, *,
                        sequence: _model.SequenceChecker | None, workers: int
                        ) -> Iterator[Finding]:
    """The findings of one plain JSONL file, as ``check_records`` over it would yield them.

    *sequence* (the run's checker) holds the jobs of earlier inputs; it is brought up to date
    with this file's jobs, so the inputs after it are checked against them too. A checker of
    another kind cannot be split across processes: then the file is checked here, in one.
    """
    if sequence is not None and not isinstance(sequence, SequenceChecker):
        yield from check_records(read_jsonl_range(path, name, 0, os.path.getsize(path), 1),
                                 options, summary, sequence)
        return
    if sequence is not None:
        for finding in sequence.flush():  # a HAR file read before this one
            summary.findings[finding.severity] += 1
            yield finding
    ranges = jsonl_ranges(path, workers)
    known = sequence.jobs if sequence is not None else {}
    # The first range starts from the run's state; it only needs range mode if that has jobs.
    tasks: list[_Task] = [
        (path, name, start, end, line, options,
         None if sequence is None else index > 0 or bool(known))
        for index, (start, end, line) in enumerate(ranges)]
    with _context().Pool(len(tasks)) as pool:
        for task, result in zip(tasks, pool.imap(_work, tasks), strict=True):
            yield from _merge(result, known, summary.findings)
            for format_id, states in result.jobs.items():
                into = known.setdefault(format_id, {})
                for job_id, values in states.items():
                    earlier = into.get(job_id)
                    if earlier is not None:
                        into[job_id] = merge_state(earlier, job_state(values))
                    else:  # new to this file: what it inherited is nothing
                        into[job_id] = job_state(fresh(values) if task[-1] else values)
            summary.merge(result.summary)
            if sequence is not None:
                for reason, count in result.stats.items():
                    sequence.stats[reason] = sequence.stats.get(reason, 0) + count


def _merge(result: _RangeResult, known: dict[str, dict[str, JobState]], counts: Any
           ) -> Iterator[Finding]:
    """A range's findings, its deferred checks decided against the earlier ranges' jobs."""
    for event in result.events:
        if event[0] == FINDING:
            yield _finding(event)
            continue
        _, key, values, obs, if_new = event
        earlier = known.get(key[0], {}).get(key[1])
        if earlier is None:
            found = [_finding(values) for values in if_new]
        else:
            found = decide(Deferred(key, values, _obs(Obs, obs)), earlier)
        for finding in found:
            counts[finding.severity] += 1
            yield finding
