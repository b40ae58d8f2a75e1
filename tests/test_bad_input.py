"""Hostile and broken input: the library raises a JobStatusError that says what is wrong, the
CLI reports a finding with a location and goes on, and nothing ever ends in a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

import jobstatus
from jobstatus._json import MAX_DEPTH

GOOD = {"requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "state": "DONE"}
BIG_INT = "1" + "0" * 30  # a 1e30-sized integer literal


def nested(depth: int, leaf: Any = "x") -> Any:
    """*leaf* inside *depth* lists, built without recursion."""
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def nested_text(depth: int, leaf: str = '"x"') -> str:
    return "[" * depth + leaf + "]" * depth


# (id, input, words the message must contain). Every one must raise DecodeError from every
# entry point, whether given as text or as a Python value.
UNREADABLE: list[tuple[str, Any, str]] = [
    ("not-json", "status: done", "malformed JSON"),
    ("truncated", '{"state": "DONE"', "malformed JSON"),
    ("trailing-garbage", '{"state": "DONE"} {}', "malformed JSON"),
    ("single-quotes", "{'state': 'DONE'}", "malformed JSON"),
    ("empty-text", "", "empty input"),
    ("empty-bytes", b"", "empty input"),
    ("whitespace-only", " \n\t", "empty input"),
    ("bom-only", b"\xef\xbb\xbf", "empty input"),
    ("invalid-utf8", b'{"state": "DONE\xff"}', "UTF-8"),
    ("overlong-utf8", b'{"state": "\xc0\xaf"}', "UTF-8"),
    ("latin1-text", '{"state": "caf\u00e9"}'.encode("latin-1"), "UTF-8"),
    ("escaped-lone-surrogate", '{"state": "\\ud800"}', "lone surrogate escape"),
    ("second-bom", "\ufeff\ufeff{}", "byte order mark (U+FEFF) where a JSON value"),
    ("second-bom-bytes", b"\xef\xbb\xbf\xef\xbb\xbf{}", "byte order mark (U+FEFF)"),
    ("lone-surrogate-in-str", '{"state": "\ud800"}', "UTF-8"),
    ("nan-text", '{"expiry": NaN}', "NaN is not a JSON number"),
    ("infinity-text", '{"expiry": Infinity}', "Infinity is not a JSON number"),
    ("minus-infinity-text", '{"expiry": -Infinity}', "Infinity is not a JSON number"),
    ("float-overflow-text", '{"expiry": 1e400}', "too large for a double"),
    ("huge-int-text", f'{{"expiry": {BIG_INT}}}', "64-bit"),
    ("huge-negative-int-text", f'{{"expiry": -{BIG_INT}}}', "64-bit"),
    ("just-below-int64-text", '{"expiry": -9223372036854775809}', "64-bit"),
    ("just-above-uint64-text", '{"expiry": 18446744073709551616}', "64-bit"),
    ("deep-text", nested_text(10_000), "nested deeper"),
    ("deep-object-text", '{"a":' * 10_000 + "1" + "}" * 10_000, "nested deeper"),
    ("nan-value", {"expiry": float("nan")}, "not a JSON number"),
    ("infinity-value", {"expiry": float("-inf")}, "not a JSON number"),
    ("huge-int-value", {"expiry": int(BIG_INT)}, "64-bit"),
    ("deep-value", {"state": "DONE", "extra": nested(10_000)}, "nested deeper"),
    ("int-key", {1: "DONE"}, "key 1 is not a string"),
    ("tuple-key-nested", {"extra": {(1, 2): 1}}, "is not a string"),
    ("set-value", {"state": {"DONE"}}, "set is not a JSON type"),
    ("bytes-in-value", {"state": b"DONE"}, "bytes is not a JSON type"),
    ("object-value", {"state": object()}, "object is not a JSON type"),
    ("lone-surrogate-value", {"state": "\ud800"}, "surrogate"),
    ("lone-surrogate-key", {"\udfff": 1}, "surrogate"),
]


@pytest.mark.parametrize(("payload", "words"), [pytest.param(p, w, id=i) for i, p, w in UNREADABLE])
def test_unreadable_input_raises_decode_error_everywhere(payload: Any, words: str) -> None:
    calls = [
        lambda: jobstatus.validate(payload, "panoptica"),
        lambda: list(jobstatus.iter_errors(payload, "panoptica")),
        lambda: jobstatus.parse(payload, "panoptica"),
        lambda: jobstatus.parse(payload),
        lambda: jobstatus.detect(payload),
    ]
    for call in calls:
        with pytest.raises(jobstatus.DecodeError) as caught:
            call()
        assert isinstance(caught.value, jobstatus.JobStatusError)
        assert isinstance(caught.value, ValueError)  # what json.loads callers already catch
        assert words in str(caught.value), str(caught.value)
        assert len(str(caught.value)) < 200  # a 10,000-level pointer is not a message


def test_text_errors_say_where() -> None:
    with pytest.raises(jobstatus.DecodeError) as caught:
        jobstatus.validate(b'{\n  "state": "DONE",\n  "expiry": NaN\n}', "panoptica")
    assert (caught.value.line, caught.value.column) == (3, 13)
    with pytest.raises(jobstatus.DecodeError) as caught:
        jobstatus.validate(b'{\n  "state": "DO\xffNE"\n}', "panoptica")
    assert (caught.value.line, caught.value.column) == (2, 15)
    # an integer beyond 64 bits, after a string and a fraction with as many digits
    text = f'{{\n  "path": "{BIG_INT}", "progress": 1.{BIG_INT},\n  "expiry": -{BIG_INT}\n}}'
    with pytest.raises(jobstatus.DecodeError) as caught:
        jobstatus.validate(text, "panoptica")
    assert (caught.value.line, caught.value.column) == (3, 13)
    with pytest.raises(jobstatus.DecodeError) as caught:  # columns count characters
        jobstatus.validate(f'{{"path": "日本語", "expiry": {BIG_INT}}}', "panoptica")
    assert (caught.value.line, caught.value.column) == (1, 27)


@pytest.mark.parametrize("payload", [[], [GOOD], '"DONE"', "42", 42, 4.5, True, None, "null"])
@pytest.mark.parametrize("format_id", ["panoptica", "wistia", "zendesk", "julep", "canonical"])
def test_wrong_top_level_type_is_a_validation_error(payload: Any, format_id: str) -> None:
    with pytest.raises(jobstatus.ValidationError) as caught:
        jobstatus.validate(payload, format_id)
    assert caught.value.errors[0].pointer == ""
    assert "object" in str(caught.value)
    assert next(v.pointer for v in jobstatus.iter_errors(payload, format_id)) == ""
    with pytest.raises(jobstatus.ValidationError):
        jobstatus.parse(payload, format_id)
    assert jobstatus.detect(payload) is None
    with pytest.raises(jobstatus.UnknownFormatError):
        jobstatus.parse(payload)


def test_unknown_format_id() -> None:
    with pytest.raises(jobstatus.UnknownFormatError, match=r"known formats: .*panoptica"):
        jobstatus.validate(GOOD, "cisco")


def test_long_digits_inside_strings_are_fine() -> None:
    payload = f'{{"requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "progress": "{BIG_INT}"}}'
    assert jobstatus.parse(payload, "panoptica").model_dump(mode="json")["progress"] == BIG_INT
    assert jobstatus.detect(payload) == "panoptica"


@pytest.mark.parametrize("number", [2**63 - 1, -(2**63), 2**64 - 1, 0, -1])
def test_integers_at_the_64_bit_edges_stay_exact(number: int) -> None:
    for given in (f'{{"expiry": {number}}}', {"expiry": number}):
        dumped = jobstatus.parse(given, "panoptica").model_dump(mode="json")
        assert dumped == {"expiry": number}
        assert type(dumped["expiry"]) is int


def test_bom_is_skipped_in_text_and_bytes() -> None:
    text = orjson.dumps(GOOD).decode()
    for given in ("\ufeff" + text, b"\xef\xbb\xbf" + text.encode()):
        jobstatus.validate(given, "panoptica")
        assert jobstatus.detect(given) == "panoptica"
        assert jobstatus.parse(given).model_dump(mode="json") == GOOD


def test_bytes_like_inputs() -> None:
    text = orjson.dumps(GOOD)
    for given in (text, bytearray(text), memoryview(text), text.decode()):
        assert jobstatus.parse(given, "panoptica").model_dump(mode="json") == GOOD


def test_a_10_mb_string_value() -> None:
    payload = {**GOOD, "progress": "x" * 10_000_000}
    for given in (payload, orjson.dumps(payload)):
        jobstatus.validate(given, "panoptica")
        assert jobstatus.parse(given, "panoptica").model_dump(mode="json") == payload
    bad = {**GOOD, "path": 10_000_000 * "y", "state": "done"}
    with pytest.raises(jobstatus.ValidationError) as caught:
        jobstatus.validate(orjson.dumps(bad), "panoptica")
    assert [v.pointer for v in caught.value.errors] == ["/state"]


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
def test_text_and_values_share_the_depth_limit(depth: int) -> None:
    # The same document is accepted or refused the same way as text and as a Python value.
    outcomes = []
    for given in (nested_text(depth), nested(depth)):
        try:
            jobstatus.validate(given, "panoptica")
        except jobstatus.DecodeError:
            outcomes.append("unreadable")
        except jobstatus.ValidationError:
            outcomes.append("invalid")  # a list is not a Panoptica object
    assert outcomes[0] == outcomes[1], outcomes
    assert outcomes[0] == ("unreadable" if depth > MAX_DEPTH else "invalid")


@pytest.mark.parametrize("depth", [100, 255, 256, 1000])
def test_deep_but_readable_documents_validate_and_report(depth: int) -> None:
    # Deep inside an extra key: valid. Deep where a string belongs: one violation, right there.
    # (orjson.dumps stops at 255 levels, so the text is put together by hand.)
    head = orjson.dumps(GOOD)[:-1].decode()
    ok = {**GOOD, "extra": nested(depth)}
    bad = {**GOOD, "state": nested(depth)}
    for given in (ok, f'{head}, "extra": {nested_text(depth)}}}'):
        jobstatus.validate(given, "panoptica")
    for given in (bad, f'{head}, "state": {nested_text(depth)}}}'):
        with pytest.raises(jobstatus.ValidationError) as caught:
            jobstatus.validate(given, "panoptica")
        assert {v.pointer for v in caught.value.errors} == {"/state"}


def test_deep_document_with_long_digits() -> None:
    """The exact integer check is a scan, not a recursive parse: a document 1,000 deep with a
    long run of digits (in range) is checked as any other, also from deep in the caller's
    stack; an integer past 64 bits there is found, with its place."""
    text = nested_text(1000, "12345678901234567890")  # 20 digits, and in range
    with pytest.raises(jobstatus.ValidationError):
        jobstatus.validate(text, "panoptica")  # valid JSON, but no panoptica payload

    def deep(frames: int) -> None:
        if frames:
            deep(frames - 1)
            return
        with pytest.raises(jobstatus.ValidationError):
            jobstatus.validate(text, "panoptica")

    deep(100)
    number = "[" * 1000 + "123456789012345678901" + "]" * 1000
    with pytest.raises(jobstatus.DecodeError, match="integer 123456789012345678901 is outside"
                       ) as raised:
        jobstatus.validate(number, "panoptica")
    assert (raised.value.line, raised.value.column) == (1, 1001)
    with pytest.raises(jobstatus.DecodeError, match="nested deeper than 1024"):
        jobstatus.validate(nested_text(3000, "12345678901234567890"), "panoptica")


def test_self_referencing_value_is_refused() -> None:
    loop: dict[str, Any] = {"state": "DONE"}
    loop["self"] = loop
    with pytest.raises(jobstatus.DecodeError, match="nested deeper"):
        jobstatus.validate(loop, "panoptica")


# ---------------------------------------------------------------------------------------------
# The CLI: every bad file is a finding with a location; the others are still checked.

BAD_FILES: dict[str, bytes] = {
    "not-json.json": b"status: done\n",
    "invalid-utf8.json": b'{"state": "DONE\xff"}',
    "empty.json": b"",
    "nan.json": b'{"state": "DONE", "expiry": NaN}',
    "huge-int.json": f'{{"state": "DONE", "expiry": {BIG_INT}}}'.encode(),
    "deep.json": nested_text(10_000).encode(),
    "top-level-string.json": b'"DONE"',
    "top-level-number.json": b"42",
}


def _run_lint(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("jobstatus")
    return subprocess.run(
        [str(cli), "lint", "--no-color", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def lint_dir(tmp_path: Path) -> Path:
    for name, content in BAD_FILES.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "good.json").write_bytes(orjson.dumps(GOOD))
    (tmp_path / "big-good.json").write_bytes(orjson.dumps({**GOOD, "progress": "x" * 10_000_000}))
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + orjson.dumps(GOOD))
    return tmp_path


def test_lint_reports_every_bad_file_and_checks_the_rest(lint_dir: Path) -> None:
    names = [*BAD_FILES, "good.json", "big-good.json", "bom.json"]
    result = _run_lint(*names, cwd=lint_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for name in BAD_FILES:
        assert any(line.startswith(f"{name}:1") for line in result.stdout.splitlines()), (
            f"no finding with a location for {name}:\n{result.stdout}"
        )
    for name in ("good.json", "big-good.json", "bom.json"):
        assert name + ":" not in result.stdout, result.stdout
    assert "3 checked" in result.stderr, result.stderr


def test_lint_missing_file_exits_2_and_still_checks_the_others(lint_dir: Path) -> None:
    result = _run_lint("good.json", "no-such-file.json", "nan.json", cwd=lint_dir)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "no-such-file.json" in result.stdout + result.stderr
    assert "nan.json:1" in result.stdout
    assert "NaN" in result.stdout


def test_lint_deep_invalid_payload_is_a_finding(tmp_path: Path) -> None:
    # Valid JSON, 300 levels deep where Panoptica wants a string: the engine cannot build its
    # error object for so deep an instance; the linter must still report it.
    head = orjson.dumps(GOOD)[:-1].decode()
    (tmp_path / "deep-state.json").write_text(f'{head}, "state": {nested_text(300)}}}')
    result = _run_lint("deep-state.json", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "deep-state.json:1 /state:" in result.stdout


def test_lint_json_output_gives_locations(lint_dir: Path) -> None:
    result = _run_lint("-o", "json", *BAD_FILES, cwd=lint_dir)
    assert result.returncode == 1
    findings = [orjson.loads(line) for line in result.stdout.splitlines()]
    reported = {f["file"] for f in findings if f["type"] == "finding"}
    assert reported == set(BAD_FILES)
    for finding in findings:
        if finding["type"] == "finding":
            assert finding["line"] == 1


def test_a_model_holds_no_more_than_it_can_dump() -> None:
    """Valid at any depth up to the decoder's limit, but a typed model only where its
    serializer (pydantic) reaches: a clear DecodeError at parse, never a crash at dump."""
    def deep(depth: int) -> Any:
        value: Any = "x"
        for _ in range(depth):
            value = [value]
        return value

    shallow = {"state": "NEW", "extra": deep(240)}
    assert jobstatus.parse(shallow).model_dump(mode="json") == shallow
    assert orjson.loads(jobstatus.to_canonical(shallow).model_dump_json())["state"] == "pending"
    too_deep = {"state": "NEW", "extra": deep(300)}
    jobstatus.validate(too_deep, "panoptica")
    for call in (jobstatus.parse, jobstatus.to_canonical):
        with pytest.raises(jobstatus.DecodeError, match="could not dump it back"):
            call(too_deep)
