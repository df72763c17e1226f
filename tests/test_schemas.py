"""The bundled schema, its loader and the offline $ref resolution."""

from __future__ import annotations

import pytest

from callevent_toolkit.schemas import (
    RemoteReferenceError,
    SchemaVersionError,
    available_versions,
    load_schema,
)
from callevent_toolkit.schemas.structure import UnsupportedSchemaError, structure, structure_of
from callevent_toolkit.validation import format_violations, is_valid, validate


def test_version_3_is_bundled():
    assert 3 in available_versions()
    schema = load_schema(3)
    assert schema["$id"].endswith("VoiceInsights.CallEvent/3")


def test_load_schema_returns_a_copy_callers_may_mutate():
    load_schema(3)["properties"].clear()
    assert "call_sid" in load_schema(3)["properties"]


@pytest.mark.parametrize("version", [2, 4, 99])
def test_unknown_version_names_the_available_ones(version):
    with pytest.raises(SchemaVersionError, match=r"version=\d+.*available versions: 3"):
        load_schema(version)


@pytest.mark.parametrize("version", ["3", 3.0, True, None, [3]])
@pytest.mark.parametrize("function", [load_schema, structure])
def test_non_int_version_is_refused_clearly(function, version):
    with pytest.raises(SchemaVersionError, match=r"version must be an int.*got version="):
        function(version)


@pytest.mark.parametrize("version", [4, "3", [3]])
@pytest.mark.parametrize("function", [validate, is_valid])
def test_validators_name_a_bad_version(function, version):
    with pytest.raises(SchemaVersionError, match=r"version=.*available versions: 3"):
        function({}, version=version)


@pytest.mark.parametrize("limit", [-1, 1.5, True])
def test_format_violations_refuses_a_limit_that_would_hide_the_best_match(limit):
    with pytest.raises(ValueError, match=r"limit must be an int of at least 0, got limit="):
        format_violations(validate({}), limit=limit)


def test_format_violations_shows_the_best_match_then_counts_the_rest():
    violations = validate({})
    assert format_violations(violations, limit=0) == f"... and {len(violations)} more errors"
    first, rest = format_violations(violations, limit=1).split("\n")
    assert first == str(violations[0])
    assert rest == f"... and {len(violations) - 1} more errors"


def test_remote_ref_is_a_clear_error_not_a_download():
    schema = {"type": "object", "properties": {"x": {"$ref": "https://example.com/s.json"}}}
    with pytest.raises(RemoteReferenceError, match="never fetches schemas over the network"):
        structure_of(schema)


def test_unsupported_keywords_are_refused_rather_than_ignored():
    with pytest.raises(UnsupportedSchemaError, match="pattern"):
        structure_of({"type": "string", "pattern": "^CA"})


def test_structure_resolves_refs_and_sees_every_definition_in_event_space():
    root = structure(3)
    lat = root.find(("sdk_edge", "metadata", "location", "lat"))
    assert lat is not None
    assert lat.kind == "number"
    assert lat.schema_pointer == "/definitions/Location/properties/lat"
    # GatewayEventData is used under three edges: three positions in event space
    gateway = [n for n in root.walk() if n.schema_pointer == "/definitions/GatewayEventData"]
    assert sorted(n.pointer for n in gateway) == ["/carrier_edge", "/client_edge", "/sip_edge"]


def test_every_object_of_v3_is_closed_and_maps_are_recognised():
    nodes = structure(3).walk()
    assert all(n.closed for n in nodes if n.kind == "object")
    maps = sorted(n.pointer for n in nodes if n.kind == "map")
    assert maps == [
        "/conversation_relay_data/configurations/configurations",
        "/conversation_relay_data/configurations/languages",
    ]


def _with_lat(value):
    from callevent_toolkit import generate

    (event,) = generate(1, fixed={"sdk_edge.metadata.location.lat": 1.0})
    event["sdk_edge"]["metadata"]["location"]["lat"] = value
    return event


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_invalid_for_both_validators(value):
    """jsonschema alone would call NaN a number; no JSON document can carry it."""
    event = _with_lat(value)
    assert not is_valid(event)
    ((pointer, keyword),) = {(v.pointer, v.keyword) for v in validate(event)}
    assert (pointer, keyword) == ("/sdk_edge/metadata/location/lat", "type")


def test_a_finite_float_is_still_valid_for_both():
    event = _with_lat(-33.8688)
    assert validate(event) == []
    assert is_valid(event)


def test_a_non_string_key_is_reported_not_a_crash():
    event = _with_lat(1.0)
    event[1] = "x"
    assert not is_valid(event)
    assert ("/1", "additionalProperties") in {(v.pointer, v.keyword) for v in validate(event)}


def test_the_walk_follows_local_refs_itself_and_gives_referencings_tree() -> None:
    from callevent_toolkit.schemas import _load_frozen, registry_for
    from callevent_toolkit.schemas.structure import structure_of

    schema = _load_frozen(3)
    direct, via_registry = structure_of(schema), structure_of(schema, registry_for(schema))
    assert direct == via_registry
    assert [n.schema_pointer for n in direct.walk()] == [
        n.schema_pointer for n in via_registry.walk()
    ]
    assert any(n.schema_pointer.startswith("/definitions/") for n in direct.walk())


def test_a_strategy_example_loads_neither_referencing_nor_jsonschema() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from hypothesis import given, settings\n"
        "from callevent_toolkit.strategies import call_events\n"
        "@settings(max_examples=5, database=None)\n"
        "@given(call_events())\n"
        "def f(e): assert e['call_sid']\n"
        "f()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'referencing', 'jsonschema'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"
