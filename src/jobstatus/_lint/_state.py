"""What the sequence checks keep of one job: its last established facts.

This module is compiled by mypyc with the linter's loop (see ``pyproject.toml``): JobState is
then a native class, whose attributes are fields of a C struct that the compiled quiet update
(``_hot``) reads and writes directly, not by name through the type's dictionary. Every fact
of the vendor formats has its field (a fact a format does not carry stays None); the start and
finish times, which only the hub carries, are a subclass's (:func:`_sequence.state_class_of`).
"""

from __future__ import annotations

from typing import Any, Final

from jobstatus._hub import TERMINAL_STATES
from jobstatus._lint._observe import Where

__all__ = ["ACTIVE", "TERMINAL", "At", "JobState", "TimedJobState", "new_attempt", "where_text"]

TERMINAL: Final = frozenset(TERMINAL_STATES)
ACTIVE: Final = frozenset({"running", "retrying"})

def new_attempt(state: str, last: str | None) -> bool:
    """Whether a poll in *state* after *last* starts a new attempt, whose percentage starts
    afresh: a retrying state after another state (running <-> retrying is otherwise free),
    and an active job sent back to pending (AWS Batch retries go back to RUNNABLE)."""
    return (state == "retrying" and last != "retrying") or (state == "pending" and
                                                             last in ACTIVE)


At = Where | int | None
"""A location kept in a JobState: a Where, or a line of the job's own file."""

_FACTS: Final = 6
"""The facts with a location: state, outcome, done, percent, created, updated (in order)."""


class JobState:
    """The last established facts of one job, each with where it was established (``*_at``).
    This, the only thing the checks keep per job, is what grows with the number of jobs.

    Where a fact was established is nearly always a line of the job's own file: that line is
    kept as a native int (``*_line``; 0 for none), not as an int object. Compiled, the quiet
    update then writes a number into the struct where it would box the line anew per poll and
    release the int of the job's previous poll, an object allocated thousands of lines
    earlier, out of the cache by then (3% of a lint's time). Any other location (a HAR entry,
    another file's line) is kept in ``elsewhere``, by fact. ``*_at`` reads and writes both
    as one At."""

    __slots__ = ("created", "created_line", "done", "done_line", "elsewhere", "file", "outcome",
                 "outcome_line", "percent", "percent_line", "state", "state_line",
                 "unknown_last", "updated", "updated_line")

    def __init__(self) -> None:
        self.file: str | None = None
        """The file of the job's first observation: a location in it is kept as its line
        number alone (an int, not a tuple), which keeps the per-job state small."""
        self.unknown_last = False
        """Whether the last poll read as unknown (a gap in observation)."""
        self.state: Any = None
        self.state_line = 0
        self.outcome: Any = None
        self.outcome_line = 0
        self.done: Any = None
        self.done_line = 0
        self.percent: Any = None
        self.percent_line = 0
        self.created: Any = None
        self.created_line = 0
        self.updated: Any = None
        """The last updated_at the checks could order, as its text (``_facts.went_back``)."""
        self.updated_line = 0
        self.elsewhere: list[Where | None] | None = None
        """Locations that are not a line of the job's own file, one slot per fact (see
        ``_FACTS``), made on the first such location (a HAR entry, a JSON array's element)."""

    def _at(self, fact: int, line: int) -> At:
        if line:
            return line
        elsewhere = self.elsewhere
        return None if elsewhere is None else elsewhere[fact]

    def _line_of(self, fact: int, at: At) -> int:
        """*at* kept for *fact*: its line (0 when it is not a line: then in ``elsewhere``)."""
        elsewhere = self.elsewhere
        if elsewhere is not None:
            elsewhere[fact] = None
        if at is None:
            return 0
        if isinstance(at, int):
            return at
        if elsewhere is None:
            elsewhere = self.elsewhere = [None] * _FACTS
        elsewhere[fact] = at
        return 0

    @property
    def state_at(self) -> At:
        return self._at(0, self.state_line)

    @state_at.setter
    def state_at(self, at: At) -> None:
        self.state_line = self._line_of(0, at)

    @property
    def outcome_at(self) -> At:
        return self._at(1, self.outcome_line)

    @outcome_at.setter
    def outcome_at(self, at: At) -> None:
        self.outcome_line = self._line_of(1, at)

    @property
    def done_at(self) -> At:
        return self._at(2, self.done_line)

    @done_at.setter
    def done_at(self, at: At) -> None:
        self.done_line = self._line_of(2, at)

    @property
    def percent_at(self) -> At:
        return self._at(3, self.percent_line)

    @percent_at.setter
    def percent_at(self, at: At) -> None:
        self.percent_line = self._line_of(3, at)

    @property
    def created_at(self) -> At:
        return self._at(4, self.created_line)

    @created_at.setter
    def created_at(self, at: At) -> None:
        self.created_line = self._line_of(4, at)

    @property
    def updated_at(self) -> At:
        return self._at(5, self.updated_line)

    @updated_at.setter
    def updated_at(self, at: At) -> None:
        self.updated_line = self._line_of(5, at)

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
