"""The fast seeded generator: many thousands of CallEvents a second, reproducibly.

It runs the same :class:`~callevent_toolkit.engine.EventPlan` as the
Hypothesis strategies, with a plain :class:`random.Random` underneath. Events are drawn 16
to a seeding derived from ``(seed, k // 16)`` (a window that starts mid-block builds the
block's earlier events again and drops them), so event *k* of a seed is the same whatever
window (``start``/``count``) produced it: shards of a big run can be made on different
machines and concatenated. Seeding per event instead cost a third of an event.

With ``invalid_ratio`` some events are deliberately invalid (made by the mutation
operators of :mod:`~callevent_toolkit.engine`) and
:func:`generate_labelled` says which rule each one breaks. Whether event *k* is invalid
is a coin derived from ``(seed, k)`` apart from the events' stream; the valid event it
replaces is still built when a valid event follows in its block (so the block's stream
moves on as without a ratio) and the invalid one comes from a source of ``(seed, k)``
alone, so turning the ratio on replaces some events and leaves every other one exactly
as :func:`generate` makes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ._checks import check_int, check_ratio, check_seed, check_version, fail
from .engine import (
    MALFORMATIONS,
    Delivery,
    EventPlan,
    InvalidCallEvent,
    Target,
    build_timeline,
    check_timeline_arguments,
    checked_deliveries,
    checked_stream,
    coin,
    coverage,
    default_plan,
    make_invalid,
    malformed_delivery,
    menu_for,
    seeded_blocks,
    seeded_source,
    seeded_sources,
)
from .schemas import DEFAULT_VERSION
from .validation import Violation

__all__ = [
    "coverage_cases",
    "generate",
    "generate_deliveries",
    "generate_labelled",
    "generate_stream",
    "generate_timelines",
    "malformed_delivery_cases",
]


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
    build, index = plan.event, start
    for skip, keep, src in seeded_blocks(seed, start, count):
        for _ in range(skip):  # a window starting mid-block replays the earlier events
            build(src)
        broken = _broken(seed, index, keep, ratio)
        # the last valid event of the block: before it, a replaced valid event is still
        # built, so the block's stream moves on as without a ratio
        needed = max((i for i, bad in enumerate(broken) if not bad), default=-1)
        for offset, bad in enumerate(broken):
            if not bad:
                yield build(src), None
                continue
            if offset < needed:
                build(src)
            own = seeded_source(seed, index + offset)  # an invalid event's own stream
            case = make_invalid(own, menu, version=plan.version, realistic=plan.realistic)
            yield case.event, case.violation
        index += keep


def _broken(seed: int, first: int, count: int, ratio: float) -> list[bool]:
    """Which of events ``first`` .. ``first + count - 1`` are made invalid.

    The coins depend on ``(seed, k)`` alone, so they are known before a block is built:
    an invalid event after which its block has no valid event left needs no replaced
    valid event built (none at ``invalid_ratio=1.0``).
    """
    if ratio <= 0:
        return [False] * count
    return [coin(seed, k) < ratio for k in range(first, first + count)]


def _events(plan: EventPlan, seed: int, start: int, count: int) -> Iterator[dict[str, Any]]:
    build = plan.event
    for skip, keep, src in seeded_blocks(seed, start, count):
        for _ in range(skip):  # a window starting mid-block replays the earlier events
            build(src)
        for _ in range(keep):
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


def generate_stream(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    accounts: int = 1,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
) -> Iterator[dict[str, Any]]:
    """Yield the events of calls ``start`` .. ``start + count - 1`` of a stream, merged.

    A stream is what one sink receives: the calls of one account (or of ``accounts``
    accounts, 1 to 1000) overlapping in time, their events in timestamp order (ties in
    call order). Call *k* is timeline *k* of :func:`generate_timelines` with the same
    seed, moved to start ``k * 30 s`` plus up to 90 s after 2026-10-02T00:00Z and to one
    of the stream's account SIDs; both depend on ``(seed, k)`` only, so a window of calls
    gives exactly the events those calls have in any larger run, in the same order.
    Memory holds only the calls still running. At most 10**8 calls (``start + count``).
    """
    stream = checked_stream(
        count, seed=seed, start=start, accounts=accounts, version=version, realistic=realistic
    )
    return (event for _instant, _call, _position, event in stream)


def generate_deliveries(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    accounts: int = 1,
    envelope: str = "webhook",
    duplicates: float = 0.0,
    max_delay: float = 90.0,
    batch: int = 1,
    data_as_string: bool = False,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
) -> Iterator[Delivery]:
    """Yield the stream of :func:`generate_stream` as an Event Streams sink delivers it.

    Each event falls due up to ``max_delay`` seconds (0 to 14,400) after it happened, so
    deliveries come out of emission order; up to ``batch`` events (1 to 100) due one
    after another, within a second of the first, share a webhook body (sent when its
    last event is due); a share ``duplicates`` of the bodies is delivered again
    (``attempt`` 2, the same body and CloudEvent ids) 1 s to 4 h later, as at-least-once
    delivery with retries does. ``envelope`` is ``"webhook"`` (a JSON array, with a
    ``Content-Type: application/json`` header) or ``"kinesis"`` (a record's Base64 data,
    one event each). Deliveries come in the order they are due (``due_ms``). An event's
    delay and a body's redelivery depend on ``(seed, id)`` alone, so with ``batch=1`` a
    window of calls gives exactly its events' deliveries in any larger run.
    """
    return checked_deliveries(
        count, seed=seed, start=start, accounts=accounts, realistic=realistic,
        version=version, envelope=envelope, duplicates=duplicates, max_delay=max_delay,
        batch=batch, data_as_string=data_as_string,
    )  # fmt: skip


def malformed_delivery_cases(seed: int = 0, version: int = DEFAULT_VERSION) -> list[Delivery]:
    """A deterministic checklist of broken deliveries: every breakage in every form.

    Each case wraps an event of timeline 0 of ``seed`` (two events for webhook bodies)
    and breaks it one named way; its ``label`` says the kind, where the problem is and
    what it is (see :data:`~callevent_toolkit.engine.MALFORMATIONS`). Webhook cases
    come first, then Kinesis ones, each in catalogue order. Same arguments, same list.
    """
    check_version(version)
    events = build_timeline(seeded_source(check_seed(seed), 0), version=version)[:2]
    return [
        malformed_delivery(events, kind, form=form, version=version)
        for form in ("webhook", "kinesis")
        for kind, breakage in MALFORMATIONS.items()
        if form in breakage.forms
    ]


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
