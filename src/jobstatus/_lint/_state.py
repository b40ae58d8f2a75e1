"""What the sequence checks keep of one job: its last established facts.

This module is compiled by mypyc with the linter's loop (see ``pyproject.toml``): JobState is
then a native class, whose attributes are fields of a C struct that the compiled quiet update
(``_hot``) reads and writes directly, not by name through the type's dictionary. Every fact
of the vendor formats has its field (a fact a format does not carry stays None); the start and
finish times, which only the hub carries, are a subclass's (:func:`_sequence.state_class_of`).
"""

from __future__ import annotations

from typing import Any, Final

from jobstatus._lint._observe import Where
from jobstatus._phases import TERMINAL_STATES

__all__ = ["ACTIVE", "TERMINAL", "At", "JobState", "TimedJobState", "where_text"]

TERMINAL: Final = frozenset(TERMINAL_STATES)
ACTIVE: Final = frozenset({"running", "retrying"})

At = Where | int | None
"""A location kept in a JobState: a Where, or a line of the job's own file."""


class JobState:
    """The last established facts of one job, each with where it was established (``*_at``).
    This, the only thing the checks keep per job, is what grows with the number of jobs."""

    __slots__ = ("created", "created_at", "done", "done_at", "file", "outcome", "outcome_at",
                 "percent", "percent_at", "state", "state_at", "unknown_last", "updated",
                 "updated_at")

    def __init__(self) -> None:
        self.file: str | None = None
        """The file of the job's first observation: a location in it is kept as its line
        number alone (an int, not a tuple), which keeps the per-job state small."""
        self.unknown_last = False
        """Whether the last poll read as unknown (a gap in observation)."""
        self.state: Any = None
        self.state_at: At = None
        self.outcome: Any = None
        self.outcome_at: At = None
        self.done: Any = None
        self.done_at: At = None
        self.percent: Any = None
        self.percent_at: At = None
        self.created: Any = None
        self.created_at: At = None
        self.updated: Any = None
        """The last updated_at, parsed (an aware datetime): compared with every poll's."""
        self.updated_at: At = None

    def where(self, at: At) -> str:
        """A location kept in this state (``*_at``), in words."""
        if isinstance(at, int):
            return where_text((self.file or "", at, None, ""))
        return where_text(at)


class TimedJobState(JobState):
    """A JobState with start and finish times (for the formats that carry them: the hub)."""

    __slots__ = ("finished", "finished_at", "started", "started_at")

    def __init__(self) -> None:
        super().__init__()
        self.started: Any = None
        self.started_at: At = None
        self.finished: Any = None
        self.finished_at: At = None


def where_text(where: Where | None) -> str:
    """A ``Where`` (file, line, entry, context) in words: ``file:line [entry N]``."""
    if where is None:
        return "?"
    file, line, entry, _ = where
    text: str = file
    if line is not None:
        text += f":{line}"
    if entry is not None:
        text += f" [entry {entry}]"
    return text
