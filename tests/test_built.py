# SPDX-License-Identifier: EUPL-1.2
"""``built()``: the library's own result models without validating them again (speed of ``assess``,
make bench) must be what pydantic's ``model_construct`` makes, private attributes included."""

from __future__ import annotations

from pydantic import BaseModel, PrivateAttr

from regelruimte.assessment.result import Assessment
from regelruimte.assessment.room import Room
from regelruimte.model.base import built


def test_private_attributes_start_as_model_construct_starts_them() -> None:
    for cls in (Room, Assessment):
        assert set(built(cls).__pydantic_private__) == set(cls.model_construct().__pydantic_private__)  # type: ignore[arg-type]
        assert built(cls).__pydantic_private__ == cls.model_construct().__pydantic_private__


def test_a_default_factory_is_called_for_every_instance() -> None:
    a, b = built(Room, options=[], no_room=[], distances=[], proportionality=None, note="none"), built(Room, options=[], no_room=[], distances=[], proportionality=None, note="none")
    assert a.causes == [] and a.causes is not b.causes


class _Plain(BaseModel):
    x: int


class _Mutable(BaseModel):
    x: int
    _seen: dict[str, int] = PrivateAttr(default={"a": 1})
    _none: int | None = PrivateAttr(default=None)


def test_a_model_without_private_attributes_has_none_and_a_mutable_default_is_copied() -> None:
    assert built(_Plain, x=1).__pydantic_private__ is None
    one, two = built(_Mutable, x=1), built(_Mutable, x=2)
    assert one.__pydantic_private__ == {"_seen": {"a": 1}, "_none": None}
    assert one.__pydantic_private__["_seen"] is not two.__pydantic_private__["_seen"]  # type: ignore[index]
