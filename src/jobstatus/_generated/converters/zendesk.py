# GENERATED FILE - DO NOT EDIT.
# Source: schemas/zendesk.schema.json (sha256 62831772801e72ea10ddb6338209347bfba6a3e0567d4e82e731d85d11dd7dea)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

"""Converters between zendesk and the canonical hub, from the mapping in its schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobstatus._convert_context import ABSENT, Context
from jobstatus._transforms import TRANSFORMS

FORMAT = 'zendesk'
STATE_FIELD = 'status'
SHAPES: tuple[tuple[str, str | None], ...] = (('wrapper', 'job_status'), ('list', 'job_statuses'), ('object', None))
REQUIRED: tuple[str, ...] = ()
STATE_TO_CANONICAL: dict[str, str] = {'queued': 'pending', 'working': 'running', 'completed': 'succeeded', 'failed': 'failed', 'killed': 'cancelled'}
# canonical state -> (wire value, loss kind or None, reason)
STATE_FROM_CANONICAL: dict[str, tuple[str, str | None, str]] = {
    'pending': ('queued', None, ''),
    'running': ('working', None, ''),
    'succeeded': ('completed', None, ''),
    'failed': ('failed', None, ''),
    'cancelled': ('killed', None, ''),
    'retrying': ('working', 'collapsed', 'Zendesk has no retrying state; the active state keeps clients polling'),
    'unknown': ('queued', 'unmappable', 'Zendesk has no unknown state; queued keeps clients polling'),
}
# wire fields kept only in source.extra, with the reason the hub has no place for them
DROPPED: dict[str, str] = {}
# canonical fields this format cannot carry, with the reason
NOT_CARRIED: dict[str, str] = {
    '/created_at': 'Zendesk has no creation timestamp',
    '/started_at': 'Zendesk has no start timestamp',
    '/finished_at': 'Zendesk has no finish timestamp',
    '/updated_at': 'Zendesk has no update timestamp',
    '/expiry': 'Zendesk jobs carry no expiry',
    '/links/results': 'Zendesk jobs carry no results link',
    '/progress/percent': 'Zendesk has no percentage',
    '/progress/text': 'Zendesk has no progress text',
    '/progress/supported': 'Zendesk does not say whether progress is reported',
}
# canonical path -> JSON pointer of the wire field that carries it (inside the job)
WIRE_POINTERS: dict[str, str] = {'/id': '/id', '/name': '/job_type', '/message': '/message', '/progress/done': '/progress', '/progress/total': '/total', '/results': '/results', '/links/monitor': '/url', '/state': '/status'}

_count_done = TRANSFORMS['count_done']
_count_total = TRANSFORMS['count_total']
_string_id = TRANSFORMS['string_id']


# every wire field this module reads; anything else is kept in source.extra
WIRE_FIELDS = frozenset(['id', 'job_type', 'message', 'progress', 'results', 'status', 'total', 'url'])


def job_to_canonical(job: Mapping[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The hub fields of one wire job object; raw state and extras go to *source*."""
    hub: dict[str, Any] = {}
    links: dict[str, Any] = {}
    progress: dict[str, Any] = {}
    seen = 0
    value = job.get('id', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['id'] = _string_id.forward(value, source)
    value = job.get('job_type', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['name'] = value
    value = job.get('message', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['message'] = value
    value = job.get('progress', ABSENT)
    if value is not ABSENT:
        seen += 1
        progress['done'] = _count_done.forward(value, source)
    value = job.get('total', ABSENT)
    if value is not ABSENT:
        seen += 1
        progress['total'] = _count_total.forward(value, source)
    value = job.get('results', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['results'] = value
    value = job.get('url', ABSENT)
    if value is not ABSENT:
        seen += 1
        links['monitor'] = value
    if links:
        hub['links'] = links
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
    links = hub.get('links') or {}
    value = _string_id.backward(ctx, '/id')
    if value is not ABSENT:
        out['id'] = value
    value = hub.get('name', ABSENT)
    if value is not ABSENT:
        out['job_type'] = value
    value = hub.get('message', ABSENT)
    if value is not ABSENT:
        out['message'] = value
    value = _count_done.backward(ctx, '/progress/done')
    if value is not ABSENT:
        out['progress'] = value
    value = _count_total.backward(ctx, '/progress/total')
    if value is not ABSENT:
        out['total'] = value
    value = hub.get('results', ABSENT)
    if value is not ABSENT:
        out['results'] = value
    value = links.get('monitor', ABSENT)
    if value is not ABSENT:
        out['url'] = value
    return out
