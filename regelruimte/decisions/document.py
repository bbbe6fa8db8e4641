# SPDX-License-Identifier: EUPL-1.2
"""The stored assessment: what ``Assessment.to_dict()`` holds, as bytes, in a numbered format.

Every stored document carries its format (``rr_documents.format``), and the log reads every
format it ever wrote, so a log kept for years stays readable, verifiable and replayable:

* **1** (logs written before 2026-12-07): ``json.dumps(doc, sort_keys=True, ensure_ascii=False)``
  (the text of ``Assessment.to_json(indent=None)``: a space after ``,`` and ``:``), compressed with
  zlib level 1.
* **2** (logs written on 2026-12-07): the same dict, sorted keys without any whitespace, encoded by
  orjson; compressed with Zstandard level 1. Per entry about four times cheaper to make than
  format 1 (docs/design-decisions.md, "The stored assessment's format"; the numbers are in
  docs/performance.md), and smaller on disk.
* **3** (logs of schema 3, from 2026-12-08; a log of schema 4 writes it for a document whose
  constants cannot be kept, :mod:`.lean`): the bytes of format 2, compressed with Zstandard level 1 with a
  *base* as its dictionary: the uncompressed bytes of an earlier stored assessment of the same
  policy version (``rr_bases``, itself stored as Zstandard without a dictionary; the document's
  ``base`` column names it). Assessments of one policy share most of their text (the rules, their
  sources and labels, the purposes, the controls), so a document is stored as its differences from
  the base: about a sixth of format 2's size, and cheaper to compress. A base never has a base of
  its own, so reading a document takes at most one extra read, kept per log.
* **4** (what the log writes now, from schema 4 on): format 3 without the texts the policy version
  fixes (the rules' texts, conditions and sources, the purposes', options', controls' and facts'
  titles and labels, ...: :mod:`.lean`), about half of the document. Its base holds those texts
  once (``{"constants": ..., "document": ...}``: the constants, then the lean document of the
  assessment that made the base), and reading a document puts them back: the text read is the
  text format 2 would have stored (a test compares them), except that the policy's own texts
  are not searched for case values (they are the policy's, whose files the log keeps too). The
  entry's ``assessment_sha256`` is that of the lean bytes, and replay compares lean documents.

A document orjson cannot write (a whole number beyond 64 bits, which no fact can hold today) is
stored in format 1 instead: the format is per document, so both live in one log.

The SHA-256 of an entry's ``assessment_sha256`` is that of the uncompressed bytes, whatever the
format; replay writes the assessment again in the format of the stored document, so byte for byte
still means byte for byte.

:func:`assessment_dict` is ``Assessment.to_dict()`` (fact values left out) made by pydantic's Rust
serialiser alone: the same schema, with the Python wrap serialiser that hides a result's values
replaced by leaving those fields out of the schema, and the citizen text's serialiser (which only
adds figures when values are asked for, and writes a text made lazily) removed: the texts are
written before (``fill_texts``). Results whose hidden fields depend on the instance
keep their wrap serialiser. The result is the same dict (tests compare them on every example case
and a synthetic year); it only costs less.
"""

from __future__ import annotations

import copy
import json
import threading
import zlib
from typing import Any

from pydantic_core import SchemaSerializer

try:
    import orjson as orjson  # re-exported: the log's other modules use it from here
    import zstandard
except ModuleNotFoundError:  # pragma: no cover - an environment installed before they were dependencies
    orjson = zstandard = None  # type: ignore[assignment]

from ._internal import Assessment, HidesValues, fill_texts
from .lean import LEAN_FIELDS, Place, leave_out, places

FORMATS = (1, 2, 3, 4)
"""Every document format the log can read."""
WRITTEN = 2
"""The encoding new documents are written in (stored as format 3 when the log gives a base; format 4 is
its lean document: :mod:`.lean`)."""
BASED = 3
"""The format of a document compressed with a base (format 2's bytes)."""
LEAN = 4
"""The format of a lean document compressed with a base that holds its constants (:mod:`.lean`)."""
ZSTD_LEVEL = 1

_V1 = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
"""``Assessment.to_json(indent=None)``'s ``json.dumps``, made once."""
_local = threading.local()
"""A Zstandard compressor and decompressor per thread (one may not be shared by two at once)."""


