"""pytest plugin for callevent-toolkit (registered through the ``pytest11`` entry point).

Installing the package is all it takes: pytest loads this module, which gives every test
suite the fixtures ``call_event``, ``call_event_factory``, ``invalid_call_event``,
``callevent_schema`` and ``callevent_seed``, the options ``--callevent-seed`` and
``--callevent-schema-version`` (with ini twins), and the ``callevent_coverage`` marker.

This module holds hooks only and imports nothing heavy: the generators, the validator and
the schema are imported when a fixture or hook first needs them.
"""

from __future__ import annotations

from typing import Any

import pytest

from . import _assertrepr, _markers, _options, _report
from ._factory import CallEventFactory
from ._fixtures import (
    call_event,
    call_event_factory,
    callevent_schema,
    callevent_seed,
    invalid_call_event,
)

__all__ = [
    "CallEventFactory",
    "call_event",
    "call_event_factory",
    "callevent_schema",
    "callevent_seed",
    "invalid_call_event",
    "pytest_addoption",
    "pytest_assertrepr_compare",
    "pytest_configure",
    "pytest_configure_node",
    "pytest_generate_tests",
    "pytest_report_header",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--callevent-seed``, ``--callevent-schema-version`` (and ini twins), the report options."""
    _options.add_options(parser)
    _report.add_options(parser)


@pytest.hookimpl(trylast=True)  # after pytest-randomly has resolved its seed
def pytest_configure(config: pytest.Config) -> None:
    """Register the markers (``--strict-markers`` clean) and settle the run's settings once.

    Resolving here, not per test, means a ``random`` seed is drawn once per run and a bad
    value is a usage error before collection.
    """
    for line in _markers.MARKERS:
        config.addinivalue_line("markers", line)
    config.stash[_options.SETTINGS] = _options.resolve_settings(config)
    _report.register(config)  # only with --callevent-report / --callevent-fail-under


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: hand the controller's seed to each worker (``random``/``last`` once)."""
    node.workerinput.update(_options.worker_input(node.config.stash[_options.SETTINGS]))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``@pytest.mark.callevent_coverage``: one test per coverage case."""
    marker = metafunc.definition.get_closest_marker(_markers.COVERAGE)
    if marker is not None:
        _markers.parametrize_coverage(metafunc, marker)


def pytest_report_header(config: pytest.Config) -> str:
    """The seed as a flag the user can paste to replay the run's events."""
    return f"callevent: {config.stash[_options.SETTINGS].as_flags()}"


def pytest_assertrepr_compare(
    config: pytest.Config, op: str, left: object, right: object
) -> list[str] | None:
    """``assert validate(e) == []`` lists ``$.path: message`` lines, not ``Violation`` reprs."""
    return _assertrepr.violations_repr(op, left, right)
