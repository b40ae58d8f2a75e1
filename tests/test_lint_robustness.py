"""Malformed inputs: never a traceback, the right exit code, findings with locations, and
every other record still checked."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import ijson
import pytest
from lint_helpers import lint_json

from jobstatus._lint._checks import check_record
from jobstatus._lint._model import LintOptions, Record
from jobstatus._lint._readers import _ended_early, read_json

GOOD = b'{"background_job_status": {"id": 1, "status": "queued"}}'
WISTIA_URL = "https://api.wistia.com/v1/background_job_status/1"


def _jsonl_around(tmp_path: Path, bad: bytes, name: str = "polls.jsonl") -> Path:
    """A JSONL file: two good lines, the bad one (line 3), two good lines."""
    path = tmp_path / name
    path.write_bytes(b"\n".join([GOOD, GOOD, bad, GOOD, GOOD]) + b"\n")
    return path


BAD_LINES = {
    "truncated": GOOD[:-7],
    "invalid-utf8": b'{"background_job_status": {"id": 1, "status": "qu\xff\xfeed"}}',
    "nul-bytes": b"\x00\x01\x02{\x00}",
    "nan": b'{"background_job_status": {"id": NaN, "status": "queued"}}',
    "infinity": b'{"requestId": "x", "expiry": -Infinity}',
    "huge-int": b'{"background_job_status": {"id": 123456789012345678901, "status": "queued"}}',
    "deep": b"[" * 10_000 + b"]" * 10_000,
    "deep-object": b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    "lone-bom": b"\xef\xbb\xbf",
}


@pytest.mark.parametrize("kind", sorted(BAD_LINES))
def test_one_bad_jsonl_line_among_good_ones(tmp_path: Path, kind: str) -> None:
    run = lint_json(str(_jsonl_around(tmp_path, BAD_LINES[kind])))
    assert run.exit_code == 1
    assert run.summary["checked"] == {"wistia": 4}
    assert run.summary["records"] == 5
    (finding,) = run.findings
    assert finding["rule"] in {"invalid-json", "unknown-format"}
    assert (finding["file"], finding["line"]) == (str(tmp_path / "polls.jsonl"), 3)


def test_a_10_mb_line_is_checked(tmp_path: Path) -> None:
    big = json.dumps({"job_status": {"id": "V3-1", "status": "working",
                                     "message": "x" * 10_000_000}}).encode()
    run = lint_json(str(_jsonl_around(tmp_path, big)))
    assert run.exit_code == 0
    assert run.summary["checked"] == {"wistia": 4, "zendesk": 1}


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join([GOOD, GOOD, b"", GOOD]) + b"\r\n")
    run = lint_json(str(path))
    assert run.exit_code == 0
    assert run.summary["checked"] == {"wistia": 3}
    assert run.summary["skipped"] == {"blank line": 1}
    single = tmp_path / "one.json"
    single.write_bytes(b"\xef\xbb\xbf" + GOOD.replace(b" ", b"\r\n"))
    assert lint_json(str(single)).summary["checked"] == {"wistia": 1}


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".har", ".json.gz"])
def test_empty_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(gzip.compress(b"") if suffix.endswith(".gz") else b"")
    run = lint_json(str(path))
    if suffix == ".jsonl":  # no lines, no records: nothing wrong
        assert (run.exit_code, run.summary["records"]) == (0, 0)
    else:
        assert run.exit_code == 1
        assert run.findings[0]["file"] == str(path)


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".har", ".jsonl.gz"])
def test_binary_files(tmp_path: Path, suffix: str) -> None:
    noise = random.Random(4).randbytes(50_000) + b"\x00" * 100
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(noise)
    run = lint_json(str(path))
    assert run.exit_code == 1  # findings about the content, not an I/O error
    assert run.findings
    assert all(f["file"] == str(path) for f in run.findings)
    if suffix == ".jsonl":
        assert all(f["line"] is not None for f in run.findings)


def test_a_gz_that_is_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "polls.jsonl.gz"
    path.write_bytes(GOOD + b"\n")
    run = lint_json(str(path))
    assert run.exit_code == 1
    assert run.findings[0]["rule"] == "unreadable"
    assert "gzip" in run.findings[0]["message"]


def test_a_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    data = gzip.compress(b"\n".join([GOOD] * 2000) + b"\n")
    path = tmp_path / "polls.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    run = lint_json(str(path))
    assert run.exit_code == 1
    assert run.summary["checked"]["wistia"] > 0
    assert run.findings[-1]["rule"] == "unreadable"


@pytest.mark.parametrize("kind", ["truncated-json", "nan", "huge-int", "deep", "invalid-utf8"])
def test_bad_element_in_a_json_array(tmp_path: Path, kind: str) -> None:
    bad = {"truncated-json": b'{"a": tru }', "nan": BAD_LINES["nan"],
           "huge-int": BAD_LINES["huge-int"], "deep": BAD_LINES["deep"],
           "invalid-utf8": BAD_LINES["invalid-utf8"]}[kind]
    path = tmp_path / "polls.json"
    path.write_bytes(b"[\n" + b",\n".join([GOOD, GOOD, bad, GOOD]) + b"\n]\n")
    run = lint_json(str(path))
    assert run.exit_code == 1
    assert run.summary["checked"]["wistia"] >= 2
    assert run.findings[0]["line"] == 4
    if kind in {"nan", "huge-int", "invalid-utf8"}:  # the element is cut out; the rest go on
        assert run.summary["checked"] == {"wistia": 3}


def test_truncated_and_deep_single_json(tmp_path: Path) -> None:
    for name, data in (("cut.json", GOOD[:20]), ("deep.json", BAD_LINES["deep"])):
        path = tmp_path / name
        path.write_bytes(data)
        run = lint_json(str(path))
        assert run.exit_code == 1
        assert run.findings[0]["rule"] in {"invalid-json", "unreadable"}
        assert "nested" in run.findings[0]["message"] or name == "cut.json"
        assert run.findings[0]["line"] == 1


def _har_entry(body: str | None, **overrides: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "startedDateTime": "2024-01-01T00:00:00Z",
        "request": {"method": "GET", "url": WISTIA_URL},
        "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}},
    }
    entry.update(overrides)
    return entry


def test_har_with_missing_fields(tmp_path: Path) -> None:
    entries = [
        _har_entry(GOOD.decode()),
        _har_entry(None, response=None),  # entry without response
        {"startedDateTime": "2024-01-01T00:00:00Z"},  # no request either
        _har_entry(None, response={"status": 200, "content": {"mimeType": "application/json"}}),
        _har_entry(None, response={"status": 200}),  # no content at all
        _har_entry(GOOD.decode(), request={"method": "GET"}),  # request without url
        "not an entry",
        _har_entry("{\"background_job_status\": {\"id\": NaN}}"),  # routed, body not JSON
        _har_entry(GOOD.decode()),
    ]
    for name, har in (("entries.har", {"log": {"entries": entries}}),
                      ("no-log.har", {"entries": entries}),
                      ("log-not-object.har", {"log": []})):
        path = tmp_path / name
        path.write_text(json.dumps(har))
        run = lint_json(str(path))
        assert run.exit_code == 1
        if name == "entries.har":
            assert run.summary["records"] == len(entries)
            assert run.summary["checked"] == {"wistia": 2}
            assert {f["entry"] for f in run.findings} == {6, 7}
            assert all(f["context"] or f["entry"] == 6 for f in run.findings)
        else:
            assert run.findings[0]["rule"] == "unreadable"


def test_truncated_har_keeps_the_entries_before(tmp_path: Path) -> None:
    har = json.dumps({"log": {"entries": [_har_entry(GOOD.decode())] * 5}})
    path = tmp_path / "cut.har"
    path.write_text(har[: int(len(har) * 0.7)])
    run = lint_json(str(path))
    assert run.exit_code == 1
    assert run.summary["checked"] == {"wistia": 3}
    assert run.findings[-1]["rule"] == "unreadable"
    assert run.findings[-1]["entry"] == 3


def test_a_har_with_a_bom_is_read_as_without(tmp_path: Path) -> None:
    """Fiddler and Windows PowerShell 5 write HAR files with a UTF-8 BOM."""
    har = json.dumps({"log": {"entries": [_har_entry(GOOD.decode())] * 2}}).encode()
    (tmp_path / "plain.har").write_bytes(har)
    (tmp_path / "bom.har").write_bytes(b"\xef\xbb\xbf" + har)
    for name in ("plain.har", "bom.har"):
        run = lint_json(str(tmp_path / name))
        assert run.exit_code == 0, run.findings
        assert run.summary["checked"] == {"wistia": 2}


def test_a_har_with_a_syntax_error_is_malformed_not_truncated(tmp_path: Path) -> None:
    entry = json.dumps(_har_entry(GOOD.decode()))
    path = tmp_path / "comma.har"
    path.write_text('{"log": {"entries": [' + entry + ", ]}}")
    run = lint_json(str(path))
    assert run.summary["checked"] == {"wistia": 1}
    assert run.findings[-1]["message"].startswith("malformed JSON HAR file after 1 entries")


def test_deep_and_binary_har(tmp_path: Path) -> None:
    deep = b'{"log": {"entries": [' + b"[" * 10_000 + b"]" * 10_000 + b"]}}"
    (tmp_path / "deep.har").write_bytes(deep)
    (tmp_path / "utf8.har").write_bytes(b'{"log": {"entries": [{"x": "\xff\xfe"}]}}')
    run = lint_json(str(tmp_path))
    assert run.exit_code == 1
    assert {f["file"] for f in run.findings} == {str(tmp_path / "deep.har"),
                                                   str(tmp_path / "utf8.har")}


def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    for kind, data in BAD_LINES.items():
        (tmp_path / f"{kind}.jsonl").write_bytes(data + b"\n")
        (tmp_path / f"{kind}.json").write_bytes(data)
        (tmp_path / f"{kind}.har").write_bytes(data)
    (tmp_path / "fake.json.gz").write_bytes(b"plain")
    command = Path(sys.executable).parent / "jobstatus"
    result = subprocess.run([str(command), "lint", str(tmp_path)], capture_output=True,
                            check=False, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 1
    assert b"Traceback" not in result.stdout + result.stderr
    assert result.stderr.count(b"\n") == 1  # only the summary line


@pytest.mark.parametrize(("raw", "unreadable"), [
    (b'{"requestId": "x", "expiry": 1e20}', False),  # a big float: a number, not an integer
    (b'{"requestId": "x", "expiry": 123456789012345678901}', True),
    (b'{"requestId": "x", "expiry": -9223372036854775809}', True),
    (b'{"requestId": "x", "expiry": 18446744073709551615}', False),  # the largest 64-bit one
    (b'{"requestId": "x", "path": {"a": [18446744073709551616]}}', True),
])
def test_long_integers_are_told_from_big_floats(raw: bytes, unreadable: bool) -> None:
    """orjson reads an integer beyond 64 bits as a float; the general route looks again at
    the text of a payload with a float that large (nested ones too). The others are checked
    against the schema (which may find other faults)."""
    format_id, _, found = check_record(Record("f.jsonl", 1, None, raw), LintOptions())
    assert (format_id is None) == unreadable
    assert ([finding.rule for finding in found] == ["invalid-json"]) == unreadable


def test_a_deep_element_of_a_json_array_leaves_the_rest_checked(tmp_path: Path) -> None:
    deep = b'{"x": ' + b"[" * 10_000 + b'"]}[{"' + b"]" * 10_000 + b"}"  # brackets in a string
    path = tmp_path / "array.json"
    path.write_bytes(b"[\n" + GOOD + b",\n" + deep + b",\n" + GOOD + b"\n]\n")
    run = lint_json(str(path))
    assert run.exit_code == 1
    assert run.summary["records"] == 3
    assert run.summary["checked"] == {"wistia": 2}
    (finding,) = run.findings
    assert (finding["rule"], finding["line"], finding["entry"]) == ("invalid-json", 3, 1)


def test_a_deep_element_larger_than_the_read_window_is_delimited(tmp_path: Path) -> None:
    """Its brackets are found across reads of the file (a 4 MB string inside it, with
    brackets and escaped quotes in it, read in 64 KiB steps)."""
    deep = (b'{"x": ' + b"[" * 2_000 + b'"' + b'a]\\"{' * 1_000_000 + b'"' + b"]" * 2_000
            + b"}")
    path = tmp_path / "array.json"
    path.write_bytes(b"[" + deep + b",\n" + GOOD + b"]")
    run = lint_json(str(path))
    assert run.summary["records"] == 2
    assert run.summary["checked"] == {"wistia": 1}


def test_a_trailing_comma_in_a_json_array_is_malformed_not_truncated(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_bytes(b"[" + GOOD + b",]")
    run = lint_json(str(path))
    assert run.summary["checked"] == {"wistia": 1}
    (finding,) = run.findings
    assert (finding["rule"], finding["message"]) == (
        "unreadable", "malformed JSON: a trailing comma before ']'")


@pytest.mark.parametrize(("data", "truncated"), [
    (b'[{"a":1},{"b":[1,]}]', False),
    (b'[{"a":1},,]', False),
    (b"[,]", False),
    (b'[{"a":1},{"b":2]', False),
    (b'[{"a":1},{"b":', True),
    (b'[{"a":1},{"b":"x', True),
    (b'[{"a":1}, {"b": 2  ', True),
])
def test_a_json_array_cut_short_is_truncated_and_any_other_error_malformed(
        data: bytes, truncated: bool) -> None:
    *_, last = read_json(io.BytesIO(data), "x")
    assert last.error is not None
    assert last.error.startswith("truncated" if truncated else "malformed"), last.error


@pytest.mark.parametrize("backend", ["yajl2_c", "python"])
def test_a_har_cut_short_is_truncated_with_either_parser(backend: str) -> None:
    """ijson's C backend calls syntax errors 'incomplete' too; its Python one does not."""
    parse = ijson.get_backend(backend).parse
    cut, bad = b'{"log": {"entries": [{"a": "x', b'{"log": {"entries": [1,]}}'
    for data, early in ((cut, True), (bad, False)):
        with pytest.raises(ijson.JSONError) as caught:
            list(parse(io.BytesIO(data)))
        assert _ended_early(caught.value) is early, (backend, data, caught.value)