def _installed() -> bool:
    return orjson is not None and zstandard is not None


def encode(doc: Any, fmt: int) -> bytes:
    """The uncompressed bytes of ``doc`` in format ``fmt`` (raises ``TypeError`` when format 2
    cannot hold it)."""
    if fmt in (2, 3, 4):
        return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    if fmt == 1:
        return _V1.encode(doc).encode("utf-8")
    raise ValueError(f"unknown document format {fmt}")


def writable(doc: Any) -> tuple[int, bytes]:
    """The format a new document is stored in, and its uncompressed bytes. Without orjson and
    Zstandard (an environment installed before they were dependencies) the log still records,
    in format 1."""
    if not _installed():
        return 1, encode(doc, 1)
    try:
        return WRITTEN, orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError: a number beyond 64 bits, a key that is not a string
        return 1, encode(doc, 1)


def compress(raw: bytes, fmt: int) -> bytes:
    if fmt == 2:
        c = getattr(_local, "compressor", None)
        if c is None:
            c = _local.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        return bytes(c.compress(raw))
    if fmt == 1:
        return zlib.compress(raw, 1)
    raise ValueError(f"unknown document format {fmt}")


class Base:
    """A base of format 3: the uncompressed bytes of a stored assessment, the dictionary of the
    documents of its policy version. Compressors and decompressors are made per thread (one may
    not be used by two at once)."""

    __slots__ = ("sha256", "raw", "_dict", "_local", "_constants")

    def __init__(self, sha256: str, raw: bytes, constants: Any = None) -> None:
        self.sha256 = sha256
        self.raw = raw
        self._dict = zstandard.ZstdCompressionDict(raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        self._local = threading.local()
        self._constants = constants

    @property
    def constants(self) -> Any:
        """The constants of a base of format 4 (``{}`` for a base of format 3: its raw is a document)."""
        if self._constants is None:
            self._constants = orjson.loads(self.raw).get("constants", {}) if self.raw.startswith(b'{"constants":') else {}
        return self._constants

    def compress(self, raw: bytes) -> bytes:
        c = getattr(self._local, "compressor", None)
        if c is None:
            c = self._local.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, dict_data=self._dict)
        return bytes(c.compress(raw))

    def decompress(self, body: bytes) -> bytes:
        d = getattr(self._local, "decompressor", None)
        if d is None:
            d = self._local.decompressor = zstandard.ZstdDecompressor(dict_data=self._dict)
        try:
            return bytes(d.decompress(body))
        except zstandard.ZstdError as exc:
            raise ValueError(f"damaged document: {exc}") from None


def decompress(body: bytes, fmt: int, base: Base | None = None) -> bytes:
    """The uncompressed bytes of a stored document (raises ``ValueError`` when they are damaged;
    formats 3 and 4 need their ``base``)."""
    if fmt in (3, 4):
        if not _installed():
            raise ValueError(f"damaged document? format {fmt} needs orjson and zstandard (dependencies of regelruimte): install regelruimte again")
        if base is None:
            raise ValueError("damaged document: its base is missing")
        return base.decompress(body)
    if fmt == 2:
        if not _installed():
            raise ValueError("damaged document? format 2 needs orjson and zstandard (dependencies of regelruimte): install regelruimte again")
        d = getattr(_local, "decompressor", None)
        if d is None:
            d = _local.decompressor = zstandard.ZstdDecompressor()
        try:
            return bytes(d.decompress(body))
        except zstandard.ZstdError as exc:
            raise ValueError(f"damaged document: {exc}") from None
    if fmt == 1:
        try:
            return zlib.decompress(body)
        except zlib.error as exc:
            raise ValueError(f"damaged document: {exc}") from None
    raise ValueError(f"unknown document format {fmt}")


# -- Assessment.to_dict() without a Python call per result ---------------------------------------

_EXPLANATION_SERIALISERS = frozenset(("Assessment._explanation", "PartAssessment._explanation", "PeriodAssessment._explanation"))
"""Field serialisers that return the field as it is unless values are asked for."""


