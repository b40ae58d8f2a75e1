"""``--workers``: a JSONL file split between processes gives exactly the findings of one
process, sequence violations across the range boundaries included."""

from __future__ import annotations

import copy
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_lint_fast import poll_log

from bench.generate import polls
from jobstatus._cli import main
from jobstatus._cli._lint import _progress
from jobstatus._lint import _hot, _parallel
from jobstatus._lint._fast import plan_list
from jobstatus._lint._model import Finding, LintOptions, Summary
from jobstatus._lint._readers import jsonl_ranges, read_jsonl_range
from jobstatus._lint._run import check_jsonl, check_records, lint_paths
from jobstatus._lint._sequence import SequenceChecker

LINES = 3000


def _job(payload: dict[str, Any]) -> dict[str, Any]:
    for key in ("job_status", "background_job_status"):
        if key in payload:
            inner: dict[str, Any] = payload[key]
            return inner
    return payload


def _plant(first_half: list[tuple[dict[str, Any], bool]]
           ) -> tuple[list[dict[str, Any]], set[str]]:
    """Polls that break a rule against each job's last valid poll in *first_half*."""
    last: dict[Any, dict[str, Any]] = {}
    for payload, valid in first_half:
        job = _job(payload)
        if valid:
            last[job.get("id", job.get("requestId"))] = payload
    planted: list[dict[str, Any]] = []
    wanted: dict[str, Any] = {}

    def plant(rule: str, test: Any, change: Any) -> None:
        for payload in last.values():
            if rule not in wanted and test(payload, _job(payload)):
                poll = copy.deepcopy(payload)
                change(poll, _job(poll))
                planted.append(poll)
                wanted[rule] = poll

    plant("sequence-done-decreased",
          lambda p, j: j.get("status") == "working" and (j.get("progress") or 0) >= 2,
          lambda p, j: j.update(progress=j["progress"] - 1))
    plant("sequence-percent-decreased",
          lambda p, j: j.get("state") == "in_progress" and j.get("progress", 0) >= 5,
          lambda p, j: j.update(progress=j["progress"] - 5, updated_at=j["created_at"]))
    plant("sequence-terminal-changed",
          lambda p, j: j.get("status") == "finished", lambda p, j: j.update(status="started"))
    plant("sequence-record-expired",
          lambda p, j: j.get("state") == "DONE", lambda p, j: j.update(state="NONE"))
    plant("sequence-terminal-conflict",
          lambda p, j: j.get("state") == "DONE" and p not in planted,
          lambda p, j: j.update(state="FAILED"))
    return planted, set(wanted)


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    generated = [(orjson.loads(line), valid)
                 for line, _, valid in polls(LINES, seed=7, live_jobs=30)]
    lines = [payload for payload, _ in generated]
    half = LINES // 2
    planted, rules = _plant(generated[:half])
    assert len(rules) == 5
    # Spread the planted polls over the second half: other ranges than their jobs' past.
    step = (LINES - half) // (len(planted) + 1)
    for offset, poll in enumerate(planted, start=1):
        lines.insert(half + offset * step, poll)
    path = tmp_path_factory.mktemp("parallel") / "polls.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(line) for line in lines) + b"\n")
    return path, rules


def single(path: Path) -> tuple[list[Finding], Summary]:
    summary = Summary()
    records = read_jsonl_range(str(path), str(path), 0, path.stat().st_size, 1)
    found = list(check_records(records, LintOptions(), summary, SequenceChecker()))
    return found, summary


def test_the_loop_over_blocks_finds_what_the_general_route_finds(
        capture: tuple[Path, set[str]]) -> None:
    """The JSONL loop takes lines a block at a time (``_hot._BLOCK``), in stages; over a log
    of several blocks, with refused lines and planted sequence breaks across their edges, it
    finds what the general route finds, record by record, and counts the same."""
    path, _ = capture
    assert LINES > 2 * _hot._BLOCK
    expected, expected_summary = single(path)
    summary = Summary()
    with path.open("rb") as stream:
        found = list(check_jsonl(stream, str(path), LintOptions(), summary, SequenceChecker()))
    assert found == expected
    assert summary.as_dict() == expected_summary.as_dict()


