# SPDX-License-Identifier: EUPL-1.2
"""Reloading the regulations: only on an explicit request (SIGHUP, or POST with the token), swapped
whole, a broken policy file never half-loaded; with several worker processes every worker follows,
and a screening is visible from every worker."""

from __future__ import annotations

import io
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import polars as pl
import pytest
from apiserver import ROOT, TOKEN, Server, start, stop

KW_FILE = Path("nl") / "zuidplas" / "kwijtschelding.yaml"
KW = "kwijtschelding_afvalstoffenheffing"


def _bump(policy_dir: Path, version: str) -> None:
    path = policy_dir / KW_FILE
    text = path.read_text(encoding="utf-8")
    lines = [f'version: "{version}"' if line.startswith("version:") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _version(c: httpx.Client) -> str:
    return str(c.get(f"/v1/regulations/{KW}").json()["version"])


@pytest.fixture
def reloadable(policy_dir: Path, tmp_path: Path) -> Iterator[Server]:
    s = start(tmp_path, str(policy_dir), token=TOKEN)
    try:
        yield s
    finally:
        stop(s)


def test_a_change_on_disk_is_picked_up_only_on_reload(reloadable: Server, policy_dir: Path) -> None:
    with reloadable.client(TOKEN) as c:
        before = c.get("/v1/regulations").headers["regelruimte-policies-sha256"]
        assert _version(c) == "2026.1"
        _bump(policy_dir, "2026.2")
        time.sleep(0.5)
        assert _version(c) == "2026.1"  # not half-way, not on its own
        r = c.post("/v1/regulations/_reload")
        assert r.status_code == 200, r.text
        assert r.json()["reloads"] == 1 and r.json()["sha256"] != before
        assert r.headers["regelruimte-policies-sha256"] == r.json()["sha256"]
        assert _version(c) == "2026.2"
        assessed = c.post(f"/v1/regulations/{KW}/assessments", json={"date": "2026-03-01", "facts": {}})
        assert assessed.headers["regelruimte-policy-version"] == "2026.2"
        assert assessed.json()["provenance"]["policy_version"] == "2026.2"


def test_a_broken_policy_file_keeps_the_regulations_in_use(reloadable: Server, policy_dir: Path) -> None:
    with reloadable.client(TOKEN) as c:
        before = c.get("/v1/regulations").headers["regelruimte-policies-sha256"]
        (policy_dir / KW_FILE).write_text("id: kwijtschelding_afvalstoffenheffing\nversion: [\n", encoding="utf-8")
        r = c.post("/v1/regulations/_reload")
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        assert r.json()["problems"] and "kwijtschelding.yaml" in r.json()["problems"][0]
        after = c.get("/v1/regulations")
        assert after.headers["regelruimte-policies-sha256"] == before and len(after.json()["regulations"]) == 9
        assert _version(c) == "2026.1"


def test_sighup_reloads(reloadable: Server, policy_dir: Path) -> None:
    _bump(policy_dir, "2026.3")
    reloadable.signal(signal.SIGHUP)
    with reloadable.client() as c:
        deadline = time.monotonic() + 30
        while _version(c) != "2026.3":
            assert time.monotonic() < deadline, "SIGHUP did not reload in 30 s"
            time.sleep(0.1)
    assert reloadable.proc.poll() is None  # reloaded, not restarted or stopped
    assert "SIGHUP: reloaded" in reloadable.log_text()


def test_several_workers_follow_a_reload_and_share_screenings(policy_dir: Path, tmp_path: Path) -> None:
    s = start(tmp_path, str(policy_dir), "--workers", "2", token=TOKEN)
    try:
        with s.client(TOKEN) as c:
            _bump(policy_dir, "2026.4")
            assert c.post("/v1/regulations/_reload").status_code == 200
            deadline = time.monotonic() + 30
            while True:  # every worker follows within a second or so
                versions = set()
                for _ in range(20):
                    with s.client() as fresh:
                        versions.add(_version(fresh))
                if versions == {"2026.4"}:
                    break
                assert time.monotonic() < deadline, f"the workers did not all reload: {versions}"
                time.sleep(0.2)
            buffer = io.BytesIO()
            pl.read_parquet(ROOT / "examples" / "demo_city.parquet").head(50).write_parquet(buffer)
            r = c.post("/v1/screenings", params={"date": "2026-03-01"}, content=buffer.getvalue(), headers={"content-type": "application/vnd.apache.parquet"})
            assert r.status_code == 202
            location = r.headers["location"]
            deadline = time.monotonic() + 60
            while True:
                answers = []
                for _ in range(10):
                    with s.client(TOKEN) as fresh:
                        answers.append(fresh.get(location))
                assert all(a.status_code == 200 for a in answers)  # every worker knows the job
                if all(a.json()["status"] == "done" for a in answers):
                    break
                assert time.monotonic() < deadline
                time.sleep(0.2)
            s.signal(signal.SIGHUP)  # to the main process: every worker reloads, none restarts
            time.sleep(1.5)
            assert s.proc.poll() is None
            assert c.get(location).status_code == 200
    finally:
        stop(s)
    assert "every worker reloads" in s.log_text()
