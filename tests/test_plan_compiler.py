"""The plan compiler writes one builder per event; what it writes must equal what it calls.

The byte-identity digests (``test_byte_identity.py``) guard the CallEvent plans as a
whole; these tests pin the compiler's own rules on small schemas: a provider made by
``inline`` is the same function whether called or written into a builder, optional
parts are drawn in schema order, and a schema nested deeper than one Python function
can hold still compiles.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from callevent_toolkit.engine import RandomSource
from callevent_toolkit.engine._compiler import compile_plan
from callevent_toolkit.engine._providers import CONTRACT_ONLY, Context, Registry, inline
from callevent_toolkit.schemas.structure import structure_of


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _source(seed: int) -> RandomSource:
    return RandomSource(random.Random(seed))


def test_an_inline_provider_is_also_a_plain_function():
    """Called directly it evaluates its expression: ``$name`` is the value given for it."""
    provider = inline("$prefix + str(ctx.src.integer(1, 9))", prefix="n")
    ctx: Context[Any] = Context(_source(3), CONTRACT_ONLY.contract_chooser)
    expected = "n" + str(_source(3).integer(1, 9))
    assert provider(ctx) == expected


def test_a_compiled_builder_draws_like_the_providers_called_in_schema_order():
    """An inline provider, a plain provider and a presence rule, written into one builder,
    make the same choices in the same order as calling them one after another."""
    registry = Registry()
    registry.value("a")(inline("ctx.src.integer(0, 99)"))
    registry.value("b")(lambda ctx: ctx.src.pick(("x", "y", "z")))
    registry.present("b")(inline("ctx.src.flag(50)"))
    registry.value("c")(inline("$scale * ctx.src.integer(0, 9)", scale=10))
    root = structure_of(
        _object(
            {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"type": "integer"}},
            required=("a", "c"),
        )
    )
    build = compile_plan(root, registry, realistic=True, chooser=CONTRACT_ONLY.contract_chooser)
    for seed in range(50):
        src = _source(seed)
        expected: dict[str, Any] = {"a": src.integer(0, 99)}
        if src.flag(50):
            expected["b"] = ("x", "y", "z")[src.index(3)]
        expected["c"] = 10 * src.integer(0, 9)
        event = build(_source(seed))
        assert event == expected
        assert list(event) == list(expected)


@pytest.mark.parametrize(("levels", "optional"), [(150, True), (150, False)])
def test_objects_nested_past_what_one_function_can_hold_still_compile(levels, optional):
    """CPython refuses 100 levels of indentation in one function (an ``if`` per optional
    level, so 150 optional levels in one builder fail); objects nested deeper than
    ``_MAX_DEPTH`` get builders of their own, and every level still appears. Required
    levels nest dict displays instead, which the parser takes up to 200 deep."""
    schema: dict[str, Any] = {"type": "integer"}
    for _ in range(levels):
        required = ("n",) if optional else ("inner", "n")
        schema = _object({"inner": schema, "n": {"type": "integer"}}, required=required)
    registry = Registry()
    registry.present("inner")(lambda ctx: True)  # a rule, not ``always``: an ``if`` a level
    build = compile_plan(
        structure_of(schema), registry, realistic=True, chooser=CONTRACT_ONLY.contract_chooser
    )
    depth, event = 0, build(_source(1))
    while isinstance(event, dict) and "inner" in event:
        depth, event = depth + 1, event["inner"]
    assert depth == levels
    assert isinstance(event, int)
