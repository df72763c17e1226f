"""``--callevent-report`` and ``--callevent-fail-under``: the contract-coverage report of a run.

Why a plugin object registered only when asked for: with no report requested nothing is
recorded and none of these hooks run, so a plain test run pays nothing. When it is
registered it starts the module-level recorder of :mod:`callevent_toolkit.contract_coverage`
that the fixtures, the strategies and the fuzzer notify. Under pytest-xdist each worker
records its own tests and hands the controller its observations in ``workeroutput`` when
it finishes (as pytest-cov does with its data); the controller merges them and writes the
reports, so ``-n 2`` reports what a serial run reports.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ._markers import ARGNAME, COVERAGE
from ._options import SETTINGS

if TYPE_CHECKING:
    from ..contract_coverage.recorder import Recorder
    from ..contract_coverage.summary import CoverageSummary

__all__: list[str] = []

_WORKER_KEY = "callevent_contract_coverage"
_DEFAULTS = {"json": "callevent-coverage.json", "html": "callevent-htmlcov"}


def add_options(parser: pytest.Parser) -> None:
    """Register ``--callevent-report`` (repeatable) and ``--callevent-fail-under``."""
    group = parser.getgroup("callevent")
    group.addoption(
        "--callevent-report",
        dest="callevent_report",
        action="append",
        default=[],
        metavar="TYPE",
        help="report which parts of the CallEvent contract the run's events exercised: "
        "'term' (summary at the end), 'json[:PATH]' (default callevent-coverage.json), "
        "'html[:DIR]' (default callevent-htmlcov/). May be given several times.",
    )
    group.addoption(
        "--callevent-fail-under",
        dest="callevent_fail_under",
        metavar="PERCENT",
        default=None,
        help="fail the run when the overall contract coverage is below PERCENT.",
    )


@dataclass(frozen=True)
class _Request:
    term: bool
    outputs: tuple[tuple[str, Path], ...]
    fail_under: float | None


def _parse(config: pytest.Config) -> _Request | None:
    values: list[str] = config.getoption("callevent_report") or []
    term, outputs = False, []
    for value in values:
        kind, _, where = value.partition(":")
        if kind == "term" and not where:
            term = True
        elif kind in _DEFAULTS:
            outputs.append((kind, Path(where or _DEFAULTS[kind])))
        else:
            raise pytest.UsageError(
                f"--callevent-report={value}: expected term, json[:PATH] or html[:DIR]"
            )
    fail_under = _fail_under(config.getoption("callevent_fail_under"))
    if not values and fail_under is None:
        return None
    return _Request(term, tuple(outputs), fail_under)


def _fail_under(text: str | None) -> float | None:
    if text is None:
        return None
    from .._checks import percentage  # only when a threshold is given: the plugin loads lean

    try:
        return percentage(text)
    except ValueError:
        raise pytest.UsageError(
            f"--callevent-fail-under={text}: expected a percentage 0-100"
        ) from None


def register(config: pytest.Config) -> None:
    """Register the report plugin when the run asked for a report or a threshold."""
    request = _parse(config)
    if request is not None:
        config.pluginmanager.register(_ContractCoverage(config, request), "callevent-report")


class _ContractCoverage:
    """The hooks of a run with a contract-coverage report (one instance per process)."""

    def __init__(self, config: pytest.Config, request: _Request) -> None:
        self._config = config
        self._request = request
        from ..contract_coverage import recorder  # loaded only when a report was asked for

        self._worker = hasattr(config, "workerinput")
        self._recorder: Recorder = recorder.start(config.stash[SETTINGS].version)
        self._summary: CoverageSummary | None = None
        self._written: list[str] = []

    def pytest_runtest_call(self, item: pytest.Item) -> None:
        """A ``callevent_coverage`` case is fed to the test: record it."""
        callspec = getattr(item, "callspec", None)
        if callspec is not None and item.get_closest_marker(COVERAGE) is not None:
            case = callspec.params.get(ARGNAME)
            if case is not None:
                self._recorder.record_invalid(case)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """pytest-xdist controller: merge what a finished worker recorded."""
        snapshot = getattr(node, "workeroutput", {}).get(_WORKER_KEY)
        if snapshot is not None:
            self._recorder.merge(snapshot)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """A pytest-xdist worker hands its observations to the controller."""
        if self._worker:
            self._config.workeroutput[_WORKER_KEY] = self._recorder.snapshot()  # type: ignore[attr-defined]
            self._stop()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        """After the tests (and every worker): write the reports, apply the threshold."""
        result = yield
        if not self._worker:
            self._finish(session)
        return result

    def _finish(self, session: pytest.Session) -> None:
        self._summary = summary = self._recorder.summary()
        self._stop()
        for kind, where in self._request.outputs:  # each renderer loaded only when asked for
            if kind == "json":
                from ..contract_coverage.report_json import write_json

                write_json(summary, where)
                self._written.append(f"contract coverage JSON written to {where}")
            else:
                from ..contract_coverage.report_html import write_html

                page = write_html(summary, where)
                self._written.append(f"contract coverage HTML written to {page}")
        if self._below_threshold():
            session.testsfailed += 1

    def _below_threshold(self) -> bool:
        threshold = self._request.fail_under
        return (
            threshold is not None
            and self._summary is not None
            and self._summary.overall.percent < threshold
        )

    def pytest_unconfigure(self) -> None:
        """Never leave a recorder active past the run (an in-process pytester run, say)."""
        self._stop()

    def _stop(self) -> None:
        from ..contract_coverage import recorder

        if recorder.active() is self._recorder:
            recorder.stop()

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """The ``term`` report, where the files went, and the threshold's verdict."""
        if self._worker or self._summary is None:
            return
        from ..contract_coverage.report_text import render_text

        if self._request.term:
            terminalreporter.write_sep("-", "callevent contract coverage")
            terminalreporter.write_line(render_text(self._summary))
        for line in self._written:
            terminalreporter.write_line(line)
        threshold = self._request.fail_under
        if threshold is not None:
            percent = self._summary.overall.percent
            verdict = "FAIL" if percent < threshold else "passed"
            terminalreporter.write_line(
                f"callevent contract coverage {percent:.2f}% "
                f"({verdict}: --callevent-fail-under={threshold:g})",
                red=percent < threshold,
            )
