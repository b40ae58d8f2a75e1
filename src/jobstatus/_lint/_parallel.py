"""``--workers N``: one large JSONL file linted by N processes, with the findings of one.

The file is split into newline-aligned byte ranges of a few MiB (``jsonl_ranges``). The parent
lints a share of them itself, as one process would; the others go to N - 1 worker processes
(:class:`_Workers`), in file order, a few at a time. A worker reads its range itself, numbers
its lines from 1 (the parent adds the lines of the ranges before, which it knows once
it takes them) and does the per-line work that needs no other line: decoding, validation,
payload findings, and reading what the sequence checks need of each job. It also settles the
polls whose checks need no more of the job's history than its range holds
(``_hot.range_events``): a later poll of a job that breaks nothing against facts the range
established. It writes the rest to a spool file as plain tuples, in line order (see
:func:`_spooled_work`): the values of each finding, the polls it did not settle (a job's first
in the range among them), the observations the general route read of each other record (an
invalid payload's nothing-to-observe only counted, after the range's first event), and before
any of a job's events, the facts of its polls it settled since (SYNC).

The parent takes the ranges in file order, its own and the workers', and runs the sequence
checks over the workers' results as one process would: the quiet update (compiled,
``_hot.settle_polls``) for the polls that allow it, the general route for the rest, the facts
of the settled polls laid over the jobs' states as the quiet update would lay them. So every
finding is exactly what one process finds, in the same order, and every job ends in the same
state. The parent's share is measured as it goes (:class:`_Schedule`), so that it and the
workers finish together: with a core each, none of them waits for another. (A worker's range
costs more in all, as its events are sent and taken; a parent that only took the workers'
results would leave its core half idle.)

Workers are started with ``fork`` where the platform has it (they inherit the compiled
validators and decoders; nothing else is shared) and ``spawn`` elsewhere. At most two ranges
per worker are in flight (sent and not yet taken), so the parent holds a bounded number
of results however large the file. Both sides hold many small objects at a time (a range's
events), so the cyclic garbage collector's first threshold is raised while they work
(``_GC_THRESHOLD``). Below about 15,000 lines one process is as fast (start-up costs more than
it saves), so small files, compressed files and stdin are linted in-process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from typing import Any, NamedTuple

from jobstatus._errors import JobStatusError
from jobstatus._lint import _model
from jobstatus._lint._checks import check_payload
from jobstatus._lint._fast import fast_plans, plan_list
from jobstatus._lint._hot import (
    finding_event,
    general_events,
    range_events,
    sequenced,
    worker_finding,
)
from jobstatus._lint._model import Finding, LintOptions, Record, Summary
from jobstatus._lint._readers import (
    GZIP_MAGIC,
    jsonl_range_lines,
    jsonl_ranges,
    jsonl_record,
    read_jsonl_range,
)
from jobstatus._lint._run import check_jsonl, check_records
from jobstatus._lint._sequence import SequenceChecker

__all__ = ["MIN_LINES", "WorkerFailure", "lint_jsonl_parallel", "worth_splitting"]

MIN_LINES = 15_000
_SAMPLE = 1 << 16
_RANGE_BYTES = 4 << 20
_IN_FLIGHT_PER_WORKER = 2
# The parent's share of the ranges, until it is measured (see _Schedule): a little under an
# even split, as the parent also takes the workers' results.
_FIRST_SHARE = 0.9
# The cyclic collector's first threshold (allocations between passes; CPython's default is
# 700) while the workers and the parent work. Both hold a range's events, tens of thousands of
# small tuples that live until the range is done: at 700, a pass every few lines walks them
# and moves them up a generation, 4-6% of the CPU time of a --workers run on the benchmark's
# log. What they hold is freed by reference counting; rarer passes only delay collecting
# cycles, if any. The threshold is restored when the file is done. (One process holds only a
# block of lines at a time: there it measured no difference, and it is left alone.)
_GC_THRESHOLD = 100_000


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
    if lines == 0 or head.startswith(GZIP_MAGIC):  # gzip data under another name
        return False
    return size * lines // len(head) >= MIN_LINES


_Task = tuple[str, str, int, int, LintOptions, bool]


def _work(task: _Task) -> tuple[list[tuple[Any, ...]], Summary]:
    """One range: its events (see the module docstring), their lines counted from 1 at the
    range's first line, and its summary (whose ``records`` is the range's number of lines).
    *sequenced* False: no sequence checks, findings only."""
    path, name, start, end, options, sequenced = task
    first_line = 1
    summary = Summary()
    events: list[tuple[Any, ...]] = []
    lines = jsonl_range_lines(path, start, end)
    if not sequenced:
        events.extend(map(finding_event, check_jsonl(lines, name, options, summary,
                                                     first_line=first_line)))
        return events, summary
    if options.forced_format is not None:  # no fast path: every line the general route
        read = 0
        for number, raw in enumerate(lines, start=first_line):
            read += 1
            _general(jsonl_record(name, number, raw), options, summary, events)
        summary.records += read
        return events, summary
    range_events(lines, first_line, name, fast_plans(), options, summary, events)
    return events, summary


def _spooled_work(task: _Task, spool: str) -> tuple[str, float]:
    """:func:`_work`, its result pickled into a file of the folder *spool*: that file's path,
    and the seconds it took.

    Why not send the result itself: a result is larger than a pipe's buffer, and the parent
    reads its pipes only between ranges (it lints ranges of its own meanwhile): the worker
    would wait, idle, for much of a range's time. A file is written at once, whatever the
    parent does."""
    began = time.perf_counter()
    events, summary = _work(task)
    try:
        with tempfile.NamedTemporaryFile("wb", dir=spool, delete=False) as stream:
            pickle.dump((events, summary), stream, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:  # not the input's fault: say what failed, and where
        raise WorkerFailure(f"cannot write a worker's results in {os.path.dirname(spool)} "
                            f"({exc.strerror or exc}); the rest of the file was not checked: "
                            "free space there (or set TMPDIR), or lint without --workers"
                            ) from None
    return stream.name, time.perf_counter() - began


def _serve(conn: Connection, spool: str, parents: list[Connection]) -> None:
    """A worker process: each task read from *conn* done (:func:`_spooled_work`), and its
    reply sent back, until the parent closes its end. *parents*: the parent's ends of the
    workers' pipes, which a forked worker holds copies of: closed, so that only the parent
    keeps each worker's pipe open (its exit, however it ends, ends the workers)."""
    for end in parents:
        end.close()
    # Ctrl-C reaches the whole process group: the parent handles it, and its closing the pipe
    # ends this loop (a worker's own KeyboardInterrupt would print a traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _raise_gc_threshold()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:  # the parent is done (see _Workers.close)
            return
        try:
            reply: Any = _spooled_work(task, spool)
        except Exception as exc:  # the parent raises it: an OSError is an input error there
            reply = _Failed(exc if _picklable(exc) else RuntimeError(repr(exc)))
        try:
            conn.send(reply)
        except OSError:  # the parent has gone, or stopped early
            return