def test_gzip_data_is_read_whatever_the_name_and_its_errors_are_in_words(
        tmp_path: Path) -> None:
    zipped = gzip.compress(GOOD + b"\n")
    (tmp_path / "zipped.jsonl").write_bytes(zipped)  # gzip under a plain name, as stdin may be
    (tmp_path / "plain.jsonl.gz").write_bytes(GOOD + b"\n")
    (tmp_path / "junk.jsonl.gz").write_bytes(zipped + b"garbage")
    (tmp_path / "cut.jsonl.gz").write_bytes(zipped[:-6])
    run = lint_json(str(tmp_path))
    assert run.summary["checked"] == {"wistia": 3}  # the lines before each break too
    messages = {Path(f["file"]).name: f["message"] for f in run.findings}
    assert messages == {"plain.jsonl.gz": "cannot decompress: not gzip data",
                        "junk.jsonl.gz": "cannot decompress: data after the end of the gzip data",
                        "cut.jsonl.gz": "cannot decompress: the gzip data is cut short"}


def test_a_har_that_is_not_one_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty.har").write_bytes(b"")
    (tmp_path / "lines.har").write_bytes(GOOD + b"\n" + GOOD + b"\n")
    run = lint_json(str(tmp_path))
    messages = {Path(f["file"]).name: (f["entry"], f["message"]) for f in run.findings}
    assert messages["empty.har"] == (None, "not a HAR file: an empty file")
    assert messages["lines.har"][0] is None
    assert messages["lines.har"][1].startswith("not a HAR file: malformed JSON")


