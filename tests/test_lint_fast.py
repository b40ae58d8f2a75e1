"""The linter's fast path (``_lint/_fast.py``, ``_lint/_hot.py``) changes speed, never results.

* What a fast decoder accepts, the exact path finds valid, as the same format, with the same
  observations for the sequence checks: on generated payloads (valid ones and near misses, with
  keys of other formats mixed in), in two JSON spellings, and on byte-level mutations aimed at
  where msgspec and orjson differ (unknown keys, long integers, bad UTF-8, duplicates, ...).
* It does engage: every valid line of the bundled sample poll log takes it.
* Linting a JSONL poll log with the fast path gives exactly the findings and summary of the
  general route (``check_records``), on generated poll sequences of every vendor format;
  so does the per-line loop run from its source as Python (the build without mypyc).
"""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import VENDOR_FORMATS, any_payload, valid_payloads
from test_sequence import UUID

from jobstatus._lint import _hot
from jobstatus._lint._checks import check_record
from jobstatus._lint._fast import fast_shapes, plan_list, sniff
from jobstatus._lint._hot import KnownGood, PlanTable
from jobstatus._lint._model import Finding, LintOptions, Record, Summary
from jobstatus._lint._observe import observations
from jobstatus._lint._readers import read_input, read_jsonl
from jobstatus._lint._run import check_jsonl, check_records
from jobstatus._lint._sequence import SequenceChecker

OPTIONS = LintOptions()


def assert_accepted_exactly(raw: bytes) -> bool:
    """If the fast path accepts *raw*, the exact path agrees on everything it implies."""
    accepted = sniff(raw)
    if accepted is None:
        return False
    fast, value = accepted
    record = Record("f.jsonl", 7, None, raw)
    format_id, decoded, found = check_record(record, OPTIONS)
    assert (format_id, list(found)) == (fast.format, []), raw
    where = ("f.jsonl", 7, None, "")
    assert fast.observe(value, where) == observations(record, format_id, decoded, valid=True)
    return True


def spellings(payload: Any) -> list[bytes]:
    return [orjson.dumps(payload), json.dumps(payload, ensure_ascii=False).encode()]


@pytest.mark.parametrize("format_id", VENDOR_FORMATS)
@given(data=st.data())
def test_what_the_fast_path_accepts_is_valid_and_detected_as_its_format(
        format_id: str, data: st.DataObject) -> None:
    for raw in spellings(data.draw(any_payload(format_id))):
        assert_accepted_exactly(raw)


# Mutations of a valid payload line where a typed msgspec decoder and the exact path could
# part: each is inserted right after the opening brace (an unknown or a duplicate key) or
# replaces the first value.
_EXTRA_MEMBERS = [
    b'"x":123456789012345678901234,', b'"x":-9223372036854775809,', b'"x":1e400,',
    b'"x":"\xff",', b'"x":"\xed\xa0\x80",', b'"x":"\\ud800",', b'"x":' + b"[" * 1100
    + b"]" * 1100 + b",", b'"x":NaN,', b'"x":1,', b'"id":1,', b'"state":"pending",',
    b'"requestId":"0f4b7a2e-6c1d-4f0a-9a53-2b8c1f6e9d10",', b'"job_status":{},',
    b'"background_job_status":null,', b'"name":"n",', b'"hashed_id":"h",',
]
_FIRST_VALUES = [
    b"18446744073709551615", b"9223372036854775808", b"2.0", b"1e2", b"-0", b"true",
    b'"\xc3\xa9"', b'"\\u0000"', b"null", b"{}", b"[]", b'"2024-02-30T00:00:00Z"',
    b'"2024-02-29T23:59:60Z"', b'"0f4b7a2e6c1d4f0a9a532b8c1f6e9d10"',
]


def mutations(raw: bytes) -> list[bytes]:
    out = [b"{" + member + raw[1:] for member in _EXTRA_MEMBERS]
    colon = raw.find(b":")
    end = min((i for i in (raw.find(b",", colon), raw.find(b"}", colon)) if i > 0),
              default=len(raw))
    out += [raw[: colon + 1] + value + raw[end:] for value in _FIRST_VALUES]
    out += [b"\xef\xbb\xbf" + raw, raw + b" x", raw.replace(b"}", b"}\x00", 1),
            raw.replace(b",", b" ,\t", 1), raw.rstrip() + b"\r\n"]
    return out


