"""The translation laws, as properties over schema-valid payloads of every format.

Run for every format in jobstatus.FORMATS, so a format added by one schema file is covered
with no code written for it (test_fifth_format.py runs this very module against a toy format).
"""

from __future__ import annotations

from typing import Any

import pytest
from exact_json import exact
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from strategies import load_schema, valid_payloads

import jobstatus
from jobstatus._hub import phase_of

VENDORS = [fmt for fmt in jobstatus.FORMATS if fmt != "canonical"]
TARGETS = list(jobstatus.FORMATS)
LAW = settings(max_examples=500)


def oracle(fmt: str) -> Draft202012Validator:
    checker = Draft202012Validator.FORMAT_CHECKER
    return Draft202012Validator(load_schema(fmt), format_checker=checker)


def _state(payload: Any, fmt: str) -> str:
    hub = jobstatus.convert(payload, "canonical", source=fmt).payload
    return str((hub[0] if isinstance(hub, list) else hub)["state"])


def _empty_list_with_envelope(payload: Any) -> bool:
    # A canonical *array* has nowhere to keep the siblings of an empty list wrapper; the
    # direct F -> F conversion keeps them (asserted in test_identity_direct).
    return isinstance(payload, dict) and payload.get("job_statuses") == [] and len(payload) > 1


@pytest.mark.parametrize("fmt", VENDORS)
@LAW
@given(data=st.data())
def test_identity_through_canonical(fmt: str, data: st.DataObject) -> None:
    payload = data.draw(valid_payloads(fmt))
    assume(not _empty_list_with_envelope(payload))
    hub = jobstatus.convert(payload, "canonical", source=fmt)
    back = jobstatus.convert(hub.payload, fmt, source="canonical")
    assert exact(back.payload, payload), (payload, hub.payload, back.payload)


@pytest.mark.parametrize("fmt", VENDORS)
@LAW
@given(data=st.data())
def test_identity_direct(fmt: str, data: st.DataObject) -> None:
    payload = data.draw(valid_payloads(fmt))
    same = jobstatus.convert(payload, fmt, source=fmt)
    assert exact(same.payload, payload)
    # The only loss a same-format trip may report is the state the hub had to default.
    assert {loss.kind for loss in same.losses} <= {jobstatus.LossKind.DEFAULTED}


def _leaves(record: dict[str, Any]) -> dict[str, Any]:
    leaves = {}
    for key, value in record.items():
        if key == "source":
            continue
        if key in ("progress", "links") and isinstance(value, dict):
            leaves.update({f"/{key}/{child}": v for child, v in value.items()})
        else:
            leaves[f"/{key}"] = value
    return leaves


@pytest.mark.parametrize("fmt", VENDORS)
@LAW
@given(data=st.data())
def test_canonical_round_trip_keeps_or_reports(fmt: str, data: st.DataObject) -> None:
    record = data.draw(valid_payloads("canonical"))
    try:
        there = jobstatus.convert(record, fmt, source="canonical")
    except jobstatus.ConversionError as exc:
        refusal = str(exc)
        assert refusal, "a ConversionError must say what is missing"
        return
    back = jobstatus.convert(there.payload, "canonical", source=fmt).payload
    before, after = _leaves(record), _leaves(back)
    reported = {loss.pointer for loss in there.losses}
    for path, value in before.items():
        if not (path in after and exact(after[path], value)):
            assert path in reported, f"{path} changed ({value!r} -> {after.get(path)!r}) unreported"
    for loss in there.losses:
        # Every loss names a real change, or a change of representation only.
        changed = loss.pointer not in after or not exact(after[loss.pointer],
                                                         before.get(loss.pointer))
        assert (changed or loss.kind is jobstatus.LossKind.COERCED
                or loss.pointer.startswith("/source/")), loss


@pytest.mark.parametrize("fmt", VENDORS)
@LAW
@given(data=st.data())
def test_cross_format_valid_or_refused(fmt: str, data: st.DataObject) -> None:
    payload = data.draw(valid_payloads(fmt))
    for target in TARGETS:
        _check_conversion(payload, fmt, target)


def _check_conversion(payload: Any, fmt: str, target: str) -> None:
    try:
        result = jobstatus.convert(payload, target, source=fmt)
    except jobstatus.ConversionError as exc:
        refused = exc
    else:
        refused = None
    if refused is not None:
        assert not isinstance(refused, jobstatus.LossyConversionError)
        assert target in str(refused), "the refusal names the target and what it needs"
        return
    items = result.payload if isinstance(result.payload, list) else [result.payload]
    for item in items:
        assert not list(oracle(target).iter_errors(item)), (payload, item)
    # F -> G is F -> canonical -> G.
    hub = jobstatus.convert(payload, "canonical", source=fmt).payload
    via = jobstatus.convert(hub, target, source="canonical") if not isinstance(hub, list) else None
    if via is not None:
        assert exact(via.payload, result.payload)
    # A phase changes only where the loss report says so.
    if items and not isinstance(hub, list):
        before, after = phase_of(str(hub["state"])), phase_of(_state(items[0], target))
        if before != after:
            field = "/" + _state_field(fmt)  # losses point into the input payload
            assert any(loss.pointer.endswith(field) for loss in result.losses), result.losses
    # strict refuses exactly the lossy conversions.
    if result.losses:
        with pytest.raises(jobstatus.LossyConversionError) as refused:
            jobstatus.convert(payload, target, source=fmt, strict=True)
        assert refused.value.losses == result.losses
    else:
        assert exact(jobstatus.convert(payload, target, source=fmt, strict=True).payload,
                     result.payload)


def _state_field(fmt: str) -> str:
    return str(load_schema(fmt)["x-jobstatus"]["state"]["field"])


def _jobs(payload: Any, fmt: str) -> list[dict[str, Any]]:
    for shape in load_schema(fmt)["x-jobstatus"]["shapes"]:
        key = shape.get("key")
        if key and key in payload:
            inner = payload[key]
            return inner if isinstance(inner, list) else [inner]
    return [payload]


@pytest.mark.parametrize("fmt", VENDORS)
@LAW
@given(data=st.data(), token=st.text(min_size=1, max_size=12))
def test_undocumented_state_is_drift(fmt: str, data: st.DataObject, token: str) -> None:
    payload = data.draw(valid_payloads(fmt))
    field = _state_field(fmt)
    definitions = load_schema(fmt)["$defs"].values()
    documented = {value for definition in definitions
                  for value in definition.get("properties", {}).get(field, {}).get("enum", [])}
    assume(token not in documented)
    jobs = _jobs(payload, fmt)
    assume(jobs)
    jobs[0][field] = token
    hub = jobstatus.to_canonical(payload, fmt)
    first = hub[0] if isinstance(hub, list) else hub
    assert first.state == "unknown"
    assert first.source.state == token
    kinds = [loss.kind for loss in jobstatus.convert(payload, "canonical", source=fmt).losses]
    assert jobstatus.LossKind.DRIFT in kinds
    with pytest.raises(jobstatus.LossyConversionError):
        jobstatus.to_canonical(payload, fmt, strict=True)
    # The raw token survives a same-format round trip.
    assert exact(jobstatus.convert(payload, fmt, source=fmt).payload, payload)