class _Failed(NamedTuple):
    """A worker's reply for a range that raised."""

    error: Exception


def _picklable(value: object) -> bool:
    """Whether *value* survives the trip to the parent: pickled, and rebuilt (an exception
    whose ``__init__`` takes other arguments than its ``args`` pickles, but is not rebuilt)."""
    try:
        pickle.loads(pickle.dumps(value))
    except Exception:  # whatever pickling raises, the answer is no
        return False
    return True


class _Workers:
    """N worker processes (:func:`_serve`), each with its own pipe, used from one thread.

    Not a ProcessPoolExecutor: its threads in the parent (the task feeder, the result reader)
    need the parent's interpreter lock, which the parent's own linting holds, and each
    hand-over of the lock costs the parent's linting more than the pipe work it does. Here the
    parent sends a task and reads a reply itself, when it is ready to. A worker that dies
    (killed, out of memory) closes its pipe: reading its reply fails at once, never hangs."""

    def __init__(self, count: int, spool: str) -> None:
        context = _context()
        self.conns: list[Connection] = []
        self.processes: list[Any] = []
        self.waiting = [0] * count
        """Tasks sent to each worker and not yet answered."""
        try:
            for _ in range(count):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, daemon=True,
                                          args=(theirs, spool, [*self.conns, ours]))
                process.start()
                theirs.close()  # ours alone: the worker's end closes when it dies
                self.conns.append(ours)
                self.processes.append(process)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def count(self) -> int:
        return len(self.conns)

    @property
    def in_flight(self) -> int:
        """Tasks sent and not yet answered, all workers together."""
        return sum(self.waiting)

    def send(self, task: _Task) -> int:
        """Send *task* to the worker with the fewest waiting (their first, on a tie): its
        index, for :meth:`reply`."""
        index = self.waiting.index(min(self.waiting))
        try:
            self.conns[index].send(task)
        except OSError:
            raise _ended() from None
        self.waiting[index] += 1
        return index

    def reply(self, index: int) -> tuple[str, float]:
        """The reply to the oldest task sent to worker *index* (a worker answers in order)."""
        try:
            reply = self.conns[index].recv()
        except (EOFError, OSError):
            raise _ended() from None
        self.waiting[index] -= 1
        if isinstance(reply, _Failed):
            raise reply.error
        result: tuple[str, float] = reply
        return result

    def close(self) -> None:
        """Tell the workers to end, close the pipes, and wait for the workers. Those with
        tasks not yet answered (the consumer stopped early, or an error) are stopped instead:
        their work is not wanted.

        An idle worker is told, not left to see its pipe close: a process forked meanwhile
        (another pool, the caller's own) holds a copy of the parent's end, and the pipe would
        stay open for as long as that process lives."""
        for index, conn in enumerate(self.conns):
            if not self.waiting[index]:
                with suppress(OSError):  # a worker that has died
                    conn.send(None)
            conn.close()
        for index, process in enumerate(self.processes):  # (fewer, if one failed to start)
            if self.waiting[index]:
                process.terminate()
            process.join()