_BAD_STRINGS = ["not a uri", "2024-02-30T00:00:00Z", "0f4b7a2e6c1d4f0a9a532b8c1f6e9d10", ""]


def with_bad_strings(value: Any) -> list[Any]:
    """*value* with one string replaced by a string that breaks some format, every way."""
    if isinstance(value, str):
        return list(_BAD_STRINGS)
    if isinstance(value, dict):
        return [{**value, key: bad} for key, item in value.items()
                for bad in with_bad_strings(item)]
    if isinstance(value, list):
        return [[*value[:index], bad, *value[index + 1:]] for index, item in enumerate(value)
                for bad in with_bad_strings(item)]
    return []


@pytest.mark.parametrize("format_id", VENDOR_FORMATS)
@given(data=st.data())
@settings(max_examples=50)
def test_mutations_where_msgspec_and_orjson_differ_never_slip_through(
        format_id: str, data: st.DataObject) -> None:
    payload = data.draw(valid_payloads(format_id, foreign_keys=False))
    for raw in mutations(orjson.dumps(payload)):
        assert_accepted_exactly(raw)
    for mutated in with_bad_strings(payload):  # formats checked, nested ones included
        assert_accepted_exactly(orjson.dumps(mutated))


@pytest.mark.parametrize("format_id", VENDOR_FORMATS)
@given(data=st.data())
@settings(max_examples=50)
def test_a_refused_line_asked_for_its_errors_at_once_gets_the_same_answer(
        format_id: str, data: st.DataObject) -> None:
    # A line a fast decoder refused skips is_valid and asks for its errors at once
    # (check_record's refused): valid ones and near misses, plain and verbose, give the same
    # format, value and findings as the ordinary route.
    raw = orjson.dumps(data.draw(any_payload(format_id)))
    for options in (OPTIONS, LintOptions(verbose=True)):
        record = Record("f.jsonl", 3, None, raw)
        assert check_record(record, options, True) == check_record(record, options), raw


_JULEP_KEYS = (b'"name":"n","created_at":"2024-01-01T00:00:00Z","updated_at":'
               b'"2024-01-01T00:00:00Z","has_progress":true')


@pytest.mark.parametrize(("raw", "detected"), [
    # Julep declares all seven keys, the hub six: three of Julep's properties fail, none of
    # the hub's, so the hub scores better (and detection must be asked).
    (b'{"id":"not-a-uuid","state":"running","progress":{"percent":50},' + _JULEP_KEYS + b"}",
     "canonical"),
    # one fails: Julep's six accepted tie the hub's best, and Julep declares more
    (b'{"id":"not-a-uuid","state":"succeeded","progress":50,' + _JULEP_KEYS + b"}", "julep"),
    (b'{"id":"' + UUID.encode() + b'","state":"queued","progress":50,' + _JULEP_KEYS + b"}",
     "julep"),
])
def test_a_refused_bare_payload_is_detected_as_detection_says(raw: bytes, detected: str
                                                               ) -> None:
    # check_record skips detection when the errors alone show the format wins: never when
    # another format could score better.
    record = Record("f.jsonl", 3, None, raw)
    fast = check_record(record, OPTIONS, True)
    assert fast == check_record(record, OPTIONS)
    assert fast[0] == detected


def test_a_refused_line_too_deep_for_the_engines_errors_is_still_invalid() -> None:
    # Nested past the engine's error depth, a line has errors the engine cannot name: it must
    # not pass for valid because no error came back.
    deep = b'{"requestId":"' + UUID.encode() + b'","extra":' + b"[" * 300 + b"]" * 300 + b"}"
    bad = deep.replace(b'"extra"', b'"state":' + b"[" * 300 + b"]" * 300 + b',"x"')
    for raw in (deep, bad):
        record = Record("f.jsonl", 3, None, raw)
        plain = check_record(record, OPTIONS)
        assert check_record(record, OPTIONS, True) == plain
    assert [finding.rule for finding in check_record(Record("f", 1, None, bad), OPTIONS)[2]] \
        == ["schema"]


