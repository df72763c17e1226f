"""Living next to Faker's pytest plugin: neither side changes what the other produces."""

from __future__ import annotations

import pytest
from _plugin_dumps import dump_project, read_dumps


def test_faker_values_do_not_change_when_call_events_are_made(pytester: pytest.Pytester) -> None:
    dump_project(
        pytester,
        test_f="""
        def test_f(faker, dump):
            dump([faker.name(), faker.pyint()])
        """,
    )
    pytester.runpytest().assert_outcomes(passed=1)
    alone = read_dumps(pytester)
    pytester.makepyfile(
        test_f="""
        def test_f(call_event, call_event_factory, faker, dump):
            call_event_factory.batch(3)
            dump([faker.name(), faker.pyint()])
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)
    assert read_dumps(pytester) == alone


def test_call_event_ignores_faker_seed_and_locale(pytester: pytest.Pytester) -> None:
    dump_project(
        pytester,
        test_e="""
        def test_e(call_event, dump):
            dump(call_event)
        """,
    )
    pytester.runpytest().assert_outcomes(passed=1)
    plain = read_dumps(pytester)
    pytester.makeconftest(
        (pytester.path / "conftest.py").read_text()
        + """
@pytest.fixture
def faker_seed():
    return 99

@pytest.fixture
def faker_locale():
    return ["de_DE"]
"""
    )
    pytester.makepyfile(
        test_e="""
        def test_e(faker, call_event, dump):
            faker.name()
            dump(call_event)
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)
    assert read_dumps(pytester) == plain


def test_faker_seed_can_follow_the_callevent_seed(pytester: pytest.Pytester) -> None:
    """The documented recipe: one ``--callevent-seed`` replays Faker's values too."""
    dump_project(
        pytester,
        test_f="""
        import pytest

        @pytest.fixture(autouse=True)
        def faker_seed(callevent_seed):
            return callevent_seed

        def test_f(faker, dump):
            dump([faker.name(), faker.pyint()])
        """,
    )
    runs = []
    for seed in (1, 1, 2):
        pytester.runpytest(f"--callevent-seed={seed}").assert_outcomes(passed=1)
        runs.append(read_dumps(pytester))
    assert runs[0] == runs[1] != runs[2]
