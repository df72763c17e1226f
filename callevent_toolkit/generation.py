"""The fast seeded generator: many thousands of CallEvents a second, reproducibly.

It runs the same :class:`~callevent_toolkit.engine.EventPlan` as the
Hypothesis strategies, with a plain :class:`random.Random` underneath. Each event gets its
own seed derived from ``(seed, index)``, so event *k* of a seed is the same whatever
window (``start``/``count``) produced it: shards of a big run can be made on different
machines and concatenated.

With ``invalid_ratio`` some events are deliberately invalid (made by the mutation
operators of :mod:`~callevent_toolkit.engine`) and
:func:`generate_labelled` says which rule each one breaks. Whether event *k* is invalid
is a coin derived from ``(seed, k)`` apart from the event's own stream, so turning the
ratio on replaces some events and leaves every other one exactly as :func:`generate`
makes it, without building an event only to throw it away.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ._checks import check_int, check_ratio, check_seed, check_version, fail
from .engine import (
    EventPlan,
    InvalidCallEvent,
    Target,
    build_timeline,
    check_timeline_arguments,
    coin,
    coverage,
    default_plan,
    make_invalid,
    menu_for,
    seeded_sources,
)
from .schemas import DEFAULT_VERSION
from .validation import Violation

__all__ = ["coverage_cases", "generate", "generate_labelled", "generate_timelines"]


def generate(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
    fixed: Mapping[Any, Any] | None = None,
    invalid_ratio: float = 0.0,
) -> Iterator[Any]:
    """Yield ``count`` CallEvents: events ``start`` .. ``start + count - 1`` of ``seed``.

    Same arguments, same events, byte for byte once serialised (for one toolkit version).
    ``realistic`` and ``fixed`` mean what they mean for
    :func:`~callevent_toolkit.strategies.call_events`; pins must be plain values here.
    Arguments are checked before the first event is produced.

    Every event is valid unless ``invalid_ratio`` (0.0 to 1.0) is set: then about that
    share of events is deliberately invalid, each breaking one rule; use
    :func:`generate_labelled` to learn which. An invalid event is usually a dict, but
    one that breaks the top-level ``type`` is another JSON value (a list, a JSON
    string, ``null``), as a broken producer would send. ``fixed`` cannot be combined
    with ``invalid_ratio``.
    """
    _check_window(count, seed, start)
    ratio = check_ratio("invalid_ratio", invalid_ratio)
    plan = _plan_for(version, realistic, fixed)
    if ratio > 0:
        if plan.pins:
            fail(
                "fixed cannot be combined with invalid_ratio: a mutation may break the "
                f"very field a pin fixes (got {fixed=}, {invalid_ratio=})"
            )
        labelled = generate_labelled(
            count,
            seed=seed,
            start=start,
            realistic=realistic,
            version=version,
            invalid_ratio=invalid_ratio,
        )
        return (event for event, _violation in labelled)
    return _events(plan, seed, start, count)


def _plan_for(version: int, realistic: bool, fixed: Mapping[Any, Any] | None) -> EventPlan:
    """The plan for ``fixed`` (checked: a mapping of schema paths to allowed plain values).

    ``fixed=None`` takes the cached pin-free plan; anything else, even an empty or a
    non-mapping value, goes through :class:`EventPlan`, which refuses what is not a
    mapping instead of letting a falsy ``[]`` or ``0`` pass unnoticed.
    """
    if fixed is None:
        return default_plan(version, realistic)
    plan = EventPlan(version=version, realistic=realistic, fixed=fixed)
    plan.refuse_strategy_pins()
    return plan


def _check_window(count: int, seed: int, start: int) -> None:
    check_int("count", count, minimum=0)
    check_int("start", start, minimum=0)
    check_seed(seed)
    check_int("start + count", start + count, minimum=0)


def generate_labelled(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
    invalid_ratio: float = 0.0,
) -> Iterator[tuple[Any, Violation | None]]:
    """Yield ``(event, violation)`` pairs: ``None`` for a valid event, else what it breaks.

    The events are those of :func:`generate` with the same arguments, and event *k*
    depends only on ``(seed, k)`` whatever the window. A valid event here is the very
    event :func:`generate` makes without ``invalid_ratio``. Invalid events start from a
    valid event of the same kind (contract-space when ``realistic=False``, falling back
    to a realistic one when a contract event lacks the place to break) and break one
    rule, chosen uniformly among the schema's constraints; the violation's pointer
    names the concrete place (real map key or array index).
    """
    _check_window(count, seed, start)
    ratio = check_ratio("invalid_ratio", invalid_ratio)
    plan = default_plan(version, realistic)
    menu = menu_for(version, None) if ratio > 0 else ()
    return _labelled(plan, menu, seed, start, count, ratio)


def _labelled(
    plan: EventPlan,
    menu: Sequence[Target],
    seed: int,
    start: int,
    count: int,
    ratio: float,
) -> Iterator[tuple[Any, Violation | None]]:
    for index, src in seeded_sources(seed, start, count):
        if ratio > 0 and coin(seed, index) < ratio:
            case = make_invalid(src, menu, version=plan.version, realistic=plan.realistic)
            yield case.event, case.violation
        else:
            yield plan.event(src), None


def _events(plan: EventPlan, seed: int, start: int, count: int) -> Iterator[dict[str, Any]]:
    build = plan.event
    for _index, src in seeded_sources(seed, start, count):
        yield build(src)


def generate_timelines(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
) -> Iterator[list[dict[str, Any]]]:
    """Yield ``count`` call timelines: timelines ``start`` .. ``start + count - 1`` of ``seed``.

    Each timeline is a list of valid CallEvents of one call, in delivery order, with the
    invariants described in :func:`~callevent_toolkit.strategies.call_timelines`. Timeline
    *k* depends only on ``(seed, k)``, exactly like event *k* of :func:`generate`, so
    shards of a big run can be made separately. Same arguments, same timelines, byte for
    byte once serialised (for one toolkit version). Arguments are checked before the
    first timeline is produced.
    """
    _check_window(count, seed, start)
    check_timeline_arguments(realistic, version)
    return _timelines(seed, start, count, realistic, version)


def _timelines(
    seed: int, start: int, count: int, realistic: bool, version: int
) -> Iterator[list[dict[str, Any]]]:
    for _index, src in seeded_sources(seed, start, count):
        yield build_timeline(src, version=version, realistic=realistic)


def coverage_cases(version: int = DEFAULT_VERSION, seed: int = 0) -> list[InvalidCallEvent]:
    """A deterministic checklist of invalid events: every operator on every constraint.

    Each case starts from a realistic valid event (drawn from ``seed``) and breaks
    exactly one constraint in one way, so every entry of
    :func:`~callevent_toolkit.schemas.constraints.constraints` has at least one case (a
    ``type`` constraint one per wrong JSON type, the ``date-time`` format one per
    real-world malformation). Same arguments, same list.
    """
    check_version(version)  # a bad version is named before any case is built
    return coverage(version, check_seed(seed))
