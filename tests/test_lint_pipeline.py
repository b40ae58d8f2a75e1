"""The per-file pipeline as a library function: records in, findings out, every record
counted, a sequence checker shown each checked record in order."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from jobstatus._lint._model import Finding, LintOptions, Record, Severity, Summary
from jobstatus._lint._readers import read_jsonl
from jobstatus._lint._run import check_records

LINES = b"""{"background_job_status": {"id": 1, "status": "queued"}}

{"job_status": {"id": 5, "status": "queued"}}
not json
{"requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "state": "DONE"}
{"unrelated": 1}
"""


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[int | None, str, bool | None]] = []
        self.finished = False

    def observe(self, record: Record, format_id: str, value: Any,
                valid: bool | None = None) -> Iterable[Finding]:
        self.seen.append((record.line, format_id, valid))
        return [Finding(rule="seq", severity=Severity.INFO, message="seen", file=record.file,
                        line=record.line)]

    def finish(self) -> Iterable[Finding]:
        self.finished = True
        return []


def test_pipeline_counts_every_record_and_feeds_the_sequence_checker() -> None:
    summary = Summary()
    recorder = Recorder()
    records = [*read_jsonl(io.BytesIO(LINES), "polls.jsonl"),
               Record("polls.jsonl", 7, error="cannot decompress"),
               Record("capture.har", entry=0, skip="non-2xx response")]
    findings = list(check_records(records, LintOptions(), summary, recorder))
    assert summary.balanced()
    assert summary.records == 8
    assert dict(summary.checked) == {"wistia": 1, "zendesk": 1, "panoptica": 1}
    assert dict(summary.skipped) == {"blank line": 1, "non-2xx response": 1}
    assert dict(summary.unreadable) == {"invalid-json": 1, "unknown-format": 1,
                                        "unreadable": 1}
    assert recorder.seen == [(1, "wistia", True), (3, "zendesk", False), (5, "panoptica", True)]
    assert not recorder.finished  # finish() is the caller's, once per run
    assert [(f.line, f.rule) for f in findings] == [
        (1, "seq"), (3, "schema"), (3, "seq"), (4, "invalid-json"), (5, "seq"),
        (6, "unknown-format"), (7, "unreadable")]
    assert summary.findings == {Severity.ERROR: 4, Severity.INFO: 3}


def test_summaries_merge() -> None:
    first, second = Summary(), Summary()
    list(check_records(read_jsonl(io.BytesIO(LINES), "a"), LintOptions(), first))
    list(check_records(read_jsonl(io.BytesIO(LINES), "b"), LintOptions(), second))
    first.merge(second)
    assert first.records == 12
    assert first.balanced()
    assert first.checked["zendesk"] == 2


def test_an_abandoned_pipeline_still_counts_what_it_read() -> None:
    summary = Summary()
    findings = check_records(read_jsonl(io.BytesIO(LINES), "a"), LintOptions(), summary)
    next(findings)  # the schema error on line 3
    findings.close()
    assert summary.records == 3
    assert summary.balanced()
