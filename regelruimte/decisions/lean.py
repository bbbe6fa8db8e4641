# SPDX-License-Identifier: EUPL-1.2
"""Format 4: the stored assessment without the texts its policy version fixes.

About half of a stored assessment is text that is the same in every assessment of one policy
version: the text, condition, source and purposes served of each rule, the label, expression,
source and type of each calculation step, the title, description and source of each purpose, the
title, conditions, legal basis, kind, direction, decider and rules set aside of each discretion
option, the title, kind, request and facts verified of each control, the label of each fact, the
question, description, expected answer and registers of each question. Each is copied from the policy into the result, keyed by the
result's id (``fact`` for a fact's label and question). Format 4 stores the assessment without
them (*lean*); the log keeps them once per policy version (*constants*: per place in the document,
per id, the fields left out) in the version's base, and puts them back when an entry is read.

The constants are taken from an assessment serialised both ways (:func:`constants_of`), only when
the lean document holds an id the base has no constants for (:func:`complete`): so a policy
version gets a new base a handful of times, and every other entry costs only the lean document.
What makes the constants is checked then, byte for byte: the lean document with the constants put
back must be the format-2 document of the same assessment; and the constants must hold no case
value (the case's value search finds nothing in them). Otherwise the entry is stored in format 3.

:data:`LEAN_FIELDS` names the fields; :func:`places` finds, in the assessment's schema, every place
in the document where a model with such fields can stand (letter, intent, room, controls, data,
questions, in parts and periods too).
"""

from __future__ import annotations

from typing import Any

LEAN_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "RuleResult": ("id", ("condition", "serves", "source", "text")),
    "Step": ("id", ("expression", "label", "source", "type")),  # a calculation step (the proportionality step has none of these)
    "PurposeResult": ("id", ("description", "source", "title")),
    "Option": ("id", ("decided_by", "direction", "kind", "legal_basis", "sets_aside", "title", "when")),
    "ControlNeed": ("id", ("kind", "request", "title", "verifies")),
    "DataItem": ("fact", ("label",)),
    "Question": ("fact", ("description", "expected", "held_by", "question")),
}
"""Model name -> the field that identifies a result within its list, and the fields its policy
version fixes (copied from the policy: ``regelruimte.assessment``)."""

Place = tuple[Any, list[tuple[str, Any]]]
"""A tree of the places in a document: (the place's name and id field, or None; [(key, subtree)])."""
Constants = dict[str, dict[str, dict[str, Any]]]
"""Place name (``letter.rules``) -> id -> the fields left out, as JSON values."""

_LEAVES = frozenset(("any", "bool", "int", "float", "decimal", "str", "bytes", "date", "time", "datetime", "timedelta", "literal",
                     "enum", "none", "uuid", "url", "multi-host-url", "complex", "is-instance", "is-subclass", "callable", "json"))


def lean_model(node: dict[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """The id field and the fields to leave out of a model schema (None: none)."""
    cls: Any = getattr(node["cls"], "real", node["cls"])
    found = LEAN_FIELDS.get(cls.__name__)
    inner = node.get("schema", {})
    if found is None or inner.get("type") != "model-fields" or not all(f in inner["fields"] for f in (found[0], *found[1])):
        return None
    return found


def leave_out(node: Any, applied: set[str]) -> None:
    """Rewrite a core schema in place: the fields of :data:`LEAN_FIELDS` left out of their models
    (the names of the models found are added to ``applied``)."""
    if isinstance(node, dict):
        if node.get("type") == "model" and (found := lean_model(node)) is not None:
            for name in found[1]:
                node["schema"]["fields"][name]["serialization_exclude"] = True
            cls: Any = getattr(node["cls"], "real", node["cls"])
            applied.add(cls.__name__)
        for value in node.values():
            leave_out(value, applied)
    elif isinstance(node, list):
        for value in node:
            leave_out(value, applied)


def places(schema: Any) -> Place:
    """Every place in the document where a model of :data:`LEAN_FIELDS` can stand, as a tree."""
    definitions: dict[str, Any] = {}

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "definitions":
                definitions.update((d["ref"], d) for d in node["definitions"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema)
    tree: dict[str, Any] = {}

    def walk(node: dict[str, Any], path: tuple[str, ...], refs: frozenset[str]) -> None:
        kind = node.get("type")
        if kind in _LEAVES:
            return
        if kind == "definition-ref":
            ref = node["schema_ref"]
            if ref not in refs:
                walk(definitions[ref], path, refs | {ref})
            return
        if kind == "model" and (found := lean_model(node)) is not None:
            at = tree
            for key in path:
                at = at.setdefault(key, {})
            at[""] = (".".join(path), found[0])
        if kind == "model-fields":
            for name, f in node["fields"].items():
                walk(f["schema"], (*path, name), refs)
            return
        if kind == "dict":
            return  # a dict's keys are not fields: no model of LEAN_FIELDS stands in one (the schema has none today)
        for key in ("schema", "items_schema", "values_schema", "choices", "definitions"):
            sub = node.get(key)
            for s in (sub.values() if isinstance(sub, dict) and key == "choices" else sub if isinstance(sub, list) else [sub]):
                if isinstance(s, tuple):
                    s = s[0]
                if isinstance(s, dict) and "type" in s:
                    walk(s, path, refs)

    walk(schema, (), frozenset())

    def frozen(node: dict[str, Any]) -> Place:
        return node.get(""), [(key, frozen(sub)) for key, sub in node.items() if key]

    return frozen(tree)


def _items(node: Any) -> Any:
    return node if isinstance(node, list) else (node,) if isinstance(node, dict) else ()


def complete(doc: Any, constants: Constants, tree: Place) -> bool:
    """Whether ``constants`` hold the fields left out of every result in the lean ``doc`` (on
    every entry: written for speed)."""
    items = doc if isinstance(doc, list) else (doc,)
    here, below = tree
    if here is not None and items:
        known = constants.get(here[0])
        if known is None:
            return False
        id_field = here[1]
        for item in items:
            if item.get(id_field) not in known:
                return False
    for key, sub in below:
        for item in items:
            value = item.get(key)
            if value and not complete(value, constants, sub):
                return False
    return True


def ids_in(doc: Any, tree: Place, into: list[Any]) -> list[Any]:
    """The ids of every result in the lean ``doc`` (those :func:`complete` looks up), into ``into``."""
    items = doc if isinstance(doc, list) else (doc,)
    here, below = tree
    if here is not None:
        into.extend(item.get(here[1]) for item in items)
    for key, sub in below:
        for item in items:
            if value := item.get(key):
                ids_in(value, sub, into)
    return into


def restore(doc: Any, constants: Constants, tree: Place) -> None:
    """Put the constants back into the lean ``doc`` (in place)."""
    here, below = tree
    for item in _items(doc):
        if here is not None:
            item.update(constants[here[0]][item[here[1]]])
        for key, sub in below:
            if (value := item.get(key)) is not None:
                restore(value, constants, sub)


def constants_of(full: Any, lean: Any, tree: Place, into: Constants) -> bool:
    """Add to ``into`` the fields ``full`` has and ``lean`` (the same assessment, lean) has not;
    False when a result's id has other constants than ``into`` holds already."""
    here, below = tree
    for f, item in zip(_items(full), _items(lean), strict=True):
        if here is not None:
            fields = {k: v for k, v in f.items() if k not in item}
            known = into.setdefault(here[0], {}).setdefault(item[here[1]], fields)
            if known != fields:
                return False
        for key, sub in below:
            if (value := item.get(key)) is not None and not constants_of(f[key], value, sub, into):
                return False
    return True
