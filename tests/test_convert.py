"""Conversion on known cases: what is carried, what is lost and how it is reported."""

from __future__ import annotations

import orjson
import pytest
from exact_json import exact

import jobstatus

UUID = "0f4b7a2e-6c1d-4f0a-9a53-2b8c1f6e9d10"
JULEP = {"id": UUID, "created_at": "2024-10-02T17:05:05.123456Z", "name": "EmbedDocsWorkflow",
         "reason": "Execution status: running", "has_progress": True, "progress": 40.0,
         "state": "retrying"}
ZENDESK = {"job_status": {
    "id": "V3-326ff9154427be70c7cce4274a4b6f13", "job_type": "Bulk Create Ticket",
    "url": "https://example.zendesk.com/api/v2/job_statuses/V3-326ff9154427be70c7cce4274a4b6f13.json",
    "total": 10, "progress": 3, "status": "completed", "message": None,
    "results": [{"index": 0, "id": 4050, "account_id": 18525119}]}}


def kinds_at(losses: tuple[jobstatus.Loss, ...]) -> set[tuple[str, str]]:
    return {(str(loss.kind), loss.pointer) for loss in losses}


@pytest.mark.parametrize(("state", "wistia_status"), [("retrying", "started"),
                                                       ("aborted", "failed")])
def test_julep_retrying_or_aborted_into_wistia_collapses(state: str, wistia_status: str) -> None:
    hub = jobstatus.convert({**JULEP, "state": state}, "canonical").payload
    hub["id"] = "42"  # Julep ids are UUIDs; give the hub an id Wistia can carry
    result = jobstatus.convert(hub, "wistia", source="canonical")
    assert result.payload == {"background_job_status": {"id": 42, "status": wistia_status}}
    assert ("collapsed", "/state") in kinds_at(result.losses)
    with pytest.raises(jobstatus.LossyConversionError) as refused:
        jobstatus.convert(hub, "wistia", source="canonical", strict=True)
    assert refused.value.losses == result.losses


def test_julep_into_wistia_is_refused_for_the_id_and_still_reports_the_state() -> None:
    with pytest.raises(jobstatus.ConversionError, match="integer id") as refused:
        jobstatus.convert(JULEP, "wistia")
    assert refused.value.pointer == "/id"
    assert ("collapsed", "/state") in kinds_at(refused.value.losses)


def test_zendesk_results_into_julep_are_dropped() -> None:
    hub = jobstatus.convert(ZENDESK, "canonical").payload
    hub |= {"id": UUID, "created_at": "2024-02-08T17:44:16Z"}
    result = jobstatus.convert(hub, "julep", source="canonical")
    assert ("dropped", "/results") in kinds_at(result.losses)
    assert "results" not in result.payload
    # 3 of 10 tasks becomes 30 percent, reported as a derivation of both counts.
    assert result.payload["progress"] == 30
    assert {("coerced", "/progress/done"), ("coerced", "/progress/total")} <= kinds_at(
        result.losses)


def test_zendesk_into_julep_names_the_missing_created_at() -> None:
    with pytest.raises(jobstatus.ConversionError, match="created_at") as refused:
        jobstatus.convert(ZENDESK, "julep")
    assert ("dropped", "/job_status/results") in kinds_at(refused.value.losses)


def test_unknown_into_wistia_is_unmappable_and_keeps_polling() -> None:
    result = jobstatus.from_canonical({"id": "7", "state": "unknown"}, "wistia")
    assert result.payload["background_job_status"]["status"] == "queued"
    # The hub's ids are strings: sending one as a Wistia integer is a coercion, and says so.
    assert kinds_at(result.losses) == {("unmappable", "/state"), ("coerced", "/id")}


def test_percent_is_never_turned_into_counts() -> None:
    result = jobstatus.from_canonical(
        {"id": "a", "state": "running", "progress": {"percent": 45}}, "zendesk")
    assert "progress" not in result.payload["job_status"]
    assert ("dropped", "/progress/percent") in kinds_at(result.losses)


