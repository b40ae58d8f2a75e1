# GENERATED FILE - DO NOT EDIT.
# Source: schemas/panoptica.schema.json (sha256 8bab82f5f859ae0c3e2a31bbd52c6fb0a05b21f539406240858f03eab3127842)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

"""Converters between panoptica and the canonical hub, from the mapping in its schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobstatus._convert_context import ABSENT, Context
from jobstatus._transforms import TRANSFORMS

FORMAT = 'panoptica'
STATE_FIELD = 'state'
SHAPES: tuple[tuple[str, str | None], ...] = (('object', None),)
REQUIRED: tuple[str, ...] = ()
STATE_TO_CANONICAL: dict[str, str] = {'NEW': 'pending', 'PROCESSING': 'running', 'DONE': 'succeeded', 'FAILED': 'failed', 'NONE': 'unknown'}
# canonical state -> (wire value, loss kind or None, reason)
STATE_FROM_CANONICAL: dict[str, tuple[str, str | None, str]] = {
    'pending': ('NEW', None, ''),
    'running': ('PROCESSING', None, ''),
    'succeeded': ('DONE', None, ''),
    'failed': ('FAILED', None, ''),
    'unknown': ('NONE', None, ''),
    'retrying': ('PROCESSING', 'collapsed', 'Panoptica has no retrying state; the active state keeps clients polling'),
    'cancelled': ('FAILED', 'collapsed', 'Panoptica has no cancelled state (cancelling is a DELETE); the cancel signal is lost'),
}
# wire fields kept only in source.extra, with the reason the hub has no place for them
DROPPED: dict[str, str] = {}
# canonical fields this format cannot carry, with the reason
NOT_CARRIED: dict[str, str] = {
    '/name': 'Panoptica jobs have no name or type field',
    '/message': 'Panoptica jobs have no message field',
    '/results': 'Panoptica jobs have no per-item results',
    '/created_at': 'Panoptica has no creation timestamp',
    '/started_at': 'Panoptica has no start timestamp',
    '/finished_at': 'Panoptica has no finish timestamp',
    '/updated_at': 'Panoptica has no update timestamp',
    '/links/monitor': 'Panoptica jobs carry no polling URL',
    '/progress/percent': 'Panoptica has no percentage',
    '/progress/done': 'Panoptica has no task counts',
    '/progress/total': 'Panoptica has no task counts',
    '/progress/supported': 'Panoptica does not say whether progress is reported',
}
# canonical path -> JSON pointer of the wire field that carries it (inside the job)
WIRE_POINTERS: dict[str, str] = {'/id': '/requestId', '/links/results': '/path', '/progress/text': '/progress', '/expiry': '/expiry', '/state': '/state'}

_progress_text = TRANSFORMS['progress_text']
_string_id = TRANSFORMS['string_id']


# every wire field this module reads; anything else is kept in source.extra
WIRE_FIELDS = frozenset(['expiry', 'path', 'progress', 'requestId', 'state'])


def job_to_canonical(job: Mapping[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The hub fields of one wire job object; raw state and extras go to *source*."""
    hub: dict[str, Any] = {}
    links: dict[str, Any] = {}
    progress: dict[str, Any] = {}
    seen = 0
    value = job.get('requestId', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['id'] = _string_id.forward(value, source)
    value = job.get('path', ABSENT)
    if value is not ABSENT:
        seen += 1
        links['results'] = value
    value = job.get('progress', ABSENT)
    if value is not ABSENT:
        seen += 1
        progress['text'] = _progress_text.forward(value, source)
    value = job.get('expiry', ABSENT)
    if value is not ABSENT:
        seen += 1
        hub['expiry'] = value
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
        out['requestId'] = value
    value = links.get('results', ABSENT)
    if value is not ABSENT:
        out['path'] = value
    value = _progress_text.backward(ctx, '/progress/text')
    if value is not ABSENT:
        out['progress'] = value
    value = hub.get('expiry', ABSENT)
    if value is not ABSENT:
        out['expiry'] = value
    return out