@pytest.mark.parametrize("workers", [2, 3, 5])
def test_workers_find_exactly_what_one_process_finds(capture: tuple[Path, set[str]],
                                                      workers: int) -> None:
    path, rules = capture
    expected, expected_summary = single(path)
    assert rules <= {finding.rule for finding in expected}  # the planted ones are found
    summary = Summary()
    found = list(_parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), summary,
                                               sequence=SequenceChecker(), workers=workers))
    assert found == expected
    assert summary.as_dict() == expected_summary.as_dict()


def test_workers_started_by_spawn_find_the_same(capture: tuple[Path, set[str]],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the platform cannot fork (Windows; macOS's default), workers are spawned: they
    import the package afresh and get their pipe's end, and the spool folder, as arguments."""
    import multiprocessing  # noqa: PLC0415

    path, _ = capture
    expected, expected_summary = single(path)
    monkeypatch.setattr(_parallel, "_RANGE_BYTES", 64 << 10)  # ranges enough for the workers
    monkeypatch.setattr(_parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    summary = Summary()
    found = list(_parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), summary,
                                               sequence=SequenceChecker(), workers=3))
    assert found == expected
    assert summary.as_dict() == expected_summary.as_dict()


@pytest.mark.parametrize("workers", [2, 3])
def test_ranges_of_the_parent_and_of_workers_interleaved(
        capture: tuple[Path, set[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        workers: int) -> None:
    """Many small ranges, some linted by the parent, the others by workers, a job's polls
    spread over both kinds: still exactly what one process finds. The workers' spool files
    are gone afterwards."""
    path, _ = capture
    monkeypatch.setattr(_parallel, "_RANGE_BYTES", 16 << 10)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the spool goes
    own: list[int] = []
    lint_range = _parallel.check_jsonl
    spools: set[str] = set()

    def parents(*args: Any, **kwargs: Any) -> Any:
        own.append(kwargs["first_line"])
        spools.update(entry.name for entry in tmp_path.iterdir())
        return lint_range(*args, **kwargs)

    monkeypatch.setattr(_parallel, "check_jsonl", parents)
    expected, expected_summary = single(path)
    summary = Summary()
    found = list(_parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), summary,
                                               sequence=SequenceChecker(), workers=workers))
    assert found == expected
    assert summary.as_dict() == expected_summary.as_dict()
    ranges = len(list(jsonl_ranges(str(path), path.stat().st_size // (16 << 10))))
    assert ranges > 8
    assert own[0] == 1  # the first range is the parent's: the workers are starting
    assert 1 < len(own) < ranges  # and some of the others, not all
    assert len(spools) == 1
    assert spools.pop().startswith("jobstatus-")
    assert list(tmp_path.iterdir()) == []


def test_the_parents_share_keeps_pace_with_the_workers() -> None:
    """``_Schedule``: the parent's share of the ranges is where both sides take as long (own
    1 s a range, taking a worker's result 0.25 s, a worker 1 s: 3/7), and it is taken."""
    schedule = _parallel._Schedule(2)
    assert schedule.parents()  # the first range
    schedule.measured(own=1.0)
    schedule.measured(taken=0.25, worker=1.0)
    assert schedule.share == pytest.approx(3 / 7)
    assert sum(schedule.parents() for _ in range(700)) == pytest.approx(300, abs=1)
    # Three workers, or a worker twice as slow: the parent takes less, or more.
    assert _share(4, own=1.0, taken=0.25, worker=1.0) < 3 / 7 < _share(2, 1.0, 0.25, 2.0)
    # Taking a result takes longer than a worker's range: the workers keep up on their own.
    assert _share(2, own=1.0, taken=1.5, worker=1.0) == 0.0
    # A worker far slower than the parent: the parent takes nearly everything, not more.
    assert 0.9 < _share(2, own=0.01, taken=0.001, worker=1.0) <= 1.0
    # Nonsense timings (taking a result dearer than linting it and a worker's pace): none.
    assert _share(2, own=0.1, taken=5.0, worker=1.0) == 0.0


def _share(workers: int, own: float, taken: float, worker: float) -> float:
    schedule = _parallel._Schedule(workers)
    schedule.measured(own=own, taken=taken, worker=worker)
    return schedule.share


def test_the_collector_threshold_is_raised_while_linting_and_restored(
        capture: tuple[Path, set[str]]) -> None:
    """``_GC_THRESHOLD``: raised in the parent while the file's findings are taken, and by
    the workers' initializer in a new process; the caller's own setting back once the file is
    done, or given up early."""
    import gc  # noqa: PLC0415

    path, _ = capture
    before = gc.get_threshold()
    assert before[0] < _parallel._GC_THRESHOLD
    for stop_early in (False, True):
        found = _parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), Summary(),
                                              sequence=SequenceChecker(), workers=2)
        next(found)
        assert gc.get_threshold() == (_parallel._GC_THRESHOLD, *before[1:])
        if stop_early:
            found.close()
        else:
            assert list(found)
        assert gc.get_threshold() == before


def _gc_threshold(task: Any) -> Any:
    import gc  # noqa: PLC0415

    return [gc.get_threshold()], Summary()


def test_a_worker_raises_the_collector_threshold_as_it_starts(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_parallel, "_work", _gc_threshold)  # the workers are forked after this
    with _parallel._Workers(1, str(tmp_path)) as pool:
        spooled, _ = pool.reply(pool.send(("", "", 0, 0, LintOptions(), True)))
        events, _ = _parallel._unspooled(spooled)
    assert events[0][0] == _parallel._GC_THRESHOLD


def test_workers_without_sequence_checks(capture: tuple[Path, set[str]]) -> None:
    path, _ = capture
    summary, expected_summary = Summary(), Summary()
    records = read_jsonl_range(str(path), str(path), 0, path.stat().st_size, 1)
    expected = list(check_records(records, LintOptions(), expected_summary))
    found = list(_parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), summary,
                                               sequence=None, workers=2))
    assert found == expected
    assert summary.as_dict() == expected_summary.as_dict()