@pytest.mark.parametrize(("encoding", "bom", "named"), [
    ("utf-16-le", b"\xff\xfe", "UTF-16"), ("utf-16-be", b"\xfe\xff", "UTF-16"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"), ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32"),
])
def test_a_utf16_har_says_what_it_is(tmp_path: Path, encoding: str, bom: bytes, named: str
                                     ) -> None:
    """Windows PowerShell 5's ``>`` writes UTF-16: said so, not "an empty file"."""
    har = json.dumps({"log": {"entries": [_har_entry(GOOD.decode())]}})
    path = tmp_path / "capture.har"
    path.write_bytes(bom + har.encode(encoding))
    run = lint_json(str(path))
    assert run.exit_code == 1
    assert [f["message"] for f in run.findings] == [
        f"not a HAR file: {named} text (a HAR file is UTF-8: convert it, e.g. with iconv)"]


def test_a_response_replayed_from_the_browser_cache_is_no_poll(tmp_path: Path) -> None:
    """Chrome marks a response its cache served (``_fromCache``): an old body, skipped, so a
    replayed "queued" after "finished" is no sequence error."""
    finished = GOOD.decode().replace("queued", "finished")
    assert finished != GOOD.decode()
    entries = [_har_entry(GOOD.decode()), _har_entry(finished),
               {**_har_entry(GOOD.decode()), "_fromCache": "memory"}]
    for index, entry in enumerate(entries):
        entry["startedDateTime"] = f"2024-01-01T00:00:0{index}Z"
    path = tmp_path / "capture.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    run = lint_json(str(path))
    assert run.exit_code == 0, run.findings
    assert run.summary["skipped"] == {"replayed from the browser's cache": 1}


