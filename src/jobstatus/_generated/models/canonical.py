# GENERATED FILE - DO NOT EDIT.
# Source: schemas/canonical.schema.json (sha256 58f7b4f245f5b48808eba72f95f313da3db7a4bb57506a194aded10a890c7c8c)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

from __future__ import annotations

from typing import Annotated, Any, Literal

from jobstatus._hub import HubModel
from jobstatus._wire import JsonInt, JsonNumber, WireModel
from pydantic import MISSING, ConfigDict, Field, RootModel, StrictBool, StrictStr


class Links(WireModel):
    """
    Where to look next.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    monitor: StrictStr | MISSING = MISSING
    """
    URL to poll for this status (Zendesk url).
    """
    results: StrictStr | MISSING = MISSING
    """
    Where the finished result can be fetched (Panoptica path).
    """


class Progress(WireModel):
    """
    Only what the vendor sent: a percentage, task counts, verbatim text, and whether progress is reported at all. A bare number in text is ambiguous and stays text.
    """

    model_config = ConfigDict(
        extra="allow",
        arbitrary_types_allowed=True,
    )
    done: JsonInt | None | MISSING = MISSING
    """
    Tasks done (Zendesk progress); null when the vendor sent null.
    """
    percent: JsonNumber | MISSING = MISSING
    """
    Percentage as sent (Julep progress).
    """
    supported: StrictBool | MISSING = MISSING
    """
    Whether the job reports progress at all (Julep has_progress).
    """
    text: StrictStr | MISSING = MISSING
    """
    Free-form progress text, verbatim (Panoptica progress).
    """
    total: JsonInt | None | MISSING = MISSING
    """
    Tasks in all (Zendesk total); null when the vendor sent null.
    """


class Source(WireModel):
    """
    Provenance: which format the record came from and what the hub has no place for.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    envelope: dict[str, Any] | MISSING = MISSING
    """
    Siblings of the job in its wire wrapper, as sent.
    """
    extra: dict[str, Any] | MISSING = MISSING
    """
    Fields of the job object that the hub has no place for, as sent.
    """
    format: StrictStr
    """
    Format id of the original payload.
    """
    id_type: Literal["string", "integer", "number"] | MISSING = MISSING
    """
    JSON type of the original id: string, integer, or number for an integral id written with a fraction (2.0), so that it is sent back exactly as it came.
    """
    shape: StrictStr | MISSING = MISSING
    """
    Which wire shape carried it (object, wrapper, list).
    """
    state: StrictStr | MISSING = MISSING
    """
    The raw state token as sent; absent when the vendor sent no state.
    """


class JobStatus(HubModel):
    """
    One observation of one job.
    """

    model_config = ConfigDict(
        extra="allow",
        arbitrary_types_allowed=True,
    )
    created_at: StrictStr | MISSING = MISSING
    """
    When the job was created (RFC 3339).
    """
    expiry: JsonNumber | MISSING = MISSING
    """
    The vendor's expiry value as sent (Panoptica expiry, most likely Unix epoch seconds).
    """
    finished_at: StrictStr | MISSING = MISSING
    """
    When the job reached a terminal state (RFC 3339).
    """
    id: StrictStr | MISSING = MISSING
    """
    The job id as a string; source.id_type remembers the JSON type the vendor used.
    """
    links: Links | MISSING = MISSING
    message: StrictStr | None | MISSING = MISSING
    """
    Human-readable status text (Zendesk message, Julep reason); null when the vendor sent null.
    """
    name: StrictStr | MISSING = MISSING
    """
    Name or type of the job (Julep name, Zendesk job_type).
    """
    progress: Progress | MISSING = MISSING
    results: Any | MISSING = MISSING
    """
    Per-item results, passed through untouched (Zendesk results).
    """
    source: Source | MISSING = MISSING
    started_at: StrictStr | MISSING = MISSING
    """
    When the job started executing (RFC 3339).
    """
    state: Annotated[
        Literal["pending", "running", "retrying", "succeeded", "failed", "cancelled", "unknown"],
        Field(title="State"),
    ]
    """
    Fine-grained state. Terminal: succeeded, failed, cancelled. unknown is an unrecognised value or no record, and is non-terminal.
    """
    updated_at: StrictStr | MISSING = MISSING
    """
    When the job record last changed (RFC 3339).
    """


class JobstatusCanonicalJobStatus(RootModel[JobStatus]):
    root: Annotated[JobStatus, Field(title="jobstatus canonical job status")]
    """
    The hub every vendor format converts through. It stores what a vendor sent and derives the rest on read (phase, done, percent from counts); `source` keeps the provenance that makes vendor -> canonical -> same vendor the identity.
    """
