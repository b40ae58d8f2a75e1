# GENERATED FILE - DO NOT EDIT.
# Source: schemas/panoptica.schema.json (sha256 8bab82f5f859ae0c3e2a31bbd52c6fb0a05b21f539406240858f03eab3127842)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

from __future__ import annotations

from typing import Annotated, Literal

from jobstatus._wire import JsonNumber, WireModel
from pydantic import MISSING, ConfigDict, Field, RootModel, StrictStr


class BackgroundJobResponse(WireModel):
    """
    A background job of the Panoptica Management API.
    """

    model_config = ConfigDict(
        extra="allow",
        arbitrary_types_allowed=True,
    )
    expiry: JsonNumber | MISSING = MISSING
    """
    Expiry of the job's record; undocumented, most likely Unix epoch seconds, so kept as a plain number.
    """
    path: StrictStr | MISSING = MISSING
    """
    Where the finished result can be fetched, e.g. /networkMap/results/{requestId}.
    """
    progress: StrictStr | MISSING = MISSING
    """
    Progress of the job as free-form text; its format is undocumented.
    """
    request_id: Annotated[StrictStr | MISSING, Field(alias="requestId")] = MISSING
    """
    Identifier of the background request; poll it at /api/networkMap/queue/{requestId}. The Python SDK calls it request_id.
    """
    state: Literal["NEW", "PROCESSING", "DONE", "FAILED", "NONE"] | MISSING = MISSING
    """
    State of the background job (BackgroundJobState). NONE most plausibly means that no job is tracked.
    """


class CiscoPanopticaBackgroundJobResponse(RootModel[BackgroundJobResponse]):
    root: Annotated[BackgroundJobResponse, Field(title="Cisco Panoptica BackgroundJobResponse")]
    """
    Status of a background job of the Cisco Panoptica Management API, as served by GET /api/networkMap/queue/{requestId} and as the 202 answer of GET /api/networkMap?...&isBackgroundJob=true. A bare object: every field optional, none nullable; SDKs omit absent fields rather than sending null.
    """