def test_format_forced_checks_a_vendor_path_on_another_host_whatever_its_body(
        tmp_path: Path) -> None:
    """--format vouches for the traffic: a body the vendor's host would not need to confirm
    is checked, malformed or not, never skipped as unconfirmed."""
    url = "https://other.example.com/api/jobs/0f4b7a2e-6c1d-4f0a-9a53-2b8c1f6e9d10"
    entries = [_har_entry(body, request={"method": "GET", "url": url})
               for body in ("{not json", "42", "!!!")]
    entries[2]["response"]["content"]["encoding"] = "base64"
    path = tmp_path / "capture.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    assert lint_json(str(path)).summary["skipped"] == {
        "vendor path on another host, body not the vendor's": 3}
    run = lint_json("--format", "julep", str(path))
    assert [(f["rule"], f["entry"]) for f in run.findings] == [
        ("invalid-json", 0), ("schema", 1), ("unreadable", 2)]


def test_a_bom_before_json_under_a_text_type_is_still_checked(tmp_path: Path) -> None:
    bad = '\ufeff{"background_job_status": {"id": "x", "status": "queued"}}'
    entry = _har_entry(bad)
    entry["response"]["content"]["mimeType"] = "text/plain"
    path = tmp_path / "capture.har"
    path.write_text(json.dumps({"log": {"entries": [entry]}}))
    run = lint_json(str(path))
    assert [f["rule"] for f in run.findings] == ["schema"]
