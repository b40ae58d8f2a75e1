# GENERATED FILE - DO NOT EDIT.
# Source: schemas/julep.schema.json (sha256 a70a8178d033e106066f5c67bb4e834f41ac464ff7aa661dd501e9c6535dabd2)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

"""Converters between julep and the canonical hub, from the mapping in its schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobstatus._convert_context import ABSENT, Context
from jobstatus._transforms import TRANSFORMS

FORMAT = 'julep'
STATE_FIELD = 'state'
SHAPES: tuple[tuple[str, str | None], ...] = (('object', None),)
REQUIRED: tuple[str, ...] = ('id', 'name', 'created_at', 'state')
STATE_TO_CANONICAL: dict[str, str] = {'pending': 'pending', 'in_progress': 'running', 'retrying': 'retrying', 'succeeded': 'succeeded', 'failed': 'failed', 'aborted': 'cancelled', 'unknown': 'unknown'}
# canonical state -> (wire value, loss kind or None, reason)
STATE_FROM_CANONICAL: dict[str, tuple[str, str | None, str]] = {
    'pending': ('pending', None, ''),
    'running': ('in_progress', None, ''),
    'retrying': ('retrying', None, ''),
    'succeeded': ('succeeded', None, ''),
    'failed': ('failed', None, ''),
    'cancelled': ('aborted', None, ''),
    'unknown': ('unknown', None, ''),
}
# wire fields kept only in source.extra, with the reason the hub has no place for them
DROPPED: dict[str, str] = {}
# canonical fields this format cannot carry, with the reason
NOT_CARRIED: dict[str, str] = {
    '/results': 'Julep jobs have no per-item results',
    '/started_at': 'Julep has no start timestamp',
    '/finished_at': 'Julep has no finish timestamp',
    '/expiry': 'Julep jobs carry no expiry',
    '/links/monitor': 'Julep jobs carry no polling URL',
    '/links/results': 'Julep jobs carry no results link',
    '/progress/done': 'Julep has no task counts',
    '/progress/total': 'Julep has no task counts',
    '/progress/text': 'Julep has no progress text',
}
# canonical path -> JSON pointer of the wire field that carries it (inside the job)
WIRE_POINTERS: dict[str, str] = {'/id': '/id', '/created_at': '/created_at', '/updated_at': '/updated_at', '/name': '/name', '/message': '/reason', '/progress/supported': '/has_progress', '/progress/percent': '/progress', '/state': '/state'}

_non_null = TRANSFORMS['non_null']
_percent = TRANSFORMS['percent']
_string_id = TRANSFORMS['string_id']


# every wire field this module reads; anything else is kept in source.extra
WIRE_FIELDS = frozenset(['created_at', 'has_progress', 'id', 'name', 'progress', 'reason', 'state', 'updated_at'])


def job_to_canonical(job: Mapping[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The hub fields of one wire job object; raw state and extras go to *source*."""
    hub: dict[str, Any] = {}
    progress: dict[str, Any] = {}
    seen = 0
    value = job.get('id', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['id'] = _string_id.forward(value, source)
    value = job.get('created_at', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['created_at'] = value
    value = job.get('updated_at', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['updated_at'] = value
    value = job.get('name', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['name'] = value
    value = job.get('reason', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['message'] = _non_null.forward(value, source)
    value = job.get('has_progress', ABSENT)
    if value is not ABSENT:
        seen += 1
        progress['supported'] = value
    value = job.get('progress', ABSENT)
    if value is not ABSENT:
        seen += 1
        progress['percent'] = _percent.forward(value, source)
    if progress:
        hub['progress'] = progress
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
    hub = ctx.hub
    progress = hub.get('progress') or {}
    value = _string_id.backward(ctx, '/id')
    if value is not ABSENT:
        out['id'] = value
    value = hub.get('created_at', ABSENT)
    if value is not ABSENT:
        out['created_at'] = value
    value = hub.get('updated_at', ABSENT)
    if value is not ABSENT:
        out['updated_at'] = value
    value = hub.get('name', ABSENT)
    if value is not ABSENT:
        out['name'] = value
    value = _non_null.backward(ctx, '/message')
    if value is not ABSENT:
        out['reason'] = value
    value = progress.get('supported', ABSENT)
    if value is not ABSENT:
        out['has_progress'] = value
    value = _percent.backward(ctx, '/progress/percent')
    if value is not ABSENT:
        out['progress'] = value
    return out
