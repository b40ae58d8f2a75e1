"""The schemas themselves: well-formed, documented, and saying what the vendors' wire says.

The expected facts below are copied from the wire-format reference (the vendors' OpenAPI
documents, SDKs and API docs), not derived from the schemas, so that a schema edit that drifts
from the vendor fails here. The file-based cases under ``cases/<format>/{positive,negative}``
are picked up automatically (as in check-jsonschema): drop a captured payload in to add one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator
from oracle import assert_same_json, oracle, oracle_errors
from strategies import FORMAT_IDS, VENDOR_FORMATS, load_schema

import jobstatus

CASES = Path(__file__).resolve().parent / "cases"

STATE_VALUES = {
    "panoptica": ("state", ["NEW", "PROCESSING", "DONE", "FAILED", "NONE"]),
    "wistia": ("status", ["queued", "started", "finished", "failed"]),
    "zendesk": ("status", ["queued", "working", "failed", "completed", "killed"]),
    "julep": (
        "state",
        ["pending", "in_progress", "retrying", "succeeded", "aborted", "failed", "unknown"],
    ),
    "canonical": (
        "state",
        ["pending", "running", "retrying", "succeeded", "failed", "cancelled", "unknown"],
    ),
}

# Wire names, per $defs entry: exactly these properties are declared (camelCase where the vendor
# uses it: Panoptica's requestId is request_id only in its Python SDK).
PROPERTIES = {
    "panoptica": {"BackgroundJobResponse": {"requestId", "path", "state", "progress", "expiry"}},
    "wistia": {
        "BackgroundJobStatus": {"id", "status", "hashed_id"},
        "BackgroundJobStatusResponse": {"background_job_status", "message", "partial_errors"},
    },
    "zendesk": {
        "JobStatusObject": {
            "id", "job_type", "message", "progress", "results", "status", "total", "url",
        },
        "JobResult": {
            "id", "index", "account_id", "action", "status", "error", "details", "title",
            "errors", "success",
        },
        "JobSuccess": {"success"},
        "JobStatusResponse": {"job_status"},
        "JobStatusesResponse": {"job_statuses"},
    },
    "julep": {
        "JobStatus": {
            "id", "created_at", "updated_at", "name", "reason", "has_progress", "progress",
            "state",
        }
    },
}  # fmt: skip

REQUIRED = {
    ("panoptica", "BackgroundJobResponse"): set(),
    ("wistia", "BackgroundJobStatus"): {"id", "status"},
    ("zendesk", "JobStatusObject"): set(),
    ("julep", "JobStatus"): {"id", "name", "created_at", "state"},
}

# Which properties accept null. Zendesk sends explicit nulls for these four; nothing else in a
# vendor format is nullable. Wistia's envelope siblings are untyped (their type is not
# documented), so they accept null along with everything else.
NULLABLE = {
    ("zendesk", "JobStatusObject", "message"),
    ("zendesk", "JobStatusObject", "progress"),
    ("zendesk", "JobStatusObject", "total"),
    ("zendesk", "JobStatusObject", "results"),
    ("wistia", "BackgroundJobStatusResponse", "message"),
    ("wistia", "BackgroundJobStatusResponse", "partial_errors"),
}

# A sample value of the documented JSON type of some fields, and one of the wrong type.
TYPED = [
    ("panoptica", "BackgroundJobResponse", "progress", "40", 40),
    ("panoptica", "BackgroundJobResponse", "expiry", 1695830400.5, "1695830400"),
    ("panoptica", "BackgroundJobResponse", "requestId", "3fa85f64-5717-4562-b3fc-2c963f66afa6",
     "x"),
    ("wistia", "BackgroundJobStatus", "id", 362785, "362785"),
    ("wistia", "BackgroundJobStatus", "id", 362785.0, 362785.5),
    ("zendesk", "JobStatusObject", "id", "V3-91a2a3634428aa598f58cf38fa6a9c14", 5),
    ("zendesk", "JobStatusObject", "progress", 5, 40.5),
    ("zendesk", "JobStatusObject", "url", "https://example.zendesk.com/api/v2/job_statuses/1.json",
     "/api/v2/job_statuses/1.json"),
    ("julep", "JobStatus", "id", "0f4b7a2e-6c1d-4f0a-9a53-2b8c1f6e9d10", "job-1"),
    ("julep", "JobStatus", "progress", 100, 100.5),
    ("julep", "JobStatus", "created_at", "2024-10-02T17:05:05Z", "2024-10-02T17:05:05"),
]  # fmt: skip


def _property_validator(format_id: str, definition: str, name: str) -> Draft202012Validator:
    schema = load_schema(format_id)
    return Draft202012Validator(
        {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}/properties/{name}"},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _all_properties(format_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (definition, name, sub)
        for definition, body in load_schema(format_id)["$defs"].items()
        for name, sub in body.get("properties", {}).items()
    ]


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_schema_is_valid_draft_2020_12_and_documented(format_id: str) -> None:
    schema = load_schema(format_id)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:jobstatus:schema:{format_id}"
    for key in ("title", "description", "examples"):
        assert schema.get(key), f"{format_id}: no {key}"
    for definition, name, sub in _all_properties(format_id):
        described = "description" in sub or "$ref" in sub
        assert described, f"{format_id}: $defs/{definition}/properties/{name} has no description"
    for definition, body in schema["$defs"].items():
        assert body.get("description"), f"{format_id}: $defs/{definition} has no description"


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_example_is_valid(format_id: str) -> None:
    schema = load_schema(format_id)
    examples = list(schema["examples"])
    examples += [e for body in schema["$defs"].values() for e in body.get("examples", [])]
    assert examples
    for example in examples:
        assert oracle(format_id).is_valid(example), example
        jobstatus.validate(example, format_id)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_state_values_are_exactly_the_documented_ones(format_id: str) -> None:
    field, values = STATE_VALUES[format_id]
    schema = load_schema(format_id)
    annotation = schema["x-jobstatus"]
    job = schema["$defs"][annotation["shapes"][-1]["schema"].rsplit("/", 1)[-1]]
    state = job["properties"][field]
    state = schema["$defs"][state["$ref"].rsplit("/", 1)[-1]] if "$ref" in state else state
    assert state["enum"] == values
    if format_id != "canonical":
        assert annotation["state"]["field"] == field
        assert set(annotation["state"]["to_canonical"]) == set(values)


@pytest.mark.parametrize("format_id", VENDOR_FORMATS)
def test_wire_names_are_exactly_the_documented_ones(format_id: str) -> None:
    schema = load_schema(format_id)
    declared = {d: set(b.get("properties", {})) for d, b in schema["$defs"].items()}
    assert declared == PROPERTIES[format_id]


@pytest.mark.parametrize(("format_id", "definition"), sorted(REQUIRED))
def test_required_fields_are_the_documented_ones(format_id: str, definition: str) -> None:
    body = load_schema(format_id)["$defs"][definition]
    assert set(body.get("required", [])) == REQUIRED[format_id, definition]
    assert body.get("additionalProperties") is True  # vendors add fields; we must not break


def test_canonical_objects_are_closed() -> None:
    for definition, body in load_schema("canonical")["$defs"].items():
        if body.get("type") == "object":
            assert body.get("additionalProperties") is False, definition


@pytest.mark.parametrize("format_id", VENDOR_FORMATS)
def test_nullable_exactly_as_documented(format_id: str) -> None:
    nullable = {
        (format_id, definition, name)
        for definition, name, _ in _all_properties(format_id)
        if _property_validator(format_id, definition, name).is_valid(None)
    }
    assert nullable == {entry for entry in NULLABLE if entry[0] == format_id}


@pytest.mark.parametrize(("format_id", "definition", "name", "good", "bad"), TYPED)
def test_field_types_are_the_documented_ones(
    format_id: str, definition: str, name: str, good: Any, bad: Any
) -> None:
    validator = _property_validator(format_id, definition, name)
    assert validator.is_valid(good)
    assert not validator.is_valid(bad)


# ---------------------------------------------------------------------------------------------
# File-based cases.


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(path.parent.parent.name, path, id=f"{path.parent.parent.name}/{path.stem}")
        for path in sorted(CASES.glob(f"*/{kind}/*.json"))
    ]


def test_every_format_has_positive_and_negative_cases() -> None:
    for format_id in FORMAT_IDS:
        for kind in ("positive", "negative"):
            assert len(list((CASES / format_id / kind).glob("*.json"))) >= 5, (format_id, kind)
    assert {p.name for p in CASES.iterdir()} == set(FORMAT_IDS)


@pytest.mark.parametrize(("format_id", "path"), _cases("positive"))
def test_positive_case(format_id: str, path: Path) -> None:
    text = path.read_bytes()
    payload = orjson.loads(text)
    assert oracle(format_id).is_valid(payload)
    jobstatus.validate(text, format_id)
    assert list(jobstatus.iter_errors(payload, format_id)) == []
    assert jobstatus.detect(text) == format_id
    assert_same_json(jobstatus.parse(text).model_dump(mode="json"), payload)
    assert_same_json(jobstatus.parse(payload, format_id).model_dump(mode="json"), payload)


@pytest.mark.parametrize(("format_id", "path"), _cases("negative"))
def test_negative_case(format_id: str, path: Path) -> None:
    text = path.read_bytes()
    payload = orjson.loads(text)
    assert not oracle(format_id).is_valid(payload)
    with pytest.raises(jobstatus.ValidationError) as caught:
        jobstatus.validate(text, format_id)
    with pytest.raises(jobstatus.ValidationError):
        jobstatus.parse(text, format_id)
    # Both engines point at the same places in the payload, failing the same keywords.
    found = {(v.pointer, v.keyword) for v in caught.value.errors}
    assert found == oracle_errors(format_id, payload)
    assert [*jobstatus.iter_errors(payload, format_id)] == list(caught.value.errors)
