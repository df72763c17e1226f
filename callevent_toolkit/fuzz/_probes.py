"""The searches a fuzz run makes: which events each feeds the handler, what counts as failing.

Every search is its own Hypothesis run with its own budget, so that no kind of event can
use up the budget of another and no bug can hide another. ``max_examples`` is the budget
of the realistic search, of the contract search, of the contract-complete searches
together (split evenly) and of the invalid searches of each question together (split
evenly by kind of rule): a run makes at most about six times ``max_examples`` calls,
plus shrinking. Valid events:

* ``realistic``: what production sends (``call_events()``);
* ``contract``: anything the schema allows (``call_events(realistic=False)``), where
  optional parts are often absent;
* ``hybrid``: realistic events in which 1-3 places hold contract-space values
  (:class:`~callevent_toolkit.engine.HybridPlan`), for bugs that need the realistic
  context *and* one odd value;
* ``contract-complete``: one search per optional top-level object (``sdk_edge``,
  ``conversation_relay_data``, ...), with *every* optional part of that object present.
  A bug deep in an optional object (an empty ``metric.values``, an ``error.code`` past
  32 bits) needs the object present *and* the bad value; in the plain contract space
  both together are rare enough that 200 events miss them on some seeds. One object at
  a time keeps the events small enough for Hypothesis to shrink quickly.

Invalid events: one search per kind of rule the options choose (``type``, ``required``,
``format``, ...).
The schema has about a hundred ``type`` rules and one ``format`` rule, so drawing rules
at random would seldom show a validator that ignores formats or bounds. Each search asks
"was it rejected?"; when ``rejects`` is narrower than ``Exception`` a second one per kind
asks "with the right exception?".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import strategies as st

from ..engine import (
    EventPlan,
    HybridPlan,
    HypothesisSource,
    InvalidCallEvent,
    observe,
    plan_with,
)
from ..schemas.structure import structure
from ..strategies import call_events, invalid_call_events
from ._calling import Outcome, Raised, Returned, TimedOut
from ._options import FuzzOptions
from ._report import FailureKind
from ._search import Probe, Sample

__all__ = ["probes"]

Rejects = tuple[type[BaseException], ...]


def _on_valid(outcome: Outcome) -> FailureKind | None:
    if isinstance(outcome, TimedOut):
        return FailureKind.TIMED_OUT
    return FailureKind.CRASHED_ON_VALID if isinstance(outcome, Raised) else None


def _accepts(outcome: Outcome) -> FailureKind | None:
    if isinstance(outcome, TimedOut):
        return FailureKind.TIMED_OUT
    return FailureKind.ACCEPTED_INVALID if isinstance(outcome, Returned) else None


def _wrong_error(rejects: Rejects) -> Callable[[Outcome], FailureKind | None]:
    def judge(outcome: Outcome) -> FailureKind | None:
        if isinstance(outcome, TimedOut):
            return FailureKind.TIMED_OUT
        if isinstance(outcome, Raised) and not isinstance(outcome.exception, rejects):
            return FailureKind.WRONG_ERROR_ON_INVALID
        return None

    return judge


def _optional_objects(version: int) -> list[str]:
    root = structure(version)
    return [p.name for p in root.properties if not p.required and p.node.kind == "object"]


@cache
def _complete_plan(version: int, name: str) -> EventPlan:
    """Every part of top-level object ``name`` present; looked up once per (version,
    name), not per example (the walk and ``plan_with``'s path normalisation took 23 us)."""
    every_part = [n.path for n in structure(version).walk() if n.path[:1] == (name,)]
    present = [path for path in every_part if "*" not in path]
    return plan_with(version, False, present)


@st.composite
def _complete_events(draw: st.DrawFn, name: str, version: int) -> dict[str, Any]:
    event = _complete_plan(version, name).event(HypothesisSource(draw))
    observe(event, version)  # the coverage report's hook: a no-op without one
    return event


@cache
def _hybrid_plan(version: int) -> HybridPlan:
    return HybridPlan(version=version)


@st.composite
def _hybrid_events(draw: st.DrawFn, version: int) -> dict[str, Any]:
    event = _hybrid_plan(version).event(HypothesisSource(draw))
    observe(event, version)  # the coverage report's hook: a no-op without one
    return event


def _invalid_sample(case: InvalidCallEvent) -> Sample:
    return Sample(case.event, violation=case.violation, operator=case.operator)


def _valid_probes(version: int) -> list[Probe]:
    realistic = call_events(version=version)
    contract = call_events(realistic=False, version=version)
    found = [
        Probe("valid events (realistic)", "realistic", realistic, Sample, _on_valid),
        Probe("valid events (contract)", "contract", contract, Sample, _on_valid),
        Probe(
            "valid events (hybrid: realistic with 1-3 contract values)",
            "hybrid",
            _hybrid_events(version),
            Sample,
            _on_valid,
        ),
    ]
    objects = _optional_objects(version)
    for name in objects:
        search = f"valid events (contract, every optional part of {name} present)"
        events = _complete_events(name, version)
        found.append(Probe(search, "contract-complete", events, Sample, _on_valid, len(objects)))
    return found


def _invalid_probes(rejects: Rejects, version: int, keywords: tuple[str, ...]) -> list[Probe]:
    share = len(keywords)
    found = []
    for keyword in keywords:
        cases = invalid_call_events(keywords={keyword}, version=version)
        name = f"invalid events breaking {keyword!r}"
        search = f"{name}: rejected?"
        found.append(Probe(search, "invalid", cases, _invalid_sample, _accepts, share))
        if not issubclass(Exception, rejects):
            judge = _wrong_error(rejects)
            search = f"{name}: rejected with the right error?"
            found.append(Probe(search, "invalid", cases, _invalid_sample, judge, share))
    return found


def probes(options: FuzzOptions) -> list[Probe]:
    """The random searches ``options`` ask for, in order: valid events, then invalid ones."""
    version = options.version
    keywords = options.invalid_keywords()
    return [
        *(_valid_probes(version) if options.valid else []),
        *(_invalid_probes(options.rejects, version, keywords) if options.invalid else []),
    ]