@pytest.mark.parametrize("raw", [
    b'{"id":"' + UUID.encode() + b'","name":"n","created_at":"2024-01-01T00:00:00Z",'
    b'"state":"pending","x":"\xff"}',
    b'{"requestId":"' + UUID.encode() + b'","x":123456789012345678901234}',
    b'{"background_job_status":{"id":2.0,"status":"queued"}}',
    b'{"job_status":{"id":"a","url":"not a uri"}}',
    b'{"id":"' + UUID.upper().encode() + b'","name":"n","created_at":"2024-02-30T00:00:00Z",'
    b'"state":"pending"}',
])
def test_payloads_msgspec_would_take_go_the_exact_way(raw: bytes) -> None:
    assert sniff(raw) is None


def test_every_valid_line_of_the_sample_poll_log_takes_the_fast_path() -> None:
    lines = (Path(__file__).parent.parent / "samples" / "good" / "polls.jsonl").read_bytes()
    taken = [assert_accepted_exactly(line) for line in lines.splitlines() if line.strip()]
    assert taken
    assert all(taken)
    assert {fast.format for shapes in fast_shapes().values() for fast in shapes} == {
        "julep", "panoptica", "wistia", "zendesk"}


# --- the quiet update: same findings as the general route -----------------------------------

_STAMPS = ["2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z", "2024-01-01T02:01:00+02:00",
           "2024-01-01T00:02:00.5Z", "2023-12-31T23:59:00Z"]


@st.composite
def poll_log(draw: st.DrawFn) -> bytes:
    """A JSONL log of polls of a few jobs of every vendor format: states, progress and
    timestamps drawn freely, so that every rule fires now and then; a few lines that are not
    JSON, and a few payloads that break their schema (a state that is a number)."""
    jobs = [UUID, UUID.replace("0f", "1e")]
    lines = []
    for _ in range(draw(st.integers(0, 40))):
        fmt = draw(st.sampled_from(VENDOR_FORMATS))
        job = draw(st.sampled_from(jobs))
        broken = draw(st.integers(0, 19)) == 0
        if fmt == "julep":
            payload: dict[str, Any] = {
                "id": job, "name": "n", "created_at": draw(st.sampled_from(_STAMPS[:2])),
                "updated_at": draw(st.sampled_from(_STAMPS)),
                "state": draw(st.sampled_from(["pending", "in_progress", "retrying",
                                               "succeeded", "failed", "aborted", "unknown",
                                               "paused"])),
                "has_progress": True}
            percent = draw(st.none() | st.integers(-1, 100) | st.floats(0, 100))
            if percent is not None:
                payload["progress"] = percent
        elif fmt == "panoptica":
            payload = {"requestId": job, "state": draw(st.sampled_from(
                ["NEW", "PROCESSING", "DONE", "FAILED", "NONE"]))}
            text = draw(st.none() | st.sampled_from(["10%", "50%", "40", "3/10", "2 of 10",
                                                     "120%"]))
            if text is not None:
                payload["progress"] = text
        elif fmt == "wistia":
            payload = {"background_job_status": {"id": jobs.index(job) + 1, "status": draw(
                st.sampled_from(["queued", "started", "finished", "failed"]))}}
        else:
            body = {"id": job[:8], "status": draw(st.sampled_from(
                ["queued", "working", "failed", "completed", "killed"])),
                "progress": draw(st.none() | st.integers(0, 12)),
                "total": draw(st.none() | st.integers(0, 12))}
            shape = draw(st.sampled_from(["one", "many", "bare"]))
            if shape == "bare":  # no envelope: a job_type says it is Zendesk
                payload = {**body, "job_type": draw(st.sampled_from(["T", "U"]))}
            elif shape == "many":
                payload = {"job_statuses": [body, {**body, "id": "other"}]}
            else:
                payload = {"job_status": body}
        if broken:
            job_of = payload.get("background_job_status") or payload.get("job_status") or (
                payload["job_statuses"][0] if "job_statuses" in payload else payload)
            job_of["status" if "status" in job_of else "state"] = 7
        line = orjson.dumps(payload)
        if draw(st.integers(0, 19)) == 0:
            line = line[:-3]  # truncated: invalid JSON
        lines.append(line)
        if draw(st.integers(0, 9)) == 0:
            lines.append(b"")
    return b"\n".join(lines) + b"\n"


