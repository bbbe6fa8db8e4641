# SPDX-License-Identifier: EUPL-1.2
"""Fact values stay out of every default serialisation of a result.

A rule's ``values``, a purpose's ``values`` and a smallest change's ``to_value`` are the case's
facts (personal data); a distance's ``gap`` and ``relative`` and the ``change`` of an amount,
number or date give them back with the policy's limit (docs/privacy.md). Pydantic's ``model_dump()``, ``model_dump_json()`` and the deprecated
``.dict()`` and ``.json()`` leave them out; they are only written when the caller asks, with the
serialisation context ``{"show_values": True}`` (what ``Assessment.to_dict(show_values=True)``
passes).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, SerializationInfo, SerializerFunctionWrapHandler, model_serializer

SHOW_VALUES = {"show_values": True}
"""The serialisation context that writes fact values (``model_dump(context=SHOW_VALUES)``)."""


def values_shown(info: SerializationInfo) -> bool:
    """Whether this serialisation asked for fact values."""
    context = info.context
    return isinstance(context, dict) and context.get("show_values") is True


class HidesValues(BaseModel):
    """A result holding fact values in :attr:`personal_fields`: left out unless asked for."""

    personal_fields: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    # no return annotation on purpose: pydantic then keeps the model's own serialisation schema
    # (an annotation such as ``Any`` would replace it in the JSON Schema and the OpenAPI document)
    def _without_values(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo):  # type: ignore[no-untyped-def]
        data = handler(self)
        if isinstance(data, dict) and not values_shown(info):
            for name in self.hidden_fields():
                data.pop(name, None)
        return data

    def hidden_fields(self) -> tuple[str, ...]:
        """The fields left out of a default serialisation of this instance."""
        return self.personal_fields
