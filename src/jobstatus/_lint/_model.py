"""The linter's vocabulary: records read from inputs, findings about them, options, a summary.

Every type here is plain data (picklable), so that a pipeline can run in a worker process and
send its findings and summary back to the parent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol, TypeVar

_K = TypeVar("_K")


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]


@dataclass(slots=True)
class Record:
    """One payload as read from an input, with where it came from.

    A reader yields exactly one record per unit it reads (a JSONL line, a JSON array element,
    a HAR entry), including units it cannot use: those carry ``skip`` (not job-status data, not
    an error) or ``error`` (unreadable, reported as a finding). That is what lets the summary
    account for every record.
    """

    file: str
    line: int | None = None
    """1-based line where the payload starts, when the reader knows it."""
    entry: int | None = None
    """0-based index of the payload in a JSON array or of the entry in a HAR file."""
    raw: bytes | None = None
    """The payload's JSON text, when the reader has not decoded it."""
    format_hint: str | None = None
    """The format implied by where the payload came from (the URL of a HAR entry)."""
    context: str = ""
    """Where within the file, in words (e.g. ``GET https://... -> 200``)."""
    started: str | None = None
    """When the payload was captured (HAR ``startedDateTime``), for ordering polls."""
    error: str | None = None
    """Why the reader could not produce the payload (e.g. a truncated file)."""
    skip: str | None = None
    """Why this unit is not a payload to check (e.g. a blank line, a non-job HAR entry)."""
    unconfirmed: str | None = None
    """Why to skip it, when its content does not confirm ``format_hint`` (a vendor's path on
    another host: see ``_routing``); None: such a body is a ``route-mismatch``."""


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes a
# finding cost twice as much to build, and a linter builds one per invalid record.
@dataclass(slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    entry: int | None = None
    pointer: str = ""
    """JSON pointer inside the payload; ``""`` is the payload itself (or no payload)."""
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


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    description: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("schema", Severity.ERROR, "The payload breaks its format's JSON Schema."),
        Rule("state-drift", Severity.WARNING,
             "The state field holds a value the format does not document (vendor drift)."),
        Rule("invalid-json", Severity.ERROR,
             "The payload is not JSON jobstatus can read (syntax, UTF-8, NaN, range, depth)."),
        Rule("unknown-format", Severity.ERROR, "The payload is not recognisably any format."),
        Rule("route-mismatch", Severity.ERROR,
             "A HAR entry's URL names one format and its body is plainly another."),
        Rule("unreadable", Severity.ERROR,
             "The input, or this part of it, cannot be read: truncated, not gzip, not a HAR, "
             "a body that is not valid base64."),
        Rule("io-error", Severity.ERROR, "An input cannot be found, opened or read."),
        Rule("usage-error", Severity.ERROR,
             "An argument names no input (a glob without matches, an unknown file type)."),
    )
}
"""Rules the linter knows about, for reporters that list them (SARIF). Other checks (poll
sequences) add theirs with :func:`register_rule`; reporters also accept rules not listed."""


def register_rule(rule: Rule) -> None:
    RULES[rule.id] = rule


@dataclass(frozen=True, slots=True)
class LintOptions:
    forced_format: str | None = None
    """Check every payload as this format, without detection or routing."""
    verbose: bool = False
    """Report every schema violation of a payload, not only the most relevant one."""


class SequenceChecker(Protocol):
    """Checks across the records of one job (poll sequences). The pipeline calls ``observe``
    for every record it checked and gave a format, in input order, and ``finish`` once at the
    end; both return findings."""

    def observe(self, record: Record, format_id: str, value: Any,
                valid: bool | None = None) -> Iterable[Finding]:
        """*valid*: whether *value* is valid as *format_id* (an undocumented state value
        aside), as the per-record checks found; None when not known."""
        ...

    def finish(self) -> Iterable[Finding]: ...


class Tally(Counter[_K]):
    """A Counter whose ``tally[key] += 1`` runs at a dictionary's speed (twice a Counter's).

    Counter defines ``__delitem__`` in Python, and a class that defines either of
    ``__setitem__`` and ``__delitem__`` in Python stores every item through a Python-level
    dispatch. Taking back the dictionary's own (a missing key then raises KeyError, where a
    Counter ignores it; nothing here deletes counts) gives its C slot back."""

    # (mypy sees dict's signature where Counter's takes any object: the same at run time.)
    __delitem__ = dict.__delitem__  # type: ignore[assignment]


@dataclass
class Summary:
    """Accounts for every record: ``records == checked + skipped + unreadable`` (totals).

    ``checked`` counts per format, ``skipped`` and ``unreadable`` per reason; skipped records
    are not job-status data (blank lines, other HAR traffic) and are no error, unreadable ones
    each produced a finding (not JSON, not any format, a truncated file).
    """

    files: int = 0
    records: int = 0
    checked: Tally[str] = field(default_factory=Tally)
    skipped: Tally[str] = field(default_factory=Tally)
    unreadable: Tally[str] = field(default_factory=Tally)
    findings: Tally[Severity] = field(default_factory=Tally)
    input_errors: int = 0
    """Arguments naming nothing readable: missing, unopenable, no glob match (exit code 2)."""
    not_sequenced: Tally[str] = field(default_factory=Tally)
    """Checked polls the sequence checks could not place in a job's history, by reason
    (``invalid``: schema errors; ``no_id``: no job id). Counted, never silently dropped."""

    def merge(self, other: Summary) -> None:
        """Add *other*'s counts (e.g. from a worker) to this summary."""
        self.files += other.files
        self.records += other.records
        self.checked.update(other.checked)
        self.skipped.update(other.skipped)
        self.unreadable.update(other.unreadable)
        self.findings.update(other.findings)
        self.input_errors += other.input_errors
        self.not_sequenced.update(other.not_sequenced)

    def balanced(self) -> bool:
        total = sum(self.checked.values()) + sum(self.skipped.values())
        return self.records == total + sum(self.unreadable.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "checked": dict(sorted(self.checked.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "unreadable": dict(sorted(self.unreadable.items())),
            "findings": {str(s): self.findings[s] for s in reversed(Severity)},
            "input_errors": self.input_errors,
            "not_sequenced": dict(sorted(self.not_sequenced.items())),
        }
