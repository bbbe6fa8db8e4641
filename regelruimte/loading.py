# SPDX-License-Identifier: EUPL-1.2
"""Load policy files: YAML to a validated, compiled :class:`~regelruimte.policy.Policy`.

Every problem is reported at once, each as ``path:line:col  field  message  [code]``: YAML
hazards, schema violations, and semantic errors (an unknown source id, a rule serving an
unknown purpose, a control verifying an unknown fact, a derived value that depends on itself,
overlapping versions, example tests with wrong facts, expressions that do not parse or type-check).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ._yaml import YamlDocument, read_yaml
from .compiled import CompiledPolicy, compile_policy
from .errors import CaseError, PolicyLoadError, Problem
from .policy import Norms, Parameter, Policy, Source


def load_policy(path: str | Path) -> Policy:
    """Load and check one policy file.

    Args:
        path: A ``.yaml`` policy file.

    Returns:
        The validated policy, with every condition parsed, type-checked and compiled.

    Raises:
        PolicyLoadError: with every problem found, each naming file, line, column and field.

    Example:
        >>> import regelruimte as rr
        >>> p = rr.load_policy("policies/nl/zuidplas/kwijtschelding.yaml")  # doctest: +SKIP
    """
    return _load(Path(path))


def _load(path: Path) -> Policy:
    doc = read_yaml(path)
    data = doc.data
    if not isinstance(data, dict):
        raise PolicyLoadError([Problem(doc.path, 1, 1, "-", "a policy file is a mapping of keys to values", "policy-not-mapping")])
    if data.get("kind") == "norms":
        raise PolicyLoadError([Problem(doc.path, *doc.locate(("kind",)), "kind", "this is a norm file; policies refer to it with 'uses'", "policy-is-norms")])
    problems: list[Problem] = []
    shared_sources: list[Source] = []
    shared_params: dict[str, Parameter] = {}
    digest = hashlib.sha256()
    digest.update(path.read_bytes())
    for i, rel in enumerate(data.get("uses") or [] if isinstance(data.get("uses"), list) else []):
        norms = _load_norms(path, rel, doc, ("uses", i), problems)
        if norms is not None:
            norms_obj, norms_path = norms
            digest.update(norms_path.read_bytes())
            shared_sources.extend(norms_obj.sources)
            for name, param in norms_obj.parameters.items():
                if name in shared_params:
                    problems.append(_at(doc, ("uses", i), f"parameter {name!r} is defined in two norm files", "norms-collision"))
                shared_params[name] = param
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems += _pydantic_problems(doc, exc)
        repaired = _without_unknown_keys(data, exc)
        if repaired is None:
            raise PolicyLoadError(problems) from None
        # Only unknown keys were wrong: check the rest too, so every problem is reported at once.
        policy = repaired
    policy._path = str(path)
    policy._shared_sources = tuple(shared_sources)
    policy._shared_parameters = shared_params
    policy._sha256 = digest.hexdigest()
    semantic = _semantic_problems(policy, doc)
    problems += semantic
    compiled, issues = compile_policy(policy)
    problems += [_at(doc, loc, msg, code) for loc, msg, code in issues]
    if compiled is not None and not any(p.code == "unknown-test" for p in semantic):
        problems += _test_problems(policy, compiled, doc)
    if problems:
        raise PolicyLoadError(problems)
    policy._compiled = compiled
    return policy


def _without_unknown_keys(data: dict[str, Any], exc: ValidationError) -> Policy | None:
    """The policy with its unknown keys removed, when those were its only structural errors."""
    import copy

    errors = exc.errors(include_url=False)
    if any(e["type"] != "extra_forbidden" for e in errors):
        return None
    pruned = copy.deepcopy(data)
    for e in errors:
        node: Any = pruned
        loc = _clean_loc(tuple(e["loc"]), data)
        if not loc:
            return None
        *parents, last = loc
        try:
            for part in parents:
                node = node[part]
            node.pop(last, None)
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
    try:
        return Policy.model_validate(pruned)
    except ValidationError:
        return None


def _load_norms(path: Path, rel: Any, doc: YamlDocument, loc: tuple[Any, ...], problems: list[Problem]) -> tuple[Norms, Path] | None:
    if not isinstance(rel, str) or rel.startswith("/") or not rel.endswith(".yaml"):
        problems.append(_at(doc, loc, "give a relative path to a .yaml norm file", "norms-path"))
        return None
    target = (path.parent / rel).resolve()
    if not target.is_file():
        problems.append(_at(doc, loc, f"norm file {rel!r} does not exist", "norms-missing"))
        return None
    try:
        ndoc = read_yaml(target, display=str(path.parent / rel))
        norms = Norms.model_validate(ndoc.data)
    except PolicyLoadError as exc:
        problems.extend(exc.problems)
        return None
    except ValidationError as exc:
        problems.extend(_pydantic_problems(ndoc, exc))
        return None
    return norms, target


def _at(doc: YamlDocument, loc: tuple[Any, ...], message: str, code: str, *, key: bool = False) -> Problem:
    line, col = doc.locate(loc, key=key)
    return Problem(doc.path, line, col, _field(loc), message, code)


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def _pydantic_problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]), doc.data)
        kind = err["type"]
        if kind == "extra_forbidden":
            problems.append(_at(doc, loc, "unknown key (check the spelling; see schema/policy.v1.json)", "policy-unknown-key", key=True))
        elif kind == "missing":
            problems.append(_at(doc, loc[:-1], f"missing required key {loc[-1]!r}", "policy-missing-key") if loc else _at(doc, (), "missing required key", "policy-missing-key"))
        else:
            msg = str(err["msg"]).removeprefix("Value error, ")
            problems.append(_at(doc, loc, msg, "policy-invalid-value"))
    # a union (e.g. str | LocalizedText) reports one error per branch: keep one per location
    unique: dict[tuple[str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.field, p.code), p)
    return list(unique.values())


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """The location of an error in the data. pydantic also names the union branches it tried
    ('str', 'LocalizedText', 'dict[str,...]', 'function-after[...]'); those are dropped, but only
    where the data has no such key, so a parameter called ``int`` or a key ``a[b]`` keeps its place."""
    out: list[Any] = []
    node = data
    for p in loc:
        if isinstance(node, dict) and p in node:
            node = node[p]
        elif isinstance(node, list) and isinstance(p, int) and 0 <= p < len(node):
            node = node[p]
        elif isinstance(p, str) and ("[" in p or p.startswith("function-") or p in _BRANCHES):
            continue
        else:
            node = None
        out.append(p)
    return tuple(out)


_BRANCHES = frozenset({"bool", "int", "decimal", "str", "dict", "LocalizedText", "constrained-str"})


def _semantic_problems(policy: Policy, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    sources = policy.all_sources
    purposes = {p.id for p in policy.purposes}
    rule_ids = {r.id for r in policy.rules}

    def dup(kind: str, items: list[Any]) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(_at(doc, (kind, i, "id"), f"duplicate id {item.id!r} in {kind}", "duplicate-id"))
            seen.add(item.id)

    def need_source(loc: tuple[Any, ...], sid: str | None) -> None:
        if sid is not None and sid not in sources:
            problems.append(_at(doc, loc, f"unknown source {sid!r}; add it under 'sources'", "unknown-source"))

    def need_purposes(loc: tuple[Any, ...], ids: list[str]) -> None:
        for j, pid in enumerate(ids):
            if pid not in purposes:
                problems.append(_at(doc, loc + (j,), f"unknown purpose {pid!r}", "unknown-purpose"))

    def within_policy(loc: tuple[Any, ...], el: Any) -> None:
        if el.valid_from is not None and el.valid_until is not None and el.valid_until <= el.valid_from:
            problems.append(_at(doc, loc + ("valid_until",), "valid_until must be after valid_from", "validity-order"))

    dup("sources", policy.sources)
    local_ids = {s.id for s in policy.sources}
    for s in policy._shared_sources:
        if s.id in local_ids:
            problems.append(_at(doc, ("sources",), f"source {s.id!r} is also defined in a norm file", "duplicate-id"))
    dup("purposes", policy.purposes)
    dup("rules", policy.rules)
    dup("controls", policy.controls)
    dup("discretion", policy.discretion)
    dup("signals", policy.signals)
    if policy.valid_until is not None and policy.valid_until <= policy.valid_from:
        problems.append(_at(doc, ("valid_until",), "valid_until must be after valid_from", "validity-order"))
    for name, param in policy.parameters.items():
        need_source(("parameters", name, "source"), param.source)
        for j, v in enumerate(param.values):
            need_source(("parameters", name, "values", j, "source"), v.source)
    for name, d in policy.derived.items():
        need_source(("derived", name, "source"), d.source)
    for i, p in enumerate(policy.purposes):
        need_source(("purposes", i, "source"), p.source)
        within_policy(("purposes", i), p)
    for i, r in enumerate(policy.rules):
        need_source(("rules", i, "source"), r.source)
        need_purposes(("rules", i, "serves"), r.serves)
        within_policy(("rules", i), r)
        if r.no_room is not None:
            need_source(("rules", i, "no_room", "source"), r.no_room.source)
    need_source(("outcome", "source"), policy.outcome.source)
    for i, sev in enumerate(policy.outcome.severity):
        need_source(("outcome", "severity", i, "source"), sev.source)
    for i, provision in enumerate(policy.discretion):
        need_source(("discretion", i, "source"), provision.source)
        within_policy(("discretion", i), provision)
        for j, rid in enumerate(provision.sets_aside):
            if rid not in rule_ids:
                problems.append(_at(doc, ("discretion", i, "sets_aside", j), f"unknown rule {rid!r}", "unknown-rule"))
    for i, c in enumerate(policy.controls):
        need_source(("controls", i, "source"), c.source)
        need_purposes(("controls", i, "serves"), c.serves)
        within_policy(("controls", i), c)
        for j, fact in enumerate(c.verifies):
            if fact not in policy.facts:
                problems.append(_at(doc, ("controls", i, "verifies", j), f"unknown fact {fact!r}", "unknown-fact"))
    for i, sig in enumerate(policy.signals):
        need_source(("signals", i, "source"), sig.source)
        need_purposes(("signals", i, "serves"), sig.serves)
        within_policy(("signals", i), sig)
    test_ids: set[str] = set()
    for i, t in enumerate(policy.tests):
        need_source(("tests", i, "source"), t.source)
        if t.like is not None and t.like not in test_ids:
            problems.append(_at(doc, ("tests", i, "like"), f"no earlier test has id {t.like!r}", "unknown-test"))
        if t.id is not None:
            if t.id in test_ids:
                problems.append(_at(doc, ("tests", i, "id"), f"duplicate test id {t.id!r}", "duplicate-id"))
            test_ids.add(t.id)
        if t.expect.rules:
            for rid in t.expect.rules:
                if rid not in rule_ids:
                    problems.append(_at(doc, ("tests", i, "expect", "rules", rid), f"unknown rule {rid!r}", "unknown-rule", key=True))
    return problems


def _test_problems(policy: Policy, compiled: CompiledPolicy, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    assert compiled.facts is not None
    for i, t in enumerate(policy.tests):
        if not policy.applies_on(t.date):
            problems.append(_at(doc, ("tests", i, "date"), f"the date {t.date.isoformat()} is outside the policy's validity", "test-date"))
        try:
            compiled.facts.validate(policy.test_facts(i))
        except CaseError as exc:
            for fp in exc.problems:
                loc = ("tests", i, "facts", fp.fact)
                problems.append(_at(doc, loc, f"{fp.message} (expected {fp.expected})", "test-fact", key=fp.message.startswith("unknown")))
    return problems


# -- many policies ---------------------------------------------------------------------------
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
    if root.is_file():
        return [root]
    out = []
    for p in sorted(root.rglob("*.yaml")):
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        head = p.read_text(encoding="utf-8", errors="replace")[:4096]
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
        raise PolicyLoadError([Problem(str(directory), 1, 1, "-", "no policy files (*.yaml) found", "no-policies")])
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
                problems.append(Problem(b.path, line, col, "valid_from", f"version {b.version} of {pid!r} overlaps version {a.version} ({a.path})", "version-overlap"))
    problems += _signal_target_problems(loaded)
    if problems:
        raise PolicyLoadError(problems)
    return PolicySet({pid: tuple(v) for pid, v in loaded.items()})


def _signal_target_problems(loaded: dict[str, list[Policy]]) -> list[Problem]:
    """Signals that assess another policy: it must be in the set and its facts must fit.

    A signal that assesses its own policy is checked when its file loads; one that names another
    policy can only be checked here, with the whole set.
    """
    from .signals.compile import target_problems

    problems: list[Problem] = []
    by_id = {pid: versions[-1] for pid, versions in loaded.items()}
    for versions in loaded.values():
        for policy in versions:
            issues = target_problems(policy, by_id)
            if not issues:
                continue
            doc = read_yaml(policy.path)
            problems += [_at(doc, loc, msg, code) for loc, msg, code in issues]
    return problems
