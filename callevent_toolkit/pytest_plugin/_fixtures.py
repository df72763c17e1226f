"""The fixtures. Each one is deterministic per test: same run seed, same node id, same value.

The toolkit's generators are imported inside the fixtures, so a suite that never asks
for them pays nothing for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from ._factory import CallEventFactory
from ._options import SETTINGS, Settings
from ._seed import derive_seed

if TYPE_CHECKING:
    from ..engine import InvalidCallEvent

__all__ = [
    "call_event",
    "call_event_factory",
    "callevent_schema",
    "callevent_seed",
    "invalid_call_event",
]


def _settings(request: pytest.FixtureRequest) -> Settings:
    return request.config.stash[SETTINGS]


def _test_seed(request: pytest.FixtureRequest, stream: str) -> int:
    return derive_seed(_settings(request).seed, request.node.nodeid, stream)


@pytest.fixture(scope="session")
def callevent_seed(request: pytest.FixtureRequest) -> int:
    """The run's seed (what ``--callevent-seed`` decided; shown in the report header).

    Handy to seed other generators from the same number, e.g. Faker's (its plugin reads
    ``faker_seed`` only from autouse fixtures)::

        @pytest.fixture(autouse=True)
        def faker_seed(callevent_seed):
            return callevent_seed
    """
    return _settings(request).seed


@pytest.fixture
def callevent_schema(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The bundled ``VoiceInsights.CallEvent`` schema of the run's version (a fresh copy)."""
    from ..schemas import load_schema

    return load_schema(_settings(request).version)


@pytest.fixture
def call_event(request: pytest.FixtureRequest) -> dict[str, Any]:
    """One realistic, valid CallEvent, the same on every run with the same seed."""
    from ..engine import observe
    from ..generation import generate

    seed = _test_seed(request, "call_event")
    event: dict[str, Any] = next(generate(1, seed=seed, version=_settings(request).version))
    observe(event, _settings(request).version)  # no-op without --callevent-report
    return event


@pytest.fixture
def call_event_factory(request: pytest.FixtureRequest) -> CallEventFactory:
    """A :class:`CallEventFactory`: ``factory(**pins)``, ``.batch(n)``, ``.contract()``."""
    return CallEventFactory(
        seed=_test_seed(request, "call_event_factory"), version=_settings(request).version
    )


@pytest.fixture
def invalid_call_event(request: pytest.FixtureRequest) -> InvalidCallEvent:
    """One realistic event broken on purpose in one place: an ``InvalidCallEvent``.

    ``.event`` is the event, ``.violation`` the rule it breaks (``pointer``, ``keyword``,
    ``message``), ``.operator`` the mutation that broke it. Under
    ``@pytest.mark.callevent_coverage`` this argument runs through the coverage cases.
    """
    factory = CallEventFactory(
        seed=_test_seed(request, "invalid_call_event"), version=_settings(request).version
    )
    return factory.invalid()
