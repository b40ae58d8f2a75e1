# GENERATED FILE - DO NOT EDIT.
# Source: schemas/*.schema.json (sha256 23de31e5094fdb23c1432389d937f26fa12f43bb1e4ca911253e4b16d4c30324)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

"""Every format the schemas define, and the generated model of each wire shape."""

from __future__ import annotations

from typing import Any

from jobstatus._generated.models import julep
from jobstatus._generated.models import panoptica
from jobstatus._generated.models import wistia
from jobstatus._generated.models import zendesk
from jobstatus._generated.models import canonical
from jobstatus._generated.converters import julep as julep_converter
from jobstatus._generated.converters import panoptica as panoptica_converter
from jobstatus._generated.converters import wistia as wistia_converter
from jobstatus._generated.converters import zendesk as zendesk_converter

FORMATS: tuple[str, ...] = ('julep', 'panoptica', 'wistia', 'zendesk', 'canonical')

MODELS: dict[str, dict[str, Any]] = {
    'julep': {
        'object': julep.JobStatus,
    },
    'panoptica': {
        'object': panoptica.BackgroundJobResponse,
    },
    'wistia': {
        'wrapper': wistia.BackgroundJobStatusResponse,
        'object': wistia.BackgroundJobStatus,
    },
    'zendesk': {
        'wrapper': zendesk.JobStatusResponse,
        'list': zendesk.JobStatusesResponse,
        'object': zendesk.JobStatusObject,
    },
    'canonical': {
        'object': canonical.JobStatus,
    },
}

CONVERTERS: dict[str, Any] = {
    'julep': julep_converter,
    'panoptica': panoptica_converter,
    'wistia': wistia_converter,
    'zendesk': zendesk_converter,
}
