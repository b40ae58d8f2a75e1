"""Inputs: folders, globs, stdin, gzip, input types; streamed JSON arrays; JSONL byte ranges;
HAR routing."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from lint_helpers import lint_json

from jobstatus._lint import _readers, _run
from jobstatus._lint._model import LintOptions, Summary
from jobstatus._lint._readers import (
    jsonl_ranges,
    read_json,
    read_jsonl,
    read_jsonl_range,
    sniff_har,
)
from jobstatus._lint._routing import route

WISTIA = b'{"background_job_status": {"id": 1, "status": "queued"}}\n'
JULEP_ID = "0f4b7a2e-6c1d-4f0a-9a53-2b8c1f6e9d10"


def _tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a" / "one.jsonl").write_bytes(WISTIA * 2)
    (root / "a" / "b" / "two.ndjson").write_bytes(WISTIA)
    (root / "a" / "b" / "three.json.gz").write_bytes(gzip.compress(WISTIA))
    (root / "a" / "notes.txt").write_text("not an input")
    (root / ".hidden" / "skipped.jsonl").write_bytes(b"not json\n")


def test_folders_are_searched_recursively_for_known_suffixes(tmp_path: Path) -> None:
    _tree(tmp_path)
    run = lint_json(str(tmp_path))
    assert run.exit_code == 0
    assert run.summary["files"] == 3
    assert run.summary["checked"] == {"wistia": 4}


def test_globs_are_expanded_even_when_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = lint_json("a/**/*.*json*")
    assert run.summary["files"] == 3
    assert lint_json("a/**/*.jsonl", "a/one.jsonl").summary["files"] == 1  # each file once


def test_a_file_named_twice_by_any_path_is_read_once(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Read twice, a file would be its own history twice to the sequence checks: a finished
    job that starts again."""
    (tmp_path / "d").mkdir()
    polls = tmp_path / "d" / "polls.jsonl"
    polls.write_bytes(b'{"background_job_status": {"id": 1, "status": "started"}}\n'
                      b'{"background_job_status": {"id": 1, "status": "finished"}}\n')
    (tmp_path / "d" / "link.jsonl").symlink_to("polls.jsonl")
    monkeypatch.chdir(tmp_path)
    for args in (["d/polls.jsonl", str(polls)], ["d/polls.jsonl", "d/../d/polls.jsonl"],
                 ["d"], ["d/link.jsonl", "d/polls.jsonl"]):
        run = lint_json(*args)
        assert (run.exit_code, run.summary["files"], run.findings) == (0, 1, []), args


def test_a_folder_walk_reads_regular_files_only(tmp_path: Path) -> None:
    """A FIFO found in a folder would block the run forever; one named is read (a shell's
    process substitution is one)."""
    (tmp_path / "polls.jsonl").write_bytes(WISTIA)
    os.mkfifo(tmp_path / "waiting.jsonl")
    run = lint_json(str(tmp_path))
    assert (run.exit_code, run.summary["files"]) == (0, 1)


def test_stdin_is_jsonl_unless_told(tmp_path: Path) -> None:
    run = lint_json("-", stdin=WISTIA * 3)
    assert run.summary["checked"] == {"wistia": 3}
    array = b"[" + WISTIA + b"," + WISTIA + b"]"
    assert lint_json("--input-type", "json", "-", stdin=array).summary["checked"] == {
        "wistia": 2}
    zipped = gzip.compress(WISTIA * 2)
    assert lint_json("-", stdin=zipped).summary["checked"] == {"wistia": 2}
    run = lint_json("-", stdin=b"not json\n" + WISTIA)
    assert run.findings[0]["file"] == "<stdin>"
    assert run.findings[0]["line"] == 1


def test_a_har_saved_as_json_or_piped_in_is_read_as_har(tmp_path: Path) -> None:
    """What starts as a HAR does (``{"log": {``) is read as one when no --input-type says
    otherwise: a HAR saved as .json (also gzipped), or pretty-printed on stdin."""
    har = Path(__file__).parent.parent / "samples" / "bad" / "capture.har"
    expected = lint_json(str(har))
    pretty = json.dumps(json.loads(har.read_bytes()), indent=2).encode()
    (tmp_path / "capture.json").write_bytes(pretty)
    (tmp_path / "capture.json.gz").write_bytes(gzip.compress(pretty))
    for args, stdin in (((str(tmp_path / "capture.json"),), None),
                        ((str(tmp_path / "capture.json.gz"),), None), (("-",), pretty)):
        run = lint_json(*args, stdin=stdin)
        assert run.summary["checked"] == expected.summary["checked"]
        assert [(f["rule"], f["entry"]) for f in run.findings] == [
            (f["rule"], f["entry"]) for f in expected.findings]
    told = lint_json("--input-type", "json", str(tmp_path / "capture.json"))
    assert told.summary["unreadable"] == {"unknown-format": 1}  # as told: one JSON payload