def lint_both(log: bytes, tmp_name: str = "polls.jsonl") -> tuple[list[Finding], list[Finding],
                                                                   Summary, Summary]:
    general, fast = Summary(), Summary()
    checker = SequenceChecker()
    by_records = [*check_records(read_jsonl(iter(log.splitlines(keepends=True)), tmp_name),
                                 OPTIONS, general, checker), *checker.finish()]
    general.not_sequenced.update(checker.stats)  # as the CLI does: compared with the rest
    checker = SequenceChecker()
    by_lines = [*check_jsonl(iter(log.splitlines(keepends=True)), tmp_name, OPTIONS, fast,
                             checker), *checker.finish()]
    fast.not_sequenced.update(checker.stats)
    return by_records, by_lines, general, fast


@given(poll_log())
@settings(max_examples=300)
def test_the_fast_path_gives_the_findings_of_the_general_route(log: bytes) -> None:
    by_records, by_lines, general, fast = lint_both(log)
    assert by_lines == by_records
    assert fast == general


def test_a_har_files_held_polls_are_flushed_by_an_invalid_first_line() -> None:
    """The loop counts an invalid payload's nothing-to-sequence itself, except while a HAR
    file's polls are held: then the payload flushes them, as on the general route."""
    from test_sequence import har  # noqa: PLC0415 - a helper of the sequence tests

    capture = har(("2024-02-08T17:00:00Z", "working", 3), ("2024-02-08T16:59:00Z", "working", 7))
    log = orjson.dumps({"job_status": {"id": "V3-1", "status": 7}}) + b"\n" + orjson.dumps(
        {"job_status": {"id": "V3-326ff9154427be70c7cce4274a4b6f13", "status": "queued"}})

    def lint(fast: bool) -> tuple[list[tuple[str, str, int | None]], dict[str, int]]:
        summary, checker = Summary(), SequenceChecker()
        found = list(check_records(read_input(io.BytesIO(capture), "c.har", "har"), OPTIONS,
                                   summary, checker))
        lines = iter(log.splitlines(keepends=True))
        if fast:
            found += check_jsonl(lines, "p.jsonl", OPTIONS, summary, checker)
        else:
            found += check_records(read_jsonl(lines, "p.jsonl"), OPTIONS, summary, checker)
        return [(f.rule, f.file, f.line) for f in [*found, *checker.finish()]], checker.stats

    found, stats = lint(fast=True)
    assert (found, stats) == lint(fast=False)
    # The payload's own finding, the HAR file's held polls (checked in time order), then the
    # next line's poll of the same job: queued after working.
    assert [(rule, file) for rule, file, _ in found] == [
        ("schema", "p.jsonl"), ("sequence-done-decreased", "c.har"),
        ("sequence-regressed", "p.jsonl")]
    assert stats == {"invalid": 1}


def test_the_quiet_update_is_taken_on_healthy_polls() -> None:
    """The equivalence above would hold for a quiet update that never applies; this one
    shows it applies (to every healthy poll, a job's first one included) and keeps the job's
    state."""
    polls = [{"id": UUID, "name": "n", "created_at": _STAMPS[0], "updated_at": stamp,
              "state": state, "progress": percent}
             for stamp, state, percent in [(_STAMPS[0], "pending", 0),
                                           (_STAMPS[1], "in_progress", 10),
                                           (_STAMPS[3], "succeeded", 100)]]
    checker = SequenceChecker()
    seen: list[Any] = []
    original = checker.observe_jobs
    checker.observe_jobs = lambda record, observed: (seen.append(record.line),  # type: ignore[method-assign]
                                                     original(record, observed))[1]
    log = b"".join(orjson.dumps(poll) + b"\n" for poll in polls)
    assert list(check_jsonl(iter(log.splitlines(keepends=True)), "f", OPTIONS, Summary(),
                            checker)) == []
    assert seen == []  # no poll went the general route, the first one included
    state = checker.jobs["julep"][UUID]
    assert (state.state, state.percent, state.percent_at, state.state_at) == (
        "succeeded", 100, 3, 3)


