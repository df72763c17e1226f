"""Hostile values for the library: ``validate`` and ``is_valid`` give the same verdict on
everything (cycles, nesting past the limit, integers Python cannot print), ``unwrap``
raises nothing but :class:`EnvelopeError`, and the NDJSON reader yields nothing but
records and line errors, whatever bytes it is given."""

from __future__ import annotations

import base64
import contextlib
import copy
import io
import json
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callevent_toolkit import generate, is_valid, validate
from callevent_toolkit.envelopes import EnvelopeError, to_cloudevent, unwrap
from callevent_toolkit.ndjson import LineError, Record, read_ndjson
from callevent_toolkit.schemas.structure import structure
from callevent_toolkit.strict_json import MAX_DEPTH

#: A Voice SDK error event with a location: every path the hostile values are put at exists.
_EVENT = next(
    e
    for e in generate(200, seed=2)
    if "error" in e.get("sdk_edge", {}) and "location" in e["sdk_edge"]["metadata"]
)


def _nested(depth: int, leaf: Any = 1, *, as_dict: bool = False) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


def _with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    event = copy.deepcopy(_EVENT)
    holder = event
    for step in path[:-1]:
        holder = holder.setdefault(step, {})
    holder[path[-1]] = value
    return event


def _cyclic() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["again"] = loop
    return loop


_NUMERIC_PATHS = [n.path for n in structure(3).walk() if n.kind in ("integer", "number")]


def _number_holder(event: Any, path: tuple[str, ...]) -> tuple[Any, Any] | None:
    """The container and key of the number at ``path`` in ``event`` (the first item or
    map value for a ``*`` step), or ``None`` when there is none."""
    holder, key = None, None
    value = event
    for step in path:
        if step == "*" and isinstance(value, dict | list) and value:
            holder, key = value, next(iter(value)) if isinstance(value, dict) else 0
        elif step != "*" and isinstance(value, dict) and step in value:
            holder, key = value, step
        else:
            return None
        value = holder[key]
    present = isinstance(value, int | float) and not isinstance(value, bool)
    return (holder, key) if present else None


def _valid_event_with(path: tuple[str, ...]) -> dict[str, Any]:
    """A valid event with a number at ``path``: an unprintable integer put there is then
    the only thing wrong, so the verdicts below cannot be right for another reason."""
    for realistic in (True, False):
        for event in generate(3000, seed=1, realistic=realistic):
            if _number_holder(event, path) is not None and is_valid(event):
                return event
    raise AssertionError(f"no valid event has a number at {path}")  # pragma: no cover


# --------------------------------------------------------------------------- agreement


@pytest.mark.parametrize("path", _NUMERIC_PATHS, ids="/".join)
@pytest.mark.parametrize("number", [10**5000, -(10**5000)], ids=["huge", "-huge"])
def test_an_unprintable_integer_is_too_large_for_both_validators(path, number):
    event = copy.deepcopy(_valid_event_with(path))
    assert validate(event) == []
    holder, key = _number_holder(event, path)  # type: ignore[misc]
    holder[key] = number
    violations = validate(event)
    assert [v.keyword for v in violations] == ["too-large"]
    assert is_valid(event) is False


@pytest.mark.parametrize(
    ("value", "keyword"),
    [
        (_nested(1000), "too-deep"),
        (_nested(1000, as_dict=True), "too-deep"),
        (_nested(100_000), "too-deep"),
        (_nested(MAX_DEPTH), "too-deep"),
        (_cyclic(), "cyclic"),
    ],
    ids=["list-1000", "dict-1000", "list-100000", "just-past-the-limit", "cycle"],
)
@pytest.mark.parametrize("path", [("sdk_edge",), ("sdk_edge", "metadata", "city"), ("extra",)])
def test_deep_and_cyclic_values_are_one_structured_violation_for_both(value, keyword, path):
    event = _with(path, value)
    violations = validate(event)
    assert len(violations) == 1
    assert violations[0].keyword == keyword
    assert violations[0].pointer.startswith("/" + "/".join(path))
    assert is_valid(event) is False


def test_a_cyclic_event_itself():
    event = copy.deepcopy(_EVENT)
    event["sdk_edge"]["metadata"]["location"] = event
    assert [v.keyword for v in validate(event)] == ["cyclic"]
    assert is_valid(event) is False


def test_nesting_within_the_limit_gets_ordinary_violations():
    event = _with(("sdk_edge", "metadata", "city"), _nested(MAX_DEPTH - 4))
    assert [(v.pointer, v.keyword) for v in validate(event)] == [
        ("/sdk_edge/metadata/city", "type")
    ]
    assert is_valid(event) is False


def test_a_large_but_printable_integer_is_judged_by_the_schema():
    event = _with(("sdk_edge", "metadata", "location", "lat"), 10**400)
    assert validate(event) == []
    assert is_valid(event) is True
    event = _with(("conversation_relay_data", "stt_latency", "latency_ms"), 10**400)
    assert ("/conversation_relay_data/stt_latency/latency_ms", "maximum") in {
        (v.pointer, v.keyword) for v in validate(event)
    }
    assert is_valid(event) is False


# --------------------------------------------------------------------------- unwrap


_GOOD = to_cloudevent(_EVENT)


def _records(depth: int) -> dict[str, Any]:
    body: dict[str, Any] = {"kinesis": {"data": "e30="}}
    for _ in range(depth):
        body = {"Records": [body]}
    return body


