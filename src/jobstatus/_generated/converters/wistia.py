# GENERATED FILE - DO NOT EDIT.
# Source: schemas/wistia.schema.json (sha256 cfde550f28e10ebbeaf705e5215afae93ca443456c73e607472e7248e2e8a564)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

"""Converters between wistia and the canonical hub, from the mapping in its schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobstatus._convert_context import ABSENT, Context
from jobstatus._transforms import TRANSFORMS

FORMAT = 'wistia'
STATE_FIELD = 'status'
SHAPES: tuple[tuple[str, str | None], ...] = (('wrapper', 'background_job_status'), ('object', None))
REQUIRED: tuple[str, ...] = ('id', 'status')
STATE_TO_CANONICAL: dict[str, str] = {'queued': 'pending', 'started': 'running', 'finished': 'succeeded', 'failed': 'failed'}
# canonical state -> (wire value, loss kind or None, reason)
STATE_FROM_CANONICAL: dict[str, tuple[str, str | None, str]] = {
    'pending': ('queued', None, ''),
    'running': ('started', None, ''),
    'succeeded': ('finished', None, ''),
    'failed': ('failed', None, ''),
    'retrying': ('started', 'collapsed', 'Wistia has no retrying state; the active state keeps clients polling'),
    'cancelled': ('failed', 'collapsed', 'Wistia has no cancelled state; the cancel signal is lost'),
    'unknown': ('queued', 'unmappable', 'Wistia has no unknown state; queued keeps clients polling'),
}
# wire fields kept only in source.extra, with the reason the hub has no place for them
DROPPED: dict[str, str] = {'hashed_id': "the hub has no place for Wistia's hashed id; it is kept in source.extra for a Wistia round trip"}
# canonical fields this format cannot carry, with the reason
NOT_CARRIED: dict[str, str] = {
    '/name': 'Wistia jobs have no name or type field',
    '/message': 'Wistia jobs have no message field',
    '/results': 'Wistia jobs have no per-item results',
    '/created_at': 'Wistia has no creation timestamp',
    '/started_at': 'Wistia has no start timestamp',
    '/finished_at': 'Wistia has no finish timestamp',
    '/updated_at': 'Wistia has no update timestamp',
    '/expiry': 'Wistia jobs carry no expiry',
    '/links/monitor': 'Wistia jobs carry no polling URL',
    '/links/results': 'Wistia jobs carry no results link',
    '/progress/percent': 'Wistia has no percentage',
    '/progress/done': 'Wistia has no task counts',
    '/progress/total': 'Wistia has no task counts',
    '/progress/text': 'Wistia has no progress text',
    '/progress/supported': 'Wistia does not say whether progress is reported',
}
# canonical path -> JSON pointer of the wire field that carries it (inside the job)
WIRE_POINTERS: dict[str, str] = {'/id': '/id', '/state': '/status'}

_integer_id = TRANSFORMS['integer_id']


# every wire field this module reads; anything else is kept in source.extra
WIRE_FIELDS = frozenset(['id', 'status'])


def job_to_canonical(job: Mapping[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The hub fields of one wire job object; raw state and extras go to *source*."""
    hub: dict[str, Any] = {}
    seen = 0
    value = job.get('id', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['id'] = _integer_id.forward(value, source)
    value = job.get(STATE_FIELD, ABSENT)
    if value is not ABSENT:
        seen += 1
        source["state"] = value
    if seen != len(job):
        source["extra"] = {k: v for k, v in job.items() if k not in WIRE_FIELDS}
    return hub


def job_from_canonical(ctx: Context) -> dict[str, Any]:
    """The mapped wire fields of one job (state and extras are added by the caller)."""
    out: dict[str, Any] = {}
    value = _integer_id.backward(ctx, '/id')
    if value is not ABSENT:
        out['id'] = value
    return out
