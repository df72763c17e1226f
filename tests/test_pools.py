"""The shipped value pools are Faker's, and a fresh process never builds them.

The pools are drawn from Faker once with a fixed seed and shipped in ``_pools.json``
(building them took about a second per process, which the first ``@given`` test paid
inside Hypothesis's ``too_slow`` health check).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from callevent_toolkit.engine._providers import _pools


def test_rebuilding_the_pools_from_faker_gives_the_shipped_file() -> None:
    rebuilt = _pools.build_pools()
    assert rebuilt == _pools._shipped(), (
        "Faker's data changed: run `python -m callevent_toolkit.engine._providers._pools` "
        "(this changes seeded output)"
    )
    assert set(rebuilt["client_names"]) == set(_pools.LOCALES)


def test_every_locale_pool_starts_with_the_app_name_and_has_no_duplicates() -> None:
    for locale in _pools.LOCALES:
        names = _pools.client_names(locale)
        assert names[0] == "MyVoiceApp"
        assert len(set(names)) == len(names) > 10


def _fresh(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout


def test_first_examples_in_a_fresh_process_do_not_load_faker() -> None:
    out = _fresh(
        """
        import sys
        from hypothesis import given, settings
        from callevent_toolkit.strategies import call_events, call_timelines

        @settings(max_examples=3, database=None)
        @given(call_events(), call_timelines())
        def receive(event, timeline):
            assert event["sdk_edge" if "sdk_edge" in event else "call_sid"]
            assert timeline

        receive()
        print(sorted(m for m in sys.modules if m.split(".")[0] == "faker"))
        """
    )
    assert out.strip() == "[]"


def test_the_readme_timeline_example_passes_the_health_checks_in_fresh_processes() -> None:
    for _ in range(3):  # the benchmark runs 20; each fresh process used to fail 6 in 10
        out = _fresh(
            """
            from hypothesis import given

            from callevent_toolkit.envelopes import unwrap, webhook_body
            from callevent_toolkit.strategies import call_timelines


            @given(call_timelines())
            def test_my_webhook_rebuilds_the_call(timeline):
                bodies = [webhook_body([event]) for event in timeline]
                assert [e for body in bodies for e in unwrap(body)] == timeline


            test_my_webhook_rebuilds_the_call()
            print("ok")
            """
        )
        assert out.strip() == "ok"
