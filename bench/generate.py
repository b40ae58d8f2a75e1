"""A deterministic JSONL capture of job-status polls: the four vendor formats mixed.

Jobs run concurrently: a pool of live jobs is polled in random order, each job goes through its
states with monotone progress (pending, running, sometimes retrying, a terminal state), and a
finished job is replaced by a new one, so that the polls of one job are spread over the file as
in a real poll log. A fixed share of payloads is made invalid (a wrong type, a missing required
field, a malformed uuid); those are known by line, for the differential check.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

FORMATS = ("julep", "zendesk", "wistia", "panoptica")
POLLS_PER_JOB = 25
LIVE_JOBS = 400
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Job:
    format: str
    id: Any
    plan: list[tuple[str, int]]
    """(canonical state, percent done) of each poll, in order."""
    created: datetime
    total: int
    step: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _plan(rng: random.Random, fmt: str, polls: int) -> list[tuple[str, int]]:
    pending = rng.randint(1, 3)
    active = max(1, polls - pending - 1)
    terminal = rng.choices(["succeeded", "failed", "cancelled"], [90, 7, 3])[0]
    if fmt in ("wistia", "panoptica") and terminal == "cancelled":
        terminal = "failed"  # neither has a cancelled state
    plan = [("pending", 0)] * pending
    retry_at = rng.randrange(active) if fmt == "julep" and rng.random() < 0.15 else -1
    percent = 0
    for index in range(active):
        if index == retry_at:
            percent = rng.randint(0, percent)  # a new attempt may start lower
            plan.append(("retrying", percent))
            continue
        percent = min(100, percent + rng.randint(0, 8))
        plan.append(("running", percent))
    plan.append((terminal, 100 if terminal == "succeeded" else percent))
    return plan


_JULEP = {"pending": "pending", "running": "in_progress", "retrying": "retrying",
          "succeeded": "succeeded", "failed": "failed", "cancelled": "aborted"}
_ZENDESK = {"pending": "queued", "running": "working", "succeeded": "completed",
            "failed": "failed", "cancelled": "killed"}
_WISTIA = {"pending": "queued", "running": "started", "succeeded": "finished", "failed": "failed"}
_PANOPTICA = {"pending": "NEW", "running": "PROCESSING", "succeeded": "DONE", "failed": "FAILED"}


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def _payload(job: Job, state: str, percent: int, now: datetime) -> dict[str, Any]:
    if job.format == "julep":
        return {"id": job.id, "name": "EmbedDocsWorkflow", "created_at": _stamp(job.created),
                "updated_at": _stamp(now), "state": _JULEP[state], "has_progress": True,
                "progress": percent, "reason": f"Execution status: {_JULEP[state]}"}
    if job.format == "zendesk":
        done = None if state == "pending" else job.total * percent // 100
        body: dict[str, Any] = {
            "id": job.id, "job_type": "Bulk Create Ticket",
            "url": f"https://example.zendesk.com/api/v2/job_statuses/{job.id}.json",
            "total": job.total, "progress": done, "status": _ZENDESK[state],
            "message": None if state == "pending" else f"{_ZENDESK[state]} {done}/{job.total}",
            "results": None,
        }
        if state == "succeeded":
            body["results"] = [{"index": i, "id": 4000 + i, "action": "create",
                                "status": "Created", "success": True}
                               for i in range(min(job.total, 3))]
        return {"job_status": body}
    if job.format == "wistia":
        return {"background_job_status": {"id": job.id, "status": _WISTIA[state],
                                          "hashed_id": job.extra["hashed_id"]}}
    return {"requestId": job.id, "path": f"/networkMap/results/{job.id}",
            "state": _PANOPTICA[state], "progress": f"{percent}%",
            "expiry": int((job.created + timedelta(days=1)).timestamp())}


def _break(rng: random.Random, fmt: str, payload: dict[str, Any]) -> None:
    """Make *payload* invalid as its format, in a way its format is still recognisable."""
    kind = rng.randrange(3)
    if fmt == "julep":
        if kind == 0:
            del payload["name"]
        elif kind == 1:
            payload["progress"] = str(payload["progress"])
        else:
            payload["created_at"] = "yesterday"
    elif fmt == "zendesk":
        body = payload["job_status"]
        if kind == 0:
            body["progress"] = "half"
        elif kind == 1:
            body["total"] = -0.5
        else:
            body["id"] = 12345
    elif fmt == "wistia":
        body = payload["background_job_status"]
        if kind == 2:
            body["hashed_id"] = 7
        else:
            body["id"] = str(body["id"])
    elif kind == 0:
        payload["requestId"] = "not-a-uuid"
    elif kind == 1:
        payload["expiry"] = "tomorrow"
    else:
        payload["progress"] = 42


def _new_job(rng: random.Random, serial: int, now: datetime) -> Job:
    fmt = FORMATS[serial % len(FORMATS)]
    polls = max(3, int(rng.gauss(POLLS_PER_JOB, 6)))
    if fmt == "wistia":
        job_id: Any = 100_000 + serial
    elif fmt == "zendesk":
        job_id = "V3-" + uuid.UUID(int=rng.getrandbits(128)).hex
    else:
        job_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    job = Job(fmt, job_id, _plan(rng, fmt, polls), now, rng.randint(1, 500))
    if fmt == "wistia":
        job.extra["hashed_id"] = f"{rng.getrandbits(40):010x}"
    return job


def polls(lines: int, seed: int = 20260101, invalid: float = 0.05, live_jobs: int = LIVE_JOBS
          ) -> Iterator[tuple[bytes, str, bool]]:
    """``lines`` JSONL lines (without newline), each with its format and whether it is valid.
    *live_jobs* jobs are polled at a time (fewer: each job's polls come closer together)."""
    rng = random.Random(seed)
    now = EPOCH
    serial = 0
    live: list[Job] = []
    for _ in range(lines):
        while len(live) < live_jobs:
            live.append(_new_job(rng, serial, now))
            serial += 1
        now += timedelta(milliseconds=rng.randint(1, 40))
        index = rng.randrange(len(live))
        job = live[index]
        state, percent = job.plan[job.step]
        job.step += 1
        if job.step == len(job.plan):
            live[index] = live[-1]
            live.pop()
        payload = _payload(job, state, percent, now)
        # A broken retry would hide the new attempt from the sequence checks (rightly so).
        valid = rng.random() >= invalid or state == "retrying"
        if not valid:
            _break(rng, job.format, payload)
        yield orjson.dumps(payload), job.format, valid


def write(path: str, lines: int, seed: int = 20260101) -> list[str]:
    """Write the capture to *path*; return each line's format (index = line number - 1) with a
    ``!`` appended for the lines made invalid."""
    truth = []
    with open(path, "wb") as out:
        for line, fmt, valid in polls(lines, seed):
            out.write(line + b"\n")
            truth.append(fmt if valid else fmt + "!")
    return truth