@pytest.mark.parametrize("first", [
    {"job_status": {"id": "a", "status": "working", "progress": 5, "total": 3}},
    {"requestId": UUID, "state": "PROCESSING", "progress": "120%"},
    {"requestId": UUID, "state": "PROCESSING", "progress": "5 of 3"},
    {"id": UUID, "name": "n", "created_at": _STAMPS[0], "state": "retrying", "progress": 7},
    {"id": UUID, "name": "n", "created_at": _STAMPS[0], "state": "paused"},
])
def test_a_jobs_first_poll_gets_the_findings_of_the_general_route(first: dict[str, Any]
                                                                  ) -> None:
    """A job's first poll may take the quiet update too: only when it breaks no rule."""
    log = orjson.dumps(first) + b"\n" + orjson.dumps(first) + b"\n"
    by_records, by_lines, general, fast = lint_both(log)
    assert by_lines == by_records
    assert fast == general


def test_a_bare_payload_is_read_as_the_struct_it_was_decoded_as() -> None:
    """A bare shape's Struct has its marker (Zendesk's job_type) required, which may order its
    fields unlike the job's own Struct: the poll must still read the job's id, not job_type."""
    log = (b'{"id":"A","job_type":"T","status":"completed","progress":3,"total":3}\n'
           b'{"id":"A","job_type":"U","status":"working","progress":1,"total":3}\n')
    by_records, by_lines, general, fast = lint_both(log)
    assert {(finding.rule, finding.line) for finding in by_lines} == {
        ("sequence-terminal-changed", 2), ("sequence-done-decreased", 2)}
    assert by_lines == by_records
    assert fast == general


def test_keys_alike_share_their_plans_and_unknown_first_keys_take_the_exact_route() -> None:
    """Plans are picked by the first key's first letter and length alone (``PlanTable``).
    Keys alike in both share the union of their plans; a line whose first key is unknown but
    looks like a known one is refused by those decoders: the findings of the general route."""
    plans = plan_list()
    table = PlanTable({b"ab": (plans[0],), b"ac": (plans[1], plans[0]), b"b": (plans[2],)})
    assert table.by_letter[ord("a")] == [(2, (plans[0], plans[1]))]
    assert table.by_letter[ord("b")] == [(1, (plans[2],))]
    good = {"id": UUID, "name": "n", "created_at": _STAMPS[0], "state": "pending"}
    lines = [orjson.dumps(payload) for payload in [
        good, {"ix": UUID, **{k: v for k, v in good.items() if k != "id"}},  # like "id"
        {"stats": "pending", **good}, {"stat": 1, **good}, {"": 1, **good}, {"i\"d": 1}]]
    assert [sniff(line) is not None for line in lines] == [True] + [False] * 5
    by_records, by_lines, general, fast = lint_both(b"\n".join(lines) + b"\n")
    assert {finding.line for finding in by_records} == {2, 6}  # Julep allows other keys
    assert by_lines == by_records
    assert fast == general


def test_a_formatted_string_is_nullable_only_when_the_schema_says_so() -> None:
    import msgspec  # noqa: PLC0415

    from jobstatus._lint._fast import _Translator  # noqa: PLC0415

    def accepts_null(property_schema: dict[str, Any]) -> bool:
        struct = _Translator({}).struct(
            {"type": "object", "properties": {"a": property_schema}}, "T")
        try:
            msgspec.json.decode(b'{"a":null}', type=struct)
        except msgspec.ValidationError:
            return False
        return True

    assert not accepts_null({"type": ["string"], "format": "uuid"})
    assert not accepts_null({"anyOf": [{"type": "string", "format": "uuid"}]})
    assert accepts_null({"type": ["string", "null"], "format": "uuid"})


