# SPDX-License-Identifier: EUPL-1.2
"""Screening an uploaded population (CSV or Parquet): upload, follow the job, download the result.

The upload is the request body itself (``Content-Type: text/csv`` or
``application/vnd.apache.parquet``), streamed to disk chunk by chunk, so a large file never sits in
memory; the size limit holds while it streams. Everything here needs the token (when the service
has one): the population and the result are personal data.
"""

from __future__ import annotations

import pathlib
from datetime import date
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import FileResponse, Response

from ._library import Text
from .handling import json_response, require_token, settings, snapshot
from .jobs import Job, Jobs
from .models import ScreeningJob
from .problems import ProblemError, bad_request, language, not_found, title

router = APIRouter(prefix="/v1", tags=["screenings"], dependencies=[Depends(require_token)])

PARQUET = "application/vnd.apache.parquet"
KINDS = {"text/csv": ".csv", PARQUET: ".parquet", "application/x-parquet": ".parquet"}
JobId = Annotated[str, Path(description="The id of a screening, as its creation returned it.", json_schema_extra={"pattern": "^[0-9a-f]{32}$"})]
SCREENING = "/screenings/{screening_id}"
UPLOAD_BODY = {"requestBody": {"required": True, "description": "The population: one row per person, columns named after the facts.", "content": {
    "text/csv": {"schema": {"type": "string", "format": "binary"}},
    PARQUET: {"schema": {"type": "string", "format": "binary"}},
}}}


def _jobs(request: Request) -> Jobs:
    jobs: Jobs = request.app.state.jobs
    return jobs


def _job(request: Request, job_id: str) -> Job:
    job = _jobs(request).get(job_id)
    if job is None:
        raise not_found("api-no-screening")
    return job


def _view(request: Request, job: Job, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    lang = language(request.headers.get("accept-language"))
    headers = {**(headers or {}), "Content-Language": lang, "Vary": "Accept-Language"}
    return json_response(job.view(_jobs(request).ttl, lang).model_dump_json(by_alias=True), status=status, headers=headers)


@router.post("/screenings", status_code=202, response_model=ScreeningJob, summary="Screen a population", operation_id="createScreening",
             openapi_extra=UPLOAD_BODY)
async def create_screening(request: Request, on: Annotated[date, Query(alias="date", description="The reference date (peildatum), YYYY-MM-DD.")],
                           regulation: Annotated[list[str] | None, Query(description="Screen only these regulations (repeat the key); default: all.")] = None) -> Response:
    """Upload a population and screen it against the regulations valid on ``date``: who is entitled
    but not receiving (non-take-up). Answers 202 with the job; follow its ``_links.self`` until it
    is ``done``, then download ``_links.result``."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    suffix = KINDS.get(ctype)
    if suffix is None:
        raise ProblemError(415, "unsupported-media-type", title(415), Text("api-population-media-type", parquet=PARQUET))
    snap = snapshot(request)
    if regulation:
        unknown = [r for r in regulation if r not in snap.policies]
        if unknown:
            raise bad_request("regulation-unknown", Text("api-regulations-unknown", n=len(unknown)))
        policies = [snap.policies[r] for r in dict.fromkeys(regulation)]
    else:
        policies = [snap.policies[pid] for pid in snap.policies]
    if not any(p.applies_on(on) for p in policies):
        raise ProblemError(422, "no-applicable-version", title(422), Text("api-screen-no-version"))
    jobs = _jobs(request)
    job = jobs.create(on, policies)
    if job is None:
        raise ProblemError(503, "jobs-full", Text("api-title-busy"), Text("api-jobs-full", n=jobs.max_jobs),
                           headers={"Retry-After": "60"})
    target = job.folder / f"population{suffix}"
    try:
        await _receive(request, target, settings(request).read_timeout)
    except BaseException:
        jobs.delete(job.id)
        raise
    jobs.start(job, policies, target)
    return _view(request, job, status=202, headers={"Location": f"/v1/screenings/{job.id}"})


async def _receive(request: Request, target: pathlib.Path, idle: float) -> None:
    """Stream the body to ``target``; a 408 problem when no data arrives for ``idle`` seconds."""
    path = anyio.Path(str(target))
    stream = request.stream().__aiter__()
    async with await anyio.open_file(path, "wb") as out:
        while True:
            try:
                with anyio.fail_after(idle):
                    chunk = await stream.__anext__()
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise ProblemError(408, "timeout", title(408), Text("api-upload-stalled")) from None
            if chunk:
                await out.write(chunk)


@router.get("/screenings/{screening_id}", response_model=ScreeningJob, summary="A screening: status, progress and summary", operation_id="getScreening")
async def get_screening(request: Request, screening_id: JobId) -> Response:
    """The status of a screening, its progress (regulations done), and when done the summary per
    regulation and the link to the result."""
    return _view(request, _job(request, screening_id))


@router.get("/screenings/{screening_id}/result", summary="Download the result of a screening", operation_id="getScreeningResult",
            responses={200: {"description": "Per person and regulation: letter, amount, intent, tension, receives, non-take-up.",
                             "content": {PARQUET: {"schema": {"type": "string", "format": "binary"}}, "text/csv": {"schema": {"type": "string", "format": "binary"}}}}})
async def get_screening_result(request: Request, screening_id: JobId) -> Response:
    """The result file: Parquet by default, CSV with ``Accept: text/csv``. Personal data: delete the
    screening when you have it."""
    job = _job(request, screening_id)
    if job.status != "done":
        raise ProblemError(409, "not-done", title(409), Text("api-not-done"))
    accept = request.headers.get("accept", "")
    if "text/csv" in accept:
        path = job.folder / "result.csv"
        if not path.exists():
            await anyio.to_thread.run_sync(_to_csv, job)
        return FileResponse(path, media_type="text/csv; charset=utf-8", filename=f"screening-{job.id[:8]}.csv")
    if accept and not any(t in accept for t in (PARQUET, "*/*", "application/*")):
        raise ProblemError(406, "not-acceptable", title(406), Text("api-not-acceptable", parquet=PARQUET))
    return FileResponse(job.result, media_type=PARQUET, filename=f"screening-{job.id[:8]}.parquet")


def _to_csv(job: Job) -> None:
    import polars as pl

    frame = pl.read_parquet(job.result)
    if "invalid_facts" in frame.columns:  # CSV holds no lists: "fact1;fact2", as `regelruimte screen` writes it
        frame = frame.with_columns(frame["invalid_facts"].list.join(";"))
    tmp = job.folder / "result.csv.part"
    frame.write_csv(tmp)
    tmp.replace(job.folder / "result.csv")


@router.delete("/screenings/{screening_id}", status_code=204, summary="Delete a screening and its files", operation_id="deleteScreening",
               response_class=Response)
async def delete_screening(request: Request, screening_id: JobId) -> Response:
    """Delete the screening, its result and its files now (they expire on their own, too)."""
    if not _jobs(request).delete(screening_id):
        raise not_found("api-no-screening")
    return Response(status_code=204)

