# SPDX-License-Identifier: EUPL-1.2
"""Screening jobs: an uploaded population screened in the background.

A job is a folder in the service's private run directory (mode 0700): ``job.json`` (its status,
written whole with a rename, so a reader never sees half of it), the uploaded population while it
is read, and the result. Any worker process of the service can answer for any job; the worker that
received the upload runs it (one at a time per worker: a screening already uses every core).

A population file is personal data, and so is the result. The upload is deleted as soon as the
screening has read it; the result when the job is deleted, when it expires (``job_ttl`` after it
finished) and when the service stops. Job ids are random (128 bits), so one caller cannot guess
another's job. At most ``max_jobs`` are kept at once.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import regelruimte as rr

from ._library import LANGUAGES, Text
from .models import Link, Links, Progress, ScreeningJob, ScreeningRow

log = logging.getLogger("regelruimte.api")
JOB_ID = re.compile(r"[0-9a-f]{32}")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Job:
    """One job, as read from (and written to) its folder."""

    def __init__(self, folder: Path, data: dict[str, Any]) -> None:
        self.folder = folder
        self.data = data

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def status(self) -> str:
        return str(self.data["status"])

    @property
    def result(self) -> Path:
        return self.folder / "result.parquet"

    def save(self) -> None:
        tmp = self.folder / f"job.json.{os.getpid()}.part"
        tmp.write_text(json.dumps(self.data), encoding="utf-8")
        tmp.replace(self.folder / "job.json")

    def finished_at(self) -> datetime | None:
        value = self.data.get("finished_at")
        return datetime.fromisoformat(value) if value else None

    def view(self, ttl: float, lang: str = "en") -> ScreeningJob:
        """The job as the API shows it; a failed job's problem in ``lang`` (``nl`` or ``en``)."""
        d = self.data
        problem = d.get("problem")
        if isinstance(problem, dict) and lang in problem:  # kept in both languages
            problem = problem[lang]
        base = f"/v1/screenings/{self.id}"
        finished = self.finished_at()
        return ScreeningJob(id=self.id, status=d["status"], reference_date=date.fromisoformat(d["reference_date"]), regulations=d["regulations"],
                            progress=Progress(regulations_done=d["done"], regulations_total=d["total"]),
                            created_at=datetime.fromisoformat(d["created_at"]), finished_at=finished,
                            expires_at=finished + timedelta(seconds=ttl) if finished is not None else None, persons=d.get("persons"),
                            summary=[ScreeningRow(**row) for row in d["summary"]] if d.get("summary") is not None else None, problem=problem,
                            links=Links(self=Link(href=base), result=Link(href=base + "/result") if d["status"] == "done" else None))


class Jobs:
    def __init__(self, root: Path, max_jobs: int, ttl: float) -> None:
        self.root = root
        self.max_jobs = max_jobs
        self.ttl = ttl
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regelruimte-screening")
        self._mine: set[str] = set()

    def create(self, reference_date: date, policies: list[rr.Policy]) -> Job | None:
        """A new job with its folder, or None when ``max_jobs`` are kept already."""
        self.sweep()
        if sum(1 for p in self.root.iterdir() if p.is_dir()) >= self.max_jobs:
            return None
        job_id = secrets.token_hex(16)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        job = Job(folder, {"id": job_id, "status": "queued", "reference_date": reference_date.isoformat(), "regulations": [p.id for p in policies],
                           "total": sum(1 for p in policies if p.applies_on(reference_date)), "done": 0, "created_at": _now().isoformat(),
                           "finished_at": None, "persons": None, "summary": None, "problem": None, "pid": os.getpid()})
        job.save()
        return job

    def start(self, job: Job, policies: list[rr.Policy], population: Path) -> None:
        self._mine.add(job.id)
        self._executor.submit(self._run, job, policies, population)

    def get(self, job_id: str) -> Job | None:
        if not JOB_ID.fullmatch(job_id):
            return None
        self.sweep()
        job = self._read(self.root / job_id)
        if job is not None and job.status in ("queued", "running") and not _alive(job.data.get("pid")):
            job.data.update(status="failed", finished_at=_now().isoformat(), problem=_problem("interrupted", Text("api-title-interrupted"), Text("api-interrupted")))
            _quietly(job.save)
        return job

    def delete(self, job_id: str) -> bool:
        if not JOB_ID.fullmatch(job_id) or not (self.root / job_id).is_dir():
            return False
        shutil.rmtree(self.root / job_id, ignore_errors=True)
        return True

    def sweep(self) -> None:
        """Delete the jobs whose result has expired."""
        cutoff = _now() - timedelta(seconds=self.ttl)
        for folder in self.root.iterdir():
            job = self._read(folder)
            finished = job.finished_at() if job is not None else None
            if finished is not None and finished <= cutoff:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Stop: wait for a running screening, drop this process's queued ones and their files."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        for job_id in self._mine:
            job = self._read(self.root / job_id)
            if job is not None and job.status in ("queued", "running"):
                self.delete(job_id)

    @staticmethod
    def _read(folder: Path) -> Job | None:
        try:
            return Job(folder, json.loads((folder / "job.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None

    def _run(self, job: Job, policies: list[rr.Policy], population: Path) -> None:
        if not job.folder.is_dir():  # deleted while queued
            return
        job.data["status"] = "running"
        _quietly(job.save)

        def step(_policy_id: str) -> None:
            job.data["done"] += 1
            _quietly(job.save)

        try:
            result = rr.screen(policies, population, date=date.fromisoformat(job.data["reference_date"]), progress=step)
            result.frame.write_parquet(job.result)
            rows = result.summary.with_columns(result.summary["policy"].cast(str)).to_dicts()
            job.data.update(status="done", persons=result.persons, summary=[ScreeningRow(**row).model_dump(mode="json") for row in rows])
        except rr.ScreeningError as exc:  # names columns, row numbers and counts, never values
            job.data.update(status="failed", problem=_problem("population-invalid", Text("api-title-population-invalid"), exc))
        except Exception as exc:  # noqa: BLE001 - polars' own errors quote the data: only their kind
            log.warning("screening %s failed: %s", job.id[:8], type(exc).__name__)
            # polars says only "invalid utf-8 sequence" of a file in another encoding (Dutch Excel's plain "CSV")
            detail = Text("api-population-not-utf8") if "utf-8" in str(exc).lower() else Text("api-population-unreadable", kind=type(exc).__name__)
            job.data.update(status="failed", problem=_problem("population-unreadable", Text("api-title-population-unreadable"), detail))
        finally:
            population.unlink(missing_ok=True)
            job.data["finished_at"] = _now().isoformat()
            if job.folder.is_dir():
                _quietly(job.save)


def _problem(code: str, title: Text, detail: Text | rr.RegelruimteError) -> dict[str, Any]:
    """The problem of a failed job, kept in both languages (the job is shown later, in the language of that request)."""
    status = 400 if code != "interrupted" else 500
    return {lang: {"type": f"urn:regelruimte:problem:{code}", "title": title.render(lang), "status": status,
                   "detail": detail.message(lang) if isinstance(detail, rr.RegelruimteError) else detail.render(lang)} for lang in LANGUAGES}


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    return True


def _quietly(fn: Any) -> None:
    """Write a job's status; a job deleted meanwhile has no folder to write to, and that is fine."""
    try:
        fn()
    except OSError:
        pass