def test_panoptica_progress_text_is_kept_verbatim_and_read_only_when_unambiguous() -> None:
    panoptica = {"requestId": UUID, "state": "PROCESSING", "progress": "45%"}
    hub = jobstatus.to_canonical(panoptica)
    assert hub.progress.text == "45%"
    record = hub.model_dump(mode="json") | {"name": "n", "created_at": "2024-01-01T00:00:00Z"}
    assert jobstatus.convert(record, "julep", source="canonical").payload["progress"] == 45
    record["progress"] = {"text": "40"}  # a bare number is ambiguous: no percentage invented
    result = jobstatus.convert(record, "julep", source="canonical")
    assert "progress" not in result.payload
    assert ("dropped", "/progress/text") in kinds_at(result.losses)


def test_wistia_integer_id_into_zendesk_is_a_reported_coercion() -> None:
    wistia = {"background_job_status": {"id": 362785, "status": "failed"}}
    result = jobstatus.convert(wistia, "zendesk")
    assert result.payload == {"job_status": {"id": "362785", "status": "failed"}}
    assert kinds_at(result.losses) == {("coerced", "/background_job_status/id")}
    assert not result.lossless
    assert jobstatus.convert(wistia, "wistia").lossless


def test_zendesk_killed_is_julep_aborted_without_loss_of_phase() -> None:
    hub = jobstatus.to_canonical({"job_status": {"id": "1", "status": "killed"}})
    assert hub.state == "cancelled"
    assert hub.phase is jobstatus.Phase.CANCELLED
    assert hub.done


def test_list_wrapper_converts_each_job_and_keeps_pagination_on_the_way_back() -> None:
    listing = {"job_statuses": [ZENDESK["job_status"], {"id": "2", "status": "queued"}],
               "next_page": None, "count": 2}
    hubs = jobstatus.to_canonical(listing)
    assert [hub.state for hub in hubs] == ["succeeded", "pending"]
    assert exact(jobstatus.from_canonical(hubs, "zendesk").payload, listing)
    panoptica = jobstatus.convert({"job_statuses": [{"id": UUID, "status": "working"}]},
                                  "panoptica")
    assert panoptica.payload == [{"requestId": UUID, "state": "PROCESSING"}]


def test_loss_report_is_json_and_stable() -> None:
    report = jobstatus.convert(JULEP, "panoptica").report()
    assert orjson.loads(orjson.dumps(report)) == report
    assert all(set(entry) == {"kind", "pointer", "value", "reason"} for entry in report)
    # Stable enough to diff in CI: the same input gives the same report, in the same order,
    # also from JSON text with its keys in another order.
    reordered = orjson.dumps(dict(reversed(list(JULEP.items()))))
    assert jobstatus.convert(reordered, "panoptica").report() == report
    # Transforms and state first, then dropped fields in the mapping's order.
    assert [entry["pointer"] for entry in report] == [
        "/progress", "/state", "/created_at", "/name", "/reason", "/has_progress"]


def test_invalid_input_is_a_validation_error_not_a_conversion() -> None:
    with pytest.raises(jobstatus.ValidationError):
        jobstatus.convert({"background_job_status": {"id": "x", "status": "queued"}}, "zendesk")


def test_an_undocumented_state_goes_back_to_its_format_through_the_hub_too() -> None:
    """Rule 0 on both routes: direct, and to_canonical then from_canonical, give the raw token
    back, each reporting it as drift (so strict refuses both)."""
    drifted = {"requestId": UUID, "state": "CANCELLED"}
    direct = jobstatus.convert(drifted, "panoptica")
    via_hub = jobstatus.from_canonical(jobstatus.to_canonical(drifted), "panoptica")
    assert direct.payload == via_hub.payload == drifted
    assert {str(loss.kind) for loss in direct.losses} == {"drift"}
    assert kinds_at(via_hub.losses) == {("drift", "/source/state")}
    with pytest.raises(jobstatus.LossyConversionError):
        jobstatus.from_canonical(jobstatus.to_canonical(drifted), "panoptica", strict=True)


