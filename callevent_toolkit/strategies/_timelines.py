"""Call timelines: every event of one call, in order, as a consumer would receive them.

A thin face over the engine's call scripts (:func:`callevent_toolkit.engine.build_timeline`):
:func:`call_timelines` drives them with a Hypothesis source (so every choice of the story
shrinks: fewer warnings, no relay session, no feedback, the PSTN call first) and
:func:`~callevent_toolkit.generate_timelines` with a seeded ``random.Random``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from ..engine import (
    RandomSource,
    Source,
    build_timeline,
    check_timeline_arguments,
    observe_many,
)
from ..schemas import DEFAULT_VERSION
from ._defaults import is_default_version, is_flag
from ._lean import LeanSource
from ._splitmix import SplitMixRandom

__all__ = ["call_timelines"]

Event = dict[str, Any]


def _contents_of(story: LeanSource) -> Callable[[], Source]:
    """Each call draws one event's seed and gives the source of its contents, seeded with
    it: an event's contents depend on its seed alone, so they do not move when the story
    before them shrinks. The generator is :class:`SplitMixRandom`, whose seeding is one
    assignment. With the Mersenne Twister (4.3 us a seeding), seeding put off until an
    event first read its source (about 5 events an example) and the machinery that put
    it off were about a fifth of the toolkit's own profiled time in ``call_timelines()``;
    an example costs 1-3 % less with this generator (``benchmarks/bench_floors.py``)."""
    quantity = story.quantity
    src = RandomSource(SplitMixRandom())
    reseed = src.rng.seed

    def seeded() -> Source:
        reseed(quantity())
        return src

    return seeded


def _timeline(draw: st.DrawFn, version: int, realistic: bool) -> list[Event]:
    """One timeline from ``draw``: the story drawn choice by choice (so it shrinks), each
    event's contents from a ``Random`` seeded by one draw. Drawing the contents choice by
    choice too made a shrink take a minute: most of an event's choices (SIDs, timestamps,
    metadata) are overwritten by the call's shared values, and the shrinker tries every
    one of them. (A function of ``draw`` so that ``benchmarks/split_timelines.py`` can
    record and replay exactly what the strategy draws.)"""
    story = LeanSource(draw)
    return build_timeline(
        story,
        version=version,
        realistic=realistic,
        contents=_contents_of(story),
    )


@st.composite
def _timelines(draw: st.DrawFn, version: int, realistic: bool) -> list[Event]:
    timeline = _timeline(draw, version, realistic)
    observe_many(timeline, version)  # the coverage report's hook: a no-op without one
    return timeline


def call_timelines(
    *, realistic: bool = True, version: int = DEFAULT_VERSION
) -> st.SearchStrategy[list[Event]]:
    """A strategy of call timelines: lists of valid CallEvents of one call, in order.

    All events share ``call_sid`` and ``account_sid`` and timestamps never go backwards.
    A call is a PSTN call (``carrier_edge``), a SIP trunking call (``sip_edge`` and
    ``carrier_edge``), a SIP domain call (``sip_edge``) or a Voice SDK call (``sdk_edge``
    and ``client_edge``). Gateway events follow call progress: ``initiated``,
    ``ringing``, then ``answered`` ... ``completed``, or a ``busy``, ``no-answer`` or
    ``failed`` ending. Voice SDK calls walk the ICE gathering, ICE connection and peer
    connection states, raise quality warnings and clear them later, and may end with
    feedback. Answered phone calls may hand over to Conversation Relay: each WebSocket
    connection has one ``session_id``, ``sequence_number`` 1, 2, 3, ..., a
    ``configurations`` event, turns in the order customer speech, ``stt_latency``,
    ``prompt_sent``, first token, ``tts_latency``, agent speech, and a ``call_wrap_up``
    last; a dropped connection reconnects with a new ``session_id``.

    ``realistic=False`` keeps that story but fills each event from the whole contract
    (see :func:`~callevent_toolkit.strategies.call_events`) and writes timestamps with
    UTC offsets, so a consumer that orders events by comparing strings is caught.

    Timelines shrink towards a short answered PSTN call (``initiated``, ``ringing``,
    ``answered``, ``completed``): fewer warnings, turns and reconnects, no relay session,
    no feedback, zero-length waits. The story shrinks choice by choice; each event's
    contents (metadata, payload values) come from one drawn seed, so they vary but do not
    shrink to the simplest values the way ``call_events()`` examples do.
    """

    if is_default_version(version) and is_flag(realistic):
        return _timelines(version, realistic)  # nothing to check (._defaults)

    def build() -> st.SearchStrategy[list[Event]]:
        check_timeline_arguments(realistic, version)
        return _timelines(version, realistic)

    return st.deferred(build)
