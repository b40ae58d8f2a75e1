"""Which format a captured HTTP exchange carries, from its method, URL path and status.

The table lists the documented endpoints of each vendor (see the formats reference): polls and
the bulk endpoints that answer with a job status. Routing matches the URL *path* on any host,
because captures go through proxies, regional hosts and self-hosted servers; any prefix before
the documented base path (``/v1``, ``/api``) is allowed for the same reason. Routing only
proposes a format: the linter confirms it by content. On the vendor's own hosts, a body that is
not that format is a ``route-mismatch``; on any other host, such paths are common in other
APIs (``/api/jobs/{uuid}``), and a body that is not the vendor's format is skipped as not
job-status traffic (``documented`` False).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

_UUID = r"[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}"
_SEG = r"[^/]+"
_JSON = r"(?:\.json)?/?"


@dataclass(frozen=True, slots=True)
class Route:
    format: str
    methods: frozenset[str]
    path: re.Pattern[str]
    statuses: frozenset[int] | None = None
    """Statuses that carry a job status; None means every 2xx."""
    query: str | None = None
    """A query parameter (``name=value``) the request must carry."""


def _route(format_id: str, methods: str, path: str, statuses: tuple[int, ...] | None = None,
           query: str | None = None) -> Route:
    return Route(format_id, frozenset(methods.split()), re.compile(rf"^(?:/.*)?{path}$"),
                 frozenset(statuses) if statuses else None, query)


_WISTIA = r"/(?:v1|modern)"
_ZD = r"/api/v2"
_ZD_BULK = r"(?:create_many|create_or_update_many|update_many|destroy_many)"

ROUTES: tuple[Route, ...] = (
    # Panoptica: the poll (200), and the job-creating request, whose 202 carries the status
    # (its 200 is the finished result, not a job status).
    _route("panoptica", "GET", rf"/api/networkMap/queue/{_SEG}/?", (200,)),
    _route("panoptica", "GET", r"/api/networkMap/?", (202,), query="isbackgroundjob=true"),
    # Wistia: the poll, and the bulk media / tagging / folder endpoints.
    _route("wistia", "GET", rf"{_WISTIA}/background_job_status/{_SEG}?{_JSON}"),
    _route("wistia", "PUT", rf"{_WISTIA}/medias/(?:archive|restore|move|copy){_JSON}"),
    _route("wistia", "PUT", rf"{_WISTIA}/medias/{_SEG}/swap{_JSON}"),
    _route("wistia", "POST", rf"{_WISTIA}/medias/{_SEG}/(?:translate|trims){_JSON}"),
    _route("wistia", "POST", rf"{_WISTIA}/medias/import_url{_JSON}"),
    _route("wistia", "POST", rf"{_WISTIA}/taggings/bulk_create{_JSON}"),
    _route("wistia", "DELETE", rf"{_WISTIA}/folders/{_SEG}/subfolders/bulk_delete{_JSON}"),
    _route("wistia", "POST", rf"{_WISTIA}/folders/{_SEG}/copy{_JSON}"),
    # Zendesk: polls (one, list, show_many) and the bulk endpoints answering with a job status.
    _route("zendesk", "GET", rf"{_ZD}/job_statuses(?:/show_many|/{_SEG}?)?{_JSON}"),
    _route("zendesk", "POST PUT DELETE",
           rf"{_ZD}/(?:tickets|users|organizations|organization_memberships|group_memberships"
           rf"|organization_subscriptions)/{_ZD_BULK}{_JSON}"),
    _route("zendesk", "PUT", rf"{_ZD}/tickets/mark_many_as_spam{_JSON}"),
    _route("zendesk", "POST", rf"{_ZD}/tickets/{_SEG}/merge{_JSON}"),
    _route("zendesk", "POST", rf"{_ZD}/imports/tickets/create_many{_JSON}"),
    _route("zendesk", "DELETE", rf"{_ZD}/deleted_tickets/{_SEG}{_JSON}"),
    _route("zendesk", "POST PUT DELETE", rf"{_ZD}/resource_collections(?:/{_SEG})?{_JSON}"),
    _route("zendesk", "POST", rf"{_ZD}/routing/agents/instance_values/job{_JSON}"),
    # Julep: the job poll, under the /api base path.
    _route("julep", "GET", rf"/api/jobs/{_UUID}/?"),
)


# The vendors' hosts (formats reference): Panoptica's securecn / appsecurity.cisco.com, Wistia's
# api.wistia.com, Zendesk's {subdomain}.zendesk.com, Julep's api / dev / api-alpha.julep.ai.
_HOSTS = {
    "panoptica": re.compile(r"(?:[^.]+\.)*cisco\.com"),
    "wistia": re.compile(r"(?:[^.]+\.)*wistia\.com"),
    "zendesk": re.compile(r"(?:[^.]+\.)+zendesk\.com"),
    "julep": re.compile(r"(?:[^.]+\.)*julep\.ai"),
}


@dataclass(frozen=True, slots=True)
class Routing:
    format: str | None
    """The routed format; None when the exchange carries no job status."""
    skip: str | None = None
    """Why not (a short reason, one of a few, so that the summary can count them)."""
    documented: bool = True
    """Whether the host is one of the vendor's (else the body must confirm the format)."""


NOT_JOB_ENDPOINT = "not a job-status endpoint"
NOT_2XX = "non-2xx response"
NOT_JOB_STATUS = "status code carries no job status"
UNCONFIRMED = "vendor path on another host, body not the vendor's"
MALFORMED_URL = "malformed URL"


def _has_parameter(query: str, wanted: str) -> bool:
    """Whether the URL *query* carries the parameter *wanted* (``name=value``, both compared
    without case): a parameter, not a substring (``x=isBackgroundJob=true`` is not one)."""
    name, _, value = wanted.partition("=")
    return any(key.lower() == name and text.lower() == value
               for key, text in parse_qsl(query, keep_blank_values=True))


def route(method: str, url: str, status: int | None) -> Routing:
    """Route one exchange. A failed request (non-2xx) is never a job status: a 404 on a poll
    says nothing about the job, so it is skipped, not reported."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket: no endpoint of ours
        return Routing(None, MALFORMED_URL)
    path = parts.path
    method = method.upper()
    matched = None
    for candidate in ROUTES:
        if method in candidate.methods and candidate.path.match(path):
            if candidate.query is not None and not _has_parameter(parts.query, candidate.query):
                continue
            matched = candidate
            break
    if matched is None:
        return Routing(None, NOT_JOB_ENDPOINT)
    if status is None or not 200 <= status < 300:
        return Routing(None, NOT_2XX)
    if matched.statuses is not None and status not in matched.statuses:
        return Routing(None, NOT_JOB_STATUS)
    host = host.rstrip(".")
    return Routing(matched.format, documented=bool(_HOSTS[matched.format].fullmatch(host)))