def _without_python_hiding(node: Any) -> None:
    """Rewrite a core schema in place: see the module docstring."""
    if isinstance(node, dict):
        ser = node.get("serialization")
        if node.get("type") == "model":
            node["cls"] = _stand_in(node["cls"])
        if isinstance(ser, dict) and ser.get("type") in ("function-wrap", "function-plain"):
            name = getattr(ser.get("function"), "__qualname__", "")
            if node.get("type") == "model" and name == "HidesValues._without_values":
                _hide_statically(node)
            elif name in _EXPLANATION_SERIALISERS:
                del node["serialization"]
        for value in node.values():
            _without_python_hiding(value)
    elif isinstance(node, list):
        for value in node:
            _without_python_hiding(value)


_STAND_INS: dict[type, type] = {}


def _stand_in(cls: type) -> type:
    """A class that is not a pydantic model, in place of ``cls`` in the rewritten schema.

    pydantic-core builds a model's serialiser from the schema only for a class that is not a
    complete pydantic model: for one that is, it takes the class's own prebuilt serialiser (with
    the Python wrap serialiser in it). The stand-in only names the model: outside a union (where
    the schema has no model) the serialiser checks no more of a value than that it has a
    ``__dict__``, and reads the fields from it.
    """
    if cls in _STAND_INS.values():  # a node the walk met before (the schema shares nodes)
        return cls
    if cls not in _STAND_INS:
        _STAND_INS[cls] = type(cls.__name__, (), {"__module__": __name__, "__doc__": f"Stands in for {cls.__qualname__}.", "real": cls})
    return _STAND_INS[cls]


def _hide_statically(model: dict[str, Any]) -> None:
    """A model schema of a :class:`HidesValues` result: its personal fields left out by the schema
    instead of the wrap serialiser, where they do not depend on the instance."""
    cls = model["cls"].real
    if cls.hidden_fields is not HidesValues.hidden_fields:
        return  # which fields are hidden depends on the instance: the wrap serialiser stays
    inner = model.get("schema", {})
    fields = inner.get("fields") if inner.get("type") == "model-fields" else None
    if fields is None or not all(name in fields for name in cls.personal_fields):
        return  # not the shape this rewrite knows: the wrap serialiser stays
    for name in cls.personal_fields:
        fields[name]["serialization_exclude"] = True
    del model["serialization"]


def _serialiser(lean: bool = False) -> SchemaSerializer:
    schema = copy.deepcopy(Assessment.__pydantic_core_schema__)
    _without_python_hiding(schema)
    if lean:
        global PLACES
        applied: set[str] = set()
        leave_out(schema, applied)
        if applied != set(LEAN_FIELDS):  # pragma: no cover - a model of LEAN_FIELDS renamed or changed
            raise RuntimeError(f"format 4 does not find {sorted(set(LEAN_FIELDS) - applied)} in the assessment's schema")
        PLACES = places(schema)
    return SchemaSerializer(schema)


_SERIALISER: SchemaSerializer | None = None
_LEAN: SchemaSerializer | None = None
PLACES: Place = (None, [])
"""Where the results of :data:`.lean.LEAN_FIELDS` stand in a document (made with the lean serialiser)."""


def assessment_dict(a: Assessment) -> dict[str, Any]:
    """``a.to_dict()`` (fact values left out), by the Rust serialiser alone."""
    global _SERIALISER
    if _SERIALISER is None:
        _SERIALISER = _serialiser()
    # the citizen texts are written when first read, and this serialiser reads the models' fields
    # directly (without the serialisers removed above): write them first
    doc: dict[str, Any] = _SERIALISER.to_python(fill_texts(a), mode="json")
    return doc


def lean_dict(a: Assessment) -> dict[str, Any]:
    """:func:`assessment_dict` without the texts the policy version fixes (format 4: :mod:`.lean`)."""
    global _LEAN
    if _LEAN is None:
        _LEAN = _serialiser(lean=True)
    doc: dict[str, Any] = _LEAN.to_python(fill_texts(a), mode="json")
    return doc


def places_of_lean() -> Place:
    """:data:`PLACES`, made on first use."""
    global _LEAN
    if _LEAN is None:
        _LEAN = _serialiser(lean=True)
    return PLACES