def test_input_type_overrides_the_suffix(tmp_path: Path) -> None:
    odd = tmp_path / "capture.log"
    odd.write_bytes(WISTIA * 2)
    assert lint_json(str(odd)).exit_code == 2
    assert lint_json("--input-type", "jsonl", str(odd)).summary["checked"] == {"wistia": 2}
    (tmp_path / "polls.jsonl").write_bytes(WISTIA)
    # In a folder, files are still picked by suffix: --input-type only says how to read them.
    run = lint_json("--input-type", "jsonl", str(tmp_path))
    assert (run.summary["files"], run.summary["checked"]) == (1, {"wistia": 1})


def test_gzip_of_each_input_type(tmp_path: Path) -> None:
    har = {"log": {"entries": [{
        "request": {"method": "GET", "url": "https://api.wistia.com/v1/background_job_status/1"},
        "response": {"status": 200, "content": {"mimeType": "application/json",
                                                "text": WISTIA.decode()}}}]}}
    for name, data in (("a.jsonl.gz", WISTIA * 2), ("b.json.gz", b"[" + WISTIA + b"]"),
                       ("c.har.gz", json.dumps(har).encode())):
        (tmp_path / name).write_bytes(gzip.compress(data))
    run = lint_json(str(tmp_path))
    assert run.exit_code == 0
    assert run.summary["checked"] == {"wistia": 4}


def _records(reader: object, data: bytes) -> list[tuple[object, ...]]:
    stream = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    return [(r.line, r.entry, r.raw, r.error, r.skip)
            for r in reader(stream, "x")]  # type: ignore[operator]


