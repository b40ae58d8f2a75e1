"""The linter's per-line loop over JSONL, for the lines the fast path settles.

This module is compiled to C with mypyc when the package is built with its build hook (see
``pyproject.toml``; ``make install`` does); built without it, the same code runs as Python,
with the same results, slower. So it is plain typed Python, driven by data: no generated
source, no dynamic classes. What it is driven by is made from the schemas in ``_fast``
(:class:`FastPlan`, one per wire shape of a format); the sequence checks' state is
``_sequence``'s.

Per line: find the plans by the payload's first key, let a plan's msgspec decoder accept the
line, check its formatted strings (:class:`FormatCheck`), count it, and lay its job's facts
over the job's state when nothing else is to be done (:func:`quiet_update`). A line it does
not settle is handed back to the caller, who takes the general route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jobstatus._lint._observe import from_text
from jobstatus._lint._sequence import ACTIVE, INHERITED, RESET, TERMINAL, instant_of

__all__ = ["FastPlan", "FormatCheck", "KnownGood", "accept", "formats_valid", "quiet_update",
           "settle_lines"]

_CACHE_LIMIT = 4096


class KnownGood:
    """The strings found valid for one formatted property. Ids and creation times repeat
    across the polls of a job, so most of their checks are one set look-up; an update time
    never repeats, and its set only churns. Small and bounded (cleared when full), one per
    property, so that the churn of one does not evict the others: memory stays flat."""

    def __init__(self, is_valid: Callable[[str], bool]) -> None:
        self.good: set[str] = set()
        self.is_valid = is_valid

    def check(self, text: str) -> bool:
        if text in self.good:
            return True
        if not self.is_valid(text):
            return False
        if len(self.good) >= _CACHE_LIMIT:
            self.good.clear()
        self.good.add(text)
        return True


class FormatCheck:
    """The string formats to check in a decoded Struct: its own formatted properties
    (attribute, cache), and the Structs nested in it (attribute, whether a list of them,
    their class, their check). Checks may refer to each other (a recursive schema)."""

    def __init__(self) -> None:
        self.strings: list[tuple[str, KnownGood]] = []
        self.nested: list[tuple[str, bool, type, FormatCheck]] = []


def formats_valid(check: FormatCheck, value: Any) -> bool:
    """Whether every formatted string in *value* (a Struct *check* was made for) is valid."""
    for attr, known in check.strings:
        text = getattr(value, attr)
        if text is not None and not known.check(text):
            return False
    for attr, in_list, cls, inner in check.nested:
        child = getattr(value, attr)
        if in_list:
            if type(child) is list:
                for item in child:
                    if type(item) is cls and not formats_valid(inner, item):
                        return False
        elif type(child) is cls and not formats_valid(inner, child):
            return False
    return True


class FastPlan:
    """One wire shape of one format: how to decode and check a line of it, and where its job's
    facts are (attribute names of the decoded Struct; ``""``: the format has no such fact)."""

    def __init__(self, format_id: str, decode: Callable[[bytes], Any], check: FormatCheck | None,
                 shape: Any, single: bool, inner: str, facts: dict[str, str], integer_id: bool,
                 states: dict[str, str], new_state: Callable[[Any], Any]) -> None:
        self.format = format_id
        self.decode = decode
        self.check = check
        self.shape = shape
        """The ``_fast.FastShape`` this plan belongs to (for the general route's reader)."""
        self.single = single
        """One job per payload, with only the facts the quiet update knows: it may apply."""
        self.inner = inner
        """The attribute holding the job in a wrapper (``""``: the payload is the job)."""
        self.id = facts.get("id", "")
        self.state = facts.get("state", "")
        self.percent = facts.get("percent", "")
        self.done = facts.get("done", "")
        self.total = facts.get("total", "")
        self.text = facts.get("text", "")
        self.created = facts.get("created", "")
        self.updated = facts.get("updated", "")
        self.integer_id = integer_id
        self.states = states
        """Wire state -> canonical state."""
        self.new_state = new_state
        """The class of a new job's state (``_sequence.state_class_of``)."""


def accept(plans: tuple[FastPlan, ...], raw: bytes) -> tuple[FastPlan, Any] | None:
    """The first plan whose decoder accepts *raw* and whose formats hold, with the Struct."""
    for plan in plans:
        try:
            value = plan.decode(raw)
        except Exception:  # any refusal (msgspec's errors, bad UTF-8, depth): exact route
            continue
        check = plan.check
        if check is None or formats_valid(check, value):
            return plan, value
    return None


def _fact(item: Any, attr: str) -> Any:
    return getattr(item, attr) if attr else None


def quiet_update(plan: FastPlan, value: Any, jobs: dict[str, Any], line: int, file: str,
                 new_jobs: bool) -> bool:
    """Lay the facts of the one job in *value* over its state in *jobs* and say True, when
    that is all there is to do: ``_sequence``'s ``check`` cut down to a poll (a plain line of
    the job's own file) that breaks no rule and needs no inherited fact.

    Anywhere ``check`` would report something or look at an inherited fact, or would do more
    than overwrite the last values (an unknown state, a new attempt, a changed creation time),
    it changes nothing and says False: the caller takes the general route. The first poll of a
    job makes the job's state when *new_jobs* (not in range mode, where a new job's facts are
    inherited). Start and finish times are not handled (no vendor format has them).
    ``tests/test_lint_fast.py`` holds this route equal to the general one on generated logs.
    """
    item = getattr(value, plan.inner) if plan.inner else value
    job_id: Any = getattr(item, plan.id)
    if plan.integer_id and job_id is not None:
        job_id = str(int(job_id))
    if type(job_id) is not str:
        return False
    st = jobs.get(job_id)
    if st is None and not new_jobs:
        return False
    raw_state: Any = getattr(item, plan.state)
    state = plan.states.get(raw_state, "unknown") if type(raw_state) is str else "unknown"
    if state == "unknown" or (st is not None and (st.state is INHERITED or file != st.file)):
        return False
    percent: Any = _fact(item, plan.percent)
    done: Any = _fact(item, plan.done)
    total: Any = _fact(item, plan.total)
    if plan.text:
        text: Any = getattr(item, plan.text)
        if type(text) is str and percent is None and done is None:
            number = text[:-1]
            if text[-1:] == "%" and number.isdigit() and number.isascii():
                percent = int(number)  # "45%": what from_text says, without the call
            else:
                percent, done, total = from_text(text, percent, done, total)
    if percent is not None and not 0 <= percent <= 100:
        return False
    created: Any = _fact(item, plan.created)
    if st is None:
        if done is not None and total is not None and total < done:
            return False  # the one rule a first poll can break besides the percent range
    elif not _breaks_nothing(st, state, percent, done, total, created):
        return False
    updated: Any = _fact(item, plan.updated)
    instant: Any = None
    if updated is not None:
        instant = instant_of(updated)
        if st is not None:
            last_updated = st.updated
            if last_updated is INHERITED or (
                    last_updated is not None and instant is not None and instant < last_updated):
                return False
    if st is None:  # a new job: nothing to break, its state is this poll's facts
        st = jobs[job_id] = plan.new_state(None)
        st.file = file
    _lay(st, line, state, done, percent, created, instant)
    return True


def _lay(st: Any, line: object, state: str, done: Any, percent: Any, created: Any,
         instant: Any) -> None:
    """Lay a poll's facts (those not None) over the job's state *st*, as established at *line*
    of the job's file. (*line* is an object, not an int: compiled, an int would be boxed anew
    for each fact, and the state of every job would hold up to five copies of it.)"""
    st.unknown_last = False
    st.state = state
    st.state_at = line
    if state in TERMINAL:
        st.outcome = state
        st.outcome_at = line
    if done is not None:
        st.done = done
        st.done_at = line
    if percent is not None:
        st.percent = percent
        st.percent_at = line
    if created is not None:
        st.created = created
        st.created_at = line
    if instant is not None:
        st.updated = instant
        st.updated_at = line


def _breaks_nothing(st: Any, state: str, percent: Any, done: Any, total: Any, created: Any
                    ) -> bool:
    """Whether a poll with these facts (its percent in range) breaks no rule of state, counts,
    percent and creation time against the job's state *st*, without looking at an inherited
    fact."""
    last = st.state
    if state in TERMINAL:
        outcome = st.outcome
        if outcome is INHERITED or (outcome is not None and outcome != state):
            return False
    elif last in TERMINAL or (state == "pending" and last in ACTIVE):
        return False
    if state == "retrying" and last != "retrying":
        return False  # a new attempt: its percentage starts afresh
    if done is not None or total is not None:
        last_done = st.done
        if last_done is INHERITED:
            return False
        if done is not None:
            if last_done is not None and done < last_done:
                return False
            if total is not None and total < done:
                return False
        elif last_done is not None and total < last_done:
            return False
    if percent is not None:
        last_percent = st.percent
        if last_percent is INHERITED or last_percent is RESET or (
                last_percent is not None and percent < last_percent):
            return False
    if created is not None:
        old = st.created
        if old is INHERITED or (old is not None and old != created):
            return False
    return True


def settle_lines(lines: Iterable[Any], first_line: int, name: str,
                 table: dict[bytes, tuple[FastPlan, ...]], summary: Any, sequence: Any
                 ) -> Iterator[tuple[int, Any, FastPlan | None, Any]]:
    """Settle what lines it can; yield the others as (line number, line, plan, Struct).

    A yielded line with a plan was accepted and counted, but its job's observations are for
    the sequence checks' general route; one without (plan and Struct None) is for the general
    route from the start (so is a line that is a ``Record``, not bytes). Lines read are added
    to ``summary.records`` when the loop ends, however it ends.
    """
    checked = summary.checked
    jobs_of: dict[str, dict[str, Any]] = sequence.jobs if sequence is not None else {}
    allowed: bool = sequence is not None and sequence.quiet_allowed
    new_jobs: bool = sequence is not None and not sequence.range_mode
    number = first_line - 1
    try:
        for raw in lines:
            number += 1
            found = None
            if type(raw) is bytes and raw[:2] == b'{"':
                plans = table.get(raw[2:raw.find(b'"', 2)])
                if plans is not None:
                    found = accept(plans, raw)
            if found is None:
                yield number, raw, None, None
                if sequence is not None:
                    allowed = sequence.quiet_allowed
                continue
            plan, value = found
            checked[plan.format] += 1
            if sequence is None:
                continue
            if plan.single and allowed:
                jobs = jobs_of.get(plan.format)
                if jobs is None:
                    jobs = jobs_of[plan.format] = {}
                if quiet_update(plan, value, jobs, number, name, new_jobs):
                    continue
            yield number, raw, plan, value
            allowed = sequence.quiet_allowed
    finally:
        summary.records += number - first_line + 1
