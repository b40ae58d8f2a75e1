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


def job_to_canonical(job: Mapping[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The hub fields of one wire job object; raw state and extras go to *source*."""
    hub: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in job.items():
        if key == 'id':
            hub['id'] = _string_id.forward(value, source)
        elif key == 'job_type':
            hub['name'] = value
        elif key == 'message':
            hub['message'] = value
        elif key == 'progress':
            hub.setdefault('progress', {})['done'] = _count_done.forward(value, source)
        elif key == 'total':
            hub.setdefault('progress', {})['total'] = _count_total.forward(value, source)
        elif key == 'results':
            hub['results'] = value
        elif key == 'url':
            hub.setdefault('links', {})['monitor'] = value
        elif key == STATE_FIELD:
            source["state"] = value
        else:
            extra[key] = value
    if extra:
        source["extra"] = extra
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