def test_the_cli_option_gives_the_same_output(capture: tuple[Path, set[str]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = capture
    runner = CliRunner()
    one = runner.invoke(main, ["lint", "-o", "json", str(path)])
    monkeypatch.setattr(_parallel, "MIN_LINES", 100)  # split even this small file
    two = runner.invoke(main, ["lint", "-o", "json", "--workers", "2", str(path)])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert b'"sequence-terminal-changed"' in one.stdout_bytes


def test_progress_is_told_each_range_as_it_is_taken(capture: tuple[Path, set[str]],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A split file's progress moves range by range, not only when the file is done, and
    adds up to its lines; the callbacks run on the thread iterating (the CLI redraws from
    them: see test_the_progress_display_starts_no_thread)."""
    path, _ = capture
    monkeypatch.setattr(_parallel, "MIN_LINES", 100)
    monkeypatch.setattr(_parallel, "_RANGE_BYTES", 64 << 10)
    told: list[tuple[int, bool]] = []
    found = list(lint_paths([str(path)], LintOptions(), Summary(), sequence=SequenceChecker(),
                            workers=2, on_records=lambda count: told.append(
                                (count, threading.current_thread() is threading.main_thread()))))
    assert found
    ranges = len(list(jsonl_ranges(str(path), path.stat().st_size // (64 << 10))))
    assert len(told) == ranges > 2
    assert sum(count for count, _ in told) == len(path.read_bytes().splitlines())
    assert all(on_main for _, on_main in told)


def test_the_progress_display_starts_no_thread() -> None:
    """``--workers`` forks while the display is up: no other thread may hold a lock then."""
    before = threading.active_count()
    with _progress(enabled=True) as callbacks:
        callbacks["on_records"](10)
        assert threading.active_count() == before


def test_small_files_stay_in_one_process(tmp_path: Path) -> None:
    path = tmp_path / "few.jsonl"
    path.write_bytes(b"\n".join(line for line, _, _ in polls(200)) + b"\n")
    assert not _parallel.worth_splitting(str(path), 2)
    assert not _parallel.worth_splitting(str(path) + ".gz", 2)


def test_a_har_file_before_a_split_file_is_sequenced_first(
        capture: tuple[Path, set[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_sequence import har  # noqa: PLC0415 - a helper of the sequence tests

    path, _ = capture
    capture_har = tmp_path / "capture.har"
    capture_har.write_bytes(har(("2024-02-08T17:00:00Z", "working", 3),
                                ("2024-02-08T16:59:00Z", "working", 7)))
    monkeypatch.setattr(_parallel, "MIN_LINES", 100)
    runs = []
    for workers in (1, 2):
        summary = Summary()
        runs.append((list(lint_paths([str(capture_har), str(path)], LintOptions(), summary,
                                     sequence=SequenceChecker(), workers=workers)),
                     summary.as_dict()))
    assert runs[0] == runs[1]
    assert runs[0][0][0].file == str(capture_har)  # the HAR's finding comes first


def test_a_har_file_before_a_split_file_starting_with_a_bad_line(
        capture: tuple[Path, set[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The HAR's held polls are checked when the split file's first sequenced record comes,
    as in one process: after the findings of the lines before it."""
    from test_sequence import har  # noqa: PLC0415 - a helper of the sequence tests

    path, _ = capture
    capture_har = tmp_path / "capture.har"
    capture_har.write_bytes(har(("2024-02-08T17:00:00Z", "working", 3),
                                ("2024-02-08T16:59:00Z", "working", 7)))
    polls = tmp_path / "polls.jsonl"
    polls.write_bytes(b"{not json\n" + path.read_bytes())
    monkeypatch.setattr(_parallel, "MIN_LINES", 100)
    runs = []
    for workers in (1, 2):
        summary = Summary()
        runs.append(list(lint_paths([str(capture_har), str(polls)], LintOptions(), summary,
                                    sequence=SequenceChecker(), workers=workers)))
    assert runs[0] == runs[1]
    assert [finding.rule for finding in runs[0][:2]] == ["invalid-json",
                                                         "sequence-done-decreased"]


def test_stopping_early_closes_the_workers(capture: tuple[Path, set[str]],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A consumer that stops reading (a broken pipe, an error) must not leave the pool
    waiting for a task feeder that waits for it."""
    import threading  # noqa: PLC0415

    path, _ = capture
    monkeypatch.setattr(_parallel, "_RANGE_BYTES", 4096)  # many more ranges than in flight
    found = _parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), Summary(),
                                          sequence=SequenceChecker(), workers=2)
    assert next(found).rule
    closing = threading.Thread(target=found.close, daemon=True)
    closing.start()
    closing.join(timeout=120)  # a safety net for a hang, not a measure of speed
    assert not closing.is_alive()


def _job_states(checker: SequenceChecker) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Every job's state, its locations in words (a line alone or a full location)."""
    fields = ("state", "outcome", "done", "percent", "created", "updated")
    return {(format_id, job_id): (state.unknown_last,
                                  *[getattr(state, fact) for fact in fields],
                                  *[state.where(getattr(state, fact + "_at")) for fact in fields])
            for format_id, jobs in checker.jobs.items() for job_id, state in jobs.items()}


@given(log=poll_log(), parts=st.integers(2, 9), earlier=st.booleans())
@settings(max_examples=200)
def test_ranges_give_the_findings_and_job_states_of_one_process(log: bytes, parts: int,
                                                                earlier: bool) -> None:
    """Workers settle a job's polls within their range and send the parent what it needs
    (``_hot.range_events``): split into many small ranges of a log where every rule fires now
    and then, the findings, the summary, every job's final state and the records left out of
    the sequence checks are those of one process. *earlier*: the jobs were first seen in
    another file (locations are kept in full, not as lines)."""
    plan_list()  # numbers the plans, as the parent does before it starts workers
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "polls.jsonl")
        Path(path).write_bytes(log)
        runs = []
        for split in (False, True):
            checker, summary = SequenceChecker(), Summary()
            found = []
            if earlier:
                found += check_records(read_jsonl_range(path, "before.jsonl", 0, len(log), 1),
                                       LintOptions(), summary, checker)
            if not split:
                found += check_records(read_jsonl_range(path, path, 0, len(log), 1),
                                       LintOptions(), summary, checker)
            offset = 0
            for start, end in jsonl_ranges(path, parts) if split and log else ():
                events, part = _parallel._work((path, path, start, end, LintOptions(), True))
                summary.merge(part)
                found += _parallel._sequenced(events, path, checker, summary, offset)
                offset += part.records
            runs.append((found, summary.as_dict(), _job_states(checker), checker.stats))
    assert runs[1] == runs[0]


def _die(task: Any) -> Any:
    os._exit(9)  # as a worker killed by the system (out of memory) would end


def test_a_worker_that_cannot_start_ends_those_started(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """Out of processes at the second worker: the error is the system's, and the first
    worker is ended, not left waiting on its pipe."""
    context = _parallel._context()
    started: list[Any] = []

    class Process(context.Process):  # type: ignore[name-defined,misc]
        def start(self) -> None:
            if started:
                raise OSError(11, "Resource temporarily unavailable")
            super().start()
            started.append(self)

    monkeypatch.setattr(context, "Process", Process)
    monkeypatch.setattr(_parallel, "_context", lambda: context)
    with pytest.raises(OSError, match="temporarily unavailable"):
        _parallel._Workers(2, str(tmp_path))
    assert len(started) == 1
    assert not started[0].is_alive()


def test_two_files_split_at_once_both_finish(capture: tuple[Path, set[str]]) -> None:
    """Workers of one file forked while another file's are alive hold copies of the first
    pool's pipe ends: the first pool's idle workers must still end when it is done (they are
    told to, not left to see their pipe close)."""
    path, _ = capture
    expected, _ = single(path)
    first = _parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), Summary(),
                                          sequence=SequenceChecker(), workers=3)
    second = _parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), Summary(),
                                           sequence=SequenceChecker(), workers=3)
    found = [next(first)]
    assert next(second).rule
    done: list[list[Finding]] = []
    finishing = threading.Thread(target=lambda: done.append(found + list(first)), daemon=True)
    finishing.start()
    finishing.join(timeout=120)  # a safety net for a hang, not a measure of speed
    assert not finishing.is_alive()
    assert done == [expected]
    second.close()


