"""The public API on the documented examples of every format."""

from __future__ import annotations

import json

import pytest
from conftest import SCHEMAS

import jobstatus


def _examples() -> list[tuple[str, object]]:
    cases = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(path.read_text())
        fmt = path.name.removesuffix(".schema.json")
        cases += [(fmt, example) for example in schema["examples"]]
    return cases


@pytest.mark.parametrize(("fmt", "example"), _examples())
def test_schema_examples_validate_detect_and_round_trip(fmt: str, example: object) -> None:
    jobstatus.validate(example, fmt)
    assert jobstatus.detect(example) == fmt
    model = jobstatus.parse(json.dumps(example))
    assert model.model_dump(mode="json") == example


def test_public_names_are_exactly_all() -> None:
    public = {name for name in dir(jobstatus) if not name.startswith("_")}
    assert public == set(jobstatus.__all__)


def test_validation_error_carries_every_violation_with_pointers() -> None:
    payload = {"job_status": {"id": 5, "status": "nope", "total": "3"}}
    with pytest.raises(jobstatus.ValidationError) as caught:
        jobstatus.validate(payload, "zendesk")
    pointers = {v.pointer for v in caught.value.errors}
    assert pointers == {"/job_status/id", "/job_status/status", "/job_status/total"}
    assert isinstance(caught.value, jobstatus.JobStatusError)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"background_job_status": {"id": 1, "status": "queued"}}, "wistia"),
        ({"id": 1, "status": "queued"}, "wistia"),
        ({"id": "V3-1", "status": "queued"}, "zendesk"),
        ({"job_statuses": []}, "zendesk"),
        ({"job_status": {}}, "zendesk"),
        ({"state": "DONE"}, "panoptica"),
        ({"requestId": "not a uuid"}, "panoptica"),
        ({}, None),
        ({"unrelated": True, "other": 1}, None),
        ([], None),
        ('"text"', None),
        ({"requestId": "x", "state": "DONE", "progress": 40}, "panoptica"),
    ],
)
def test_detect(payload: object, expected: str | None) -> None:
    assert jobstatus.detect(payload) == expected


def test_two_point_zero_is_an_integer_and_stays_a_float() -> None:
    payload = {"background_job_status": {"id": 2.0, "status": "queued"}}
    assert jobstatus.parse(payload, "wistia").model_dump(mode="json") == payload
    dumped = jobstatus.parse(json.dumps(payload)).model_dump_json()
    assert '"id":2.0' in dumped


def test_absent_is_not_null() -> None:
    with pytest.raises(jobstatus.ValidationError):
        jobstatus.validate({"requestId": None}, "panoptica")
    model = jobstatus.parse({"state": "NEW"}, "panoptica")
    assert model.model_dump(mode="json") == {"state": "NEW"}


def test_unknown_format_id() -> None:
    with pytest.raises(jobstatus.UnknownFormatError, match="known formats"):
        jobstatus.validate({}, "acme")


def test_messages_quote_huge_values_only_in_part() -> None:
    with pytest.raises(jobstatus.ValidationError) as caught:
        jobstatus.validate({"requestId": ["x" * 100_000]}, "panoptica")
    message = caught.value.errors[0].message
    assert len(message) < 400
    assert message.endswith("characters in all)")


def _raised(call: object, *args: object, **kwargs: object) -> jobstatus.JobStatusError:
    try:
        call(*args, **kwargs)  # type: ignore[operator]
    except jobstatus.JobStatusError as exc:
        return exc
    raise AssertionError("nothing raised")


def test_every_error_survives_pickling_with_its_attributes() -> None:
    """So it crosses to another process (a ProcessPoolExecutor worker's validate)."""
    import pickle  # noqa: PLC0415

    hub = {"id": "42", "state": "running", "name": "nightly"}  # Wistia has no name
    errors = [
        _raised(jobstatus.validate, {"job_status": {"id": 5, "status": "nope"}}, "zendesk"),
        _raised(jobstatus.validate, b'{"a": [1, 2', "zendesk"),
        _raised(jobstatus.validate, {}, "no-such-format"),
        _raised(jobstatus.convert, hub, "wistia", source="canonical", strict=True),
        _raised(jobstatus.convert, {"id": "x", "state": "running"}, "panoptica",
                source="canonical"),
    ]
    kinds = [type(error) for error in errors]
    assert kinds == [jobstatus.ValidationError, jobstatus.DecodeError,
                     jobstatus.UnknownFormatError, jobstatus.LossyConversionError,
                     jobstatus.ConversionError]
    for error in errors:
        error.add_note("while checking capture 7")
        copy = pickle.loads(pickle.dumps(error))
        assert copy.__notes__ == ["while checking capture 7"]
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        attributes = ("format", "errors", "reason", "line", "column", "pointer", "losses")
        for name in attributes:
            assert getattr(copy, name, None) == getattr(error, name, None), name


def test_python_values_of_subclassed_types_are_read_as_their_json() -> None:
    """A StrEnum, an (str, Enum) member, an IntEnum, a str or float subclass, an OrderedDict:
    each is what the same document sent as text is (no engine error outside the hierarchy,
    no format left undetected)."""
    import enum  # noqa: PLC0415
    from collections import OrderedDict  # noqa: PLC0415

    class Text(str):
        pass

    class Ratio(float):
        pass

    class State(str, enum.Enum):  # noqa: UP042 - the mixin, whose str() is its name
        DONE = "DONE"

    class Code(enum.IntEnum):
        BIG = 362785

    panoptica = OrderedDict(requestId=Text("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
                            state=State.DONE, progress=Text("100%"), expiry=Ratio(1.5))
    assert jobstatus.detect(panoptica) == "panoptica"
    jobstatus.validate(panoptica, "panoptica")
    assert jobstatus.parse(panoptica).model_dump(mode="json") == {
        "requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "state": "DONE",
        "progress": "100%", "expiry": 1.5}
    wistia = {"background_job_status": {"id": Code.BIG, "status": Text("finished")}}
    assert jobstatus.convert(wistia, "canonical").payload["id"] == "362785"
    with pytest.raises(jobstatus.ValidationError):
        jobstatus.validate({"requestId": Text("nope")}, "panoptica")
    keyed = {"requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", Text("state"): "DONE",
             State.DONE: 1}  # keys too
    jobstatus.validate(keyed, "panoptica")
    assert list(jobstatus.convert(keyed, "panoptica").payload) == ["requestId", "state",
                                                                   "DONE"]
