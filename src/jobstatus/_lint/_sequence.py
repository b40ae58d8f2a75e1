"""Poll-sequence checks: the rules for the polls of one job (canonical.md, last table).

Records are grouped by (format, job id) and seen in input order (HAR: ``startedDateTime``
order). Each record is converted to the canonical hub, and each job in it becomes one compact
:class:`Obs` (state, counts, percent, timestamps, where it was read). Every rule compares an
observation with the *last established value* of a fact of the same job (last known state,
last terminal outcome, last done count, last percent of the attempt, last timestamps), so
each violation is reported once, on the record that broke the rule, with the location of the
earlier record in its message. Only this per-job state is kept, never the records.

``unknown`` is a gap in observation (an unrecognised value, or no record), not a transition:
an unknown poll changes nothing and is checked for nothing but ``sequence-record-expired``
(after a terminal state) and the range of its percent.

For ``--workers`` (see ``_parallel``) a checker can start in *range mode*: every fact of a
job starts as :data:`INHERITED`, meaning "set, if at all, before this byte range". A check that
needs an inherited fact is not decided in the worker; it becomes a :class:`Deferred` (the
observation and a copy of the job's state), which the parent decides once it knows the state
at the end of the earlier ranges. Because every fact is last-value-wins, the state after a
range is the earlier state with the range's own facts laid over it (:func:`merge_state`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from jobstatus._errors import JobStatusError
from jobstatus._lint._model import Finding, Record, Rule, Severity, register_rule
from jobstatus._transforms import parse_progress_text

__all__ = [
    "INHERITED",
    "RULES",
    "Deferred",
    "JobState",
    "Obs",
    "SequenceChecker",
    "canonical_jobs",
    "merge_state",
]

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
ACTIVE = frozenset({"running", "retrying"})

RULES = {
    rule.id: rule
    for rule in (
        Rule("sequence-terminal-changed", Severity.ERROR,
             "A job left a terminal state (succeeded, failed, cancelled) for a non-terminal one."),
        Rule("sequence-terminal-conflict", Severity.ERROR,
             "A job reported two different terminal outcomes."),
        Rule("sequence-regressed", Severity.WARNING,
             "An active job (running, retrying) went back to pending."),
        Rule("sequence-record-expired", Severity.INFO,
             "A finished job reads as unknown: its record most likely expired."),
        Rule("sequence-done-decreased", Severity.ERROR, "The count of done tasks went down."),
        Rule("sequence-total-below-done", Severity.ERROR,
             "The total count of tasks is below the count of done tasks."),
        Rule("sequence-percent-decreased", Severity.WARNING,
             "The percentage went down within one attempt (a retrying state starts a new one)."),
        Rule("sequence-percent-range", Severity.ERROR, "The percentage is outside 0..100."),
        Rule("sequence-timestamp-order", Severity.ERROR,
             "The timestamps break created <= started <= finished."),
        Rule("sequence-created-changed", Severity.ERROR, "created_at changed once set."),
        Rule("sequence-finished-changed", Severity.ERROR, "finished_at changed once set."),
        Rule("sequence-updated-backwards", Severity.WARNING, "updated_at went backwards."),
    )
}
for _rule in RULES.values():
    register_rule(_rule)

Where = tuple[str, int | None, int | None, str]
"""Where an observation was read: file, line, entry, context (as in a Finding)."""


class _Inherited:
    def __repr__(self) -> str:
        return "INHERITED"


class _ResetUnlessRetrying:
    """The percent baseline after a retrying poll whose previous state is inherited: the
    inherited baseline if that state was retrying too (same attempt), else none."""

    def __repr__(self) -> str:
        return "RESET_UNLESS_RETRYING"


INHERITED: Any = _Inherited()
_RESET: Any = _ResetUnlessRetrying()


class Obs(NamedTuple):
    """What the rules need of one job in one record."""

    format: str
    id: str
    state: str
    done: int | None
    total: int | None
    percent: float | None
    created: datetime | None
    started: datetime | None
    finished: datetime | None
    updated: datetime | None
    where: Where
    prefix: str
    """JSON pointer of the job inside the payload (``/job_statuses/3`` in a list wrapper)."""


class JobState:
    """The last established facts of one job, each with where it was established."""

    __slots__ = ("created", "created_at", "done", "done_at", "finished", "finished_at",
                 "outcome", "outcome_at", "percent", "percent_at", "started", "started_at",
                 "state", "state_at", "unknown_last", "updated", "updated_at")

    def __init__(self, initial: Any = None) -> None:
        self.state: Any = initial
        self.state_at: Where | None = None
        self.outcome: Any = initial
        self.outcome_at: Where | None = None
        self.unknown_last: Any = initial if initial is INHERITED else False
        self.done: Any = initial
        self.done_at: Where | None = None
        self.percent: Any = initial
        self.percent_at: Where | None = None
        self.created: Any = initial
        self.created_at: Where | None = None
        self.started: Any = initial
        self.started_at: Where | None = None
        self.finished: Any = initial
        self.finished_at: Where | None = None
        self.updated: Any = initial
        self.updated_at: Where | None = None


_FACTS = ("state", "outcome", "done", "percent", "created", "started", "finished", "updated")


def merge_state(earlier: JobState | None, later: JobState) -> JobState:
    """*later*'s facts laid over *earlier*'s: the state after two consecutive ranges (or the
    full state of a deferred check, from its range-mode snapshot)."""
    base = earlier if earlier is not None else JobState()
    out = copy.copy(later)
    for fact in _FACTS:
        value = getattr(later, fact)
        if value is INHERITED:
            setattr(out, fact, getattr(base, fact))
            setattr(out, fact + "_at", getattr(base, fact + "_at"))
        elif value is _RESET:
            same_attempt = base.state == "retrying"
            setattr(out, fact, base.percent if same_attempt else None)
            setattr(out, fact + "_at", base.percent_at if same_attempt else None)
    if later.unknown_last is INHERITED:
        out.unknown_last = base.unknown_last
    return out


@dataclass(frozen=True, slots=True)
class Deferred:
    """A check a range-mode worker could not decide: it needs facts from earlier ranges."""

    key: tuple[str, str]
    state: JobState
    obs: Obs


class _Undecided(Exception):
    """A check needs a fact inherited from an earlier range."""


def _known(value: Any) -> Any:
    if value is INHERITED or value is _RESET:
        raise _Undecided
    return value


def where_text(where: Where | None) -> str:
    if where is None:
        return "?"
    file, line, entry, _ = where
    text = file
    if line is not None:
        text += f":{line}"
    if entry is not None:
        text += f" [entry {entry}]"
    return text


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        # RFC 3339 is a profile of ISO 8601; Python 3.11 reads its "Z" and any offset.
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None  # naive times cannot be compared


def _number(value: Any) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def canonical_jobs(value: Any, format_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Each job of a decoded payload as (JSON pointer of the job, canonical dict).

    The one place the sequence checks call the translation engine. Raises JobStatusError for
    a payload that is not valid as *format_id*; an undocumented state value is no error here
    (the hub reads it as ``unknown``).
    """
    from jobstatus._convert import to_canonical_values  # noqa: PLC0415 - keeps imports light
    from jobstatus._formats import spec  # noqa: PLC0415

    jobs = to_canonical_values(value, format_id)
    shape = spec(format_id).shape_of(value) if format_id != "canonical" else None
    if shape is None or shape.key is None:
        prefixes = [""] * len(jobs)
    elif shape.name == "list":
        prefixes = [f"/{shape.key}/{index}" for index in range(len(jobs))]
    else:
        prefixes = [f"/{shape.key}"] * len(jobs)
    return list(zip(prefixes, jobs, strict=True))


