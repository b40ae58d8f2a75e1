# GENERATED FILE - DO NOT EDIT.
# Source: schemas/wistia.schema.json (sha256 cfde550f28e10ebbeaf705e5215afae93ca443456c73e607472e7248e2e8a564)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

from __future__ import annotations

from typing import Annotated, Any, Literal

from jobstatus._wire import JsonInt, WireModel
from pydantic import MISSING, ConfigDict, Field, RootModel, StrictStr


class BackgroundJobStatus(WireModel):
    """
    A background job keeps track of the progress of an asynchronous task, e.g. bulk archiving media, translating media, etc.
    """

    model_config = ConfigDict(
        extra="allow",
        arbitrary_types_allowed=True,
    )
    hashed_id: StrictStr | MISSING = MISSING
    """
    The job's hashed id; required by newer API versions, absent from older ones.
    """
    id: JsonInt
    """
    The background job's numeric id; poll it at /background_job_status/{id}.
    """
    status: Literal["queued", "started", "finished", "failed"]
    """
    The job's status.
    """


class BackgroundJobStatusResponse(WireModel):
    """
    The wire envelope: the job under background_job_status, with whatever siblings the endpoint adds.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    background_job_status: BackgroundJobStatus
    message: Any | MISSING = MISSING
    """
    A human-readable note that some bulk endpoints add beside the job; its type is not documented.
    """
    partial_errors: Any | MISSING = MISSING
    """
    Per-item failures of a partly successful bulk operation (HTTP 207); its shape is not documented.
    """


class WistiaPayload(RootModel[BackgroundJobStatusResponse | BackgroundJobStatus]):
    root: Annotated[
        BackgroundJobStatusResponse | BackgroundJobStatus,
        Field(title="Wistia background job status"),
    ]
    """
    Status of a Wistia Data API background job. On the wire it is wrapped as {"background_job_status": {...}} (GET /background_job_status/{id}, and the answers of bulk media, tagging and folder operations, which may add siblings such as message, media, container, destination or partial_errors); the bare inner object is accepted too.
    """