ARRAY = ("[\n" + ",\n".join(
    json.dumps({"job_status": {"id": f"V3-{i}", "status": "queued", "message": "é€😀" * i,
                               "progress": 10**i}}, indent=i % 3)
    for i in range(12)) + "\n]\n").encode()


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 16])
def test_json_arrays_stream_the_same_at_any_chunk_size(chunk: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _records(read_json, ARRAY)
    monkeypatch.setattr(_readers, "_CHUNK", chunk)
    assert _records(read_json, ARRAY) == expected
    assert [line for line, *_ in expected] == [
        number for number, text in enumerate(ARRAY.decode().splitlines(), 1)
        if text.startswith("{")]
    assert all(json.loads(raw) for _, _, raw, _, _ in expected)


def test_json_array_elements_are_read_one_at_a_time() -> None:
    # A malformed element after good ones: the good ones are records, then one error record.
    records = _records(read_json, b"[" + WISTIA + b", {\"a\": tru } , " + WISTIA + b"]")
    assert [r[3] is None for r in records] == [True, False]


def test_jsonl_ranges_cover_the_file_exactly(tmp_path: Path) -> None:
    lines = [WISTIA, b"\n", b"  \r\n", b'{"x": 1}\r\n', WISTIA * 1, b"[1]"]  # no final newline
    data = b"".join(lines * 37)
    path = tmp_path / "polls.jsonl"
    path.write_bytes(data)
    whole = [(r.line, r.raw, r.skip) for r in read_jsonl(io.BytesIO(data), "x")]
    for parts in (1, 2, 3, 7, 50, 1000):
        ranges = list(jsonl_ranges(str(path), parts))
        assert ranges[0][0] == 0
        assert ranges[-1][1] == len(data)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
        assert all(data[end - 1:end] == b"\n" for _, end in ranges[:-1])  # whole lines
        assert len(ranges) == parts if parts <= 7 else len(ranges) <= parts
        pieces: list[tuple[Any, ...]] = []
        for start, end in ranges:  # each range's first line follows the lines before it
            pieces += [(r.line, r.raw, r.skip)
                       for r in read_jsonl_range(str(path), "x", start, end, len(pieces) + 1)]
        assert pieces == whole, parts


@pytest.mark.parametrize(
    ("method", "url", "status", "expected"),
    [
        ("GET", "https://appsecurity.cisco.com/api/networkMap/queue/abc", 200, "panoptica"),
        ("GET", "https://securecn.cisco.com/api/networkMap?x=1&isBackgroundJob=true", 202,
         "panoptica"),
        ("GET", "https://securecn.cisco.com/api/networkMap?isBackgroundJob=true", 200, None),
        ("GET", "https://securecn.cisco.com/api/networkMap?ISBACKGROUNDJOB=True", 202,
         "panoptica"),
        ("GET", "https://securecn.cisco.com/api/networkMap?isBackgroundJob=false"
                "&x=isBackgroundJob=true", 202, None),  # a parameter, not a substring
        ("GET", "https://securecn.cisco.com/api/networkMap?isBackgroundJob=trueish", 202, None),
        ("GET", "https://securecn.cisco.com/api/networkMap", 202, None),
        ("DELETE", "https://appsecurity.cisco.com/api/networkMap/queue/abc", 200, None),
        ("GET", "https://api.wistia.com/v1/background_job_status/362785.json", 200, "wistia"),
        ("GET", "https://api.wistia.com/modern/background_job_status/362785", 200, "wistia"),
        ("PUT", "https://api.wistia.com/v1/medias/archive.json", 200, "wistia"),
        ("PUT", "https://api.wistia.com/v1/medias/move", 207, "wistia"),
        ("POST", "https://api.wistia.com/modern/medias/abc123/translate", 201, "wistia"),
        ("POST", "https://api.wistia.com/v1/medias/import_url", 201, "wistia"),
        ("POST", "https://api.wistia.com/v1/taggings/bulk_create", 200, "wistia"),
        ("DELETE", "https://api.wistia.com/v1/folders/9/subfolders/bulk_delete", 200, "wistia"),
        ("POST", "https://api.wistia.com/v1/folders/9/copy", 202, "wistia"),
        ("GET", "https://api.wistia.com/v1/medias/abc123.json", 200, None),
        ("GET", "https://x.zendesk.com/api/v2/job_statuses/V3-abc.json", 200, "zendesk"),
        ("GET", "https://x.zendesk.com/api/v2/job_statuses/V3-abc", 200, "zendesk"),
        ("GET", "https://x.zendesk.com/api/v2/job_statuses", 200, "zendesk"),
        ("GET", "https://x.zendesk.com/api/v2/job_statuses/show_many.json?ids=a,b", 200,
         "zendesk"),
        ("POST", "https://x.zendesk.com/api/v2/tickets/create_many.json", 200, "zendesk"),
        ("PUT", "https://x.zendesk.com/api/v2/users/create_or_update_many", 200, "zendesk"),
        ("DELETE", "https://x.zendesk.com/api/v2/organizations/destroy_many?ids=1", 200,
         "zendesk"),
        ("PUT", "https://x.zendesk.com/api/v2/tickets/mark_many_as_spam.json", 200, "zendesk"),
        ("POST", "https://x.zendesk.com/api/v2/tickets/12/merge", 200, "zendesk"),
        ("POST", "https://x.zendesk.com/api/v2/imports/tickets/create_many", 200, "zendesk"),
        ("DELETE", "https://x.zendesk.com/api/v2/deleted_tickets/12", 200, "zendesk"),
        ("DELETE", "https://x.zendesk.com/api/v2/deleted_tickets/destroy_many?ids=1", 200,
         "zendesk"),
        ("POST", "https://x.zendesk.com/api/v2/resource_collections", 200, "zendesk"),
        ("POST", "https://x.zendesk.com/api/v2/routing/agents/instance_values/job", 200,
         "zendesk"),
        ("GET", "https://x.zendesk.com/api/v2/job_statuses/V3-abc.json", 404, None),
        ("GET", "https://x.zendesk.com/api/v2/tickets/12.json", 200, None),
        ("GET", f"https://api.julep.ai/api/jobs/{JULEP_ID}", 200, "julep"),
        ("GET", f"https://dev.julep.ai/api/jobs/{JULEP_ID}/", 200, "julep"),
        ("GET", "https://api.julep.ai/api/jobs/not-a-uuid", 200, None),
        ("POST", f"https://api.julep.ai/api/jobs/{JULEP_ID}", 200, None),
    ],
)
def test_routing(method: str, url: str, status: int, expected: str | None) -> None:
    routing = route(method, url, status)
    assert routing.format == expected
    assert (routing.skip is None) == (expected is not None)


@pytest.mark.parametrize(("url", "documented"), [
    ("https://securecn.cisco.com/api/networkMap/queue/x", True),
    ("https://appsecurity.cisco.com/api/networkMap/queue/x", True),
    ("https://api.wistia.com/v1/background_job_status/5", True),
    ("https://EXAMPLE.zendesk.com:443/api/v2/job_statuses/V3-abc", True),
    (f"https://api-alpha.julep.ai/api/jobs/{JULEP_ID}", True),
    ("https://zendesk.com/api/v2/job_statuses/V3-abc", False),  # no customer subdomain
    ("https://ci.example.com/api/v2/job_statuses/123", False),
    ("https://notwistia.com/v1/background_job_status/5", False),
    (f"http://localhost:8080/api/jobs/{JULEP_ID}", False),  # self-hosted: content decides
])
def test_routing_tells_the_vendors_hosts_from_others(url: str, documented: bool) -> None:
    routing = route("GET", url, 200)
    assert routing.format is not None
    assert routing.documented is documented


def test_unreadable_folder_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.jsonl").write_bytes(WISTIA)
    (tmp_path / "b.jsonl").write_bytes(WISTIA)
    scandir = os.scandir

    def refuse(path: Any = ".") -> Any:  # what scandir does without read permission
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    run = lint_json(str(tmp_path))
    assert run.exit_code == 2
    assert [(f["rule"], f["file"]) for f in run.findings] == [("io-error", str(locked))]
    assert run.summary["checked"] == {"wistia": 1}  # the readable rest is still linted


def test_unopenable_file_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    (tmp_path / "a.jsonl").write_bytes(WISTIA)
    (tmp_path / "b.jsonl").write_bytes(WISTIA)

    def refuse(path: str) -> Any:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(_run, "open_input", refuse)
    run = lint_json(str(tmp_path))
    assert run.exit_code == 2
    assert [f["message"] for f in run.findings] == ["cannot open: Permission denied"] * 2


class _Trickle(io.RawIOBase):
    """A pipe that delivers one byte per read, as a slow producer's may."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.data:
            return 0
        buffer[0] = self.data[0]
        self.data = self.data[1:]
        return 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_sniffing_a_har_waits_for_the_bytes_it_needs_and_gives_them_back(encoding: str
                                                                          ) -> None:
    text = '  \n{\n  "log": {"entries": []}}'
    stream = io.BufferedReader(_Trickle(text.encode(encoding)), 4)
    har, replay = sniff_har(stream)
    assert har
    assert replay.read() == text.encode(encoding)
    har, replay = sniff_har(io.BufferedReader(_Trickle(WISTIA * 2), 4))
    assert not har
    assert replay.read() == WISTIA * 2
    assert sniff_har(io.BytesIO(b""))[0] is False


def test_sniffing_keeps_what_the_readers_say(tmp_path: Path) -> None:
    """A gzip member followed by junk, on stdin or as a .json file, is still that error; a
    .json file that is not UTF-8 is still an invalid-json finding, not taken for a HAR."""
    junk = gzip.compress(b"\n") + b"xx"
    for args, stdin in ((("-",), junk), ((str(tmp_path / "g.json"),), None)):
        (tmp_path / "g.json").write_bytes(junk)
        run = lint_json(*args, stdin=stdin)
        assert [f["message"] for f in run.findings] == [
            "cannot decompress: data after the end of the gzip data"]
    (tmp_path / "x.json").write_bytes(b'\x80{"log": {"entries": []}}')
    run = lint_json(str(tmp_path / "x.json"))
    assert [(f["rule"], f["message"]) for f in run.findings] == [
        ("invalid-json", "not valid UTF-8 text (column 1)")]


def test_linting_stdin_leaves_it_open(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(WISTIA)))
    monkeypatch.setattr("sys.stdin", stdin)
    found = list(_run.lint_paths(["-"], LintOptions(), Summary()))
    assert found == []
    assert not stdin.closed


def test_a_har_with_bytes_that_are_not_utf8_is_still_sniffed_as_har(tmp_path: Path) -> None:
    """The start decides (a Latin-1 body further on does not make it JSON), and the parser's
    complaint is said in words: malformed, not truncated, no bytes repr."""
    har = b'{"log": {"entries": [{"request": {"method": "GET", "url": "caf\xe9"}}]}}'
    (tmp_path / "capture.json").write_bytes(har)
    for args, stdin in (((str(tmp_path / "capture.json"),), None), (("-",), har)):
        run = lint_json(*args, stdin=stdin)
        (finding,) = run.findings
        assert finding["rule"] == "unreadable"
        assert finding["message"].startswith("malformed JSON HAR file after 0 entries")
        assert "b'" not in finding["message"]


def test_stdin_gzip_is_found_when_its_first_byte_arrives_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    trickle = io.BufferedReader(_Trickle(gzip.compress(WISTIA * 3)), 1)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(trickle))  # type: ignore[arg-type]
    summary = Summary()
    assert list(_run.lint_paths(["-"], LintOptions(), summary)) == []
    assert summary.checked == {"wistia": 3}


def test_a_closed_stdin_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", None)
    summary = Summary()
    (finding,) = _run.lint_paths(["-"], LintOptions(), summary)
    assert (finding.rule, summary.input_errors) == ("io-error", 1)


def test_the_har_sniff_decides_on_its_first_4_kib_however_it_is_read(tmp_path: Path) -> None:
    har = b" " * 4100 + b'{"log": {"entries": []}}'
    assert sniff_har(io.BufferedReader(io.BytesIO(har), 1 << 16))[0] is False
    assert sniff_har(io.BufferedReader(_Trickle(har), 64))[0] is False
    assert sniff_har(io.BufferedReader(io.BytesIO(har[100:]), 1 << 16))[0] is True
