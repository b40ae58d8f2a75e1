"""Wiring: paths -> readers -> checks -> findings, with a summary that counts every record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from jobstatus._lint._checks import check_record
from jobstatus._lint._model import Finding, Record, Severity, Summary
from jobstatus._lint._readers import read_json

READERS = {"json": read_json}
SUFFIXES = {".json": "json"}


def expand(paths: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """Each input file with the name to report it by; directories are searched recursively."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix in SUFFIXES:
                    yield child, str(child)
        else:
            yield path, raw


def lint(paths: Iterable[str], forced_format: str | None, summary: Summary) -> Iterator[Finding]:
    for path, name in expand(paths):
        summary.files += 1
        reader = READERS[SUFFIXES.get(path.suffix, "json")]
        try:
            records: Iterator[Record] = reader(path, name)
            for record in records:
                summary.records += 1
                format_id, findings = check_record(record, forced_format)
                if format_id is not None:
                    summary.checked[format_id] += 1
                else:
                    summary.skipped["unreadable or unknown format"] += 1
                for finding in findings:
                    summary.findings[finding.severity] += 1
                    yield finding
        except OSError as exc:
            summary.io_errors += 1
            yield Finding(rule="io-error", severity=Severity.ERROR,
                          message=f"cannot read: {exc.strerror or exc}", file=name)