def observations(record: Record, format_id: str, value: Any,
                 stats: dict[str, int] | None = None) -> list[Obs]:
    """The observations of every job in one payload; none for an invalid payload or a job
    without an id (counted in *stats* under ``invalid`` / ``no_id``)."""
    try:
        jobs = canonical_jobs(value, format_id)
    except JobStatusError:
        if stats is not None:
            stats["invalid"] = stats.get("invalid", 0) + 1
        return []
    where = (record.file, record.line, record.entry, record.context)
    found = []
    for prefix, job in jobs:
        job_id = job.get("id")
        if not isinstance(job_id, str):
            if stats is not None:
                stats["no_id"] = stats.get("no_id", 0) + 1
            continue
        progress = job.get("progress") or {}
        percent = _number(progress.get("percent"))
        done = _number(progress.get("done"))
        total = _number(progress.get("total"))
        text = progress.get("text")
        if isinstance(text, str) and percent is None and done is None:
            parsed = parse_progress_text(text)  # only "45%", "3/10", "3 of 10"
            if parsed is not None:
                if parsed[0] == "percent":
                    percent = parsed[1]
                else:
                    done, total = int(parsed[1]), parsed[2]
        found.append(Obs(
            format_id, job_id, job.get("state", "unknown"), done, total, percent,
            _timestamp(job.get("created_at")), _timestamp(job.get("started_at")),
            _timestamp(job.get("finished_at")), _timestamp(job.get("updated_at")),
            where, prefix,
        ))
    return found


