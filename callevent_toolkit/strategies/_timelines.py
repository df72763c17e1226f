"""Call timelines: every event of one call, in order, as a consumer would receive them.

A thin face over the engine's call scripts (:func:`callevent_toolkit.engine.build_timeline`):
:func:`call_timelines` drives them with a Hypothesis source (so every choice of the story
shrinks: fewer warnings, no relay session, no feedback, the PSTN call first) and
:func:`~callevent_toolkit.generate_timelines` with a seeded ``random.Random``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..engine import (
    HypothesisSource,
    RandomSource,
    Source,
    build_timeline,
    check_timeline_arguments,
    observe_many,
)
from ..schemas import DEFAULT_VERSION

__all__ = ["call_timelines"]

Event = dict[str, Any]


_SEEDS = st.integers(0, 2**64 - 1)


@st.composite
def _timelines(draw: st.DrawFn, version: int, realistic: bool) -> list[Event]:
    """The story is drawn choice by choice (so it shrinks); each event's contents come from
    a ``Random`` seeded by one draw. Drawing the contents choice by choice too made a
    shrink take a minute: most of an event's choices (SIDs, timestamps, metadata) are
    overwritten by the call's shared values, and the shrinker tries every one of them."""

    def contents() -> Source:
        return RandomSource.from_seed(draw(_SEEDS))

    timeline = build_timeline(
        HypothesisSource(draw), version=version, realistic=realistic, contents=contents
    )
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

    def build() -> st.SearchStrategy[list[Event]]:
        check_timeline_arguments(realistic, version)
        return _timelines(version, realistic)

    return st.deferred(build)
