# SPDX-License-Identifier: EUPL-1.2
"""``built()``: the library's own result models without validating them again (speed of ``assess``,
make bench) must be what pydantic's ``model_construct`` makes, private attributes included."""

from __future__ import annotations

from pydantic import BaseModel, PrivateAttr

from regelruimte.assessment.result import Assessment
from regelruimte.assessment.room import Room
from regelruimte.model.base import built, updated


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


class _Extra(BaseModel):
    model_config = {"extra": "allow"}

    x: int
    _kept: list[int] = PrivateAttr(default_factory=list)


def _state(m: BaseModel) -> tuple[object, ...]:
    return (type(m), list(m.__dict__.items()), m.__pydantic_fields_set__, m.__pydantic_extra__, m.__pydantic_private__)


def test_updated_is_model_copy_with_an_update() -> None:
    room = built(Room, options=[], no_room=[], distances=[], proportionality=None, note="none")
    room.__pydantic_private__["_flips"] = []  # type: ignore[index]
    for model, update in ((room, {"note": "signal_only"}), (_Mutable(x=1), {"x": 2}), (_Plain.model_construct(), {"x": 3}),
                          (_Extra(x=1, y=2), {"x": 2, "z": 3})):
        copied, expected = updated(model, update), model.model_copy(update=update)
        assert _state(copied) == _state(expected)
        assert copied.__pydantic_private__ is not model.__pydantic_private__ or model.__pydantic_private__ is None
        assert copied.__dict__ is not model.__dict__