class CountingCheck:
    """A format check that says which strings it was asked about (valid: those starting "ok")."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, text: str) -> bool:
        self.asked.append(text)
        return text.startswith("ok")


NUMBERS = [-1, 0, 1, 2, 99, 100, 101, 0.5, 99.99, 100.0, 100.5, -0.0, 2**63, 2**70, True, False]


def test_native_int_comparisons_agree_with_python() -> None:
    """``_percent_in_range`` and ``_less`` compare ints natively and anything else as Python
    does: same answers for ints, floats, big ints and bools (an int subclass)."""
    for left in NUMBERS:
        assert _hot._percent_in_range(left) == (0 <= left <= 100), left
        for right in NUMBERS:
            assert _hot._less(left, right) == (left < right), (left, right)


def test_summary_counts_take_the_dictionarys_own_item_slot() -> None:
    """``Tally``: a Counter (adds on update, 0 for a missing key, picklable for workers) whose
    items are stored by dict's C code, not through Counter's Python-level ``__delitem__``."""
    tally = Summary().checked
    assert type(tally).__delitem__ is dict.__delitem__
    tally["julep"] += 1
    tally.update({"julep": 2, "zendesk": 1})
    assert tally == {"julep": 3, "zendesk": 1}
    assert tally["wistia"] == 0
    assert pickle.loads(pickle.dumps(tally)) == tally


def test_known_good_caches_valid_strings_only() -> None:
    check = CountingCheck()
    known = KnownGood(check)
    assert [known.check(text) for text in ["ok-1", "bad", "ok-1", "bad"]] == \
        [True, False, True, False]
    assert check.asked == ["ok-1", "bad", "bad"]  # the repeated valid one was a look-up


def test_known_good_stays_bounded_and_gives_up_on_values_that_never_repeat() -> None:
    check = CountingCheck()
    known = KnownGood(check)
    limit = _hot._CACHE_LIMIT
    for number in range(limit + 1):  # the last one finds the set full, and no hits in it
        assert known.check(f"ok-{number}")
    assert len(known.good) <= limit
    assert not known.cached
    check.asked.clear()
    assert [known.check("ok-0"), known.check("ok-0")] == [True, True]
    assert check.asked == ["ok-0", "ok-0"]  # given up: every check asks


def test_known_good_tries_its_cache_again_after_a_while() -> None:
    """Values that did not repeat early in a log may repeat later: the cache is retried."""
    check = CountingCheck()
    known = KnownGood(check)
    for number in range(_hot._CACHE_LIMIT + 1):
        known.check(f"ok-{number}")
    assert not known.cached
    for _ in range(_hot._RETRY_AFTER):
        assert known.check("ok-again")
    assert known.cached
    check.asked.clear()
    assert [known.check("ok-again"), known.check("ok-again"), known.check("bad")] == \
        [True, True, False]
    assert check.asked == ["ok-again", "bad"]


# --- the build: compiled or not, the same loop ------------------------------------------------

_HOT_SOURCE = Path(__file__).resolve().parents[1] / "src" / "jobstatus" / "_lint" / "_hot.py"


@pytest.fixture(scope="module")
def pure_python_loop() -> Any:
    """The per-line loop's module run from its source as Python, whether or not the installed
    package has it compiled (a build without a C compiler runs this)."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("jobstatus_hot_as_python", _HOT_SOURCE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@given(poll_log(), st.sampled_from([1, 2, 3, 7, 1024]), st.sampled_from([1, 300, 4 << 20]))
@settings(max_examples=60)
def test_the_loop_run_as_python_gives_the_findings_of_the_general_route(
        pure_python_loop: Any, log: bytes, block: int, block_bytes: int) -> None:
    """Also with blocks of a few lines or bytes (``_BLOCK``, the loop's stages): their edges
    fall between a job's polls and around refused lines."""
    import jobstatus._lint._run as run  # noqa: PLC0415

    compiled = run.lint_lines
    limits = pure_python_loop._BLOCK, pure_python_loop._BLOCK_BYTES
    run.lint_lines = pure_python_loop.lint_lines
    pure_python_loop._BLOCK, pure_python_loop._BLOCK_BYTES = block, block_bytes
    try:
        by_records, by_lines, general, fast = lint_both(log)
    finally:
        run.lint_lines = compiled
        pure_python_loop._BLOCK, pure_python_loop._BLOCK_BYTES = limits
    assert by_lines == by_records
    assert fast == general


def test_a_block_ends_early_on_long_lines(pure_python_loop: Any) -> None:
    """Memory stays bounded however long the lines: a block holds at most _BLOCK_BYTES of
    text (and the line that crosses it), not _BLOCK lines."""
    from jobstatus._lint._fast import fast_plans  # noqa: PLC0415

    line = b'{"x": "' + b"a" * 1_000_000 + b'"}\n'
    lines = iter([line] * 10)
    raws: list[Any] = []
    founds: list[Any] = []
    values: list[Any] = []
    table = fast_plans()
    accepted = [0] * len(table.plans)
    sizes = []
    while size := pure_python_loop._read_block(lines, table, raws, founds, values, accepted):
        sizes.append(size)
    assert pure_python_loop._BLOCK_BYTES == 4 << 20
    assert sizes == [5, 5]  # 4 MiB is crossed by the fifth line of 1 MB
