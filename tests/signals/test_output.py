# SPDX-License-Identifier: EUPL-1.2
"""What a signals run reports (issue 13, item 10): a household too large for one engine session is
refused in every format with its record range and exit 1; the JSON is streamed in flat memory and
holds no wall time; the terminal output lists the refused records."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("durable.engine", reason="durable-rules==2.0.28 is needed for signals")

from rich.console import Console  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import regelruimte as rr  # noqa: E402
import regelruimte.signalling as signalling  # noqa: E402
from regelruimte.cli import app  # noqa: E402
from regelruimte.render import signals_views as views  # noqa: E402
from regelruimte.signalling import run as run_module  # noqa: E402
from regelruimte.signalling import signals  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "signaaltest.yaml"
POLICY = rr.load_policy(FIXTURE)
LABEL = f"{POLICY.id}@{POLICY.version}"
DAY = "2026-03-31"
BIG = "Canary Testpersoon 999999990"  # a household id that must not appear without --show-ids


def melding(household: str, day: str = "2026-01-01") -> dict[str, Any]:
    return {"household": household, "date": day, "type": "melding", "soort": "a"}


def log_with_a_big_household() -> list[dict[str, Any]]:
    """Records 1-2: household A; 3-1002: the big one (1,000 events); 1003: household z."""
    return [melding("A"), melding("A", "2026-01-02"), *[melding(BIG)] * 1_000, melding("z")]


def write_csv(path: Path, records: list[dict[str, Any]]) -> Path:
    columns = ["household", "date", "type", "soort", "bedrag"]
    lines = [",".join(columns)] + [",".join(str(r.get(c, "")) for c in columns) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_json(*args: Any, **kwargs: Any) -> Any:
    from regelruimte.signalling.streaming import write_json as write  # imported here: main had no such module

    return write(*args, **kwargs)


def invoke(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "200"})


# -- a household over the session limit ----------------------------------------------------------


def test_a_household_over_the_session_limit_is_refused_with_its_record_range() -> None:
    result = signals([POLICY], log_with_a_big_household(), date=DAY, workers=0)
    (refused,) = result.refused_households
    assert (refused.first_record, refused.last_record, refused.events, refused.policies) == (3, 1002, 1_000, [LABEL])
    assert refused.household == BIG and BIG not in repr(refused)
    assert result.summary.too_large == 1 and result.has_refusals
    assert sorted(h.household for h in result.households) == ["A", "z"]  # the others still run
    assert BIG not in result.to_json() and '"first_record": 3' in result.to_json()


def test_a_household_too_large_to_hold_is_refused_for_every_policy() -> None:
    huge = [melding(BIG)] * (run_module.MAX_EVENTS_PER_HOUSEHOLD + 1)
    result = signals([POLICY], [melding("A"), *huge], date=DAY, workers=0)
    (refused,) = result.refused_households
    assert (refused.first_record, refused.last_record, refused.events, refused.policies) == (2, len(huge) + 1, len(huge), [LABEL])


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown", "html"])
def test_a_refused_household_shows_in_every_format_with_exit_1(tmp_path: Path, fmt: str) -> None:
    events = write_csv(tmp_path / "events.csv", log_with_a_big_household())
    result = invoke("signals", FIXTURE, "--events", events, "--date", DAY, "--format", fmt, "--workers", "0")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert BIG not in out
    if fmt == "json":
        (refused,) = json.loads(out)["refused_households"]
        assert (refused["first_record"], refused["last_record"], refused["policies"]) == (3, 1002, [LABEL])
    else:
        assert "3–1002" in out and LABEL in out and "1 huishoudens geweigerd" in out


# -- JSON: streamed, canonical --------------------------------------------------------------------


def test_json_is_streamed_household_by_household_with_the_same_bytes() -> None:
    records = [melding(f"h{n:03d}") for n in range(30)] + [{"household": "h999", "date": "2026-13-01", "type": "melding", "soort": "a"}]
    out = io.StringIO()
    written_before: list[int] = []

    def seen(_: Any) -> None:  # called after each household is written
        written_before.append(out.getvalue().count('"household_ref"'))

    streamed = write_json(out, [POLICY], records, date=DAY, on_household=seen, workers=0)
    whole = signals([POLICY], records, date=DAY, workers=0)
    assert out.getvalue() == whole.to_json() + "\n"
    assert len(whole.households) == 30 and streamed.households == []  # nothing kept in memory
    assert written_before == list(range(1, 31))  # each household was out before the run went on


def test_json_of_no_household_is_the_same_bytes_too() -> None:
    out = io.StringIO()
    write_json(out, [POLICY], [], date=DAY, workers=0)
    assert out.getvalue() == signals([POLICY], [], date=DAY, workers=0).to_json() + "\n"


def test_the_command_streams_json_without_keeping_households(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = signalling.signals
    calls: list[dict[str, Any]] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(signalling, "signals", spy)
    events = write_csv(tmp_path / "events.csv", [melding("a"), melding("b")])
    target = tmp_path / "out.json"
    result = invoke("signals", FIXTURE, "--events", events, "--date", DAY, "--format", "json", "--workers", "0", "--output", target)
    assert result.exit_code == 0, result.output
    assert [c.get("keep", True) for c in calls] == [False] and calls[0]["on_household"] is not None
    assert len(json.loads(target.read_text(encoding="utf-8"))["households"]) == 2


def test_canonical_output_holds_no_wall_time_or_worker_count(tmp_path: Path) -> None:
    records = [melding("a"), melding("b")]
    first = signals([POLICY], records, date=DAY, workers=0)
    second = signals([POLICY], records, date=DAY, workers=1)
    assert first.to_json() == second.to_json()
    assert "seconds" not in first.to_json() and "workers" not in first.to_json()
    assert first.seconds >= 0 and second.workers == 1  # kept beside the result, for the caller
    events = write_csv(tmp_path / "events.csv", records)
    result = invoke("signals", FIXTURE, "--events", events, "--date", DAY, "--format", "json", "--workers", "0")
    assert "seconds" not in result.stdout and result.stderr.rstrip().endswith(" s")  # the timing is on stderr


# -- the terminal lists refused records -----------------------------------------------------------


def test_the_terminal_output_lists_the_refused_records_as_ranges() -> None:
    bad = {"household": "a", "date": "2026-02-30", "type": "melding", "soort": "a"}
    records = [melding("a"), bad, bad, bad, melding("a"), melding("b"), {**bad, "household": "b"}]
    result = signals([POLICY], records, date=DAY, workers=0)
    assert result.summary.refused_records == 4
    console = Console(file=io.StringIO(), width=200, no_color=True)
    console.print(views.rich_view(result, "nl"))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "2–4, 7" in text and "date" in text
    assert "2026-02-30" not in text  # never the value


def test_record_ranges() -> None:
    assert views.record_ranges([7, 2, 3, 4, 9, 10, 3]) == "2–4, 7, 9–10"
    assert views.record_ranges([]) == ""
