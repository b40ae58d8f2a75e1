"""Poll-sequence checks: the rules for the polls of one job (canonical.md, last table).

Records are grouped by (format, job id) and seen in input order (HAR: ``startedDateTime``
order). Each job in a record becomes one compact :class:`Obs` (its canonical state, counts,
percent and timestamps, and where it was read; see ``_observe``). Every rule compares an
observation with the *last established value* of a fact of the same job (last known state,
last terminal outcome, last done count, last percent of the attempt, last timestamps), so
each violation is reported once, on the record that broke the rule, with the location of the
earlier record in its message. Only this per-job state is kept, never the records (and, for
the HAR files being read in a row, their observations, to sort them by time).

``unknown`` is a gap in observation (an unrecognised value, or no record), not a transition:
an unknown poll's state is compared with nothing and changes no state. Its other facts (counts,
percent, times) are still the job's, checked and kept as any poll's, unless the job had ended:
then unknown means the record expired (``sequence-record-expired``), and what it carries is not
the job's (only the range of its percent is checked).

With ``--workers`` (see ``_parallel``) the worker processes read the polls of their ranges
and the parent runs these checks over them and over its own ranges in file order, as one
process does.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from typing import Any, cast

from jobstatus._formats import FORMATS
from jobstatus._lint._facts import Instant, instant_of, timestamp_of, went_back
from jobstatus._lint._model import Finding, Record, Rule, Severity, register_rule
from jobstatus._lint._observe import Obs, carried, observations
from jobstatus._lint._state import ACTIVE, TERMINAL, At, JobState, TimedJobState, new_attempt

__all__ = ["RULES", "SequenceChecker", "state_class_of"]


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
             "The percentage went down within one attempt (a retrying state starts a new one, "
             "as does an active job sent back to pending)."),
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


@functools.cache
def state_class_of(format_id: str) -> type[JobState]:
    """The class of the states of *format_id*'s jobs: with start and finish times if it
    carries them (only the hub does; the other formats' states are smaller without)."""
    return TimedJobState if carried(format_id) & {"started", "finished"} else JobState


class SequenceChecker:
    """Checks the polls of each job. ``observe`` takes every checked record in input order.

    HAR entries are checked in ``startedDateTime`` order, not file order (a HAR lists entries
    as they were written, which need not be when the polls were sent): the observations of
    HAR files read in a row (a few small tuples per entry, never the payloads) wait until a
    record of another kind comes, or the run ends, then are sorted (stably; an entry without a
    readable time keeps its place after the one before it) and checked. So captures split over
    several files are one timeline, whatever order the files are named in. Their findings come
    out with the next input's first checked record, or from ``finish``.

    ``stats`` counts what could not be sequenced: ``invalid`` payloads (schema errors; a
    state drift alone is observed, as unknown) and jobs with ``no_id``.
    """

    def __init__(self) -> None:
        self.jobs: dict[str, dict[str, JobState]] = {format_id: {} for format_id in FORMATS}
        """format -> job id -> state (nested rather than keyed by a tuple: smaller)."""
        self.stats: dict[str, int] = {}
        self._har: list[tuple[Instant | None, Obs]] = []
        self._har_file: str | None = None
        """The last HAR file whose observations are held (None: none held)."""

    @property
    def quiet_allowed(self) -> bool:
        """Whether a poll may take the quiet update: not while a HAR file's observations
        wait (the next record flushes them first)."""
        return self._har_file is None

    def observe(self, record: Record, format_id: str, value: Any,
                valid: bool | None = None) -> Iterable[Finding]:
        """Check every job in one record. *valid*: whether the payload is valid as its format
        (an undocumented state value aside), when the caller knows; else it is validated."""
        return self.observe_read(record, observations(record, format_id, value, valid))

    def observe_read(self, record: Record, observed: list[Obs] | None) -> Iterable[Finding]:
        """``observe`` for what ``_observe.observations`` read of the record (by a worker
        process, for ``--workers``)."""
        if observed is None:
            self.stats["invalid"] = self.stats.get("invalid", 0) + 1
            return self._flush_other_file(record)
        return self.observe_jobs(record, observed)

    def count_invalid(self, count: int) -> None:
        """Count *count* invalid payloads a worker read after other records of their file:
        what ``observe_read`` does for each, as no HAR file's observations can be held then."""
        self.stats["invalid"] = self.stats.get("invalid", 0) + count

    def observe_jobs(self, record: Record, observed: list[Obs]) -> Iterable[Finding]:
        """``observe`` for a payload whose observations the caller has read (the fast path)."""
        found = self._flush_other_file(record)
        if record.started is not None or (self._har_file is not None and _from_har(record)):
            self._hold(record, observed)
            return found
        if not found and len(observed) == 1 and type(observed[0].id) is str:
            return self.check(observed[0])
        for obs in observed:
            if type(obs.id) is str:
                found += self.check(obs)
            else:
                self.stats["no_id"] = self.stats.get("no_id", 0) + 1
        return found

    def _flush_other_file(self, record: Record) -> list[Finding]:
        """The held observations of HAR files, checked now that a record of another kind
        comes (none held: nothing)."""
        return self._flush() if self._har_file is not None and not _from_har(record) else []

    def finish(self) -> Iterable[Finding]:
        """Check what is still held (a HAR file's entries): at the end of the run."""
        return self._flush() if self._har else []

    def _hold(self, record: Record, observed: list[Obs]) -> None:
        """Keep a HAR entry's observations until a record of another kind comes."""
        self._har_file = record.file
        instant = _instant(record.started) if record.started is not None else None
        if instant is None and self._har:
            instant = self._har[-1][0]  # keeps its place after the entry before it
        for obs in observed:
            if type(obs.id) is str:
                self._har.append((instant, obs))
            else:
                self.stats["no_id"] = self.stats.get("no_id", 0) + 1

    def _flush(self) -> list[Finding]:
        """Check the held HAR observations in startedDateTime order."""
        held, self._har, self._har_file = self._har, [], None
        times = [instant for instant, _ in held if instant is not None]
        ordered = [obs for _, obs in held]
        if times:
            # Entries before the first readable time sort with it, in file order; the sort is
            # stable, so equal times keep file order too.
            keyed = [(instant or times[0], obs) for instant, obs in held]
            ordered = [obs for _, obs in sorted(keyed, key=operator.itemgetter(0))]
        found: list[Finding] = []
        for obs in ordered:
            found += self.check(obs)
        return found

    def check(self, obs: Obs) -> list[Finding]:
        """Check one observation against its job's state, then update that state."""
        jobs = self.jobs[obs.format]
        state = jobs.get(obs.id)
        if state is None:
            state = jobs[obs.id] = state_class_of(obs.format)()
        found = _check(state, obs)
        if obs.state != "unknown":
            _update(state, obs)
        else:
            if state.state not in TERMINAL:  # a gap in observation: its other facts hold
                _update_facts(state, obs, _kept_at(state, obs))
            state.unknown_last = True
        return found


def _from_har(record: Record) -> bool:
    """Whether *record* is a HAR entry (the only records with an exchange in words)."""
    return record.entry is not None and bool(record.context)


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


def _check(st: JobState, o: Obs) -> list[Finding]:
    """The findings of observation *o* given the job's state *st* (not updated here)."""
    out: list[Finding] = []
    percent = o.percent
    if percent is not None and not 0 <= percent <= 100:
        out.append(_finding(o, "sequence-percent-range", "percent",
                            f"percent {percent} is outside 0..100"))
    state, last = o.state, st.state
    if state == "unknown":
        if last in TERMINAL:  # the record expired: what it carries is not the job's
            if not st.unknown_last:
                out.append(_finding(o, "sequence-record-expired", "state",
                                    f"the job reads as unknown after the terminal state "
                                    f"{last} (at {st.where(st.state_at)}): its record most "
                                    f"likely expired"))
            return out
    elif state in TERMINAL:
        outcome = st.outcome
        if outcome is not None and outcome != state:
            out.append(_finding(o, "sequence-terminal-conflict", "state",
                                f"the job reports {state}, but it reported {outcome} before (at "
                                f"{st.where(st.outcome_at)}): at most one terminal outcome"))
    elif last in TERMINAL:
        out.append(_finding(o, "sequence-terminal-changed", "state",
                            f"the job reports {state} after the terminal state {last} (at "
                            f"{st.where(st.state_at)}): a terminal state never changes"))
    elif state == "pending" and last in ACTIVE:
        out.append(_finding(o, "sequence-regressed", "state",
                            f"the job went back to pending after {last} (at "
                            f"{st.where(st.state_at)})"))
    if o.done is not None or o.total is not None:
        _check_counts(st, o, out)
    # A new attempt's percentage starts afresh (see new_attempt).
    if percent is not None and not new_attempt(state, last):
        last_percent = st.percent
        if last_percent is not None and percent < last_percent:
            out.append(_finding(o, "sequence-percent-decreased", "percent",
                                f"percent went down from {last_percent} (at "
                                f"{st.where(st.percent_at)}) to {percent} in the same "
                                f"attempt"))
    if o.started is not None or o.finished is not None:
        _check_times(st, o, out)
    elif o.created is not None:  # the common case (Julep), inline: created_at as before?
        created = st.created
        # (a first created_at is ordered with the start and finish times known, if any)
        if created != o.created and (created is not None or isinstance(st, TimedJobState)):
            _check_times(st, o, out)
    updated = o.updated
    if updated is not None:
        last_updated = st.updated
        if last_updated is not None and went_back(updated, last_updated):
            out.append(_finding(o, "sequence-updated-backwards", "updated",
                                f"updated_at went back from {last_updated} (at "
                                f"{st.where(st.updated_at)}) to {updated}"))
    return out


def _check_counts(st: JobState, o: Obs, out: list[Finding]) -> None:
    if o.done is not None:
        done = st.done
        if done is not None and o.done < done:
            out.append(_finding(o, "sequence-done-decreased", "done",
                                f"done went down from {done} (at {st.where(st.done_at)}) "
                                f"to {o.done}"))
    if o.total is not None:
        if o.done is not None:
            if o.total < o.done:
                out.append(_finding(o, "sequence-total-below-done", "total",
                                    f"total {o.total} is below done {o.done}"))
        else:
            done = st.done
            if done is not None and o.total < done:
                out.append(_finding(o, "sequence-total-below-done", "total",
                                    f"total {o.total} is below done {done} (at "
                                    f"{st.where(st.done_at)})"))


_ORDER = (("created", "started"), ("started", "finished"), ("created", "finished"))


# The check and the update of one poll read the same text; the quiet update (``_hot``) reads
# each text once, and calls instant_of itself (a cache miss costs more than the parse).
_instant = functools.lru_cache(maxsize=64)(instant_of)


def _before(a: str, b: str) -> bool:
    first, second = _instant(a), _instant(b)
    return first is not None and second is not None and first < second


def _moved(old: str, new: str) -> bool:
    """Whether two timestamps are different instants (the same text is the same instant)."""
    return old != new and (_before(old, new) or _before(new, old))


def _new_instant(new: str | None, old: str | None) -> bool:
    """Whether the timestamp *new* (None: not sent) is news against *old* (None: none yet):
    another text, unless both read as the same instant."""
    if new is None or new == old:
        return False
    if old is None:
        return True
    first, second = _instant(old), _instant(new)
    return first is None or second is None or first != second


def _check_times(st: JobState, o: Obs, out: list[Finding]) -> None:
    created, finished = o.created, o.finished
    if created is not None:
        old = st.created
        if old == created:
            if o.started is None and finished is None:
                return  # the common case (Julep): created_at as before, nothing else to order
        elif old is None:
            if o.started is None and finished is None and getattr(st, "started", None) is None \
                    and getattr(st, "finished", None) is None:
                return  # a first created_at, and no time known to order it with
        elif _moved(old, created):
            out.append(_finding(o, "sequence-created-changed", "created",
                                f"created_at changed from {old} (at "
                                f"{st.where(st.created_at)}) to {created}; it never changes "
                                f"once set"))
    if finished is not None:
        timed = cast(TimedJobState, st)  # a format that carries finish times (state_class_of)
        old = timed.finished
        if old is not None and _moved(old, finished):
            out.append(_finding(o, "sequence-finished-changed", "finished",
                                f"finished_at changed from {old} (at "
                                f"{st.where(timed.finished_at)}) to {finished}; it never "
                                f"changes once set"))
    for first, second in _ORDER:
        new_a, new_b = getattr(o, first), getattr(o, second)
        # Only a pair with a new value can break anew: a violation is reported once (the same
        # instant written anew, in another offset or precision, is no new value).
        changed_a = _new_instant(new_a, getattr(st, first, None))
        changed_b = _new_instant(new_b, getattr(st, second, None))
        if not (changed_a or changed_b):
            continue
        a = new_a if new_a is not None else getattr(st, first, None)
        b = new_b if new_b is not None else getattr(st, second, None)
        if a is not None and b is not None and _before(b, a):
            fact = second if changed_b else first
            earlier = ""
            if new_a is None:
                earlier = f" (at {st.where(getattr(st, first + '_at'))})"
            elif new_b is None:
                earlier = f" (at {st.where(getattr(st, second + '_at'))})"
            out.append(_finding(o, "sequence-timestamp-order", fact,
                                f"{first}_at {a} is after {second}_at {b}{earlier}"))
            return  # created <= started <= finished is one rule: one finding per poll


def _kept_at(st: JobState, o: Obs) -> At:
    """Where *o* was read, as *st* keeps it (its file set by the job's first observation)."""
    where: At = o.where
    file, line, entry, context = o.where
    if st.file is None:
        st.file = file
    if entry is None and line is not None and not context and file == st.file:
        where = line  # a plain line of the job's file: an int is all it takes
    return where


def _update(st: JobState, o: Obs) -> None:
    """Lay the facts of a known-state observation *o* over *st*."""
    state = o.state
    where = _kept_at(st, o)
    if new_attempt(state, st.state):
        st.percent, st.percent_at = None, None  # a new attempt
    st.unknown_last = False
    st.state, st.state_at = state, where
    if state in TERMINAL:
        st.outcome, st.outcome_at = state, where
    _update_facts(st, o, where)


def _update_facts(st: JobState, o: Obs, where: At) -> None:
    """Lay the facts of *o* other than its state over *st*."""
    if o.done is not None:
        st.done, st.done_at = o.done, where
    if o.percent is not None:
        st.percent, st.percent_at = o.percent, where
    if o.created is not None:
        st.created, st.created_at = o.created, where
    if o.started is not None or o.finished is not None:  # the hub's only
        timed = cast(TimedJobState, st)  # a format that carries them (state_class_of)
        if o.started is not None:
            timed.started, timed.started_at = o.started, where
        if o.finished is not None:
            timed.finished, timed.finished_at = o.finished, where
    if o.updated is not None and timestamp_of(o.updated) is not None:
        st.updated, st.updated_at = o.updated, where  # its text (see _facts.timestamp_of)
