"""The same mistake gets the same exception and the same message at every public entry point.

Each row is one mistake (an unknown version, a misspelled pin, a bad seed, ...) and the
entry points that take that argument; every entry point must raise exactly the class and
the message of the row. Strategies are checked when first used (``.validate()``), as
Hypothesis's own strategies are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from callevent_toolkit import (
    InvalidArgument,
    InvalidSchemaVersionError,
    SchemaVersionError,
    assert_conforms,
    constraints,
    coverage_cases,
    fuzz_handler,
    generate,
    generate_deliveries,
    generate_labelled,
    generate_stream,
    generate_timelines,
    is_valid,
    load_schema,
    malformed_delivery_cases,
    validate,
)
from callevent_toolkit.envelopes import kinesis_record, to_cloudevent, unwrap, webhook_body
from callevent_toolkit.pytest_plugin import CallEventFactory
from callevent_toolkit.strategies import (
    call_event_envelopes,
    call_events,
    call_streams,
    call_timelines,
    deliveries,
    invalid_call_events,
    kinesis_records,
    malformed_deliveries,
    webhook_bodies,
)

EVENT = next(generate(1, seed=0))


def _drawn(strategy: Any) -> None:
    strategy.validate()


def _factory(**arguments: Any) -> CallEventFactory:
    return CallEventFactory(seed=0, **{"version": 3, **arguments})


def _event_bag() -> Callable[..., object]:
    from callevent_toolkit.jobs.dask import event_bag

    return event_bag


def _partition_run() -> Callable[..., object]:
    from callevent_toolkit.jobs.dask import PartitionRun

    return PartitionRun


VERSION_TAKERS: dict[str, Callable[[Any], object]] = {
    "call_events": lambda v: _drawn(call_events(version=v)),
    "invalid_call_events": lambda v: _drawn(invalid_call_events(version=v)),
    "call_timelines": lambda v: _drawn(call_timelines(version=v)),
    "call_event_envelopes": lambda v: _drawn(call_event_envelopes(version=v)),
    "webhook_bodies": lambda v: _drawn(webhook_bodies(version=v)),
    "kinesis_records": lambda v: _drawn(kinesis_records(version=v)),
    "generate": lambda v: generate(1, version=v),
    "generate_labelled": lambda v: generate_labelled(1, version=v),
    "generate_timelines": lambda v: generate_timelines(1, version=v),
    "generate_stream": lambda v: generate_stream(1, version=v),
    "generate_deliveries": lambda v: generate_deliveries(1, version=v),
    "malformed_delivery_cases": lambda v: malformed_delivery_cases(version=v),
    "call_streams": lambda v: _drawn(call_streams(version=v)),
    "deliveries": lambda v: _drawn(deliveries(version=v)),
    "malformed_deliveries": lambda v: _drawn(malformed_deliveries(version=v)),
    "coverage_cases": lambda v: coverage_cases(version=v),
    "validate": lambda v: validate(EVENT, version=v),
    "is_valid": lambda v: is_valid(EVENT, version=v),
    "assert_conforms": lambda v: assert_conforms(EVENT, version=v),
    "load_schema": lambda v: load_schema(v),
    "constraints": lambda v: constraints(v),
    "to_cloudevent": lambda v: to_cloudevent(EVENT, version=v),
    "webhook_body": lambda v: webhook_body([EVENT], version=v),
    "kinesis_record": lambda v: kinesis_record(EVENT, version=v),
    "unwrap": lambda v: unwrap([], version=v),
    "fuzz_handler": lambda v: fuzz_handler(lambda event: None, version=v, max_examples=1),
    "call_event_factory": lambda v: _factory(version=v)(),
    "event_bag": lambda v: _event_bag()(1, version=v),
    "PartitionRun": lambda v: _partition_run()(1, version=v),
}

SEED_TAKERS: dict[str, Callable[[Any], object]] = {
    "generate": lambda s: generate(1, seed=s),
    "generate_labelled": lambda s: generate_labelled(1, seed=s),
    "generate_timelines": lambda s: generate_timelines(1, seed=s),
    "generate_stream": lambda s: generate_stream(1, seed=s),
    "generate_deliveries": lambda s: generate_deliveries(1, seed=s),
    "malformed_delivery_cases": lambda s: malformed_delivery_cases(seed=s),
    "coverage_cases": lambda s: coverage_cases(seed=s),
    "event_bag": lambda s: _event_bag()(1, seed=s),
    "PartitionRun": lambda s: _partition_run()(1, seed=s),
}

REALISTIC_TAKERS: dict[str, Callable[[Any], object]] = {
    "call_events": lambda r: _drawn(call_events(realistic=r)),
    "call_timelines": lambda r: _drawn(call_timelines(realistic=r)),
    "generate": lambda r: generate(1, realistic=r),
    "generate_labelled": lambda r: generate_labelled(1, realistic=r),
    "generate_timelines": lambda r: generate_timelines(1, realistic=r),
    "generate_stream": lambda r: generate_stream(1, realistic=r),
    "generate_deliveries": lambda r: generate_deliveries(1, realistic=r),
    "call_streams": lambda r: _drawn(call_streams(realistic=r)),
    "deliveries": lambda r: _drawn(deliveries(realistic=r)),
    "event_bag": lambda r: _event_bag()(1, realistic=r),
    "PartitionRun": lambda r: _partition_run()(1, realistic=r),
}

PIN_KEYWORD_TAKERS: dict[str, Callable[[], object]] = {
    "call_events": lambda: _drawn(call_events(levl="ERROR")),
    "call_event_factory()": lambda: _factory()(levl="ERROR"),
    "call_event_factory.batch": lambda: _factory().batch(2, levl="ERROR"),
    "call_event_factory.contract": lambda: _factory().contract(levl="ERROR"),
}

FIXED_TAKERS: dict[str, Callable[[Any], object]] = {
    "call_events": lambda f: _drawn(call_events(fixed=f)),
    "generate": lambda f: generate(1, fixed=f),
    "call_event_factory()": lambda f: _factory()(fixed=f),
    "call_event_factory.contract": lambda f: _factory().contract(fixed=f),
}

KEYWORD_TAKERS: dict[str, Callable[[str], object]] = {
    "invalid_call_events": lambda k: _drawn(invalid_call_events(keywords={k})),
    "call_event_factory.invalid": lambda k: _factory().invalid(k),
}

COUNT_TAKERS: dict[str, Callable[[Any], object]] = {
    "generate": lambda c: generate(c),
    "generate_labelled": lambda c: generate_labelled(c),
    "generate_timelines": lambda c: generate_timelines(c),
    "generate_stream": lambda c: generate_stream(c),
    "generate_deliveries": lambda c: generate_deliveries(c),
    "event_bag": lambda c: _event_bag()(c),
    "PartitionRun": lambda c: _partition_run()(c),
}

#: (mistake, value, takers, exception class, exact message)
MISTAKES: list[tuple[str, Any, dict[str, Callable[..., object]], type[Exception], str]] = [
    (
        "unknown version",
        4,
        VERSION_TAKERS,
        InvalidSchemaVersionError,
        "no bundled VoiceInsights.CallEvent schema for version=4; available versions: 3",
    ),
    (
        "version of the wrong type",
        "3",
        VERSION_TAKERS,
        InvalidSchemaVersionError,
        "version must be an int such as 3, got version='3' (type=str); available versions: 3",
    ),
    (
        "seed of the wrong type",
        "7",
        SEED_TAKERS,
        InvalidArgument,
        "seed must be an int, got seed='7'",
    ),
    (
        "realistic of the wrong type",
        "yes",
        REALISTIC_TAKERS,
        InvalidArgument,
        "realistic must be True or False, got realistic='yes'",
    ),
    (
        "misspelled nested pin",
        {"sdk_edge.metadata.contry_code": "DE"},
        FIXED_TAKERS,
        InvalidArgument,
        "fixed path 'sdk_edge.metadata.contry_code' is not a position in the "
        "VoiceInsights.CallEvent v3 schema; did you mean 'sdk_edge.metadata.country_code', "
        "'sdk_edge.metadata.city', 'sdk_edge.metadata.client_name'?",
    ),
    (
        "fixed that is not a mapping",
        [],
        FIXED_TAKERS,
        InvalidArgument,
        "fixed must be a mapping of path to value, got []",
    ),
    (
        "misspelled constraint keyword",
        "requird",
        KEYWORD_TAKERS,
        InvalidArgument,
        "'requird' is not a constraint keyword of VoiceInsights.CallEvent v3 (known: "
        "additionalProperties, format, maximum, minimum, required, type)",
    ),
    (
        "count of the wrong type",
        "10",
        COUNT_TAKERS,
        InvalidArgument,
        "count must be an int, got count='10'",
    ),
    ("negative count", -1, COUNT_TAKERS, InvalidArgument, "count must be at least 0, got count=-1"),
]

CASES = [
    pytest.param(taker, value, error, message, id=f"{mistake}-{name}")
    for mistake, value, takers, error, message in MISTAKES
    for name, taker in takers.items()
]


@pytest.mark.parametrize(("call", "value", "error", "message"), CASES)
def test_the_same_mistake_reads_the_same_everywhere(call, value, error, message):
    with pytest.raises(error) as caught:
        call(value)
    assert type(caught.value) is error
    assert str(caught.value) == message


@pytest.mark.parametrize("call", PIN_KEYWORD_TAKERS.values(), ids=list(PIN_KEYWORD_TAKERS))
def test_a_misspelled_top_level_pin_reads_the_same_everywhere(call):
    with pytest.raises(InvalidArgument) as caught:
        call()
    assert type(caught.value) is InvalidArgument
    assert str(caught.value).startswith(
        "levl='ERROR': 'levl' is not a top-level CallEvent property (known: "
    )
    assert str(caught.value).endswith("pin nested fields with fixed={'a.b.c': value}")


def test_every_toolkit_error_shares_one_base_and_keeps_its_builtin_base():
    from callevent_toolkit import errors

    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.CallEventToolkitError), name
        assert cls.__module__ in ("callevent_toolkit.errors", "callevent_toolkit"), name
    assert issubclass(errors.InvalidSchemaVersionError, SchemaVersionError)
    assert issubclass(errors.InvalidArgument, ValueError)
    assert issubclass(errors.EnvelopeError, ValueError)
    assert issubclass(errors.CallEventAssertionError, AssertionError)
    assert issubclass(errors.SchemaVersionError, LookupError)


def test_the_hypothesis_based_errors_pickle_by_name():
    import pickle

    error = InvalidSchemaVersionError("no bundled schema")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InvalidSchemaVersionError
    assert str(copy) == "no bundled schema"


def test_a_factory_pin_mistake_shows_the_tests_line_not_the_engine(pytester):
    pytester.makepyfile(
        """
        def test_typo(call_event_factory):
            call_event_factory(levl="ERROR")
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "InvalidArgument: levl='ERROR'" in output
    assert "callevent_toolkit/engine" not in output
    assert "callevent_toolkit/generation" not in output
