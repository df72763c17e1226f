"""What happens during a call, step by step: the scripts behind call timelines.

Each script tells a :class:`~._call_writer.CallWriter` which events happen and how long to
wait between them; the writer builds the events. Sources: the reference notes on the
Voice SDK (twilio-voice.js state machines, warning raise/clear), the call-progress
``StatusCallbackEvent`` values for gateway events (their exact group/name strings are
undocumented, so synthetic) and, for the Conversation Relay turn order, a third-party
fixture said to mirror a real call (the reference notes mark it [3P]).

Every choice is ordered simplest-first, because Hypothesis shrinks towards the first
option, ``False`` and the lower bound: the shrunk call is an answered PSTN call with no
relay session; an SDK call shrinks to an answered outgoing call with no warnings, mute
or feedback.
"""

from __future__ import annotations

from .._sources import pick
from ._writer import CallWriter, RelaySession

__all__: list[str] = []

#: (gateway edges of the call), simplest first, repeated to weight bulk output towards
#: the common calls; an empty tuple means a Voice SDK call.
_PSTN, _SDK, _SIP_TRUNK, _SIP_DOMAIN = (
    ("carrier_edge",),
    (),
    ("sip_edge", "carrier_edge"),
    ("sip_edge",),
)
_CALL_SHAPES: tuple[tuple[str, ...], ...] = (_PSTN, _SDK, _SIP_TRUNK, _SIP_DOMAIN, _PSTN, _SDK)
#: Most calls are answered; the rare endings follow.
_PHONE_OUTCOMES = ("answered", "busy", "no-answer", "failed", "answered", "answered", "answered")
_SDK_OUTCOMES = ("answered", "unanswered", "failed", "answered", "answered")

#: (raised group, cleared group, warning name): raised during the call, cleared later.
_WARNINGS: tuple[tuple[str, str, str], ...] = tuple(
    ("network-quality-warning-raised", "network-quality-warning-cleared", name)
    for name in (
        "high-rtt",
        "high-jitter",
        "low-mos",
        "high-packet-loss",
        "high-packets-lost-fraction",
        "low-bytes-received",
        "low-bytes-sent",
        "ice-connectivity-lost",
    )
) + tuple(
    ("audio-level-warning-raised", "audio-level-warning-cleared", name)
    for name in ("constant-audio-input-level", "constant-audio-output-level")
)

_MEDIA_FAILED = (53405, "MediaConnectionFailed (53405): Media connection failed")
_SOCKET_ENDED = (64105, "WebSocket ended")
_END_STATUSES = ("ended", "hung_up")


def write_call(call: CallWriter) -> None:
    """Write one whole call into ``call``."""
    edges = pick(call.src, _CALL_SHAPES)
    if edges:
        _phone_call(call, edges)
    else:
        _sdk_call(call)


# -- phone calls (PSTN, SIP) ---------------------------------------------------------------


def _phone_call(call: CallWriter, edges: tuple[str, ...]) -> None:
    outcome = pick(call.src, _PHONE_OUTCOMES)
    call.gateway(edges, "initiated")
    if outcome == "failed":
        call.wait(50, 3_000)
        call.gateway(edges, "failed")
        return
    call.wait(100, 2_500)
    call.gateway(edges, "ringing")
    if outcome != "answered":
        call.wait(5_000, 60_000)
        call.gateway(edges, outcome)
        return
    call.wait(2_000, 25_000)
    call.gateway(edges, "answered")
    if call.src.flag(40):
        _relay_sessions(call)
    else:
        call.wait(5_000, 900_000)
    call.wait(0, 1_500)
    call.gateway(edges, "completed")


# -- Conversation Relay ---------------------------------------------------------------------


def _relay_sessions(call: CallWriter) -> None:
    """One connection, or a connection that drops and reconnects with a new session id."""
    reconnects = call.src.integer(0, 1)
    for number in range(reconnects + 1):
        call.wait(100, 1_500)
        session = call.new_session()
        call.relay(session, "configurations")
        for _turn_number in range(call.src.integer(0, 3)):
            if call.src.flag(10):
                call.wait(200, 3_000)
                call.relay(session, "language_changed")
            _turn(call, session)
        dropped = number < reconnects
        if dropped:
            call.wait(500, 20_000)
            error = call.relay(session, "error").get("error")
            if call.realistic and error is not None:
                error["error_code"], error["message"] = _SOCKET_ENDED
        _wrap_up(call, session, "failure" if dropped else pick(call.src, _END_STATUSES))


