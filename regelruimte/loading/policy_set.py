# SPDX-License-Identifier: EUPL-1.2
"""Many policies: every policy file under a directory, loaded together, keyed by id.

Problems of every file are reported together, with those only the whole set shows: versions of
one policy that overlap, and signals that assess another policy that is missing or whose facts
do not fit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .._messages import Text
from ..compiler import compiled_policy
from ..compiler.signals import target_problems
from ..errors import PolicyLoadError, Problem
from ..model.policy import Policy
from .policy import load_policy
from .problems import at
from .strict_yaml import read_regular_file, read_yaml


@dataclass(frozen=True)
class PolicySet(Mapping[str, Policy]):
    """Every policy under a directory, keyed by id (the newest version of each)."""

    by_id: dict[str, tuple[Policy, ...]]

    def __getitem__(self, key: str) -> Policy:
        return self.by_id[key][-1]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.by_id))

    def __len__(self) -> int:
        return len(self.by_id)

    def versions(self, policy_id: str) -> tuple[Policy, ...]:
        """Every version of one policy, oldest first."""
        return self.by_id[policy_id]

    def on(self, day: date) -> dict[str, Policy]:
        """The version of each policy that is valid on ``day`` (policies not valid then are left out)."""
        out = {}
        for pid, versions in sorted(self.by_id.items()):
            valid = [p for p in versions if p.applies_on(day)]
            if valid:
                out[pid] = valid[0]
        return out

    def __repr__(self) -> str:
        return f"<PolicySet {len(self)} policies: {', '.join(self)}>"


def policy_files(directory: str | Path) -> list[Path]:
    """The policy files under ``directory``: every ``*.yaml`` except norm files (``kind: norms``)."""
    root = Path(directory)
    if root.exists() and not root.is_dir():  # a file, or a FIFO or device that loading refuses
        return [root]
    out = []
    for p in sorted(root.rglob("*.yaml")):
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        try:  # a FIFO or a link to a device is kept: loading it refuses it with one problem
            head = read_regular_file(p)[:4096].decode("utf-8", errors="replace")
        except PolicyLoadError:
            out.append(p)
            continue
        if any(line.strip() == "kind: norms" for line in head.splitlines()):
            continue
        out.append(p)
    return out


def load_policies(directory: str | Path | None = None) -> PolicySet:
    """Load every policy under ``directory``; all problems of all files are reported together.

    Args:
        directory: A folder of policy files, or one file. Without it, the regulations bundled
            with regelruimte (:func:`regelruimte.bundled_path`).

    Raises:
        PolicyLoadError: with every problem in every file, and overlapping versions of one id.
    """
    if directory is None:
        from .bundled import bundled_path

        directory = bundled_path("policies")
    problems: list[Problem] = []
    loaded: dict[str, list[Policy]] = {}
    files = policy_files(directory)
    if not files:
        raise PolicyLoadError([Problem.of(str(directory), 1, 1, "-", Text("no-policies"))])
    for path in files:
        try:
            p = load_policy(path)
        except PolicyLoadError as exc:
            problems.extend(exc.problems)
            continue
        loaded.setdefault(p.id, []).append(p)
    for pid, versions in loaded.items():
        versions.sort(key=lambda p: p.valid_from)
        for a, b in zip(versions, versions[1:]):
            if a.valid_until is None or a.valid_until > b.valid_from:
                try:
                    line, col = read_yaml(b.path).locate(("valid_from",))
                except PolicyLoadError:  # pragma: no cover - the file changed since it loaded
                    line, col = 1, 1
                problems.append(Problem.of(b.path, line, col, "valid_from", Text("load-version-overlap", version=b.version, id=repr(pid), other=a.version, path=a.path), "version-overlap"))
    problems += _signal_target_problems(loaded)
    if problems:
        raise PolicyLoadError(problems)
    return PolicySet({pid: tuple(v) for pid, v in loaded.items()})


def _signal_target_problems(loaded: dict[str, list[Policy]]) -> list[Problem]:
    """Signals that assess another policy: it must be in the set and its facts must fit.

    A signal that assesses its own policy is checked when its file loads; one that names another
    policy can only be checked here, with the whole set.
    """
    problems: list[Problem] = []
    by_id = {pid: versions[-1] for pid, versions in loaded.items()}
    for versions in loaded.values():
        for policy in versions:
            issues = target_problems(compiled_policy(policy).signals, policy.id, by_id)
            if not issues:
                continue
            doc = read_yaml(policy.path)
            problems += [at(doc, loc, msg, code) for loc, msg, code in issues]
    return problems