class SequenceChecker:
    """Checks the polls of each job. ``observe`` takes every checked record in input order.

    ``stats`` counts what could not be sequenced: ``invalid`` payloads (schema errors; a
    state drift alone is observed, as unknown) and jobs with ``no_id``.
    """

    def __init__(self, range_mode: bool = False) -> None:
        self.jobs: dict[tuple[str, str], JobState] = {}
        self.stats: dict[str, int] = {}
        self.range_mode = range_mode
        self.deferred: list[Deferred] = []
        """Range mode: the undecided checks of the last ``observe`` call, in job order."""

    def observe(self, record: Record, format_id: str, value: Any) -> Iterable[Finding]:
        found: list[Finding] = []
        for obs in observations(record, format_id, value, self.stats):
            found.extend(self.check(obs))
        return found

    def finish(self) -> Iterable[Finding]:
        return ()

    def check(self, obs: Obs) -> list[Finding]:
        """Check one observation against its job's state, then update that state."""
        key = (obs.format, obs.id)
        state = self.jobs.get(key)
        if state is None:
            state = self.jobs[key] = JobState(INHERITED if self.range_mode else None)
        try:
            found = list(_check(state, obs))
        except _Undecided:
            self.deferred.append(Deferred(key, copy.copy(state), obs))
            found = []
        _update(state, obs)
        return found


def decide(deferred: Deferred, earlier: JobState | None) -> list[Finding]:
    """The findings of a deferred check, given the job's state before its range."""
    return list(_check(merge_state(earlier, deferred.state), deferred.obs))


_POINTERS = {
    "state": "/state", "done": "/progress/done", "total": "/progress/total",
    "percent": "/progress/percent", "created": "/created_at", "started": "/started_at",
    "finished": "/finished_at", "updated": "/updated_at",
}


def _pointer(obs: Obs, fact: str) -> str:
    """Pointer to the wire field that carries *fact* in the observed job."""
    path = _POINTERS[fact]
    if obs.format == "canonical":
        return obs.prefix + path
    from jobstatus._generated.registry import CONVERTERS  # noqa: PLC0415

    wire: dict[str, str] = CONVERTERS[obs.format].WIRE_POINTERS
    if fact == "percent" and path not in wire and "/progress/text" in wire:
        path = "/progress/text"  # a percentage read from progress text ("45%")
    elif fact in ("done", "total") and path not in wire and "/progress/text" in wire:
        path = "/progress/text"
    return obs.prefix + wire.get(path, path)


def _finding(obs: Obs, rule_id: str, fact: str, message: str) -> Finding:
    file, line, entry, context = obs.where
    return Finding(rule=rule_id, severity=RULES[rule_id].severity, message=message,
                   file=file, line=line, entry=entry, pointer=_pointer(obs, fact),
                   format=obs.format, context=context)


