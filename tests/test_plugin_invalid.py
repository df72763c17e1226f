"""``invalid_call_event`` and ``call_event_factory.invalid()``: broken on purpose, labelled."""

from __future__ import annotations

import pytest
from _plugin_dumps import dump_project, read_dumps


def test_invalid_events_break_exactly_their_labelled_rule(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from callevent_toolkit import InvalidCallEvent, validate

        def labelled_and_rejected(case):
            assert isinstance(case, InvalidCallEvent)
            found = [(v.pointer, v.keyword) for v in validate(case.event)]
            assert (case.violation.pointer, case.violation.keyword) in found

        def test_fixture(invalid_call_event):
            labelled_and_rejected(invalid_call_event)

        @pytest.mark.parametrize(
            "keyword", ["required", "type", "additionalProperties", "minimum", "format"]
        )
        def test_factory_keyword(call_event_factory, keyword):
            case = call_event_factory.invalid(keyword)
            labelled_and_rejected(case)
            assert case.violation.keyword == keyword

        def test_factory_any(call_event_factory):
            for _ in range(5):
                labelled_and_rejected(call_event_factory.invalid())
        """
    )
    pytester.runpytest().assert_outcomes(passed=7)


def test_an_unknown_keyword_lists_the_known_ones(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from callevent_toolkit import InvalidArgument

        def test_typo(call_event_factory):
            with pytest.raises(InvalidArgument) as caught:
                call_event_factory.invalid("tpye")
            assert str(caught.value) == (
                "'tpye' is not a constraint keyword of VoiceInsights.CallEvent v3 "
                "(known: additionalProperties, format, maximum, minimum, required, type)"
            )
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_invalid_events_are_the_same_on_every_run(pytester: pytest.Pytester) -> None:
    dump_project(
        pytester,
        test_i="""
        def label(case):
            return [case.event, case.violation.pointer, case.violation.keyword, case.operator]

        def test_i(invalid_call_event, call_event_factory, dump):
            dump([label(invalid_call_event), label(call_event_factory.invalid("type"))])
        """,
    )
    pytester.runpytest().assert_outcomes(passed=1)
    first = read_dumps(pytester)
    pytester.runpytest().assert_outcomes(passed=1)
    assert read_dumps(pytester) == first
    pytester.runpytest("--callevent-seed=8").assert_outcomes(passed=1)
    assert read_dumps(pytester) != first
