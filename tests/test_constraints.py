"""constraints() lists every rule of the schema; coverage_cases() breaks each one."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from functools import cache
from typing import Any
from unittest import mock

import jsonschema
import pytest

from callevent_toolkit import (
    Constraint,
    InvalidArgument,
    InvalidCallEvent,
    constraints,
    coverage_cases,
    load_schema,
    validate,
)
from callevent_toolkit.engine import RandomSource, _mutations
from callevent_toolkit.schemas import SchemaVersionError
from callevent_toolkit.schemas.constraints import constraints_of
from callevent_toolkit.schemas.structure import structure, structure_of


def _count_raw(schema: dict[str, Any], definitions: dict[str, Any]) -> Counter[str]:
    """Count constraints by walking the raw schema JSON (independent of the toolkit).

    Every place a subschema is used (a property, a map value, an array item) counts once
    per keyword it carries; a ``$ref`` is followed, so a definition used under three
    properties is counted three times.
    """
    if "$ref" in schema:
        schema = definitions[schema["$ref"].removeprefix("#/definitions/")]
    counts: Counter[str] = Counter(type=1, required=len(schema.get("required", [])))
    for keyword in ("minimum", "maximum", "format"):
        counts[keyword] += keyword in schema
    additional = schema.get("additionalProperties")
    counts["additionalProperties"] += additional is False
    children = list(schema.get("properties", {}).values())
    children += [sub for sub in (additional, schema.get("items")) if isinstance(sub, dict)]
    for child in children:
        counts += _count_raw(child, definitions)
    return counts


@cache
def _cases() -> tuple[InvalidCallEvent, ...]:
    return tuple(coverage_cases())


def test_constraint_count_matches_an_independent_walk_of_the_raw_schema() -> None:
    raw = load_schema(3)
    expected = _count_raw(raw, raw["definitions"])
    found = Counter(c.keyword for c in constraints())
    assert found == +expected
    assert len(constraints()) == expected.total()


def test_gateway_metadata_counts_once_per_edge_that_uses_it() -> None:
    raw = load_schema(3)
    required = raw["definitions"]["GatewayMetadata"]["required"]
    edges = [name for name in raw["properties"] if re.fullmatch(r"(carrier|client|sip)_edge", name)]
    pointers = {c.pointer for c in constraints() if c.keyword == "required"}
    for edge in edges:
        for name in required:
            assert f"/{edge}/metadata/{name}" in pointers
    assert len(edges) == 3


def test_constraints_are_distinct_and_name_schema_positions() -> None:
    found = constraints()
    assert len(set(found)) == len(found)
    root = structure(3)
    for constraint in found:
        assert root.find(constraint.path) is not None, constraint
        assert constraint.detail


def test_every_required_and_closed_object_of_the_tree_is_listed() -> None:
    found = set(constraints())
    for node in structure(3).walk():
        for prop in node.properties:
            if prop.required:
                assert (
                    Constraint(prop.node.pointer, "required", f"property {prop.name!r} is required")
                    in found
                )
        if node.kind == "object" and node.closed:
            assert any(
                c.pointer == node.pointer and c.keyword == "additionalProperties" for c in found
            )


def test_coverage_cases_cover_every_constraint() -> None:
    covered = {case.constraint for case in _cases()}
    assert covered == set(constraints())


def test_every_date_time_breaker_and_every_wrong_type_is_exercised() -> None:
    used = {case.operator for case in _cases()}
    assert set(_mutations.DATE_TIME) <= used
    assert set(_mutations.RETYPE.values()) <= used


def _generalised(pointer: str, keyword: str) -> str:
    """The constraint pointer a concrete violation pointer belongs to."""
    root = structure(3)
    steps = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
    if keyword == "additionalProperties":
        steps = steps[:-1]
    general: list[str] = []
    for step in steps:
        node = root.find(tuple(general))
        assert node is not None
        general.append("*" if node.kind in ("map", "array") else step)
    return "".join("/" + s.replace("~", "~0").replace("/", "~1") for s in general)


def test_every_case_is_rejected_for_exactly_its_labelled_reason() -> None:
    for case in _cases():
        (violation,) = case.violations
        errors = {(v.pointer, v.keyword) for v in validate(case.event)}
        assert errors == {(violation.pointer, violation.keyword)}, case
        assert violation.keyword == case.constraint.keyword
        assert _generalised(violation.pointer, violation.keyword) == case.constraint.pointer


def test_concrete_pointers_use_real_map_keys_and_array_indices() -> None:
    starred = [case for case in _cases() if "*" in case.constraint.pointer]
    assert starred
    for case in starred:
        assert "*" not in case.violation.pointer


def test_coverage_cases_are_deterministic_per_seed() -> None:
    def dumped(cases: list[InvalidCallEvent]) -> list[str]:
        return [json.dumps([c.event, str(c.violation)], sort_keys=True) for c in cases]

    assert dumped(coverage_cases(seed=5)) == dumped(coverage_cases(seed=5))
    assert dumped(coverage_cases(seed=5)) != dumped(coverage_cases(seed=6))


@pytest.mark.parametrize("seed", ["7", 1.5, True, None])
def test_coverage_cases_refuses_a_seed_that_is_not_an_int(seed: Any) -> None:
    with pytest.raises(InvalidArgument, match=r"seed must be an int, got seed="):
        coverage_cases(seed=seed)


@pytest.mark.parametrize("function", [constraints, coverage_cases])
@pytest.mark.parametrize("version", [4, "3", [3]])
def test_constraint_functions_name_a_bad_version(function: Any, version: Any) -> None:
    with pytest.raises(SchemaVersionError, match=r"version=.*available versions: 3"):
        function(version=version)


_NO_DRAWS = RandomSource(random.Random(0))  # the enum operator draws nothing

_LEVELS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["level", "version"],
    "properties": {
        "level": {"type": "string", "enum": ["INFO", "ERROR"]},
        "version": {"type": "integer", "const": 3},
    },
}


@pytest.mark.parametrize(("name", "keyword"), [("level", "enum"), ("version", "const")])
def test_enum_and_const_of_other_schemas_are_listed_and_broken(name: str, keyword: str) -> None:
    """CallEvent v3 has no enum; a later version (or another schema) gets covered anyway."""
    root = structure_of(_LEVELS_SCHEMA)
    assert Constraint(f"/{name}", keyword, mock.ANY) in constraints_of(root)
    node = root.find((name,))
    assert node is not None
    event = {"level": "ERROR", "version": 3}
    (operator,) = _mutations.operators_for(keyword, node)
    broken, violation = operator.apply(event, _mutations.At((name,), node), _NO_DRAWS)
    errors = jsonschema.Draft7Validator(_LEVELS_SCHEMA).iter_errors(broken)
    assert {(e.json_path, e.validator) for e in errors} == {(f"$.{name}", keyword)}
    assert (violation.pointer, violation.keyword) == (f"/{name}", keyword)
