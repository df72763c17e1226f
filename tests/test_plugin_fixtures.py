"""The fixtures: valid, deterministic per (seed, node id), independent of each other."""

from __future__ import annotations

import pytest
from _plugin_dumps import dump_project, read_dumps

TWO_TESTS = """
from callevent_toolkit import is_valid

def test_a(call_event, dump):
    assert is_valid(call_event)
    dump(call_event)

def test_b(call_event, dump):
    assert is_valid(call_event)
    dump(call_event)
"""


def test_call_event_is_valid_and_the_same_on_every_run(pytester: pytest.Pytester) -> None:
    dump_project(pytester, test_events=TWO_TESTS)
    pytester.runpytest().assert_outcomes(passed=2)
    first = read_dumps(pytester)
    pytester.runpytest().assert_outcomes(passed=2)
    assert read_dumps(pytester) == first
    assert first["test_events_py_test_a"] != first["test_events_py_test_b"]


def test_call_event_does_not_depend_on_which_other_tests_run(pytester: pytest.Pytester) -> None:
    dump_project(pytester, test_events=TWO_TESTS)
    pytester.runpytest().assert_outcomes(passed=2)
    both = read_dumps(pytester)
    pytester.runpytest("-k", "test_b").assert_outcomes(passed=1, deselected=1)
    assert read_dumps(pytester) == {"test_events_py_test_b": both["test_events_py_test_b"]}


def test_call_event_follows_the_seed(pytester: pytest.Pytester) -> None:
    dump_project(pytester, test_events=TWO_TESTS)
    pytester.runpytest("--callevent-seed=1").assert_outcomes(passed=2)
    seed_1 = read_dumps(pytester)
    pytester.runpytest("--callevent-seed=2").assert_outcomes(passed=2)
    seed_2 = read_dumps(pytester)
    assert all(seed_1[name] != seed_2[name] for name in seed_1)


def test_factory_makes_valid_events_that_honour_pins(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from callevent_toolkit import InvalidArgument, is_valid

        def test_pins(call_event_factory):
            error = call_event_factory(level="ERROR")
            german = call_event_factory(fixed={"sdk_edge.metadata.country_code": "DE"})
            assert error["level"] == "ERROR" and is_valid(error)
            assert german["sdk_edge"]["metadata"]["country_code"] == "DE" and is_valid(german)

        def test_batch(call_event_factory):
            events = call_event_factory.batch(5, edge="sip_edge")
            assert len(events) == 5
            assert all(is_valid(e) and e["edge"] == "sip_edge" for e in events)
            assert len({e["call_sid"] for e in events}) == 5

        def test_contract(call_event_factory):
            assert is_valid(call_event_factory.contract())

        def test_each_call_is_a_new_event(call_event_factory):
            assert call_event_factory() != call_event_factory()

        def test_bad_pin_names_the_path(call_event_factory):
            with pytest.raises(InvalidArgument, match="sdk_edge.metadata.cty"):
                call_event_factory(fixed={"sdk_edge.metadata.cty": "Berlin"})
        """
    )
    pytester.runpytest().assert_outcomes(passed=5)


def test_factory_events_are_the_same_on_every_run(pytester: pytest.Pytester) -> None:
    dump_project(
        pytester,
        test_factory="""
        def test_factory(call_event_factory, dump):
            factory = call_event_factory
            dump([factory(), *factory.batch(2), factory.contract()])
        """,
    )
    pytester.runpytest().assert_outcomes(passed=1)
    first = read_dumps(pytester)
    pytester.runpytest().assert_outcomes(passed=1)
    assert read_dumps(pytester) == first
    assert len({repr(event) for event in first["test_factory_py_test_factory"]}) == 4


def test_fixtures_do_not_change_each_other(pytester: pytest.Pytester) -> None:
    """Asking for the factory (and using it) leaves ``call_event`` as it was, and back."""
    dump_project(
        pytester,
        test_x="""
        def test_x(call_event, dump):
            dump(call_event)
        """,
    )
    pytester.runpytest().assert_outcomes(passed=1)
    alone = read_dumps(pytester)
    pytester.makepyfile(
        test_x="""
        def test_x(call_event_factory, call_event, dump):
            call_event_factory.batch(3)
            dump(call_event)
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)
    assert read_dumps(pytester) == alone


def test_callevent_schema_is_a_fresh_copy_of_the_bundled_schema(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        from callevent_toolkit import load_schema

        def test_mutates(callevent_schema):
            assert callevent_schema == load_schema(3)
            callevent_schema.clear()

        def test_sees_it_intact(callevent_schema):
            assert callevent_schema["properties"]
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_callevent_seed_is_the_runs_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_seed(callevent_seed):
            assert callevent_seed == 77
        """
    )
    pytester.runpytest("--callevent-seed=77").assert_outcomes(passed=1)
