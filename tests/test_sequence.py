"""Poll-sequence checks: healthy polls of every format are silent, each rule fires on its
planted violation with the right id, severity and location."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobstatus._lint._facts import instant_of, timestamp_of, went_back
from jobstatus._lint._model import Finding, LintOptions, Record, Severity, Summary
from jobstatus._lint._observe import observations
from jobstatus._lint._run import lint_paths
from jobstatus._lint._sequence import RULES, SequenceChecker
from jobstatus._lint._state import JobState

UUID = "0f4b7a2e-6c1d-4f0a-9a53-2b8c1f6e9d10"
T0, T1, T2, T3 = ("2024-10-02T17:05:00Z", "2024-10-02T17:06:00+00:00",
                  "2024-10-02T19:07:00+02:00", "2024-10-02T17:08:00.5Z")


def julep(state: str, progress: float | None = None, updated: str = T1,
          created: str = T0) -> dict[str, Any]:
    job: dict[str, Any] = {"id": UUID, "name": "Embed", "created_at": created,
                           "updated_at": updated, "state": state}
    if progress is not None:
        job["progress"] = progress
    return job


def zendesk(status: str, done: int | None = None, total: int | None = 10) -> dict[str, Any]:
    return {"job_status": {"id": "V3-326ff9154427be70c7cce4274a4b6f13", "status": status,
                           "progress": done, "total": total}}


def wistia(status: str) -> dict[str, Any]:
    return {"background_job_status": {"id": 197424, "status": status}}


def panoptica(state: str, progress: str | None = None) -> dict[str, Any]:
    job = {"requestId": UUID, "state": state}
    if progress is not None:
        job["progress"] = progress
    return job


def canonical(state: str, **fields: Any) -> dict[str, Any]:
    return {"id": "job-1", "state": state, **fields}


def run(format_id: str, payloads: list[dict[str, Any]], file: str = "polls.jsonl"
        ) -> list[Finding]:
    checker = SequenceChecker()
    found: list[Finding] = []
    for line, payload in enumerate(payloads, start=1):
        found.extend(checker.observe(Record(file=file, line=line), format_id, payload))
    found.extend(checker.finish())
    return found


HEALTHY = {
    "julep": [julep("pending", 0, T0), julep("in_progress", 10, T1), julep("retrying", 5, T1),
              julep("in_progress", 20, T2), julep("retrying", 0, T2), julep("retrying", 30, T3),
              julep("unknown", None, T3), julep("succeeded", 56, T3), julep("succeeded", 56, T3)],
    "zendesk": [zendesk("queued", None, None), zendesk("working", 0), zendesk("working", 4),
                zendesk("working", 4, 12), zendesk("completed", 12, 12)],
    "wistia": [wistia("queued"), wistia("finished"), wistia("finished")],
    "panoptica": [panoptica("NEW"), panoptica("PROCESSING", "10%"), panoptica("NONE"),
                  panoptica("PROCESSING", "40"), panoptica("PROCESSING", "3/10"),
                  panoptica("DONE", "50%")],
    "canonical": [canonical("pending", created_at=T0),
                  canonical("running", created_at=T0, started_at=T1,
                            progress={"done": 1, "total": 4}),
                  canonical("cancelled", created_at=T0, started_at=T1, finished_at=T3,
                            progress={"done": 2, "total": 4, "percent": 50})],
}


@pytest.mark.parametrize("format_id", sorted(HEALTHY))
def test_healthy_polls_have_no_findings(format_id: str) -> None:
    assert run(format_id, HEALTHY[format_id]) == []


def test_a_job_may_skip_states_and_finish_below_100() -> None:
    assert run("julep", [julep("succeeded", 56)]) == []
    assert run("zendesk", [zendesk("queued"), zendesk("completed", 3, 10)]) == []


def test_the_list_wrapper_sequences_each_job_with_its_pointer() -> None:
    def listing(*jobs: tuple[str, str, int]) -> dict[str, Any]:
        return {"job_statuses": [{"id": i, "status": s, "progress": d, "total": 9}
                                 for i, s, d in jobs]}

    found = run("zendesk", [listing(("a", "working", 3), ("b", "working", 5)),
                            listing(("a", "working", 4), ("b", "working", 2))])
    assert [(f.rule, f.line, f.pointer) for f in found] == [
        ("sequence-done-decreased", 2, "/job_statuses/1/progress")]


def one(found: list[Finding]) -> Finding:
    assert len(found) == 1, found
    return found[0]


PLANTED: list[tuple[str, list[dict[str, Any]], str, str]] = [
    # (format, polls: the last one breaks the rule, rule id, pointer)
    ("julep", [julep("succeeded", 100), julep("in_progress", 100)],
     "sequence-terminal-changed", "/state"),
    ("zendesk", [zendesk("completed", 10), zendesk("queued", None)],
     "sequence-terminal-changed", "/job_status/status"),
    ("wistia", [wistia("finished"), wistia("failed")],
     "sequence-terminal-conflict", "/background_job_status/status"),
    ("julep", [julep("in_progress", 5), julep("pending", 5)], "sequence-regressed", "/state"),
    ("julep", [julep("retrying", 5), julep("pending", 5)], "sequence-regressed", "/state"),
    ("panoptica", [panoptica("DONE"), panoptica("NONE")], "sequence-record-expired", "/state"),
    ("zendesk", [zendesk("working", 5), zendesk("working", 4)],
     "sequence-done-decreased", "/job_status/progress"),
    ("zendesk", [zendesk("working", 5), zendesk("working", None, 4)],
     "sequence-total-below-done", "/job_status/total"),
    ("zendesk", [zendesk("working", 11, 10)], "sequence-total-below-done", "/job_status/total"),
    ("julep", [julep("in_progress", 50), julep("in_progress", 40)],
     "sequence-percent-decreased", "/progress"),
    ("panoptica", [panoptica("PROCESSING", "50%"), panoptica("PROCESSING", "40%")],
     "sequence-percent-decreased", "/progress"),
    ("julep", [julep("in_progress", -1)], "sequence-percent-range", "/progress"),
    ("canonical", [canonical("running", progress={"percent": 100.5})],
     "sequence-percent-range", "/progress/percent"),
    ("canonical", [canonical("running", created_at=T1, started_at=T0)],
     "sequence-timestamp-order", "/started_at"),
    ("canonical", [canonical("running", started_at=T2), canonical("failed", finished_at=T1)],
     "sequence-timestamp-order", "/finished_at"),
    # created_at reported after the start or finish it must precede
    ("canonical", [canonical("running", started_at=T0), canonical("running", created_at=T1)],
     "sequence-timestamp-order", "/created_at"),
    ("canonical", [canonical("failed", finished_at=T0), canonical("failed", created_at=T1)],
     "sequence-timestamp-order", "/created_at"),
    # one finish time before both the creation and the start: one chain, one finding
    ("canonical", [canonical("failed", created_at=T1, started_at=T2, finished_at=T0)],
     "sequence-timestamp-order", "/finished_at"),
    ("canonical", [canonical("running", created_at=T1, started_at=T2),
                   canonical("failed", finished_at=T0)],
     "sequence-timestamp-order", "/finished_at"),
    ("julep", [julep("pending", created=T0), julep("pending", created=T1)],
     "sequence-created-changed", "/created_at"),
    ("canonical", [canonical("failed", finished_at=T2), canonical("failed", finished_at=T3)],
     "sequence-finished-changed", "/finished_at"),
    ("julep", [julep("in_progress", updated=T2), julep("in_progress", updated=T1)],
     "sequence-updated-backwards", "/updated_at"),
]


@pytest.mark.parametrize(("format_id", "polls", "rule", "pointer"), PLANTED,
                         ids=[f"{p[2]}-{p[0]}" for p in PLANTED])
def test_each_rule_fires_on_its_planted_violation(format_id: str, polls: list[dict[str, Any]],
                                                 rule: str, pointer: str) -> None:
    # Two healthy jobs of other ids around it must not matter.
    finding = one(run(format_id, polls))
    assert finding.rule == rule
    assert finding.severity is RULES[rule].severity
    assert (finding.file, finding.line, finding.pointer) == ("polls.jsonl", len(polls), pointer)
    assert finding.format == format_id
    if len(polls) > 1 and rule != "sequence-timestamp-order":
        assert "polls.jsonl:1" in finding.message  # where the earlier record is


def test_severities_follow_the_rules_table() -> None:
    assert {rule.id: rule.severity for rule in RULES.values()} == {
        "sequence-terminal-changed": Severity.ERROR,
        "sequence-terminal-conflict": Severity.ERROR,
        "sequence-regressed": Severity.WARNING,
        "sequence-record-expired": Severity.INFO,
        "sequence-done-decreased": Severity.ERROR,
        "sequence-total-below-done": Severity.ERROR,
        "sequence-percent-decreased": Severity.WARNING,
        "sequence-percent-range": Severity.ERROR,
        "sequence-timestamp-order": Severity.ERROR,
        "sequence-created-changed": Severity.ERROR,
        "sequence-finished-changed": Severity.ERROR,
        "sequence-updated-backwards": Severity.WARNING,
    }


def test_a_violation_is_reported_once_not_on_every_later_poll() -> None:
    polls = [julep("succeeded", 90), julep("in_progress", 90), julep("in_progress", 95)]
    assert [f.line for f in run("julep", polls)] == [2]


def test_timestamps_compare_as_instants_not_strings() -> None:
    # T2 is 17:07Z written with a +02:00 offset: later than T1 although it sorts lower.
    assert run("julep", [julep("in_progress", updated=T1), julep("in_progress", updated=T2)]
               ) == []
    assert run("julep", [julep("in_progress", updated="2024-10-02t17:06:00z"),
                         julep("in_progress", updated=T0)])[0].rule == (
        "sequence-updated-backwards")  # RFC 3339 allows lowercase t and z
    same_instant = "2024-10-02T19:05:00+02:00"
    assert run("julep", [julep("pending", created=T0), julep("pending", created=same_instant)]
               ) == []


def test_a_timestamp_order_finding_is_not_repeated_for_the_same_instant_respelled() -> None:
    found = run("canonical", [canonical("running", started_at="2024-01-01T00:00:02Z"),
                              canonical("failed", finished_at="2024-01-01T00:00:01Z"),
                              canonical("failed", finished_at="2024-01-01T00:00:01.0Z"),
                              canonical("failed", finished_at="2024-01-01T01:00:01+01:00")])
    assert [(f.rule, f.line) for f in found] == [("sequence-timestamp-order", 2)]
    # A time that cannot be read (a leap second) in between hides nothing after it.
    found = run("canonical", [canonical("running", started_at="2024-01-01T00:00:02Z"),
                              canonical("failed", finished_at="2016-12-31T23:59:60Z"),
                              canonical("failed", finished_at="2024-01-01T00:00:01Z")])
    assert [(f.rule, f.line) for f in found] == [("sequence-timestamp-order", 3)]


def test_jobs_are_keyed_by_format_and_id() -> None:
    other = dict(julep("in_progress", 10), id="1c0a5d1e-0000-4000-8000-000000000000")
    assert run("julep", [julep("in_progress", 50), other]) == []


def test_invalid_payloads_and_jobs_without_id_are_counted_not_sequenced() -> None:
    checker = SequenceChecker()
    record = Record(file="f", line=1)
    assert list(checker.observe(record, "julep", {"id": UUID, "state": "pending"})) == []
    assert list(checker.observe(record, "panoptica", {"state": "NEW"})) == []
    assert checker.stats == {"invalid": 1, "no_id": 1}


def test_state_drift_is_observed_as_unknown() -> None:
    # An undocumented token is a gap, so it neither breaks nor hides the terminal rule.
    found = run("zendesk", [zendesk("completed", 10), zendesk("archived", 10),
                            zendesk("working", 10)])
    assert [(f.rule, f.line) for f in found] == [("sequence-record-expired", 2),
                                                 ("sequence-terminal-changed", 3)]
    assert "polls.jsonl:1" in found[1].message


def test_an_active_job_sent_back_to_pending_starts_a_new_attempt() -> None:
    """Back to pending is a warning of its own (a retry, AWS Batch style), and the attempt it
    starts counts its percentage afresh: one finding, not a second for the drop. Within the
    new attempt a drop is a drop again."""
    found = run("julep", [julep("in_progress", 50), julep("pending", 0),
                          julep("in_progress", 10), julep("in_progress", 5)])
    assert [(f.rule, f.line) for f in found] == [("sequence-regressed", 2),
                                                 ("sequence-percent-decreased", 4)]


def test_an_unknown_poll_mid_job_keeps_its_counts_and_times() -> None:
    """Unknown is a gap for the state only: the counts and times a drift-state poll carries
    are the job's, checked as any poll's (a drop to 2 is reported where it happens) and kept
    (the 6 after it is compared with 2, not with the 5 before)."""
    found = run("zendesk", [zendesk("working", 5), zendesk("paused", 2), zendesk("working", 6),
                            zendesk("archived", 7, 3)])
    assert [(f.rule, f.line) for f in found] == [("sequence-done-decreased", 2),
                                                 ("sequence-total-below-done", 4)]
    later = "2024-10-02T17:07:00Z"
    found = run("julep", [julep("in_progress", updated=later), julep("unknown", updated=T1),
                          julep("succeeded", updated=later)])
    assert [(f.rule, f.line, f.pointer) for f in found] == [
        ("sequence-updated-backwards", 2, "/updated_at")]
    # A created_at changed on an unknown poll: reported there, once, and kept.
    found = run("julep", [julep("in_progress"), julep("unknown", created=T1),
                          julep("succeeded", created=T1)])
    assert [(f.rule, f.line) for f in found] == [("sequence-created-changed", 2)]


def test_an_unknown_poll_after_the_end_is_an_expired_record_not_the_jobs_facts() -> None:
    """After a terminal state, unknown means the record expired: the zeroed counts it may
    carry are not compared, nor kept."""
    found = run("zendesk", [zendesk("completed", 10), zendesk("archived", 0),
                            zendesk("completed", 10)])
    assert [(f.rule, f.line) for f in found] == [("sequence-record-expired", 2)]


def test_the_fast_reader_reads_what_the_converter_gives() -> None:
    """The hot path reads facts straight from the wire by the schema's mapping; the reference
    route converts to canonical first. They must agree on every payload the tests use."""
    payloads = [(fmt, payload) for fmt, polls in HEALTHY.items() for payload in polls]
    payloads += [(fmt, payload) for fmt, polls, _, _ in PLANTED for payload in polls]
    payloads += [("wistia", {"background_job_status": {"id": 2.0, "status": "bogus"}}),
                 ("zendesk", {"job_statuses": [{"id": "a", "status": "queued"}, {}]}),
                 ("panoptica", {"requestId": UUID, "progress": "3 of 10"})]
    assert {fmt for fmt, _ in payloads} == {"julep", "zendesk", "wistia", "panoptica",
                                            "canonical"}
    record = Record(file="f", line=3)
    for fmt, payload in payloads:
        fast = observations(record, fmt, payload, valid=True)
        assert fast == observations(record, fmt, payload), (fmt, payload)


# --- HAR: startedDateTime order --------------------------------------------------------


def har(*polls: tuple[str, str, int | None]) -> bytes:
    """A HAR file of Zendesk polls of one job: (startedDateTime, status, progress), listed in
    the order given (not necessarily the order they were sent)."""
    url = "https://example.zendesk.com/api/v2/job_statuses/V3-326ff9154427be70c7cce4274a4b6f13.json"
    entries = [{
        "startedDateTime": started, "time": 5,
        "request": {"method": "GET", "url": url, "httpVersion": "HTTP/1.1", "headers": [],
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                     "headers": [], "cookies": [], "redirectURL": "", "headersSize": -1,
                     "bodySize": -1,
                     "content": {"size": 0, "mimeType": "application/json",
                                 "text": orjson.dumps(zendesk(status, done)).decode()}},
        "cache": {}, "timings": {"send": 0, "wait": 5, "receive": 0},
    } for started, status, done in polls]
    return orjson.dumps({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"},
                                 "entries": entries}})


def lint_files(*paths: Path) -> list[Finding]:
    summary = Summary()
    return list(lint_paths([str(path) for path in paths], LintOptions(), summary,
                           sequence=SequenceChecker()))


def test_har_entries_are_sequenced_by_started_time_not_file_order(tmp_path: Path) -> None:
    path = tmp_path / "capture.har"
    # Written out of order; sent as queued (17:00), working (17:01), completed (17:02).
    path.write_bytes(har(("2024-02-08T17:02:00Z", "completed", 10),
                         ("2024-02-08T17:00:00Z", "queued", None),
                         ("2024-02-08T18:01:00+01:00", "working", 4)))
    assert lint_files(path) == []


def test_a_har_violation_is_found_in_started_time_order(tmp_path: Path) -> None:
    path = tmp_path / "capture.har"
    # In file order done only grows, but as sent it went 7 -> 3.
    path.write_bytes(har(("2024-02-08T17:00:00Z", "working", 3),
                         ("2024-02-08T16:59:00Z", "working", 7)))
    other = tmp_path / "later.jsonl"
    other.write_bytes(orjson.dumps(zendesk("working", 2)) + b"\n")
    found = lint_files(path, other)
    assert [(f.rule, f.file, f.entry, f.line) for f in found] == [
        ("sequence-done-decreased", str(path), 0, None),   # the entry sent last
        ("sequence-done-decreased", str(other), None, 1),  # and the next file goes on
    ]
    assert f"{path} [entry 1]" in found[0].message


def test_har_files_in_a_row_are_one_timeline(tmp_path: Path) -> None:
    """A capture split over files is sequenced by time across them, in whatever order the
    files are named; a record of another kind between them ends the timeline."""
    early, late = tmp_path / "b.har", tmp_path / "a.har"
    early.write_bytes(har(("2024-02-08T17:00:00Z", "working", 3)))
    late.write_bytes(har(("2024-02-08T17:05:00Z", "completed", 10)))
    assert lint_files(late, early) == []
    assert lint_files(early, late) == []
    between = tmp_path / "between.jsonl"
    between.write_bytes(b"\n")  # a blank line: no checked record, the timeline goes on
    assert lint_files(late, between, early) == []
    between.write_bytes(orjson.dumps(zendesk("completed", 10)) + b"\n")
    assert [(f.rule, f.file) for f in lint_files(late, between, early)] == [
        ("sequence-terminal-changed", str(early)),  # after the JSONL poll: file order
        ("sequence-done-decreased", str(early)),
    ]


def test_a_job_state_keeps_lines_and_other_locations_apart() -> None:
    """A line of the job's file is kept as a native int (``*_line``), any other location by
    fact in ``elsewhere``; ``*_at`` reads back exactly what was written, and a later line or
    None replaces an earlier location of the same fact only."""
    st = JobState()
    entry = ("capture.har", None, 4, "GET https://example.test/jobs/1 -> 200")
    st.state_at = 7
    st.done_at = entry
    assert (st.state_at, st.state_line) == (7, 7)
    assert (st.done_at, st.done_line) == (entry, 0)
    st.state_at = entry
    assert (st.state_at, st.state_line) == (entry, 0)
    st.done_at = 9
    assert (st.done_at, st.done_line, st.state_at) == (9, 9, entry)
    st.state_at = None
    assert st.state_at is None
    assert st.elsewhere == [None] * 6
    assert st.percent_at is None  # never set


def test_a_percentage_marked_unsupported_is_no_percentage(tmp_path: Path) -> None:
    """Julep's reference server sends ``has_progress: false`` with ``progress: 0.0`` as a
    placeholder; the hub says the same with ``progress.supported``. Neither is a percentage
    that went down, on the general route nor on the JSONL fast path."""
    running = {**julep("in_progress", 80), "has_progress": True}
    done = {**julep("succeeded", 0.0, T2), "has_progress": False}
    assert run("julep", [running, done]) == []
    hub = [canonical("running", progress={"percent": 80, "supported": True}),
           canonical("succeeded", progress={"percent": 0, "supported": False})]
    assert run("canonical", hub) == []
    path = tmp_path / "polls.jsonl"
    path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in [running, done, *hub]))
    summary = Summary()
    assert list(lint_paths([str(path)], LintOptions(), summary,
                           sequence=SequenceChecker())) == []
    assert summary.checked == {"julep": 2, "canonical": 2}
    # still a percentage when progress is tracked
    dropped = {**julep("in_progress", 40, T2), "has_progress": True}
    assert [f.rule for f in run("julep", [running, dropped])] == ["sequence-percent-decreased"]


def test_a_sequence_finding_in_pretty_printed_json_names_the_value_line(tmp_path: Path) -> None:
    """As a schema finding does: the line of the value the pointer names, not the payload's
    first line (SARIF and GitHub annotations land there)."""
    jobs = [zendesk("working", 3)["job_status"], zendesk("working", 2)["job_status"]]
    path = tmp_path / "listing.json"
    path.write_text(json.dumps({"job_statuses": jobs}, indent=2) + "\n")
    (finding,) = lint_paths([str(path)], LintOptions(), Summary(), sequence=SequenceChecker())
    assert (finding.rule, finding.pointer) == ("sequence-done-decreased",
                                               "/job_statuses/1/progress")
    assert finding.line is not None
    assert path.read_text().splitlines()[finding.line - 1].strip() == '"progress": 2,'


@pytest.mark.parametrize(("new", "old", "back"), [
    ("2024-01-01T00:00:01Z", "2024-01-01T00:00:02Z", True),  # plain UTC: ordered as text
    ("2024-01-01T00:00:02Z", "2024-01-01T00:00:02Z", False),
    ("2024-01-01T00:00:01.5Z", "2024-01-01T00:00:02Z", True),  # lengths differ: read
    ("2024-01-01T00:00:02.000001Z", "2024-01-01T00:00:02Z", False),
    ("2024-01-01T01:00:00+01:00", "2024-01-01T00:30:00Z", True),  # an offset: read
    ("2024-01-01t00:00:01z", "2024-01-01T00:00:02Z", True),  # RFC 3339's lowercase
    # every digit counts: servers send nanoseconds
    ("2024-01-01T00:00:00.1234566Z", "2024-01-01T00:00:00.1234567Z", True),
    ("2024-01-01T00:00:00.1234567Z", "2024-01-01T00:00:00.12345670Z", False),
    ("2024-01-01T00:00:00.123456Z", "2024-01-01T00:00:00.1234561+00:00", True),
    ("2024-01-01T00:00:00.45Z", "2024-01-01T00:00:00.5+00:00", True),
    ("2024-01-01T00:00:00.0000001Z", "2024-01-01T00:00:00+00:00", False),
])
def test_timestamps_are_ordered_as_instants(new: str, old: str, back: bool) -> None:
    assert timestamp_of(new) == new
    assert went_back(new, old) is back


def test_timestamps_python_cannot_read_are_not_ordered() -> None:
    assert timestamp_of("2016-12-31T23:59:60Z") is None  # a leap second
    assert timestamp_of("0000-01-01T00:00:00Z") is None  # before datetime's first year


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       st.integers(0, 9), st.integers(0, 9), st.sampled_from(["Z", "+00:00", "-03:30"]),
       st.integers(0, 999), st.integers(0, 999))
def test_text_order_is_time_order(first: datetime, second: datetime, digits_a: int,
                                  digits_b: int, zone: str, nanos_a: int, nanos_b: int) -> None:
    """Ordered as text or read, timestamps are ordered as the instants they are, to the last
    digit (microseconds, then nanoseconds beyond what a datetime keeps)."""
    def text(moment: datetime, digits: int, nanos: int) -> tuple[str, int]:
        fraction = f".{moment.microsecond:06d}{nanos:03d}"[:digits + 1] if digits else ""
        exact = int((fraction[1:] or "0").ljust(9, "0"))  # nanoseconds
        stamp = f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S") + fraction + zone
        return stamp, exact

    (a, nano_a), (b, nano_b) = text(first, digits_a, nanos_a), text(second, digits_b, nanos_b)
    instant_a, instant_b = instant_of(a), instant_of(b)
    assert instant_a is not None
    assert instant_b is not None
    seconds_a, seconds_b = first.replace(microsecond=0), second.replace(microsecond=0)
    assert went_back(a, b) is ((seconds_a, nano_a) < (seconds_b, nano_b))
    assert went_back(a, a) is False