def _turn(call: CallWriter, session: RelaySession) -> None:
    """Customer speaks, the prompt goes to the LLM, tokens come back, the agent speaks."""
    call.wait(300, 8_000)
    call.relay(session, "start_of_customer_speech")
    call.wait(400, 6_000)
    for name in ("end_of_customer_speech", "stt_latency", "prompt_sent"):
        call.relay(session, name)  # the same millisecond, ordered by sequence number
    call.wait(150, 1_500)
    call.relay(session, "first_token_received")
    if call.src.flag(50):
        call.wait(50, 2_000)
        call.relay(session, "final_token_received")
    call.wait(20, 800)
    call.relay(session, "tts_latency")
    call.relay(session, "start_of_agent_speech")
    call.wait(300, 12_000)
    if call.src.flag(20):
        call.relay(session, "interrupt")
    call.relay(session, "end_of_agent_speech")


def _wrap_up(call: CallWriter, session: RelaySession, end_status: str) -> None:
    call.wait(0, 2_000)
    data = call.relay(session, "call_wrap_up").get("call_wrap_up")
    if data is not None:
        data["duration_in_seconds"] = (call.now_ms - session.started_ms) // 1000
        data["end_status"] = end_status


# -- Voice SDK calls -----------------------------------------------------------------------


def _sdk_call(call: CallWriter) -> None:
    """A Voice SDK call: the SDK's view (``sdk_edge``) and its gateway (``client_edge``)."""
    edges = ("client_edge",)
    incoming = call.src.flag(50)
    outcome = pick(call.src, _SDK_OUTCOMES)
    if incoming:
        call.gateway(edges, "initiated")
        call.wait(50, 800)
        call.sdk("connection", "incoming")
        call.gateway(edges, "ringing")
    else:
        call.sdk("get-user-media", "succeeded")
        call.wait(20, 400)
        call.sdk("connection", "outgoing")
        call.gateway(edges, "initiated")
        _gather_ice(call)
        call.wait(100, 2_500)
        call.gateway(edges, "ringing")
        call.sdk("connection", "outgoing-ringing")
    if outcome == "unanswered":
        _unanswered(call, edges, incoming)
        return
    call.wait(1_000, 20_000)
    if incoming:
        call.sdk("connection", "accepted-by-local")
        _gather_ice(call)
    if not _connect_media(call, edges, failed=outcome == "failed"):
        return
    if not incoming:
        call.sdk("connection", "accepted-by-remote")
    call.gateway(edges, "answered")
    _conversation(call)
    _hang_up(call, edges)


def _unanswered(call: CallWriter, edges: tuple[str, ...], incoming: bool) -> None:
    call.wait(3_000, 30_000)
    if incoming:
        call.sdk("connection", pick(call.src, ("rejected-by-local", "ignored-by-local")))
        call.gateway(edges, "busy")
    else:
        call.gateway(edges, "no-answer")
        call.sdk("connection", "disconnected-by-remote")


def _gather_ice(call: CallWriter) -> None:
    call.wait(0, 50)
    call.sdk("ice-gathering-state", "gathering")
    call.wait(20, 600)
    call.sdk("ice-gathering-state", "complete")


def _connect_media(call: CallWriter, edges: tuple[str, ...], *, failed: bool) -> bool:
    """ICE checks and DTLS; ``False`` (after the failure events) if media never flows."""
    call.wait(0, 100)
    call.sdk("ice-connection-state", "checking")
    call.sdk("pc-connection-state", "connecting")
    call.wait(30, 1_500)
    if failed:
        call.wait(5_000, 15_000)
        call.sdk("ice-connection-state", "failed")
        call.sdk("pc-connection-state", "failed")
        error = call.sdk("connection", "error").get("sdk_edge", {}).get("error")
        if call.realistic and error is not None:
            error["code"], error["message"] = _MEDIA_FAILED
        call.gateway(edges, "failed")
        return False
    call.sdk("ice-connection-state", "connected")
    call.sdk("ice-candidate", "selected-ice-candidate-pair")
    call.wait(10, 300)
    call.sdk("pc-connection-state", "connected")
    return True


def _conversation(call: CallWriter) -> None:
    """The talking part: quality warnings raised then cleared, maybe a mute."""
    for _warning in range(call.src.integer(0, 3)):
        raised, cleared, name = pick(call.src, _WARNINGS)
        call.wait(2_000, 120_000)
        call.sdk(raised, name)
        call.wait(3_000, 60_000)
        call.sdk(cleared, name)
    if call.src.flag(20):
        call.wait(1_000, 60_000)
        call.sdk("connection", "muted")
        call.wait(1_000, 30_000)
        call.sdk("connection", "unmuted")
    call.wait(2_000, 600_000)


def _hang_up(call: CallWriter, edges: tuple[str, ...]) -> None:
    """Either side hangs up; media closes; the user may leave feedback."""
    call.sdk("connection", pick(call.src, ("disconnected-by-local", "disconnected-by-remote")))
    call.wait(0, 50)
    call.sdk("ice-connection-state", "closed")
    call.sdk("pc-connection-state", "closed")
    call.wait(0, 1_000)
    call.gateway(edges, "completed")
    if call.src.flag(30):
        call.wait(2_000, 30_000)
        call.sdk("feedback", pick(call.src, ("received", "received-none")))