def _ended() -> WorkerFailure:
    return WorkerFailure("a worker process ended abruptly (killed, or out of memory?); the rest "
                         "of the file was not checked: lint it without --workers")


class _Done(NamedTuple):
    """A range a worker has done."""

    path: str
    """Its spool file."""
    seconds: float
    """The worker's time on it."""


def _unspooled(path: str) -> tuple[list[tuple[Any, ...]], Summary]:
    """What a worker wrote to the spool file *path* (removed once read)."""
    with open(path, "rb") as stream:
        result: tuple[list[tuple[Any, ...]], Summary] = pickle.load(stream)
    os.unlink(path)
    return result


def _general(record: Record, options: LintOptions, summary: Summary,
             events: list[tuple[Any, ...]]) -> None:
    """A record's events on the general route (see ``_hot.general_events``)."""
    found, format_id, value, valid = check_payload(record, options, summary)
    general_events(record, found, format_id, value, valid, events, None)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def lint_jsonl_parallel(path: str, name: str, options: LintOptions, summary: Summary, *,
                        sequence: _model.SequenceChecker | None, workers: int,
                        on_records: Callable[[int], None] | None = None
                        ) -> Iterator[Finding]:
    """The findings of one plain JSONL file, as ``check_records`` over it would yield them;
    *on_records* is told the lines of each range as the range is taken.

    *sequence* (the run's checker) holds the jobs of earlier inputs; it is brought up to date
    with this file's jobs, so the inputs after it are checked against them too. A checker of
    another kind cannot be fed by workers: then the file is checked here, in one process.
    """
    if sequence is not None and not isinstance(sequence, SequenceChecker):
        before = summary.records
        yield from check_records(read_jsonl_range(path, name, 0, os.path.getsize(path), 1),
                                 options, summary, sequence)
        if on_records is not None:
            on_records(summary.records - before)
        return
    # A HAR file read before this one has its observations held: the first of this file's
    # events the sequence checks see flushes them, as in one process (quiet_allowed is False
    # until then).
    plan_list()  # made before the fork: the workers inherit it
    parts = max(workers, os.path.getsize(path) // _RANGE_BYTES)
    tasks = ((path, name, start, end, options, sequence is not None)
             for start, end in jsonl_ranges(path, parts))
    # A worker numbers its range's lines from 1 and counts them: the parent, which takes the
    # ranges in order, adds the lines of the ranges before (offset) to the events' lines. So
    # the file is never read twice, nor counted up front.
    offset = 0
    with _rare_collections(), tempfile.TemporaryDirectory(prefix="jobstatus-") as spool, \
            _Workers(workers - 1, spool) as pool:
        schedule = _Schedule(workers)
        for taken in _in_order(pool, tasks, schedule):
            began = time.perf_counter()
            if isinstance(taken, _Done):
                events, part = _unspooled(taken.path)
                summary.merge(part)
                lines = part.records
                if sequence is None:
                    yield from (worker_finding(event, offset) for event in events)
                else:
                    yield from _sequenced(events, name, sequence, summary, offset)
                schedule.measured(taken=time.perf_counter() - began, worker=taken.seconds)
            else:  # the parent's own range: one process's loop over it, its lines counted
                before = summary.records
                yield from check_jsonl(jsonl_range_lines(path, taken[2], taken[3]), name,
                                       options, summary, sequence, first_line=offset + 1)
                lines = summary.records - before
                schedule.measured(own=time.perf_counter() - began)
            if on_records is not None:
                on_records(lines)
            offset += lines


def _raise_gc_threshold() -> None:
    """In a worker, as it starts: see ``_GC_THRESHOLD``."""
    gc.set_threshold(_GC_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def _rare_collections() -> Iterator[None]:
    """In the parent, while the file is linted: see ``_GC_THRESHOLD``. (The findings are
    yielded meanwhile: the consumer's code runs under the raised threshold too.)"""
    threshold = gc.get_threshold()
    _raise_gc_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


class WorkerFailure(JobStatusError):
    """A worker process ended without its result: the rest of the file was not checked."""


class _Schedule:
    """Which ranges the parent lints itself, so that it and the workers finish together.

    Per range, the parent spends *own* seconds linting one itself and *taken* seconds taking a
    worker's result (reading it, the sequence checks, the findings' output); a worker spends
    *worker* seconds on one, in parallel with the others. With a share f of the ranges for
    the parent, both sides keep pace when f * own + (1 - f) * taken equals
    (1 - f) * worker / (N - 1). Each is a running average of what was measured in this run,
    so the share fits the machine, its load and the file. Until each has been measured once,
    the parent takes a little under an even split. A range is the parent's when the share's
    running credit reaches one."""

    def __init__(self, workers: int) -> None:
        self.others = workers - 1
        self.share = _FIRST_SHARE / workers
        self.credit = 1.0  # the first range is the parent's: the workers are still starting
        self.own = self.taken = self.worker = 0.0

    def parents(self) -> bool:
        """Whether the next range is the parent's."""
        self.credit += self.share
        if self.credit < 1.0:
            return False
        self.credit -= 1.0
        return True

    def measured(self, own: float = 0.0, taken: float = 0.0, worker: float = 0.0) -> None:
        """Seconds measured for one range: the parent linting it, the parent taking a
        worker's result of it, or the worker linting it."""
        self.own = _averaged(self.own, own)
        self.taken = _averaged(self.taken, taken)
        self.worker = _averaged(self.worker, worker)
        if self.own and self.taken and self.worker:
            pace = self.worker / self.others
            balance = self.own - self.taken + pace
            # (balance <= 0: taking a result costs more than linting the range plus a
            # worker's pace, which no real run shows; the workers keep all of it then.)
            self.share = min(1.0, max(0.0, (pace - self.taken) / balance)) if balance > 0 else 0.0


def _averaged(average: float, seconds: float) -> float:
    """A running average of the seconds measured (the last one weighs a quarter)."""
    if not seconds:
        return average
    return seconds if not average else average + (seconds - average) / 4


def _in_order(pool: _Workers, tasks: Iterable[_Task], schedule: _Schedule
              ) -> Iterator[_Task | _Done]:
    """The ranges of *tasks* in file order, each as the parent is to take it: its task when
    the parent lints it itself (see :class:`_Schedule`), else the worker's result. At most
    ``_IN_FLIGHT_PER_WORKER`` ranges per worker are sent and not yet taken, so the parent
    holds a bounded number of results, however large the file."""
    # An item is the parent's own task (a tuple) or the index of the worker it was sent to.
    pending: deque[_Task | int] = deque()
    window = pool.count * _IN_FLIGHT_PER_WORKER
    queue = iter(tasks)

    def fill() -> None:
        while pool.in_flight < window and len(pending) < 2 * window:
            task = next(queue, None)
            if task is None:
                return
            pending.append(task if schedule.parents() else pool.send(task))

    fill()
    while pending:
        item = pending.popleft()
        taken: _Task | _Done
        taken = item if isinstance(item, tuple) else _Done(*pool.reply(item))
        fill()  # the workers' next ranges, before the parent takes this one
        yield taken


def _sequenced(events: list[tuple[Any, ...]], name: str, sequence: SequenceChecker,
               summary: Summary, offset: int) -> Iterator[Finding]:
    """One range's findings with the sequence checks run over its events, in line order;
    *offset*, the lines of the file before the range, is added to the events' lines. (The
    loop is ``_hot.sequenced``: compiled, as it runs once per event.)"""
    return sequenced(events, name, sequence, summary.findings, offset, plan_list())
