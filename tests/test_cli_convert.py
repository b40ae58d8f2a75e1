"""``jobstatus convert`` end to end: shapes kept, losses reported, failures isolated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

JOBSTATUS = str(Path(sys.executable).parent / "jobstatus")
WISTIA = {"background_job_status": {"id": 362785, "status": "finished"}}


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([JOBSTATUS, "convert", *args], input=stdin, capture_output=True,
                          check=False, timeout=60)


def test_one_payload_in_one_out_with_text_losses_on_stderr(tmp_path: Path) -> None:
    source = tmp_path / "job.json"
    source.write_bytes(orjson.dumps(WISTIA))
    done = run(str(source), "--to", "zendesk")
    assert done.returncode == 0, done.stderr
    assert orjson.loads(done.stdout) == {"job_status": {"id": "362785", "status": "completed"}}
    assert b"coerced /background_job_status/id" in done.stderr


def test_jsonl_keeps_going_past_bad_lines_and_reports_them(tmp_path: Path) -> None:
    lines = b'{"id": 5, "status": "queued"}\nnot json\n{"id": "x", "status": "queued"}\n'
    done = run("-", "--to", "canonical", "--from", "wistia", "--input-type", "jsonl",
               stdin=lines)
    assert done.returncode == 1
    out = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert [record["id"] for record in out] == ["5"]
    assert b"-:line 2: error" in done.stderr
    assert b"-:line 3: error: ValidationError" in done.stderr
    assert b"Traceback" not in done.stderr


def test_array_in_array_out_and_json_report_file(tmp_path: Path) -> None:
    source = tmp_path / "jobs.json"
    source.write_bytes(orjson.dumps([WISTIA, {"background_job_status": {"id": 1,
                                                                        "status": "queued"}}]))
    report = tmp_path / "report.json"
    done = run(str(source), "--to", "zendesk", "--report", str(report))
    assert done.returncode == 0
    assert [item["job_status"]["id"] for item in orjson.loads(done.stdout)] == ["362785", "1"]
    document = orjson.loads(report.read_bytes())
    assert document["converted"] == 2
    assert document["failed"] == 0
    assert document["records"][0]["losses"][0]["kind"] == "coerced"
    assert done.stderr == b""  # the report went to the file, not to stderr


def test_strict_refuses_lossy_conversions_with_exit_1() -> None:
    done = run("-", "--to", "zendesk", "--strict", stdin=orjson.dumps(WISTIA))
    assert done.returncode == 1
    assert done.stdout == b""
    assert b"LossyConversionError" in done.stderr


def test_usage_and_io_errors_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.json"), "--to", "julep").returncode == 2
    assert run("-", "--to", "nonsense").returncode == 2
