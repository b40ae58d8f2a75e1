"""``jobstatus lint``: check captured payloads against their formats."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import click

from jobstatus._formats import FORMATS
from jobstatus._lint._model import LintOptions, Severity, Summary
from jobstatus._lint._readers import INPUT_TYPES
from jobstatus._lint._report import OUTPUTS, make_reporter, summary_line
from jobstatus._lint._run import Input, lint_paths
from jobstatus._lint._sequence import SequenceChecker

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def exit_code(summary: Summary, fail_level: Severity) -> int:
    """2 when an input could not be read at all, 1 when a finding reaches *fail_level*."""
    if summary.input_errors:
        return EXIT_USAGE
    if any(count for severity, count in summary.findings.items() if severity >= fail_level):
        return EXIT_FINDINGS
    return EXIT_CLEAN


# How often the progress display is redrawn, at most (seconds).
_REDRAW_EVERY = 0.1


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[dict[str, Any]]:
    """Callbacks for lint_paths that drive a rich progress display on stderr, or nothing.

    The display is redrawn from the callbacks, on the linting thread, not by rich's refresh
    thread: ``--workers`` forks its worker processes, and a fork while another thread holds a
    lock (rich's console lock, stderr's buffer) leaves that lock held forever in the child."""
    if not enabled:
        yield {}
        return
    from rich.console import Console  # noqa: PLC0415 - only on a terminal
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    progress = Progress(TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.completed:,} records"), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True, auto_refresh=False)
    task = progress.add_task("lint", total=None)
    last = 0.0
    shown = False

    def redraw(force: bool = False) -> None:
        nonlocal last, shown
        now = time.monotonic()
        if force or now - last >= _REDRAW_EVERY:
            last = now
            progress.refresh()
            shown = True

    def clear() -> None:
        """Take the bar (one line) off the screen before a finding is written there: the
        next redraw puts it back below the finding."""
        nonlocal shown
        if shown:
            shown = False
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()

    def on_file(item: Input) -> None:
        progress.update(task, description=item.name)
        redraw(force=True)

    def on_records(count: int) -> None:
        progress.advance(task, count)
        redraw()

    with progress:
        yield {"on_file": on_file, "on_records": on_records, "clear": clear}


class _BelowFindings(io.TextIOBase):
    """Standard output while the progress bar is drawn on standard error and both are the
    same terminal: each write takes the bar off first, so that a finding is never appended
    to it."""

    def __init__(self, out: Any, clear: Callable[[], None]) -> None:
        super().__init__()
        self.out = out
        self.clear = clear

    def write(self, text: str) -> int:
        self.clear()
        written: int = self.out.write(text)
        self.out.flush()
        return written

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return True


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "forced_format", type=click.Choice(FORMATS),
              help="Check every payload as this format instead of detecting or routing it.")
@click.option("--input-type", type=click.Choice(INPUT_TYPES),
              help="Read every input as this type instead of going by its suffix "
                   "(stdin is read as jsonl unless told).")
@click.option("-o", "--output", type=click.Choice(OUTPUTS), default="text", show_default=True,
              help="text for people, json (JSON Lines), sarif, github (workflow "
                   "annotations) or junit (XML).")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Exit 1 when a finding is at least this severe.")
@click.option("-v", "--verbose", is_flag=True,
              help="Every schema violation of a payload, not only the most relevant one.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output (default: only on a terminal, unless NO_COLOR).")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for a large JSONL file, this one included (split into "
                   "newline-aligned byte ranges; the same findings as one process).")
def lint(paths: tuple[str, ...], *, forced_format: str | None, input_type: str | None,
         output: str, fail_level: str, verbose: bool, color: bool | None,
         workers: int) -> None:
    """Check job-status payloads in JSON, JSONL and HAR files (or .gz of them).

    PATHS are files, folders (searched recursively), globs, or - for stdin. Exit status: 0
    clean, 1 findings at or above --fail-level (a file read but not usable, such as a
    truncated HAR, is a finding), 2 usage or I/O errors (an input that cannot be opened or
    read), 130 interrupted (Ctrl-C).
    """
    level = Severity.parse(fail_level)
    if color is None and os.environ.get("NO_COLOR"):
        color = False
    summary = Summary()
    sequence = SequenceChecker()
    options = LintOptions(forced_format=forced_format, verbose=verbose)
    try:
        with _progress(sys.stderr.isatty()) as callbacks:
            out: Any = sys.stdout
            if "clear" in callbacks and out.isatty():
                out = _BelowFindings(out, callbacks["clear"])
            reporter = make_reporter(output, out, fail_level=level, color=color)
            on_file = callbacks.get("on_file")

            def started(item: Input) -> None:
                reporter.file(item.name)
                if on_file is not None:
                    on_file(item)

            for finding in lint_paths(paths, options, summary, input_type=input_type,
                                      sequence=sequence, workers=workers,
                                      on_file=started, on_records=callbacks.get("on_records")):
                reporter.finding(finding)
        summary.not_sequenced.update(sequence.stats)
        reporter.finish(summary)
        sys.stdout.flush()
    except KeyboardInterrupt:  # neither "findings" (1) nor an unreadable input (2)
        with contextlib.suppress(OSError):
            sys.stdout.flush()
        click.echo("interrupted: the run is incomplete", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:  # e.g. piped into head: stop quietly, as Unix tools do
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit flush quiet
        sys.exit(EXIT_FINDINGS)
    click.echo(summary_line(summary), err=True)
    sys.exit(exit_code(summary, level))
