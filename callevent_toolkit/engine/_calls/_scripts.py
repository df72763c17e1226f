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

from typing import Any

from .._sources import pick
from ._writer import CallWriter, RelaySession, copy_json

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
#: Percent of Voice SDK calls nobody answers, and of answered ones whose media never
#: connects: ICE failure is a few percent in production (the old uniform pick failed
#: 77 of 253 ICE connections, 30 %).
_SDK_UNANSWERED_PERCENT = 15
_SDK_MEDIA_FAILED_PERCENT = 3
#: Percent of Conversation Relay sessions that drop with 64105 and reconnect (was 35 %).
_RELAY_DROP_PERCENT = 4
#: Ring timeouts (ms) a call rings for before ``no-answer``: the Calls resource's
#: ``Timeout`` defaults to 60 s and TwiML ``<Dial timeout>`` to 30 s (Twilio docs,
#: "Call resource" and "TwiML Voice: <Dial>"); 20 and 45 s are common settings.
_RING_TIMEOUTS_MS = (60_000, 30_000, 20_000, 45_000)

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
        _not_answered(call, edges, outcome)
        return
    call.wait(2_000, 25_000)
    call.gateway(edges, "answered")
    if call.src.flag(40):
        _relay_sessions(call)
    else:
        call.wait(5_000, 900_000)
    call.wait(0, 1_500)
    call.gateway(edges, "completed")


def _not_answered(call: CallWriter, edges: tuple[str, ...], outcome: str) -> None:
    """``busy`` comes within seconds of ringing (the far end rejects at once);
    ``no-answer`` when the ring timeout runs out, give or take the signalling delay."""
    if outcome == "busy":
        call.wait(300, 5_000)
    else:
        _ring_out(call)
    call.gateway(edges, outcome)


def _ring_out(call: CallWriter) -> None:
    """Ring until one of the usual ring timeouts expires."""
    call.now_ms += pick(call.src, _RING_TIMEOUTS_MS)
    call.wait(0, 1_500)


# -- Conversation Relay ---------------------------------------------------------------------


def _relay_sessions(call: CallWriter) -> None:
    """One connection, or a connection that drops and reconnects with a new session id."""
    reconnects = 1 if call.src.flag(_RELAY_DROP_PERCENT) else 0
    configuration: Any = None
    for number in range(reconnects + 1):
        call.wait(100, 1_500)
        session = call.new_session()
        data = call.relay(session, "configurations")
        if configuration is None:
            configuration = copy_json(data.get("configurations"))
        elif "configurations" in data:  # a reconnect runs the same TwiML: same settings
            data["configurations"] = copy_json(configuration)
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
    outcome = _sdk_outcome(call)
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


def _sdk_outcome(call: CallWriter) -> str:
    """``answered`` (shrinks to it), ``unanswered`` or, rarely, ``failed``."""
    if call.src.flag(_SDK_UNANSWERED_PERCENT):
        return "unanswered"
    return "failed" if call.src.flag(_SDK_MEDIA_FAILED_PERCENT) else "answered"


def _unanswered(call: CallWriter, edges: tuple[str, ...], incoming: bool) -> None:
    """Rejecting ends the call as ``busy`` within seconds; ignoring only silences the
    local ringer (twilio-voice.js ``Call.ignore``), so the caller rings out to
    ``no-answer``; an outgoing call nobody picks up rings out too."""
    if not incoming:
        _ring_out(call)
        call.gateway(edges, "no-answer")
        call.sdk("connection", "disconnected-by-remote")
        return
    call.wait(500, 5_000)
    reaction = pick(call.src, ("rejected-by-local", "ignored-by-local"))
    call.sdk("connection", reaction)
    if reaction == "rejected-by-local":
        call.gateway(edges, "busy")
        return
    _ring_out(call)
    call.gateway(edges, "no-answer")


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
