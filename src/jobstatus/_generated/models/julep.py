# GENERATED FILE - DO NOT EDIT.
# Source: schemas/julep.schema.json (sha256 a70a8178d033e106066f5c67bb4e834f41ac464ff7aa661dd501e9c6535dabd2)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

from __future__ import annotations

from typing import Annotated, Literal

from jobstatus._wire import JsonNumber, WireModel
from pydantic import MISSING, ConfigDict, Field, RootModel, StrictBool, StrictStr


class JobStatus(WireModel):
    """
    A Julep job.
    """

    model_config = ConfigDict(
        extra="allow",
        arbitrary_types_allowed=True,
    )
    created_at: StrictStr
    """
    Job created at (RFC-3339 format).
    """
    has_progress: StrictBool | MISSING = MISSING
    """
    Whether this Job supports progress updates.
    """
    id: StrictStr
    """
    Job id (UUID).
    """
    name: StrictStr
    """
    Name of the job.
    """
    progress: Annotated[JsonNumber | MISSING, Field(le=100)] = MISSING
    """
    Progress percentage.
    """
    reason: StrictStr | MISSING = MISSING
    """
    Reason for current state.
    """
    state: Literal["pending", "in_progress", "retrying", "succeeded", "aborted", "failed", "unknown"]
    """
    Current state of the job.
    """
    updated_at: StrictStr | MISSING = MISSING
    """
    Job updated at (RFC-3339 format).
    """


class JulepJobStatus(RootModel[JobStatus]):
    root: Annotated[JobStatus, Field(title="Julep JobStatus")]
    """
    Status of a Julep background job, a bare object from GET /jobs/{uuid}. Required fields are those of the documented model (id, name, created_at, state); later specifications mark all eight required. Nothing is nullable.
    """
