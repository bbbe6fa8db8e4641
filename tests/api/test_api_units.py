# SPDX-License-Identifier: EUPL-1.2
"""Parts of the HTTP API that a running server cannot show on demand: the time limit of a library
call, and the limits of the thread pool behind it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import anyio
import pytest

from regelruimte.api.handling import compute
from regelruimte.api.problems import ProblemError
from regelruimte.api.settings import Settings


def _request(executor: ThreadPoolExecutor, timeout: float) -> Any:
    """The little of a request that ``compute`` reads."""
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(executor=executor, settings=Settings(compute_timeout=timeout))))


def test_a_call_over_the_time_limit_is_a_503_and_keeps_its_thread() -> None:
    release = threading.Event()
    started = threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "late"

    with ThreadPoolExecutor(1) as pool:
        request = _request(pool, 0.2)
        with pytest.raises(ProblemError) as info:
            anyio.run(compute, request, slow)
        assert info.value.status == 503 and info.value.problem().status == 503 and info.value.headers["Retry-After"] == "1"
        assert started.is_set()
        # the one thread is still busy with the slow call: a quick call queued behind it times out
        # too, and is dropped from the queue (it never runs)
        ran = threading.Event()
        with pytest.raises(ProblemError):
            anyio.run(compute, request, ran.set)
        release.set()
        time.sleep(0.2)
        assert not ran.is_set()
        assert anyio.run(compute, request, lambda: "on time") == "on time"


@pytest.mark.parametrize(("accept", "lang"), [
    (None, "en"), ("", "en"), ("nl", "nl"), ("nl-NL,nl;q=0.9,en;q=0.8", "nl"), ("en;q=0.5, nl;q=0.6", "nl"), ("en, nl", "en"),
    ("nl;q=0", "en"), ("nl;q=1.0", "nl"), ("nl;q=0.001", "nl"), ("en;q=0.3, nl;q=0.301", "nl"),
    ("nl;q=nan", "en"), ("nl;q=inf", "en"), ("nl;q=1.5", "en"), ("nl;q=-1", "en"), ("nl;q=1e0", "en"), ("nl;q=.5", "en"), ("nl;q=", "en"),
    ("fr, de;q=0.9", "en"),
])
def test_the_language_of_a_problem_follows_the_weights_of_accept_language(accept: str | None, lang: str) -> None:
    """RFC 9110 section 12.5.4 weights (0 to 1, at most three decimals), exact (no binary floats);
    a weight that is not one weighs nothing; English when nl is not preferred."""
    from regelruimte.api.problems import language

    assert language(accept) == lang