@pytest.mark.parametrize(
    ("body", "where", "reason"),
    [
        ("[" * 5000 + "]" * 5000, "body", "nested deeper than"),
        (b"[" * 1100 + b"]" * 1100, "body", "nested deeper than"),
        ({**_GOOD, "data": "[" * 900 + "]" * 900}, "body.data", "nested deeper than"),
        (_records(5000), "body.Records[0]", "not more 'Records'"),
        (
            {"kinesis": {"data": base64.b64encode(b"[1, 2]").decode()}},
            "body.kinesis.data",
            "got an array",
        ),
        ('[{"specversion": "1.0", "specversion": "1.0"}]', "body", "duplicate key"),
        ({**_GOOD, "data": '{"call_sid": 1, "call_sid": 2}'}, "body.data", "/call_sid"),
        ('{"a": ' + "9" * 5000 + "}", "body", "digits"),
    ],
    ids=[
        "deep-text",
        "deep-bytes",
        "deep-data",
        "records-5000",
        "kinesis-array",
        "dup",
        "dup-data",
        "digits",
    ],
)
def test_unwrap_turns_hostile_bodies_into_envelope_errors(body, where, reason):
    with pytest.raises(EnvelopeError) as raised:
        unwrap(body)
    assert raised.value.where == where
    assert reason in raised.value.reason


@pytest.mark.parametrize("data", [_nested(5000, as_dict=True), _cyclic()], ids=["deep", "cycle"])
def test_unwrap_validate_reports_deep_or_cyclic_data_as_a_violation(data):
    envelope = {**_GOOD, "data": data}
    assert unwrap(envelope) == [data]
    violation = r"body\.data\.\$[.\w]*: .*(nested deeper|contains itself)"
    with pytest.raises(EnvelopeError, match=violation):
        unwrap(envelope, validate=True)


# --------------------------------------------------------------------------- properties

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([5000, 4301, 4300, 64]).flatmap(  # built at draw time: unprintable
        lambda digits: st.sampled_from([10**digits, -(10**digits)])
    )
    | st.sampled_from([2**64, float("nan"), float("inf"), -0.0, 1.5])
    | st.floats()
    | st.text(max_size=5)
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


@st.composite
def _hostile_events(draw: st.DrawFn) -> Any:
    """A real event with something hostile put somewhere: a deep nest, a cycle, a value."""
    event = copy.deepcopy(_EVENT)
    path = draw(
        st.sampled_from(
            [
                ("sdk_edge",),
                ("sdk_edge", "metadata", "city"),
                ("call_sid",),
                ("sdk_edge", "metadata", "location", "lat"),
                ("sdk_edge", "error", "code"),
                ("extra",),
            ]
        )
    )
    kind = draw(st.sampled_from(["deep", "cycle", "value"]))
    if kind == "deep":
        value = _nested(
            draw(st.integers(MAX_DEPTH - 8, 3 * MAX_DEPTH)),
            draw(_scalars),
            as_dict=draw(st.booleans()),
        )
    elif kind == "cycle":
        value = [1, 2]
        value.append(draw(st.sampled_from([value, event])))
    else:
        value = draw(_values)
    holder = event
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return event


_DOCUMENTED = (EnvelopeError,)
#: What read_ndjson documents for a stream it cannot read at all (a corrupt gzip stream).
_READ_ERRORS = (OSError, EOFError, zlib.error)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_hostile_events(), _values, st.binary(max_size=64)))
def test_validate_and_is_valid_agree_and_raise_nothing(value):
    violations = validate(value)
    assert is_valid(value) is (not violations)


def _json_texts() -> st.SearchStrategy[bytes]:
    deep = st.builds(
        lambda depth, opener: (
            (opener * depth + {"[": "]", '{"a":': "}"}[opener] * depth).encode()
            if opener == "["
            else (opener * depth + "1" + "}" * depth).encode()
        ),
        st.integers(1, 1500),
        st.sampled_from(["[", '{"a":']),
    )
    documents = st.builds(
        lambda v: json.dumps(v).encode(),
        st.recursive(
            st.none() | st.integers() | st.text(max_size=4),
            lambda i: st.lists(i, max_size=3) | st.dictionaries(st.text(max_size=3), i, max_size=3),
        ),
    )
    return st.one_of(st.binary(max_size=300), deep, documents)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_json_texts(), max_size=4), st.sampled_from([b"\n", b"\r\n", b"\r"]))
def test_the_ndjson_reader_yields_only_records_and_line_errors(texts, newline):
    data = newline.join(texts)
    items: list[Any] = []
    with contextlib.suppress(*_READ_ERRORS):  # data starting like gzip but corrupt
        items.extend(read_ndjson(io.BytesIO(data), max_line_bytes=4096))
    assert all(isinstance(item, Record | LineError) for item in items)
    assert [item.line for item in items] == list(range(1, len(items) + 1))
    for item in items:
        if isinstance(item, Record):
            assert is_valid(item.value) is (validate(item.value) == [])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        _json_texts(),
        _json_texts().map(lambda b: b.decode("utf-8", "replace")),
        _json_texts().map(lambda b: base64.b64encode(b).decode()),
        _values,
        _hostile_events().map(lambda e: {**_GOOD, "data": e}),
    )
)
def test_unwrap_raises_only_envelope_errors(body):
    for check in (False, True):
        with contextlib.suppress(_DOCUMENTED):
            unwrap(body, validate=check)
