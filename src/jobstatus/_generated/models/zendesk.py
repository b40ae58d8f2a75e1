# GENERATED FILE - DO NOT EDIT.
# Source: schemas/zendesk.schema.json (sha256 62831772801e72ea10ddb6338209347bfba6a3e0567d4e82e731d85d11dd7dea)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

from __future__ import annotations

from typing import Annotated, Literal

from jobstatus._wire import JsonInt, WireModel
from pydantic import MISSING, ConfigDict, Field, RootModel, StrictBool, StrictStr


class JobResult(WireModel):
    """
    One processed task. Shapes seen: {index, id, account_id}, {id, status: "Created"}, {action, id, status: "Updated", success}, {index, error, id, details}, and legacy title / errors.
    """

    model_config = ConfigDict(
        extra="allow",
        arbitrary_types_allowed=True,
    )
    account_id: JsonInt | MISSING = MISSING
    """
    Account the record belongs to.
    """
    action: StrictStr | MISSING = MISSING
    """
    What was done, e.g. "update".
    """
    details: StrictStr | MISSING = MISSING
    """
    Error details of a failed item.
    """
    error: StrictStr | MISSING = MISSING
    """
    Error code of a failed item.
    """
    errors: StrictStr | MISSING = MISSING
    """
    Legacy: error text of a failed item.
    """
    id: JsonInt | MISSING = MISSING
    """
    Id of the record the task touched.
    """
    index: JsonInt | MISSING = MISSING
    """
    Position of the item in the request.
    """
    status: StrictStr | MISSING = MISSING
    """
    Outcome, e.g. "Created" or "Updated".
    """
    success: StrictBool | MISSING = MISSING
    """
    Whether the item succeeded.
    """
    title: StrictStr | MISSING = MISSING
    """
    Legacy: title of the record.
    """


class JobSuccess(WireModel):
    """
    The bare results object of a permanent ticket deletion.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    success: StrictBool | MISSING = MISSING
    """
    Whether the deletion succeeded.
    """


class JobStatusObject(WireModel):
    """
    A Zendesk background job. Job data is kept for one day.
    """

    model_config = ConfigDict(
        extra="allow",
        arbitrary_types_allowed=True,
    )
    id: StrictStr | MISSING = MISSING
    """
    Automatically assigned when the job is queued. Was 32 lowercase hex digits, now V3- and 32 hex digits; treat as opaque.
    """
    job_type: StrictStr | MISSING = MISSING
    """
    The type of the job, e.g. "Bulk Create Ticket".
    """
    message: StrictStr | None | MISSING = MISSING
    """
    Message from the job worker, if any; null while queued.
    """
    progress: JsonInt | None | MISSING = MISSING
    """
    Number of tasks that have already been completed (a count, not a percentage).
    """
    results: list[JobResult] | JobSuccess | None | MISSING = MISSING
    """
    Result data from processed tasks: null, a list of per-item results, or a bare {"success": true} object (permanent ticket deletion). A completed job can still hold per-item failures here.
    """
    status: Literal["queued", "working", "failed", "completed", "killed"] | MISSING = MISSING
    """
    The current status. One of "queued", "working", "failed", "completed"; older documentation and clients also know "killed".
    """
    total: JsonInt | None | MISSING = MISSING
    """
    The total number of tasks this job is batching through; null e.g. for permanent ticket deletion.
    """
    url: StrictStr | MISSING = MISSING
    """
    The URL to poll for status updates.
    """


class JobStatusResponse(WireModel):
    """
    The wire envelope of one job.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    job_status: JobStatusObject


class JobStatusesResponse(WireModel):
    """
    The wire envelope of a list of jobs, possibly with pagination siblings.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    job_statuses: list[JobStatusObject]
    """
    The jobs, one JobStatusObject each; pagination siblings may accompany the list.
    """


class ZendeskPayload(RootModel[JobStatusResponse | JobStatusesResponse | JobStatusObject]):
    root: Annotated[
        JobStatusResponse | JobStatusesResponse | JobStatusObject,
        Field(title="Zendesk Support JobStatusObject"),
    ]
    """
    Status of a Zendesk Support API background job. Served wrapped as {"job_status": {...}} by GET /api/v2/job_statuses/{id} and by the bulk endpoints (create_many, update_many, destroy_many, merge, ...), and as a list {"job_statuses": [...]} by GET /api/v2/job_statuses and /show_many; the bare object is accepted too. Servers send every key, with explicit nulls.
    """
