"""Wiring: inputs -> readers -> checks -> findings, with a summary that counts every record.

:func:`check_records` is the per-file pipeline: a plain function of records and options, with
no global state, so it can run over any record source (a file, a byte range of a file in a
worker process). :func:`lint_paths` expands the command line's inputs and runs it per input.
"""

from __future__ import annotations

import glob
import gzip
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from jobstatus._lint._checks import check_one
from jobstatus._lint._fast import fast_plans
from jobstatus._lint._hot import lint_lines
from jobstatus._lint._model import Finding, LintOptions, Record, SequenceChecker, Severity, Summary
from jobstatus._lint._readers import (
    STDIN,
    STDIN_NAME,
    input_type_of,
    jsonl_lines,
    jsonl_record,
    open_input,
    read_input,
    sniff_har,
)
from jobstatus._lint._sequence import SequenceChecker as PollChecker

T = TypeVar("T")
_GLOB_MAGIC = frozenset("*?[")
_PROGRESS_EVERY = 4096


@dataclass(frozen=True, slots=True)
class Input:
    path: str
    """What to open (``-`` for stdin)."""
    name: str
    """What to call it in findings: the path as given, or as found under a given folder."""
    input_type: str


def check_records(records: Iterable[Record], options: LintOptions, summary: Summary,
                  sequence: SequenceChecker | None = None) -> Iterator[Finding]:
    """Check each record and yield the findings; count every record in *summary*.

    Every record lands in exactly one bucket: skipped (by reason), unreadable (by the rule of
    its finding) or checked (by format). Records that were checked and have a format are then
    shown to *sequence* (in input order); its ``finish`` is the caller's to call.
    """
    read = 0  # counted locally (cheaper than an attribute per record), added even if abandoned
    try:
        for record in records:
            read += 1
            yield from check_one(record, options, summary, sequence)
    finally:
        summary.records += read


def check_jsonl(lines: Iterable[bytes | Record], name: str, options: LintOptions,
                summary: Summary, sequence: SequenceChecker | None = None, first_line: int = 1
                ) -> Iterator[Finding]:
    """:func:`check_records` over the records of JSONL *lines* (raw lines; a Record stands
    for one the stream could not give, see ``jsonl_lines``), with the same findings in the
    same order, faster.

    The per-line loop (``_hot.lint_lines``) settles each line whose payload a fast decoder
    accepts (``_fast``: valid, and detected as that format): it counts it, and lays its job's
    poll over the job's state by the quiet update when nothing else is to be done. It hands
    back the others: accepted lines whose observations go to the sequence checks, and lines
    that take the general route, record by record.
    """
    if options.forced_format is not None or not (
            sequence is None or isinstance(sequence, PollChecker)):
        records = (line if isinstance(line, Record) else jsonl_record(name, number, line)
                   for number, line in enumerate(lines, start=first_line))
        yield from check_records(records, options, summary, sequence)
        return
    yield from lint_lines(lines, first_line, name, fast_plans(), options, summary, sequence)


def _input_error(summary: Summary, name: str, message: str, rule: str = "io-error") -> Finding:
    summary.input_errors += 1
    summary.findings[Severity.ERROR] += 1
    return Finding(rule=rule, severity=Severity.ERROR, message=message, file=shown(name))


