"""The linter's vocabulary: a record read from an input, a finding about it, a summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(slots=True)
class Record:
    """One payload as read from an input, with where it came from."""

    file: str
    line: int | None = None
    """1-based line where the payload starts, when the reader knows it."""
    entry: int | None = None
    """0-based index of the payload in a JSON array or of the entry in a HAR file."""
    raw: bytes | None = None
    """The payload's JSON text, when the reader has not decoded it yet."""
    value: Any = None
    """The decoded payload, when the reader decoded it already (e.g. from a JSON array)."""
    decoded: bool = False
    format_hint: str | None = None
    """A format implied by where the payload came from (e.g. the URL of a HAR entry)."""
    context: str = ""
    """Where within the file, in words (e.g. 'GET https://... 200')."""
    error: str | None = None
    """Why the reader could not produce the payload (e.g. a truncated file)."""


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    entry: int | None = None
    pointer: str = ""
    format: str | None = None
    context: str = ""

    @property
    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.entry is not None:
            where += f" [entry {self.entry}]"
        return where


@dataclass
class Summary:
    """Accounts for every record: read, checked per format, skipped, findings per severity."""

    files: int = 0
    records: int = 0
    checked: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    findings: Counter[Severity] = field(default_factory=Counter)
    io_errors: int = 0
