"""The linter's per-line loop over JSONL, for the lines the fast path settles.

This module is compiled to C with mypyc when the package is built with its build hook (see
``pyproject.toml``; ``make install`` does); built without it, the same code runs as Python,
with the same results, slower. So it is plain typed Python, driven by data: no generated
source, no dynamic classes. What it is driven by is made from the schemas in ``_fast``
(:class:`FastPlan`, one per wire shape of a format); the sequence checks' state per job is
``_state``'s JobState, a native class when compiled.

Per line: find the plans by the payload's first key (:class:`PlanTable`), let a plan's msgspec
decoder accept the line, check its formatted strings (:class:`FormatCheck`), count it, and lay
its job's facts over the job's state when nothing else is to be done (:func:`quiet_update`).
A line the decoders refuse takes the general route (``_checks``). Lines are taken a block at a
time, each step over the whole block in turn (see ``_BLOCK``): :func:`lint_lines` in one
process, :func:`range_events` in a ``--workers`` worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final

from msgspec import structs

from jobstatus._lint._checks import check_payload
from jobstatus._lint._facts import from_text, timestamp_of, went_back
from jobstatus._lint._model import Finding, Record, Severity
from jobstatus._lint._observe import Obs, observations
from jobstatus._lint._readers import jsonl_record
from jobstatus._lint._state import ACTIVE, TERMINAL, At, JobState, new_attempt

__all__ = ["FINDING", "INVALID", "NO_POLL", "OBSERVED", "POLL", "SYNC", "FastPlan", "FormatCheck",
           "KnownGood", "PlanTable", "Poll", "RangeJob", "accept", "accept_line", "apply_sync",
           "end_range", "finding_event", "forget_jobs", "formats_valid", "general_events",
           "lint_lines", "poll_of", "quiet_update", "range_events", "sequenced", "settle_polls",
           "worker_finding"]

_CACHE_LIMIT: Final = 4096
_RETRY_AFTER: Final = 16 * _CACHE_LIMIT
# Final: compiled, a module's own Final names are C statics, other globals dictionary look-ups.
_TERMINAL: Final = TERMINAL
_ACTIVE: Final = ACTIVE
_astuple: Final = structs.astuple


class KnownGood:
    """The strings found valid for one formatted property. Ids and creation times repeat
    across the polls of a job, so most of their checks are one set look-up. Small and bounded
    (cleared when full), one per property, so that the churn of one does not evict the others:
    memory stays flat. A property whose values do not repeat (an update time) only churns its
    set: when a full set was hit less often than it was filled, the cache is given up, and
    tried again after ``_RETRY_AFTER`` checks without it (a log's values may repeat later)."""

    def __init__(self, is_valid: Callable[[str], bool]) -> None:
        self.good: set[str] = set()
        self.is_valid = is_valid
        self.hits = 0
        self.cached = True
        self.uncached = 0
        """Checks since the cache was given up."""

    def check(self, text: str) -> bool:
        if not self.cached:
            self.uncached += 1
            if self.uncached >= _RETRY_AFTER:
                self.cached = True
                self.uncached = 0
            return self.is_valid(text)
        if text in self.good:
            self.hits += 1
            return True
        if not self.is_valid(text):
            return False
        if len(self.good) >= _CACHE_LIMIT:
            self.cached = self.hits >= _CACHE_LIMIT
            self.hits = 0
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
    facts are (positions in the job Struct's fields; -1: the format has no such fact)."""

    def __init__(self, format_id: str, decode: Callable[[bytes], Any], check: FormatCheck | None,
                 shape: Any, single: bool, inner: str, facts: dict[str, str],
                 fields: tuple[str, ...], integer_id: bool, states: dict[str, str], prefix: str,
                 needs: tuple[bytes, ...] = ()) -> None:
        self.format = format_id
        self.decode = decode
        self.check = check
        self.shape = shape
        """The ``_fast.FastShape`` this plan belongs to (for the general route's reader)."""
        self.single = single
        """One job per payload, with only the facts the quiet update knows: it may apply."""
        self.inner = inner
        """The attribute holding the job in a wrapper (``""``: the payload is the job)."""
        # The fields are read at once, as a tuple (msgspec's astuple), not one by one by name.
        self.id = _position(facts, "id", fields)
        self.state = _position(facts, "state", fields)
        self.percent = _position(facts, "percent", fields)
        self.done = _position(facts, "done", fields)
        self.total = _position(facts, "total", fields)
        self.text = _position(facts, "text", fields)
        self.created = _position(facts, "created", fields)
        self.updated = _position(facts, "updated", fields)
        self.supported = _position(facts, "supported", fields)
        """Where the job says whether it tracks progress: False there, no percentage (see
        ``_observe._UNSUPPORTED``)."""
        self.integer_id = integer_id
        self.states = states
        """Wire state -> canonical state."""
        self.index = -1
        """Its place in ``_fast.plan_list()`` (how a worker names it to the parent)."""
        self.prefix = prefix
        """JSON pointer of the job in the payload."""
        self.needs = needs
        """Its required keys, quoted: a line without one of them is not tried (see
        :func:`accept`)."""


def accept(plans: tuple[FastPlan, ...], raw: bytes) -> tuple[FastPlan | None, Any]:
    """The first plan whose decoder accepts *raw* and whose formats hold, with the Struct;
    ``(None, None)`` when none does. (Never None itself: a fixed-length tuple that is not
    optional stays unboxed in compiled code, no tuple object per line.)

    A plan after the first is tried only if *raw* holds each of its required keys, quoted:
    a failed decode costs an exception, and the first key alone often fits several plans.
    (A key spelt with escapes is missed: that line takes the exact route, with the same
    results.)"""
    first = True
    for plan in plans:
        if not first:
            missing = False
            for key in plan.needs:
                if raw.find(key) < 0:  # not "in": see _json.has_long_digits
                    missing = True
                    break
            if missing:
                continue
        first = False
        try:
            value = plan.decode(raw)
        except Exception:  # any refusal (msgspec's errors, bad UTF-8, depth): exact route
            continue
        check = plan.check
        if check is None or formats_valid(check, value):
            return plan, value
    return None, None


def _position(facts: dict[str, str], fact: str, fields: tuple[str, ...]) -> int:
    attr = facts.get(fact)
    return fields.index(attr) if attr is not None else -1


# A poll: what the sequence checks need of the one job of an accepted payload, as a tuple
# (a worker sends it to the parent as is):
#   (POLL, plan index, line, job id, state, done, total, percent, created, updated)
# The state is canonical, progress text is read as a percentage or counts (``from_text``),
# the timestamps are RFC 3339 text. The other events a worker sends are a finding's values
# (FINDING, ...), what the general route read of a record (OBSERVED, line, observations), the
# facts of a job's polls it settled itself (SYNC, ..., see :func:`range_events`), and the
# number of invalid payloads it only counted (INVALID, count).
POLL: Final = 0
FINDING: Final = 1
OBSERVED: Final = 2
SYNC: Final = 3
INVALID: Final = 4
"""(INVALID, count): the range's invalid payloads not sent as OBSERVED events. Such an event
only counts the payload for the summary, and flushes a HAR file's held observations when it
is the file's first for the sequence checks: a range sends those up to its first other event
(any later one of the file comes after the file's first) and counts the rest."""
Poll = tuple[int, int, int, str, str, Any, Any, Any, Any, Any]


NO_POLL: Final = -1
"""The kind of what :func:`poll_of` gives for a job with no string id."""


def poll_of(plan: FastPlan, value: Any, line: int) -> Poll:
    """The poll of an accepted payload of a single-job *plan*; of kind NO_POLL when its job
    has no string id (the general route counts it). (Never None: a fixed-length tuple that is
    not optional stays unboxed in compiled code, a C struct rather than a tuple object.)"""
    row: tuple[Any, ...] = _astuple(getattr(value, plan.inner) if plan.inner else value)
    # Each fact read inline (a position of -1: the format has no such fact), not by a call
    # per fact: seven calls a line.
    at = plan.id
    job_id: Any = row[at] if at >= 0 else None
    if plan.integer_id and job_id is not None:
        job_id = str(int(job_id))
    if type(job_id) is not str:
        return (NO_POLL, plan.index, line, "", "unknown", None, None, None, None, None)
    at = plan.state
    raw_state: Any = row[at] if at >= 0 else None
    state = plan.states.get(raw_state, "unknown") if type(raw_state) is str else "unknown"
    at = plan.percent
    percent: Any = row[at] if at >= 0 else None
    at = plan.done
    done: Any = row[at] if at >= 0 else None
    at = plan.total
    total: Any = row[at] if at >= 0 else None
    if plan.text >= 0:
        percent, done, total = from_text(row[plan.text], percent, done, total)
    at = plan.supported
    if at >= 0 and row[at] is False:
        percent = None
    at = plan.created
    created: Any = row[at] if at >= 0 else None
    at = plan.updated
    updated: Any = row[at] if at >= 0 else None
    return (POLL, plan.index, line, job_id, state, done, total, percent, created, updated)


def _percent_in_range(percent: Any) -> bool:
    """0 <= percent <= 100. (An int is compared as a native int: compiled, comparing an
    object with 0 and 100 boxes both numbers on every call.)"""
    if type(percent) is int:
        whole: int = percent
        return 0 <= whole <= 100
    return bool(0 <= percent <= 100)


def quiet_update(poll: Poll, jobs: dict[str, JobState], file: str, offset: int = 0) -> bool:
    """Lay *poll*'s facts over its job's state in *jobs* and say True, when that is all there
    is to do: ``_sequence``'s ``check`` cut down to a poll (a plain line of the job's own file)
    that breaks no rule.

    Anywhere ``check`` would report something, or would do more than overwrite the last
    values (an unknown state, a new attempt, a changed creation time), it changes nothing and
    says False: the caller takes the general route. The first poll of a job makes the job's
    state. *offset*: what to add to the poll's line (a worker counts its range's lines
    from 1). Start and finish times are not handled (no vendor format has them).
    ``tests/test_lint_fast.py`` holds this route equal to the general one.
    """
    _, _, line, job_id, state, done, total, percent, created, updated = poll
    if state == "unknown" or (percent is not None and not _percent_in_range(percent)):
        return False
    line += offset
    st = jobs.get(job_id)
    if st is None:
        if done is not None and total is not None and total < done:
            return False  # the one rule a first poll can break besides the percent range
    elif file != st.file or not _breaks_nothing(st, state, percent, done, total, created):
        return False
    instant: Any = None  # the updated_at kept (see _facts.timestamp_of)
    if updated is not None:
        instant = timestamp_of(updated)
        if st is not None:
            last_updated = st.updated
            if last_updated is not None and instant is not None and \
                    went_back(instant, last_updated):
                return False
    if st is None:  # a new job: nothing to break, its state is this poll's facts
        st = jobs[job_id] = JobState()
        st.file = file
    _lay(st, line, state, done, percent, created, instant)
    return True


def _lay(st: JobState, line: int, state: str, done: Any, percent: Any, created: Any,
         instant: Any) -> None:
    """Lay a poll's facts (those not None) over the job's state *st*, as established at *line*
    of the job's file (kept as native ints: see JobState)."""
    st.unknown_last = False
    st.state = state
    st.state_line = line
    if state in _TERMINAL:
        st.outcome = state
        st.outcome_line = line
    _lay_facts(st, line, done, percent, created, instant)


def _lay_facts(st: JobState, line: int, done: Any, percent: Any, created: Any, instant: Any
               ) -> None:
    """:func:`_lay` but for the state: what an unknown poll lays (``_sequence``)."""
    if done is not None:
        st.done = done
        st.done_line = line
    if percent is not None:
        st.percent = percent
        st.percent_line = line
    if created is not None:
        st.created = created
        st.created_line = line
    if instant is not None:
        st.updated = instant
        st.updated_line = line


def _breaks_nothing(st: JobState, state: str, percent: Any, done: Any, total: Any, created: Any
                    ) -> bool:
    """Whether a poll with these facts (its percent in range) breaks no rule of state, counts,
    percent and creation time against the job's state *st*."""
    last = st.state
    if state in _TERMINAL:
        outcome = st.outcome
        if outcome is not None and outcome != state:
            return False
    elif last in _TERMINAL or (state == "pending" and last in _ACTIVE):
        return False
    if state == "retrying" and last != "retrying":
        return False  # a new attempt: its percentage starts afresh
    if done is not None or total is not None:
        last_done = st.done
        if done is not None:
            if last_done is not None and _less(done, last_done):
                return False
            if total is not None and _less(total, done):
                return False
        elif last_done is not None and _less(total, last_done):
            return False
    if percent is not None:
        last_percent = st.percent
        if last_percent is not None and _less(percent, last_percent):
            return False
    if created is not None:
        old = st.created
        if old is not None and old != created:
            return False
    return True


def _less(left: Any, right: Any) -> bool:
    """left < right, for counts and percentages (ints compared as native ints, as in
    :func:`_percent_in_range`)."""
    if type(left) is int and type(right) is int:
        low: int = left
        high: int = right
        return low < high
    return bool(left < right)


class PlanTable:
    """The plans by a payload line's first key (``_fast.fast_plans``), found by the key's
    first letter and where its closing quote is: a byte or two read, no copy of the key, no
    hash. That only picks which decoders to try: a line whose first key merely looks like a
    known key is refused by those decoders (they forbid unknown keys) and takes the exact
    route, as it would anyway."""

    def __init__(self, by_key: dict[bytes, tuple[FastPlan, ...]]) -> None:
        # by_letter[c]: (length, plans) of the keys that start with the letter c, shortest
        # first. Keys alike in both share the union of their plans (the others refuse).
        self.by_letter: list[list[tuple[int, tuple[FastPlan, ...]]]] = [[] for _ in range(256)]
        for key, plans in sorted(by_key.items(), key=lambda item: len(item[0])):
            if not key:
                continue
            slot = self.by_letter[key[0]]
            for index, (length, others) in enumerate(slot):
                if length == len(key):
                    slot[index] = (length, others + tuple(p for p in plans if p not in others))
                    break
            else:
                slot.append((len(key), plans))
        self.plans: list[FastPlan | None] = []
        """Every plan at its index (a loop counts lines per plan, in a list)."""
        for plans in by_key.values():
            for plan in plans:
                while len(self.plans) <= plan.index:
                    self.plans.append(None)
                self.plans[plan.index] = plan


def accept_line(table: PlanTable, raw: Any) -> tuple[FastPlan | None, Any]:
    """What :func:`accept` says of a line, by the plans *table* picks for its first key
    (``(None, None)`` too when no plan declares a key like it)."""
    if type(raw) is not bytes:
        return None, None
    plans = _plans_for(table.by_letter, raw)
    if plans is None:
        return None, None
    return accept(plans, raw)


def _plans_for(by_letter: list[list[tuple[int, tuple[FastPlan, ...]]]], line: bytes
               ) -> tuple[FastPlan, ...] | None:
    """The plans for *line*'s first key: of the known keys with its first letter, the first
    whose length puts a quote where the line has one."""
    size = len(line)
    if size < 3 or line[0] != 123 or line[1] != 34:  # '{"'
        return None
    for length, plans in by_letter[line[2]]:
        end = length + 2
        if end < size and line[end] == 34:  # 34 is '"'
            return plans
    return None


def _add_accepted(plans: list[FastPlan | None], accepted: list[int], summary: Any) -> None:
    """Add to ``summary.checked`` the lines each plan accepted (counted by plan index, a list
    item: cheaper per line than a dictionary entry, and far cheaper than a Counter's)."""
    checked: dict[str, int] = {}
    for plan, count in zip(plans, accepted, strict=True):
        if plan is not None and count:
            checked[plan.format] = checked.get(plan.format, 0) + count
    summary.checked.update(checked)


# Lines are taken a block at a time, and each stage runs over the whole block before the next:
# the fast decoders, then the general route's payload checks of the lines they refused, then
# the sequence checks in line order. A stage's code and data then stay in the processor's
# caches through the block. Line by line, a refused line's long path (jsonschema-rs's errors,
# detection, the findings) ran cold after every twenty or so accepted lines, at nearly twice
# the cost. But a block holds its lines and their decoded payloads until the sequence checks
# are done with it, and the larger it is, the less of that is still in the processor's caches
# when the sequence checks read it and when it is freed. Measured on the benchmark's
# 1M-line log, one process (6 alternating runs each): 16 lines 1.87 s, 64 1.78, 128 1.77,
# 256 1.74, 512 1.80, 1024 1.88. Long lines end a block early (at _BLOCK_BYTES of text), so
# that memory stays bounded however long the lines are.
_BLOCK: Final = 256
_BLOCK_BYTES: Final = 4 << 20

# A refused line after the general route's payload checks: its record, the findings about
# its payload, and what the sequence checks take (its format, value and validity).
Refused = tuple[Record, Sequence[Finding], str | None, Any, bool]


def _read_block(lines: Iterator[Any], table: PlanTable, raws: list[Any],
                founds: list[FastPlan | None], values: list[Any], accepted: list[int]) -> int:
    """Read up to a block of *lines* (see ``_BLOCK``) into *raws*, what :func:`accept_line`
    says of each into *founds* (the plan) and *values* (the Struct), count the accepted ones
    per plan in *accepted*; the number of lines read."""
    raws.clear()
    founds.clear()
    values.clear()
    # Counted per block, then added: a count up to _BLOCK is one of CPython's cached small
    # ints, where a running total would be a new int object per line.
    in_block = [0] * len(accepted)
    count = 0
    text = 0
    for raw in lines:
        raws.append(raw)
        plan, value = accept_line(table, raw)
        founds.append(plan)
        values.append(value)
        if plan is not None:
            in_block[plan.index] += 1
        count += 1
        if type(raw) is bytes:
            text += len(raw)
        if count == _BLOCK or text >= _BLOCK_BYTES:
            break
    for index, accepted_here in enumerate(in_block):
        if accepted_here:
            accepted[index] += accepted_here
    return count


def _check_refused(table: PlanTable, raws: list[Any], founds: list[FastPlan | None],
                   number: int, name: str, options: Any, summary: Any) -> list[Refused]:
    """The general route's payload checks (counted in *summary*) of the block's lines the fast
    path refused, in line order; *number* is the line before the block's first. A line that
    a decoder was tried on is most likely invalid (``check_record``'s *refused*)."""
    refused: list[Refused] = []
    for index in range(len(raws)):
        if founds[index] is None:
            raw = raws[index]
            if isinstance(raw, Record):
                record, tried = raw, False
            else:
                record = jsonl_record(name, number + index + 1, raw)
                tried = _plans_for(table.by_letter, raw) is not None
            found, format_id, value, valid = check_payload(record, options, summary, tried)
            refused.append((record, found, format_id, value, valid))
    return refused


def lint_lines(lines: Iterable[Any], first_line: int, name: str,
               table: PlanTable, options: Any, summary: Any,
               sequence: Any) -> Iterator[Any]:
    """The findings of JSONL *lines* (``_run.check_jsonl``; a line may be a ``Record`` the
    stream could not read), the same as the general route gives record by record.

    Block by block (see ``_BLOCK``): the fast decoders try each line; the lines they refuse
    take the general route's payload checks; then, in line order, each line's findings are
    yielded and its jobs go to the sequence checks: an accepted poll by the quiet update when
    that is all there is to do, anything else by the checker's general route. Lines read and
    lines accepted are added to ``summary.records`` and ``summary.checked`` when the loop ends,
    however it ends (a block's payload findings are counted as it is read).
    """
    plans = table.plans
    accepted = [0] * len(plans)
    counts = summary.findings
    jobs_of: dict[str, dict[str, JobState]] = sequence.jobs if sequence is not None else {}
    # Each plan's jobs by its index: a list item per line, not a dictionary look-up by format
    # (the checker keeps one dictionary per format for its lifetime).
    plan_jobs: list[dict[str, JobState]] = [
        {} if plan is None else jobs_of[plan.format] for plan in plans
    ] if sequence is not None else []
    allowed: bool = sequence is not None and sequence.quiet_allowed
    number = first_line - 1
    read = 0
    raws: list[Any] = []
    founds: list[FastPlan | None] = []
    values: list[Any] = []
    stream = iter(lines)
    try:
        while True:
            size = _read_block(stream, table, raws, founds, values, accepted)
            if size == 0:
                break
            read += size
            refused = _check_refused(table, raws, founds, number, name, options, summary)
            taken = 0
            for index in range(size):
                number += 1
                found = founds[index]
                if found is None:
                    record, findings, format_id, general, valid = refused[taken]
                    taken += 1
                    yield from findings
                    if sequence is not None and format_id is not None:
                        if not valid and allowed:  # what observe does with it, in short
                            sequence.count_invalid(1)
                            continue
                        for finding in sequence.observe(record, format_id, general, valid):
                            counts[finding.severity] += 1
                            yield finding
                        allowed = sequence.quiet_allowed
                    continue
                if sequence is None:
                    continue
                plan, value = found, values[index]
                if plan.single and allowed:
                    poll = poll_of(plan, value, number)
                    if poll[0] == POLL and quiet_update(poll, plan_jobs[plan.index], name):
                        continue
                observed = plan.shape.observe(value, (name, number, None, ""))
                for finding in sequence.observe_jobs(Record(name, number, None, raws[index]),
                                                     observed):
                    counts[finding.severity] += 1
                    yield finding
                allowed = sequence.quiet_allowed
    finally:
        summary.records += read
        _add_accepted(plans, accepted, summary)


class RangeJob(JobState):
    """A job as a worker sees it in its range (:func:`range_events`): the facts its polls in
    the range established (None: not established in the range, whatever came before), and the
    line of its last poll sent to the parent."""

    __slots__ = ("sent",)

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0


def range_events(lines: Iterable[Any], first_line: int, name: str,
                 table: PlanTable, options: Any, summary: Any,
                 events: list[Any]) -> None:
    """A worker's range of JSONL *lines*: its findings and what the parent's sequence checks
    need, as *events* in line order; block by block, as :func:`lint_lines` does.

    The worker knows the jobs only from its own range (*local*: format -> job id ->
    RangeJob). A poll goes to *events*, for the parent to check against the job's whole
    history, when its checks would read a fact the range has not established: the job's first
    poll in the range, and any later one that needs an earlier outcome, count, percent or
    time, starts a new attempt, or breaks a rule. Any other poll is settled here, as the quiet
    update does: the checks it takes read only facts of this range, which the parent's state
    holds alike. Its facts reach the parent as a SYNC event (:func:`apply_sync`) before the
    job's next event, or at the end of the range (:func:`end_range`). Every other line sends
    its findings and what the general route read of it (see :func:`general_events`), except
    that an invalid payload's nothing-to-observe is only counted, once the range has sent the
    sequence checks anything else: one INVALID event at the end says how many."""
    plans = table.plans
    accepted = [0] * len(plans)
    local: dict[str, dict[str, RangeJob]] = {}
    sent = False  # whether the range sent the sequence checks an event (see INVALID)
    withheld = 0
    number = first_line - 1
    read = 0
    raws: list[Any] = []
    founds: list[FastPlan | None] = []
    values: list[Any] = []
    stream = iter(lines)
    try:
        while True:
            size = _read_block(stream, table, raws, founds, values, accepted)
            if size == 0:
                break
            read += size
            refused = _check_refused(table, raws, founds, number, name, options, summary)
            taken = 0
            for index in range(size):
                number += 1
                found = founds[index]
                if found is None:
                    record, findings, format_id, general, valid = refused[taken]
                    taken += 1
                    withheld += general_events(record, findings, format_id, general, valid,
                                               events, local, not sent)
                    continue
                sent = True
                plan, value = found, values[index]
                if plan.single:
                    poll = poll_of(plan, value, number)
                    if poll[0] == POLL:
                        jobs = local.get(plan.format)
                        if jobs is None:
                            jobs = local[plan.format] = {}
                        _range_poll(poll, plan.format, jobs, events)
                        continue
                # accepted, with no poll of its own: a list of jobs, an odd id
                observed = plan.shape.observe(value, (name, number, None, ""))
                forget_jobs(local, observed, events)
                events.append((OBSERVED, number, observed))
        end_range(local, events)
        if withheld:
            events.append((INVALID, withheld))
    finally:
        summary.records += read
        _add_accepted(plans, accepted, summary)


def finding_event(finding: Finding) -> tuple[Any, ...]:
    """A finding as a worker sends it: (FINDING, then its values)."""
    return (FINDING, finding.rule, int(finding.severity), finding.message, finding.file,
            finding.line, finding.entry, finding.pointer, finding.format, finding.context)


def general_events(record: Record, findings: Sequence[Finding], format_id: str | None,
                   value: Any, valid: bool, events: list[Any],
                   local: dict[str, dict[str, RangeJob]] | None, send_invalid: bool = True
                   ) -> int:
    """A record's events after the general route's payload checks: its findings, then what
    the sequence checks would read of it (nothing when it was not checked as a format). The
    jobs it concerns are forgotten in the worker's range (*local*): the parent checks their
    next polls. An invalid payload (nothing to observe) is not sent unless *send_invalid*:
    then 1, for the caller to count it (see INVALID), else 0."""
    for finding in findings:
        events.append(finding_event(finding))
    if format_id is None:
        return 0
    # (observations() says None of an invalid payload too; not calling it skips a Python call)
    observed = observations(record, format_id, value, valid) if valid else None
    if observed is None and not send_invalid:
        return 1
    if local is not None:
        forget_jobs(local, observed, events)
    events.append((OBSERVED, record.line, observed))
    return 0


def _range_poll(poll: Poll, format_id: str, jobs: dict[str, RangeJob], events: list[Any]
                ) -> None:
    """Settle *poll* in the range or send it (see :func:`range_events`); lay its facts over
    the job's range state as the parent will over the job's state."""
    _, _, line, job_id, state, done, total, percent, created, updated = poll
    instant: Any = timestamp_of(updated) if updated is not None else None
    st = jobs.get(job_id)
    if st is None:
        st = jobs[job_id] = RangeJob()
    elif _settles(st, state, done, total, percent, created, instant):
        _lay(st, line, state, done, percent, created, instant)
        return
    else:
        _sync(st, format_id, job_id, events)
    events.append(poll)
    st.sent = line
    if state != "unknown":
        if new_attempt(state, st.state):
            st.percent = None
            st.percent_at = None
        _lay(st, line, state, done, percent, created, instant)
    elif st.state is not None and st.state not in _TERMINAL:
        # An unknown poll changes no state; its other facts are the job's unless it had ended
        # (``_sequence``). A job whose state the range has not seen may have ended before it:
        # then the range lays nothing, and its next polls go to the parent (_settles).
        _lay_facts(st, line, done, percent, created, instant)


def _settles(st: RangeJob, state: str, done: Any, total: Any, percent: Any, created: Any,
             instant: Any) -> bool:
    """Whether a poll of a job the range has seen breaks nothing, by facts of the range
    alone (any fact it would compare with that the range has not established: False)."""
    if state == "unknown" or (percent is not None and not _percent_in_range(percent)):
        return False
    last = st.state
    if last is None or (state == "retrying" and last != "retrying"):
        return False
    if state in _TERMINAL and st.outcome is None:
        return False
    if ((done is not None or total is not None) and st.done is None) or (
            percent is not None and st.percent is None) or (
            created is not None and st.created is None):
        return False
    if instant is not None:
        last_updated = st.updated
        if last_updated is None or went_back(instant, last_updated):
            return False
    return _breaks_nothing(st, state, percent, done, total, created)


def _sync(st: RangeJob, format_id: str, job_id: str, events: list[Any]) -> None:
    """Send the facts the range settled of a job since its last sent poll, if any:
    (SYNC, format, job id, then each fact and its line, None where not settled since)."""
    sent = st.sent
    if st.state_line <= sent:
        return  # no poll of the job was settled since its last sent one
    events.append((
        SYNC, format_id, job_id, st.state, st.state_line,
        st.outcome if st.outcome_line > sent else None, st.outcome_line,
        st.done if st.done_line > sent else None, st.done_line,
        st.percent if st.percent_line > sent else None, st.percent_line,
        st.created if st.created_line > sent else None, st.created_line,
        st.updated if st.updated_line > sent else None, st.updated_line))
    st.sent = st.state_line


def forget_jobs(local: dict[str, dict[str, RangeJob]], observed: list[Any] | None,
                events: list[Any]) -> None:
    """Before the observations of a record on the general route go to the parent: the jobs
    they concern are no longer known in the range (the parent will check them; what the range
    settled of them is sent first)."""
    if not observed:
        return
    for obs in observed:
        jobs = local.get(obs.format)
        if jobs is not None and type(obs.id) is str:
            st = jobs.pop(obs.id, None)
            if st is not None:
                _sync(st, obs.format, obs.id, events)


def end_range(local: dict[str, dict[str, RangeJob]], events: list[Any]) -> None:
    """At the end of a range: send what it settled of every job since its last sent poll."""
    for format_id, jobs in local.items():
        for job_id, st in jobs.items():
            _sync(st, format_id, job_id, events)


def apply_sync(event: tuple[Any, ...], jobs_of: dict[str, dict[str, JobState]], file: str,
               offset: int) -> None:
    """In the parent: lay a SYNC event's facts over the job's state (which the job's first
    poll of the range, sent before, made); *offset* is added to its lines."""
    st = jobs_of[event[1]][event[2]]
    if st.file is None:
        st.file = file
    here = st.file == file
    st.unknown_last = False
    st.state = event[3]
    st.state_at = _where(event[4], offset, here, file)
    if event[5] is not None:
        st.outcome = event[5]
        st.outcome_at = _where(event[6], offset, here, file)
    if event[7] is not None:
        st.done = event[7]
        st.done_at = _where(event[8], offset, here, file)
    if event[9] is not None:
        st.percent = event[9]
        st.percent_at = _where(event[10], offset, here, file)
    if event[11] is not None:
        st.created = event[11]
        st.created_at = _where(event[12], offset, here, file)
    if event[13] is not None:
        st.updated = event[13]
        st.updated_at = _where(event[14], offset, here, file)


def _where(line: int, offset: int, here: bool, file: str) -> At:
    """A location in the job's state: the line alone in the job's own file (``_sequence``)."""
    return line + offset if here else (file, line + offset, None, "")


def settle_polls(events: list[Any], start: int, plans: tuple[FastPlan, ...],
                 jobs_of: dict[str, dict[str, JobState]], file: str, offset: int) -> int:
    """In the parent: take the quiet update for the worker's polls from *start* on, and lay
    its SYNC events, up to the first event it does not settle; its index (``len(events)``:
    all settled). *offset*: the lines of the file before the worker's range."""
    index = start
    count = len(events)
    while index < count:
        event = events[index]
        kind = event[0]
        if kind == SYNC:
            apply_sync(event, jobs_of, file, offset)
        elif kind != POLL or not quiet_update(event, jobs_of[plans[event[1]].format], file,
                                              offset):
            return index
        index += 1
    return index


_SEVERITY_OF: Final = {int(severity): severity for severity in Severity}


def worker_finding(values: tuple[Any, ...], offset: int) -> Finding:
    """A finding a worker sent (:func:`finding_event`), its line moved by *offset*."""
    line = values[5]
    return Finding(values[1], _SEVERITY_OF[values[2]], values[3], values[4],
                   None if line is None else line + offset, values[6], values[7], values[8],
                   values[9])


def sequenced(events: list[Any], name: str, sequence: Any, counts: Any, offset: int,
              plans: tuple[FastPlan, ...]) -> Iterator[Finding]:
    """In the parent: one worker range's findings with the sequence checks run over its
    *events*, in line order (``_parallel._sequenced``); *offset*, the lines of the file
    before the range, is added to the events' lines; *counts*, the summary's findings per
    severity, counts the sequence checks' findings (the worker counted its own)."""
    jobs: dict[str, dict[str, JobState]] = sequence.jobs
    index = 0
    count = len(events)
    while index < count:
        if sequence.quiet_allowed:
            index = settle_polls(events, index, plans, jobs, name, offset)
            if index == count:
                break
        event = events[index]
        index += 1
        kind = event[0]
        if kind == FINDING:
            yield worker_finding(event, offset)
            continue
        if kind == SYNC:
            apply_sync(event, jobs, name, offset)
            continue
        if kind == INVALID:
            sequence.count_invalid(event[1])
            continue
        found: Any
        if kind == POLL:
            plan = plans[event[1]]
            line = event[2] + offset
            observed = [Obs(plan.format, event[3], event[4], event[5], event[6], event[7],
                            event[8], None, None, event[9], (name, line, None, ""),
                            plan.prefix)]
            found = sequence.observe_jobs(Record(name, line), observed)
        else:
            observed_or_none = event[2]
            if observed_or_none is not None and offset:
                observed_or_none = [_moved(obs, offset) for obs in observed_or_none]
            found = sequence.observe_read(Record(name, event[1] + offset), observed_or_none)
        for finding in found:
            counts[finding.severity] += 1
            yield finding


def _moved(obs: Obs, offset: int) -> Obs:
    """An observation read by a worker, its line moved by *offset*."""
    file, line, entry, context = obs.where
    return obs._replace(where=(file, None if line is None else line + offset, entry, context))