def test_envelope_fields_are_carried_or_reported() -> None:
    """An empty list's envelope has no record to ride in; a record's envelope that is not the
    payload's (the first record's), or meets a bare object, is lost: each is reported."""
    empty = {"job_statuses": [], "next_page": None, "count": 0}
    result = jobstatus.convert(empty, "canonical")
    assert result.payload == []
    assert kinds_at(result.losses) == {("dropped", "/next_page"), ("dropped", "/count")}

    def hub(job_id: str, shape: str, envelope: dict[str, object]) -> dict[str, object]:
        return {"id": job_id, "state": "running",
                "source": {"format": "zendesk", "shape": shape, "envelope": envelope}}

    result = jobstatus.from_canonical([hub("a", "list", {"count": 2}),
                                       hub("b", "list", {"count": 2, "next_page": "p2"})],
                                      "zendesk")
    assert result.payload == {"job_statuses": [{"id": "a", "status": "working"},
                                               {"id": "b", "status": "working"}], "count": 2}
    assert kinds_at(result.losses) == {("dropped", "/1/source/envelope/next_page")}
    bare = jobstatus.from_canonical(hub("x", "object", {"env": 2}), "zendesk")
    assert bare.payload == {"id": "x", "status": "working"}
    assert kinds_at(bare.losses) == {("dropped", "/source/envelope/env")}


def test_integer_ids_stay_within_what_the_library_reads_and_floats_stay_exact() -> None:
    too_big = {"job_status": {"id": "99999999999999999999999", "status": "working"}}
    with pytest.raises(jobstatus.ConversionError, match="within 64 bits") as refused:
        jobstatus.convert(too_big, "wistia")
    assert refused.value.pointer == "/job_status/id"
    hub = {"id": "9007199254740993", "state": "running",
           "source": {"format": "wistia", "id_type": "number"}}  # once written as a float
    result = jobstatus.convert(hub, "wistia", source="canonical")
    assert exact(result.payload["background_job_status"]["id"], 9007199254740993)
    assert kinds_at(result.losses) == {("coerced", "/id")}
    hub["id"] = "42"
    assert exact(jobstatus.convert(hub, "wistia", source="canonical").payload,
                 {"background_job_status": {"id": 42.0, "status": "started"}})
    for big in (1e20, -1e19, 18446744073709551616.0):  # floats past 64 bits: floats again
        wistia = {"background_job_status": {"id": big, "status": "failed"}}
        assert exact(jobstatus.convert(wistia, "wistia").payload, wistia)
        assert exact(jobstatus.from_canonical(jobstatus.to_canonical(wistia), "wistia").payload,
                     wistia)


def test_back_to_the_same_format_defaults_nothing() -> None:
    """No state sent, none sent back (rule 0): nothing defaulted reaches the output, so
    strict mode has nothing to refuse; into the hub, the default is reported."""
    for payload, fmt in (({}, "panoptica"), ({"job_status": {"id": "x"}}, "zendesk")):
        assert jobstatus.convert(payload, fmt, source=fmt, strict=True).payload == payload
        assert {str(loss.kind) for loss in jobstatus.convert(payload, "canonical",
                                                             source=fmt).losses} == {"defaulted"}


@pytest.mark.parametrize(("payload", "target", "source", "pointer"), [
    ({"job_status": {"id": "V3-1", "status": "working"}}, "panoptica", None, "/job_status/id"),
    ({"job_statuses": [{"id": "a", "status": "working"}, {"id": "b", "status": "working"}]},
     "panoptica", None, "/job_statuses/0/id"),
    ({"id": "x", "state": "running", "results": [1]}, "zendesk", "canonical", "/results"),
    # a field the record's own extras gave back
    ({"id": "a", "state": "running",
      "source": {"format": "zendesk", "shape": "wrapper", "extra": {"total": "abc"}}},
     "zendesk", "canonical", "/source/extra/total"),
    ({"id": "5", "state": "running",
      "source": {"format": "wistia", "shape": "wrapper", "extra": {"hashed_id": 5}}},
     "wistia", "canonical", "/source/extra/hashed_id"),
])
def test_a_conversion_error_points_into_the_input(payload: dict[str, object], target: str,
                                                  source: str | None, pointer: str) -> None:
    """As a loss does: the field of the input that the target could not take."""
    with pytest.raises(jobstatus.ConversionError) as refused:
        jobstatus.convert(payload, target, source=source)
    assert refused.value.pointer == pointer