def _stamp(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _check(st: JobState, o: Obs) -> Iterator[Finding]:
    """The findings of observation *o* given the job's state *st* (not updated here).

    Raises _Undecided (range mode) before yielding anything when it needs an inherited fact:
    every fact is read up front, so a check is either fully decided or fully deferred.
    """
    out: list[Finding] = []
    if o.percent is not None and not 0 <= o.percent <= 100:
        out.append(_finding(o, "sequence-percent-range", "percent",
                            f"percent {o.percent} is outside 0..100"))
    if o.state == "unknown":
        last = _known(st.state)
        if last in TERMINAL and not _known(st.unknown_last):
            out.append(_finding(o, "sequence-record-expired", "state",
                                f"the job reads as unknown after it {last} (at "
                                f"{where_text(st.state_at)}): its record most likely expired"))
        yield from out
        return
    _check_state(st, o, out)
    _check_counts(st, o, out)
    _check_times(st, o, out)
    yield from out


def _check_state(st: JobState, o: Obs, out: list[Finding]) -> None:
    if o.state in TERMINAL:
        outcome = _known(st.outcome)
        if outcome is not None and outcome != o.state:
            out.append(_finding(o, "sequence-terminal-conflict", "state",
                                f"the job {o.state}, but it had {outcome} before (at "
                                f"{where_text(st.outcome_at)}): at most one terminal outcome"))
        return
    last = _known(st.state)
    if last in TERMINAL:
        out.append(_finding(o, "sequence-terminal-changed", "state",
                            f"the job is {o.state} after it {last} (at "
                            f"{where_text(st.state_at)}): a terminal state never changes"))
    elif last in ACTIVE and o.state == "pending":
        out.append(_finding(o, "sequence-regressed", "state",
                            f"the job went back to pending after {last} (at "
                            f"{where_text(st.state_at)})"))


def _check_counts(st: JobState, o: Obs, out: list[Finding]) -> None:
    if o.done is not None:
        done = _known(st.done)
        if done is not None and o.done < done:
            out.append(_finding(o, "sequence-done-decreased", "done",
                                f"done went down from {done} (at {where_text(st.done_at)}) "
                                f"to {o.done}"))
    if o.total is not None:
        if o.done is not None:
            if o.total < o.done:
                out.append(_finding(o, "sequence-total-below-done", "total",
                                    f"total {o.total} is below done {o.done}"))
        else:
            done = _known(st.done)
            if done is not None and o.total < done:
                out.append(_finding(o, "sequence-total-below-done", "total",
                                    f"total {o.total} is below done {done} (at "
                                    f"{where_text(st.done_at)})"))
    if o.percent is not None:
        if o.state == "retrying" and _known(st.state) != "retrying":
            return  # a new attempt: its percentage starts afresh
        percent = _known(st.percent)
        if percent is not None and o.percent < percent:
            out.append(_finding(o, "sequence-percent-decreased", "percent",
                                f"percent went down from {percent} (at "
                                f"{where_text(st.percent_at)}) to {o.percent} in the same "
                                f"attempt"))


_ORDER = (("created", "started"), ("started", "finished"), ("created", "finished"))


def _check_times(st: JobState, o: Obs, out: list[Finding]) -> None:
    for fact, rule_id in (("created", "sequence-created-changed"),
                          ("finished", "sequence-finished-changed")):
        new = getattr(o, fact)
        if new is not None:
            old = _known(getattr(st, fact))
            if old is not None and old != new:
                out.append(_finding(o, rule_id, fact,
                                    f"{fact}_at changed from {_stamp(old)} (at "
                                    f"{where_text(getattr(st, fact + '_at'))}) to "
                                    f"{_stamp(new)}; it never changes once set"))
    for first, second in _ORDER:
        new_a, new_b = getattr(o, first), getattr(o, second)
        # Only a pair with a new value can break anew: a violation is reported once.
        changed_a = new_a is not None and new_a != _known(getattr(st, first))
        changed_b = new_b is not None and new_b != _known(getattr(st, second))
        if not (changed_a or changed_b):
            continue
        a = new_a if new_a is not None else _known(getattr(st, first))
        b = new_b if new_b is not None else _known(getattr(st, second))
        if a is not None and b is not None and a > b:
            fact = second if changed_b else first
            earlier = ""
            if new_a is None:
                earlier = f" (at {where_text(getattr(st, first + '_at'))})"
            elif new_b is None:
                earlier = f" (at {where_text(getattr(st, second + '_at'))})"
            out.append(_finding(o, "sequence-timestamp-order", fact,
                                f"{first}_at {_stamp(a)} is after {second}_at {_stamp(b)}"
                                f"{earlier}"))
    if o.updated is not None:
        updated = _known(st.updated)
        if updated is not None and o.updated < updated:
            out.append(_finding(o, "sequence-updated-backwards", "updated",
                                f"updated_at went back from {_stamp(updated)} (at "
                                f"{where_text(st.updated_at)}) to {_stamp(o.updated)}"))


def _update(st: JobState, o: Obs) -> None:
    where = o.where
    if o.state == "unknown":
        st.unknown_last = True
        return  # a gap in observation changes no fact
    if o.state == "retrying":
        last = st.state
        if last is INHERITED:
            if o.percent is None:
                st.percent, st.percent_at = _RESET, None
        elif last != "retrying":
            st.percent, st.percent_at = None, None
    st.unknown_last = False
    st.state, st.state_at = o.state, where
    if o.state in TERMINAL:
        st.outcome, st.outcome_at = o.state, where
    if o.done is not None:
        st.done, st.done_at = o.done, where
    if o.percent is not None:
        st.percent, st.percent_at = o.percent, where
    if o.created is not None:
        st.created, st.created_at = o.created, where
    if o.started is not None:
        st.started, st.started_at = o.started, where
    if o.finished is not None:
        st.finished, st.finished_at = o.finished, where
    if o.updated is not None:
        st.updated, st.updated_at = o.updated, where
