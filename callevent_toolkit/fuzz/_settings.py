"""The Hypothesis settings of every fuzz search: one definition for events and streams.

Every option is set explicitly so that a user's settings profile (``derandomize=True``,
an example database, a deadline, a verbosity) cannot change what the fuzzer does, and
both searches (:mod:`._search` for single events, :mod:`._stream` for delivery streams)
must agree on that.
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, Verbosity, settings

__all__ = ["search_settings"]


def search_settings(max_examples: int) -> settings:
    """Settings for one search of ``max_examples`` examples, generate then shrink."""
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=True,
        print_blob=False,
        verbosity=Verbosity.quiet,
        # Events and streams are as big and as slow to build as the schema makes them,
        # and the handler's speed is what is under test: neither is a problem here.
        suppress_health_check=(
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ),
    )