class _Unrebuildable(Exception):
    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message)  # args holds the message alone: unpickling calls (message,)
        self.detail = detail


def _raise_unrebuildable(task: Any) -> Any:
    raise _Unrebuildable("boom", "detail")


def test_a_worker_error_that_cannot_be_rebuilt_still_reaches_the_parent(
        capture: tuple[Path, set[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = capture
    monkeypatch.setattr(_parallel, "_work", _raise_unrebuildable)  # the workers are forked
    found = _parallel.lint_jsonl_parallel(str(path), str(path), LintOptions(), Summary(),
                                          sequence=SequenceChecker(), workers=2)
    with pytest.raises(RuntimeError, match=r"_Unrebuildable.*boom"):
        list(found)


def _split_findings(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """``jobstatus lint -o json --workers 2 PATH``, the file split however small, which must
    end with exit code 2 (an input error): its findings, in order."""
    monkeypatch.setattr(_parallel, "MIN_LINES", 100)
    result = CliRunner().invoke(main, ["lint", "-o", "json", "--workers", "2", str(path)])
    assert result.exit_code == 2
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    return [line for line in lines if line["type"] == "finding"]


def _fail(task: Any) -> Any:
    raise OSError(5, "Input/output error")


def test_a_worker_whose_read_fails_is_an_input_error(
        capture: tuple[Path, set[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's error comes back to the parent and is raised there: an OSError is the
    input's io-error, as a read failing in one process is; the worker lives on."""
    path, _ = capture
    monkeypatch.setattr(_parallel, "_work", _fail)  # the workers are forked after this
    errors = [finding for finding in _split_findings(path, monkeypatch)
              if finding["rule"] == "io-error"]
    assert [error["message"] for error in errors] == ["cannot read: Input/output error"]


def _no_space(*args: Any, **kwargs: Any) -> Any:
    raise OSError(28, "No space left on device")


def test_a_worker_that_cannot_write_its_results_says_so(
        capture: tuple[Path, set[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A full temporary folder is not the input's fault: the message says what could not be
    written, and where."""
    path, _ = capture
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", _no_space)  # the workers are forked
    errors = [finding["message"] for finding in _split_findings(path, monkeypatch)
              if finding["rule"] == "io-error"]
    assert len(errors) == 1
    assert errors[0].startswith("cannot write a worker's results in ")
    assert "No space left on device" in errors[0]
    assert "cannot read" not in errors[0]


def test_a_worker_that_dies_is_an_input_error_not_a_hang(
        capture: tuple[Path, set[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A multiprocessing.Pool would wait forever for the lost result; the run must end with
    a finding saying what happened, and exit code 2."""
    path, _ = capture
    monkeypatch.setattr(_parallel, "_work", _die)  # the workers are forked after this
    findings = _split_findings(path, monkeypatch)
    # The parent lints the first range itself: its findings come before the worker's end.
    assert [finding["rule"] for finding in findings].count("io-error") == 1
    assert findings[-1]["rule"] == "io-error"
    assert "worker process ended abruptly" in findings[-1]["message"]