def shown(path: str) -> str:
    """A path as findings name it: one whose bytes are not UTF-8 (Python keeps them as lone
    surrogates, which no JSON, SARIF or XML writer can encode) with those bytes escaped."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def expand(args: Iterable[str], input_type: str | None, summary: Summary
           ) -> Iterator[Input | Finding]:
    """The inputs named by *args*, in order, each once, or a finding per argument that names
    nothing readable (counted as an input error: exit code 2).

    Folders are searched recursively, in name order, for files whose suffix says an input type
    (``.json .jsonl .ndjson .har``, each optionally ``.gz``); hidden folders (``.git``,
    ``.venv``) are passed over. Globs are expanded here (``**`` included) so that they work
    quoted and on shells that do not expand them. A file named explicitly needs a known suffix
    or ``--input-type``; in folders, files are picked by suffix even with ``--input-type``
    (which then only says how to read them), so that a folder's other files stay out, and
    only regular files. A file named twice, by any path or link, is read once. Stdin is read
    as JSONL unless told, or unless it starts as a HAR file does (so is a .json file that
    does).
    """
    seen: set[object] = set()

    def file_input(path: str, name: str, explicit: bool) -> Input | Finding | None:
        implied = input_type_of(path)
        if implied is None and not explicit:
            return None  # in folders, only files whose suffix names an input type
        try:
            status = os.stat(path)
        except OSError:  # reported when it is opened
            key: object = os.path.normpath(path)
        else:
            # In folders, regular files only: reading a FIFO or a device found there would
            # wait forever (one named explicitly is read: a process substitution is a pipe).
            if not explicit and not stat.S_ISREG(status.st_mode):
                return None
            # The file itself, however it is named (a symlink, another path, ./x and x): a
            # file read twice would be its own history twice to the sequence checks. (A file
            # system that gives no inode numbers, 0, is left to the path.)
            key = (status.st_dev, status.st_ino) if status.st_ino else os.path.normpath(path)
        if key in seen:
            return None
        seen.add(key)
        kind = input_type or implied
        if kind is None:
            return _input_error(summary, name, "cannot tell the input type from the name; "
                                "use --input-type json|jsonl|har", rule="usage-error")
        return Input(path, shown(name), kind)

    for arg in args:
        if arg == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                yield Input(STDIN, STDIN_NAME, input_type or "jsonl")
            continue
        if os.path.lexists(arg):
            matches = [arg]
        elif _GLOB_MAGIC & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield _input_error(summary, arg, "no files match this pattern",
                                   rule="usage-error")
                continue
        else:
            yield _input_error(summary, arg, "no such file or directory")
            continue
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match, file_input, summary)
            else:
                found = file_input(match, match, explicit=True)
                if found is not None:
                    yield found


def _walk(folder: str, file_input: Callable[[str, str, bool], Input | Finding | None],
          summary: Summary) -> Iterator[Input | Finding]:
    errors: list[OSError] = []

    def reported() -> Iterator[Finding]:
        # os.walk reports a folder it cannot list through onerror, then passes it over.
        while errors:
            error = errors.pop(0)
            yield _input_error(summary, str(error.filename or folder),
                               f"cannot read folder: {error.strerror or error}")

    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from reported()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file_name in sorted(files):
            path = os.path.join(root, file_name)
            found = file_input(path, path, False)
            if found is not None:
                yield found
    yield from reported()


def lint_paths(
    args: Iterable[str],
    options: LintOptions,
    summary: Summary,
    *,
    input_type: str | None = None,
    sequence: SequenceChecker | None = None,
    on_file: Callable[[Input], None] | None = None,
    on_records: Callable[[int], None] | None = None,
    workers: int = 1,
) -> Iterator[Finding]:
    """Lint every input named by *args*; findings are yielded as they are found.

    *on_file* is called as each input starts; *on_records* (for progress displays) with the
    number of records read since its last call, every few thousand records (a split file's: as
    each of its ranges is taken); both from the thread iterating. With *workers* above 1, a
    large plain JSONL file is split between that many processes (``_parallel``).
    """
    for item in expand(args, input_type, summary):
        if isinstance(item, Finding):
            yield item
            continue
        summary.files += 1
        if on_file is not None:
            on_file(item)
        if workers > 1 and item.input_type == "jsonl" and item.path != STDIN:
            from jobstatus._lint import _parallel  # noqa: PLC0415 - it imports this module

            if _parallel.worth_splitting(item.path, workers):
                try:
                    yield from _parallel.lint_jsonl_parallel(item.path, item.name, options,
                                                             summary, sequence=sequence,
                                                             workers=workers,
                                                             on_records=on_records)
                except OSError as exc:  # a read failing mid-way, in a worker or here
                    yield _input_error(summary, item.name, f"cannot read: {exc.strerror or exc}")
                except _parallel.WorkerFailure as exc:
                    yield _input_error(summary, item.name, str(exc))
                continue
        try:
            opened = stream = open_input(item.path)
        except OSError as exc:
            yield _input_error(summary, item.name, f"cannot open: {exc.strerror or exc}")
            continue
        try:
            kind = item.input_type
            plain = not isinstance(stream, gzip.GzipFile)  # (only gzip breaks mid-way)
            if input_type is None and (kind == "json" or item.path == STDIN):
                # A HAR saved as .json, or piped in untold, is read as one.
                har, stream = sniff_har(opened)
                kind = "har" if har else kind
            if kind == "jsonl":
                lines: Iterable[Any] = stream if plain else jsonl_lines(stream, item.name)
                if on_records is not None:
                    lines = _counted(lines, on_records)
                yield from check_jsonl(lines, item.name, options, summary, sequence)
                continue
            records = read_input(stream, item.name, kind)
            if on_records is not None:
                records = _counted(records, on_records)
            yield from check_records(records, options, summary, sequence)
        except OSError as exc:  # a read failing mid-way (EIO, a folder named like a file)
            yield _input_error(summary, item.name, f"cannot read: {exc.strerror or exc}")
        finally:
            if item.path != STDIN:
                opened.close()
    if sequence is not None:
        for finding in sequence.finish():
            summary.findings[finding.severity] += 1
            yield finding


def _counted(records: Iterable[T], report: Callable[[int], None]) -> Iterator[T]:
    count = 0
    for record in records:
        count += 1
        if count == _PROGRESS_EVERY:
            report(count)
            count = 0
        yield record
    report(count)
