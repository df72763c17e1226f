"""Streams and deliveries: what one sink receives, as Hypothesis strategies.

A thin face over the engine's streams and deliveries (:mod:`callevent_toolkit.engine`):
the calls' stories, start offsets and accounts, each event's delay, batch sizes and
redeliveries are drawn with a Hypothesis source, so everything shrinks: to one short
call, no delay, one event a body, no redelivery. The deliveries' choices are made in a
fixed order and number (see ``deliver(lazy=False)``), so lowering one never shifts the
others.
:func:`~callevent_toolkit.generate_stream` and
:func:`~callevent_toolkit.generate_deliveries` run the same engine from a seed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .._checks import check_int, fail
from ..engine import (
    STREAM_ANCHOR_MS,
    Delivery,
    DeliveryOptions,
    DrawnChooser,
    HypothesisSource,
    RandomSource,
    Source,
    Timed,
    account_sids,
    build_timed_call,
    build_timeline,
    check_accounts,
    check_delivery_options,
    check_timeline_arguments,
    deliver,
    malformation_kinds,
    malformed_delivery,
    merge_calls,
    observe_many,
    seeded_source,
)
from ..schemas import DEFAULT_VERSION

__all__ = ["call_streams", "deliveries", "malformed_deliveries"]

Event = dict[str, Any]

_SEEDS = st.integers(0, 2**64 - 1)
#: Calls of a drawn stream start within this many ms of the first (so they overlap).
_START_SPREAD_MS = 120_000


def _check_calls(min_calls: object, max_calls: object) -> tuple[int, int]:
    low = check_int("min_calls", min_calls, minimum=1)
    high = check_int("max_calls", max_calls, minimum=1)
    if low > high:
        fail(f"min_calls must be at most max_calls, got min_calls={low!r}, max_calls={high!r}")
    return low, high


@st.composite
def _timed_streams(
    draw: st.DrawFn, calls: tuple[int, int], accounts: int, version: int, realistic: bool
) -> list[Timed]:
    """The story of each call is drawn choice by choice; the contents of its events come
    from one ``Random`` seeded by one draw (one per call, not per event as in
    ``call_timelines``: fewer big numbers for the shrinker to lower in a stream)."""
    src = HypothesisSource(draw)
    sids = account_sids(draw(_SEEDS), accounts)

    def one(index: int) -> tuple[int, list[tuple[int, Event]]]:
        begin = STREAM_ANCHOR_MS + src.integer(0, _START_SPREAD_MS)
        account = sids[src.index(accounts)]
        filler: Source = RandomSource.from_seed(draw(_SEEDS))
        timed = build_timed_call(
            src,
            start_ms=begin,
            account_sid=account,
            version=version,
            realistic=realistic,
            contents=lambda: filler,
        )
        return index, timed

    count = src.integer(*calls)
    timed = list(merge_calls([one(index) for index in range(count)]))
    # The coverage report's hook (a no-op without one): each event of the stream once,
    # whether the test sees it as a stream or as deliveries with redeliveries.
    observe_many([item[3] for item in timed], version)
    return timed


def call_streams(
    *,
    min_calls: int = 1,
    max_calls: int = 4,
    accounts: int = 1,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
) -> st.SearchStrategy[list[Event]]:
    """A strategy of streams: the events of ``min_calls``..``max_calls`` calls of one
    account (or of ``accounts`` accounts) overlapping in time, in timestamp order.

    Each call is a timeline as :func:`call_timelines` draws it, started within two
    minutes of the stream's first instant, so calls interleave; the events of one call
    keep their order, and ties between calls go to the earlier call. Streams shrink to
    one short call (a phone call of at most four events, such as ``initiated``,
    ``failed``), and a failure that needs two overlapping calls to two.
    """

    def build() -> st.SearchStrategy[list[Event]]:
        bounds = _check_calls(min_calls, max_calls)
        check_timeline_arguments(realistic, version)
        streams = _timed_streams(bounds, check_accounts(accounts), version, realistic)
        return streams.map(lambda timed: [item[3] for item in timed])

    return st.deferred(build)


@st.composite
def _delivered(
    draw: st.DrawFn, streams: st.SearchStrategy[list[Timed]], options: DeliveryOptions
) -> list[Delivery]:
    timed = draw(streams)
    chooser = DrawnChooser(HypothesisSource(draw), options)
    return list(deliver(timed, chooser, options, lazy=False))


def deliveries(
    *,
    envelope: str = "webhook",
    min_calls: int = 1,
    max_calls: int = 3,
    accounts: int = 1,
    duplicates: bool = True,
    max_delay: float = 90.0,
    max_batch: int = 1,
    data_as_string: bool | None = None,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
) -> st.SearchStrategy[list[Delivery]]:
    """A strategy of delivered streams: lists of :class:`~callevent_toolkit.engine.Delivery`
    in the order a sink sends them.

    The stream is :func:`call_streams` (``min_calls``, ``max_calls``, ``accounts``); every
    event is delivered at least once, up to ``max_delay`` seconds after it happened (so
    arrival order differs from emission order), ``1``..``max_batch`` events a webhook
    body (``envelope="kinesis"``: one event a record); with ``duplicates`` a body may be
    delivered again 1 s to 4 h later with the same CloudEvent ids (``attempt`` 2).
    ``data_as_string=None`` draws the form of ``data`` per event. Shrinks to one short
    call, each event delivered once, on time, alone in its body, ``data`` an object.
    """

    def build() -> st.SearchStrategy[list[Delivery]]:
        bounds = _check_calls(min_calls, max_calls)
        check_timeline_arguments(realistic, version)
        if not isinstance(duplicates, bool):
            fail(f"duplicates must be True or False, got duplicates={duplicates!r}")
        options = check_delivery_options(
            envelope=envelope,
            duplicates=1.0 if duplicates else 0.0,
            max_delay=max_delay,
            batch=max_batch,
            data_as_string=data_as_string,
            version=version,
            drawn=True,
        )
        streams = _timed_streams(bounds, check_accounts(accounts), version, realistic)
        return _delivered(streams, options)

    return st.deferred(build)


@st.composite
def _malformed(draw: st.DrawFn, kinds: tuple[str, ...], form: str, as_string: bool | None,
               version: int) -> Delivery:  # fmt: skip
    kind = draw(st.sampled_from(kinds))
    timeline = build_timeline(seeded_source(draw(_SEEDS), 0), version=version)
    first = draw(st.integers(0, len(timeline) - 1))
    size = 1 if form == "kinesis" else draw(st.integers(1, 3))
    events = timeline[first : first + size]
    string = draw(st.booleans()) if as_string is None else as_string
    return malformed_delivery(events, kind, form=form, data_as_string=string, version=version)


def malformed_deliveries(
    *,
    envelope: str = "webhook",
    kinds: tuple[str, ...] | None = None,
    data_as_string: bool | None = None,
    version: int = DEFAULT_VERSION,
) -> st.SearchStrategy[Delivery]:
    """A strategy of broken deliveries, each labelled with what is wrong and where.

    A delivery of one to three events of a call (one for ``envelope="kinesis"``) broken
    one way of ``kinds`` (default: every breakage that applies to the envelope, see
    :data:`~callevent_toolkit.engine.MALFORMATIONS`): ``delivery.label`` holds the kind,
    ``where`` (``body[0]``, ``body[0].data``, ``body``, ...) and ``reason``, as
    :func:`~callevent_toolkit.envelopes.unwrap` and ``callevent validate --envelope``
    report them. Shrinks to the first kind (``no id``) on one event.
    """

    def build() -> st.SearchStrategy[Delivery]:
        if envelope not in ("webhook", "kinesis"):
            fail(f"envelope must be 'webhook' or 'kinesis', got envelope={envelope!r}")
        usable = malformation_kinds(envelope)
        chosen = usable if kinds is None else tuple(kinds)
        wrong = [kind for kind in chosen if kind not in usable]
        if wrong or not chosen:
            fail(
                f"kinds must be names of {envelope} breakages ({', '.join(usable)}), "
                f"got kinds={kinds!r}"
            )
        check_timeline_arguments(True, version)
        if data_as_string is not None and not isinstance(data_as_string, bool):
            fail(f"data_as_string must be None, True or False, got {data_as_string!r}")
        return _malformed(chosen, envelope, data_as_string, version)

    return st.deferred(build)
