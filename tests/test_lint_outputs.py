"""Each output format, opened by its consumer's parser or validator; exit codes."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from lint_helpers import SAMPLES, lint, lint_json

from jobstatus._cli._lint import _BelowFindings, _progress
from jobstatus._lint._model import Finding, Severity, Summary
from jobstatus._lint._report import GithubReporter
from jobstatus._lint._report_junit import JunitReporter
from jobstatus._lint._run import Input

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
SARIF = jsonschema.Draft4Validator(SARIF_SCHEMA,
                                   format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
BAD = str(SAMPLES / "bad")


def _sarif(*args: str) -> dict[str, object]:
    run = lint("-o", "sarif", *args)
    assert run.exit_code == 1
    log: dict[str, object] = json.loads(run.stdout)
    return log


def test_sarif_is_valid_against_the_official_schema() -> None:
    log = _sarif(BAD)
    errors = sorted(SARIF.iter_errors(log), key=str)
    assert not errors, errors[0]
    (run,) = log["runs"]  # type: ignore[misc]
    results = run["results"]
    expected = {(f["rule"], f["line"]) for f in lint_json(BAD).findings}
    assert {(r["ruleId"], r["locations"][0]["physicalLocation"].get("region", {})
             .get("startLine")) for r in results} == expected
    rules = run["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}


def test_sarif_locates_har_entries_and_pointers() -> None:
    log = _sarif(str(SAMPLES / "bad" / "capture.har"))
    assert not list(SARIF.iter_errors(log))
    results = log["runs"][0]["results"]  # type: ignore[index]
    schema_error = next(r for r in results if r["ruleId"] == "schema")
    location = schema_error["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "samples/bad/capture.har")
    assert "region" not in location["physicalLocation"]  # a HAR entry has no line
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "[6]"
    assert schema_error["properties"]["jsonPointer"] == "/background_job_status/id"


def test_the_sarif_validation_can_fail() -> None:
    log = _sarif(BAD)
    log["runs"][0]["results"][0]["level"] = "fatal"  # type: ignore[index]
    assert list(SARIF.iter_errors(log))


def test_sarif_without_findings_is_valid() -> None:
    run = lint("-o", "sarif", str(SAMPLES / "good"))
    assert run.exit_code == 0
    log = json.loads(run.stdout)
    assert not list(SARIF.iter_errors(log))
    assert log["runs"][0]["results"] == []


_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_annotations_escape_what_the_runner_requires() -> None:
    finding = Finding(rule="schema", severity=Severity.WARNING, message="50% done,\r\nreally: yes",
                      file="odd,name:1%.jsonl", line=7, pointer="/a")
    lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            lines.append(text)

    GithubReporter(Out()).finding(finding)  # type: ignore[arg-type]
    (line,) = "".join(lines).splitlines()
    match = _COMMAND.match(line)
    assert match is not None, line
    command, props, message = match.groups()
    assert command == "warning"
    parsed = dict(part.split("=", 1) for part in props.split(","))
    assert _unescape(parsed["file"]) == "odd,name:1%.jsonl"
    assert parsed["line"] == "7"
    assert "\n" not in message
    assert "\r" not in message
    assert _unescape(message).endswith("50% done,\r\nreally: yes")


def test_github_output_has_one_command_per_finding() -> None:
    run = lint("-o", "github", BAD)
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == len(lint_json(BAD).findings)
    assert all(_COMMAND.match(line) for line in lines)
    assert any(",line=8," in line and "polls.jsonl" in line for line in lines)


def test_junit_parses_with_one_suite_per_file() -> None:
    run = lint("-o", "junit", BAD)
    assert run.exit_code == 1
    root = ET.fromstring(run.stdout)
    assert root.tag == "testsuites"
    findings = lint_json(BAD).findings
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {str(p) for p in sorted(Path(BAD).iterdir())}
    failures = sum(int(suite.get("failures", "0")) for suite in suites.values())
    assert failures == sum(1 for f in findings if f["severity"] == "error")
    assert root.get("failures") == str(failures)
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(sum(1 for c in cases if c.find("failure") is not None))


def test_junit_names_each_testcase_once_and_counts_unreadable_inputs_as_errors(
        tmp_path: Path) -> None:
    path = tmp_path / "four.jsonl"  # four schema errors of one line, two at /state
    path.write_text('{"requestId": 1, "state": 2, "progress": 3}\n')
    root = ET.fromstring(lint("-o", "junit", "-v", "--format", "panoptica", str(path),
                              str(tmp_path / "missing.json")).stdout)
    names = [case.get("name") for case in root.iter("testcase")]
    assert len(names) == len(set(names)) == 5, names
    assert (root.get("failures"), root.get("errors")) == ("4", "1")
    (broken,) = [case for case in root.iter("testcase") if case.find("error") is not None]
    assert "[io-error]" in (broken.get("name") or "")


def test_junit_fails_on_warnings_only_at_that_fail_level() -> None:
    drift = str(SAMPLES / "bad" / "zendesk-drift.json")
    default = ET.fromstring(lint("-o", "junit", drift).stdout)
    strict = ET.fromstring(lint("-o", "junit", "--fail-level", "warning", drift).stdout)
    assert default.get("failures") == "1"  # the schema error only
    assert strict.get("failures") == "2"  # and the drift warning


def test_junit_survives_characters_xml_cannot_hold() -> None:
    parts: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            parts.append(text)

    reporter = JunitReporter(Out())  # type: ignore[arg-type]
    reporter.file("a.jsonl")
    reporter.file("clean.jsonl")
    reporter.finding(Finding(rule="schema", severity=Severity.ERROR, message="bad \x00 key",
                             file="a.jsonl", line=1, pointer="/\x01"))
    reporter.finish(Summary())
    root = ET.fromstring("".join(parts))
    clean = next(s for s in root.iter("testsuite") if s.get("name") == "clean.jsonl")
    assert [c.get("name") for c in clean.findall("testcase")] == ["no findings"]


def test_json_output_is_json_lines_ending_in_the_summary() -> None:
    run = lint_json(BAD)
    assert run.exit_code == 1
    assert all(line["type"] == "finding" for line in run.lines[:-1])
    counts = {s: sum(1 for f in run.findings if f["severity"] == s) for s in ("error", "warning")}
    assert run.summary["findings"] == {**counts, "info": 0}


def test_text_output_has_no_colour_off_a_terminal_and_summary_on_stderr() -> None:
    run = lint(BAD)
    assert "\x1b[" not in run.stdout + run.stderr
    assert "records in" not in run.stdout
    assert run.stderr.strip().startswith("35 records in 8 files")  # nothing but the summary
    assert "samples/bad/polls.jsonl:8: error [invalid-json]" in run.stdout
    # every planted poll-sequence violation of samples/bad/sequences.jsonl is found
    for rule in ("done-decreased", "regressed", "terminal-conflict", "created-changed",
                 "updated-backwards", "terminal-changed", "percent-decreased"):
        assert f"[sequence-{rule}]" in run.stdout, rule
    coloured = lint("--color", BAD)
    assert "\x1b[" in coloured.stdout
    assert "\x1b[1;31merror" in coloured.stdout  # a colour, not only bold
    assert "\x1b[" not in lint("--no-color", BAD).stdout


def test_an_explicit_colour_flag_wins_over_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in lint(BAD).stdout
    assert "\x1b[1;31merror" in lint("--color", BAD).stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([str(SAMPLES / "good")], 0),
        ([str(SAMPLES / "bad")], 1),
        ([str(SAMPLES / "bad" / "zendesk-drift.json")], 1),
        ([str(SAMPLES / "good" / "polls.jsonl"), "--fail-level", "info"], 0),
        (["missing.json"], 2),
        ([str(SAMPLES / "good"), "missing.json"], 2),
        ([str(SAMPLES / "nothing-*.json")], 2),
        (["--format", "nope", str(SAMPLES / "good")], 2),
        ([str(Path(__file__))], 2),  # a .py file named explicitly: unknown input type
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    assert lint(*args).exit_code == code


def test_an_interrupted_run_is_neither_clean_nor_findings(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    # Ctrl-C in CI must not read as "findings" (1), as click's own "Aborted!" would.
    from jobstatus._cli import _lint  # noqa: PLC0415

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(_lint, "lint_paths", interrupted)
    run = lint(str(SAMPLES / "good"))
    assert run.exit_code == 130
    assert "interrupted" in run.stderr


def test_fail_level_counts_warnings(tmp_path: Path) -> None:
    drift = tmp_path / "drift.jsonl"
    drift.write_text('{"background_job_status": {"id": 1, "status": "paused"}}\n')
    assert lint(str(drift)).exit_code == 0
    assert lint("--fail-level", "warning", str(drift)).exit_code == 1


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github", "junit"])
def test_a_file_name_that_is_not_utf8_is_escaped_in_every_output(tmp_path: Path,
                                                                  output: str) -> None:
    """Python keeps such a name's bytes as lone surrogates, which no JSON, SARIF or XML
    writer can encode: the findings name the file with those bytes escaped."""
    try:
        fd = os.open(os.path.join(os.fsencode(tmp_path), b"bad\xff.jsonl"),
                     os.O_WRONLY | os.O_CREAT)
    except OSError:  # a file system that refuses such names (macOS)
        pytest.skip("file names must be UTF-8 here")
    os.write(fd, b'{"background_job_status": {"id": "1", "status": "queued"}}\n')
    os.close(fd)
    run = lint("-o", output, str(tmp_path))  # (no traceback: see lint)
    assert run.exit_code == 1, run.stdout
    assert "xff.jsonl" in run.stdout  # each output's own escaping of the backslash
    if output == "json":
        assert run.findings[0]["file"] == os.path.join(str(tmp_path), "bad\\xff.jsonl")


def test_a_finding_takes_the_progress_bar_off_the_screen_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With stdout and stderr one terminal, a finding written while the bar shows would be
    appended to the bar's line: each write erases the bar first (the next redraw puts it
    back below), once per drawing."""
    screen = io.StringIO()
    monkeypatch.setattr(sys, "stderr", screen)
    findings = io.StringIO()
    with _progress(enabled=True) as callbacks:
        out = _BelowFindings(findings, callbacks["clear"])
        callbacks["on_file"](Input("a.jsonl", "a.jsonl", "jsonl"))  # draws the bar
        drawn = len(screen.getvalue())  # (rich draws nothing on a StringIO)
        out.write("a.jsonl:1: error [schema] ...\n")
        assert screen.getvalue()[drawn:] == "\r\x1b[2K"
        out.write("a.jsonl:2: error [schema] ...\n")
        assert screen.getvalue()[drawn:] == "\r\x1b[2K"  # not drawn since: nothing to erase
    assert findings.getvalue().count("\n") == 2
    assert out.isatty()


@pytest.mark.parametrize("output", ["text", "github"])
def test_control_characters_from_inputs_are_escaped_in_line_outputs(tmp_path: Path,
                                                                    output: str) -> None:
    """A key or a HAR URL could otherwise recolour the terminal or split a finding's line."""
    path = tmp_path / "odd.jsonl"
    path.write_text('{"id": "a", "state": "running", "\\u001b[31mkey": 1, '
                    '"source": {"x\\ny": 1}}\n')
    run = lint("-v", "--format", "canonical", "-o", output, str(path))
    assert run.exit_code == 1
    assert "\x1b" not in run.stdout
    assert "\\x1b[31mkey" in run.stdout
    assert ("x\\ny" if output == "text" else "x%0Ay") in run.stdout  # GitHub's own escape
    assert all(line.startswith((str(path), "::error")) for line in run.stdout.splitlines())
