"""Realistic value providers, keyed by where a value sits in an event.

The schema walk decides *what* an event contains; this module decides what production
values look like. A provider is registered for a path *suffix* (``("metadata", "region")``
matches the gateway metadata under all three gateway edges) and receives the per-event
:class:`Context`, which draws coherent facts lazily and once: the event kind (edge, group,
name, level and payload), the caller's place, the SDK profile, the edge/region pair. So
``city``, ``country_code`` and ``location`` agree, and the browser matches its engine
and operating system, whichever field the walk reaches first.

Providers only call the :class:`Source` primitives, so they serve both the
Hypothesis strategies and the bulk generator.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from .._sources import Source, pick
from . import _catalogue as cat

__all__: list[str] = []

Provider = Callable[["Context"], Any]
Presence = Callable[["Context"], bool]

#: Realistic timestamps fall in the 30 days before this instant (fixed, so that the same
#: seed gives the same bytes on any day).
ANCHOR_MS = 1_793_491_200_000  # 2026-11-01T00:00:00Z
WINDOW_MS = 30 * 24 * 3600 * 1000

_FAMILIES = ("sdk", "sdk", "sdk", "sdk", "sdk", "sdk", "gateway", "gateway", "gateway", "relay")
_KINDS: dict[str, tuple[cat.EventKind, ...]] = {
    "sdk": cat.SDK_EVENTS,
    "gateway": cat.GATEWAY_EVENTS,
    "relay": cat.RELAY_EVENTS,
}
ALL_KINDS: tuple[cat.EventKind, ...] = cat.SDK_EVENTS + cat.GATEWAY_EVENTS + cat.RELAY_EVENTS


def edge_object(kind: cat.EventKind, gateway_edge: str) -> str | None:
    """The top-level property an event of ``kind`` fills (``None`` for none)."""
    if kind.family == "sdk":
        return "sdk_edge"
    if kind.family == "gateway":
        return gateway_edge
    return "conversation_relay_data"


class KindChooser:
    """Draws the event kind, optionally restricted by pins (``level="ERROR"`` and so on)."""

    __slots__ = ("edges", "families", "kinds")

    def __init__(
        self, allowed: Sequence[cat.EventKind] = ALL_KINDS, edges: Sequence[str] = cat.GATEWAY_EDGES
    ) -> None:
        self.kinds = {f: tuple(k for k in allowed if k.family == f) for f in _KINDS}
        self.families = tuple(f for f in _FAMILIES if self.kinds[f]) or ("sdk",)
        self.edges = tuple(edges) or cat.GATEWAY_EDGES

    def choose(self, src: Source) -> tuple[cat.EventKind, str]:
        family = pick(src, self.families)
        kind = pick(src, self.kinds[family])
        if family == "sdk":
            return kind, cat.SDK_EDGE
        if family == "gateway":
            return kind, pick(src, self.edges)
        return kind, cat.NO_EDGE


DEFAULT_CHOOSER = KindChooser()


class Context:
    """Per-event state: the source, the drawn kind, and facts drawn on first use."""

    __slots__ = ("_facts", "edge", "kind", "map_key", "src")

    def __init__(self, src: Source, chooser: KindChooser = DEFAULT_CHOOSER) -> None:
        self.src = src
        self.kind, self.edge = chooser.choose(src)
        self._facts: dict[str, Any] = {}
        self.map_key = ""

    def fact(self, name: str, draw: Callable[[Context], Any]) -> Any:
        """The fact ``name``, drawn with ``draw`` the first time it is asked for."""
        facts = self._facts
        if name not in facts:
            facts[name] = draw(self)
        return facts[name]


VALUES: dict[tuple[str, ...], Provider] = {}
PRESENCE: dict[tuple[str, ...], Presence] = {}
MAP_KEYS: dict[tuple[str, ...], Callable[[Context], list[str]]] = {}


def value(*suffix: str) -> Callable[[Provider], Provider]:
    """Register a value provider for paths ending in ``suffix``."""

    def register(fn: Provider) -> Provider:
        VALUES[suffix] = fn
        return fn

    return register


def present(*suffix: str) -> Callable[[Presence], Presence]:
    """Register when the optional property at paths ending in ``suffix`` is present."""

    def register(fn: Presence) -> Presence:
        PRESENCE[suffix] = fn
        return fn

    return register


def lookup(table: dict[tuple[str, ...], Any], path: tuple[str, ...]) -> Any:
    """The entry for the longest registered suffix of ``path`` (``None`` if none)."""
    for start in range(len(path)):
        found = table.get(path[start:])
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------------------------------
# identifiers and time


def sid(prefix: str, src: Source) -> str:
    """A Twilio SID: two-letter prefix and 32 lowercase hex digits (random, not real)."""
    return f"{prefix}{src.bits(128):032x}"


value("call_sid")(lambda ctx: sid("CA", ctx.src))
value("account_sid")(lambda ctx: sid("AC", ctx.src))
value("conversation_relay_data", "session_id")(lambda ctx: sid("VX", ctx.src))


def rfc3339_ms(epoch_ms: int) -> str:
    """``2026-10-03T14:15:22.123Z``: UTC, millisecond precision, as Twilio writes them."""
    seconds, millis = divmod(epoch_ms, 1000)
    t = time.gmtime(seconds)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T"
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}.{millis:03d}Z"
    )


@value("timestamp")
def _timestamp(ctx: Context) -> str:
    return rfc3339_ms(ANCHOR_MS - WINDOW_MS + ctx.src.integer(0, WINDOW_MS))


value("edge")(lambda ctx: ctx.edge)
value("group")(lambda ctx: ctx.kind.group)
value("name")(lambda ctx: ctx.kind.name)
value("level")(lambda ctx: ctx.kind.level)


def _edge_is(edge: str) -> Presence:
    return lambda ctx: ctx.edge == edge


def _payload_is(payload: str) -> Presence:
    return lambda ctx: ctx.kind.payload == payload


# which edge object an event carries
for _edge in (*cat.GATEWAY_EDGES, "sdk_edge"):
    present(_edge)(_edge_is(_edge))
present("conversation_relay_data")(lambda ctx: ctx.kind.family == "relay")

# ---------------------------------------------------------------------------------------
# addresses and places


# Addresses take one draw each (an index into the whole range), which keeps the
# per-example cost under Hypothesis low; index 0 is the first address of the first range.
_DOC_HOSTS = 254 * len(cat.DOC_IPV4_PREFIXES)
_V6_HOSTS = 1 << 16


def doc_ipv4(src: Source) -> str:
    """An IPv4 address from the documentation ranges (never a real host)."""
    block, host = divmod(src.index(_DOC_HOSTS), 254)
    return f"{cat.DOC_IPV4_PREFIXES[block]}{host + 1}"


def client_ip(src: Source) -> str:
    """Mostly IPv4, about one in eight IPv6, both from documentation ranges."""
    n = src.index(_DOC_HOSTS + _DOC_HOSTS // 7)
    if n < _DOC_HOSTS:
        block, host = divmod(n, 254)
        return f"{cat.DOC_IPV4_PREFIXES[block]}{host + 1}"
    return f"{cat.DOC_IPV6_PREFIX}{n:x}::{(n * 40503) % _V6_HOSTS + 1:x}"


def twilio_media_ip(src: Source) -> str:
    """An address in Twilio's media range 168.86.128.0/18."""
    a, b, c = cat.TWILIO_MEDIA_FIRST
    third, host = divmod(src.index(64 * 254), 254)
    return f"{a}.{b}.{c + third}.{host + 1}"


present("metadata")(lambda ctx: True)
value("metadata", "twilio_ip")(lambda ctx: twilio_media_ip(ctx.src))
value("metadata", "external_ip")(lambda ctx: doc_ipv4(ctx.src))
value("metadata", "ip_address")(lambda ctx: client_ip(ctx.src))


def _gateway_region(ctx: Context) -> tuple[str, str]:
    return pick(ctx.src, cat.EDGE_REGIONS)


value("metadata", "edge_location")(lambda ctx: ctx.fact("gw_region", _gateway_region)[0])
value("metadata", "region")(lambda ctx: ctx.fact("gw_region", _gateway_region)[1])


def _place(ctx: Context) -> tuple[str, str, str, float, float, str]:
    return pick(ctx.src, cat.PLACES)


value("metadata", "city")(lambda ctx: ctx.fact("place", _place)[0])
value("metadata", "country_subdivision")(lambda ctx: ctx.fact("place", _place)[1])
value("metadata", "country_code")(lambda ctx: ctx.fact("place", _place)[2])
present("metadata", "location")(lambda ctx: ctx.src.flag(90))
value("location", "lat")(lambda ctx: ctx.fact("place", _place)[3])
value("location", "lon")(lambda ctx: ctx.fact("place", _place)[4])


@value("metadata", "client_name")
def _client_name(ctx: Context) -> str:
    from ._pools import client_names

    locale = ctx.fact("place", _place)[5]
    return pick(ctx.src, client_names(locale))


# ---------------------------------------------------------------------------------------
# the Voice SDK profile: platform, versions, browser, device, edge


def _platform(ctx: Context) -> str:
    return pick(ctx.src, ("js", "js", "js", "android", "ios"))


def _sdk_version(ctx: Context) -> str:
    """A release of the platform's SDK, weighted towards recent ones (apps upgrade): the
    age in minor releases is the least of three uniform draws, so the newest minor is
    the most common and old ones thin out; shrinks to the newest release."""
    major, minors = {"js": ("2", 18), "android": ("6", 10), "ios": ("6", 13)}[
        ctx.fact("platform", _platform)
    ]
    src = ctx.src
    age = min(src.index(minors + 1), src.index(minors + 1), src.index(minors + 1))
    return f"{major}.{minors - age}.{3 - src.index(4)}"


#: Edges a user can pin the SDK to (``roaming`` is what ``gll`` resolves through).
_PINNABLE = tuple(pair for pair in cat.EDGE_REGIONS if pair[1] != "gll")


def _sdk_region(ctx: Context) -> tuple[str, str, str]:
    """(edge_location, region, selected_region): most apps leave the SDK on ``gll``
    (global low latency), which connects to the edge nearest the caller; the others pin
    one edge and connect there."""
    if ctx.src.flag(60):
        nearest = cat.NEAREST_EDGE.get(ctx.fact("place", _place)[2], ("ashburn", "us1"))
        return nearest[0], nearest[1], "gll"
    edge, region = pick(ctx.src, _PINNABLE)
    return edge, region, region


present("metadata", "sdk")(lambda ctx: True)
value("sdk", "type")(lambda ctx: cat.SDKS[ctx.fact("platform", _platform)][0])
value("sdk", "platform")(lambda ctx: cat.SDKS[ctx.fact("platform", _platform)][1])
value("sdk", "version")(lambda ctx: ctx.fact("sdk_version", _sdk_version))
value("sdk", "edge_location")(lambda ctx: ctx.fact("sdk_region", _sdk_region)[0])
value("sdk", "region")(lambda ctx: ctx.fact("sdk_region", _sdk_region)[1])
value("sdk", "selected_region")(lambda ctx: ctx.fact("sdk_region", _sdk_region)[2])

present("sdk", "browser")(lambda ctx: ctx.fact("platform", _platform) == "js")
present("sdk", "engine")(lambda ctx: ctx.fact("platform", _platform) == "js")
present("sdk", "os")(lambda ctx: True)
present("sdk", "device")(lambda ctx: ctx.fact("platform", _platform) != "js")


def _browser(ctx: Context) -> tuple[str, str, str, str, str]:
    """(browser, major, full version, engine, engine version) that exist together."""
    name, engine, _oses, first, last = pick(ctx.src, cat.BROWSERS)
    major = ctx.src.integer(first, last)
    src = ctx.src
    if name == "Safari":
        return name, str(major), f"{major}.{src.integer(0, 6)}", engine, "605.1.15"
    if name == "Firefox":
        version = f"{major}.0" if src.flag(70) else f"{major}.0.{src.integer(1, 3)}"
        return name, str(major), version, engine, f"{major}.0"
    build = 6099 + (major - 120) * 66 + src.integer(0, 40)
    version = f"{major}.0.{build}.{src.integer(0, 200)}"
    if name == "Edge":
        edge_version = f"{major}.0.{2210 + (major - 120) * 60}.{src.integer(0, 99)}"
        return name, str(major), edge_version, engine, version
    return name, str(major), version, engine, version


value("browser", "name")(lambda ctx: ctx.fact("browser", _browser)[0])
value("browser", "major")(lambda ctx: ctx.fact("browser", _browser)[1])
value("browser", "version")(lambda ctx: ctx.fact("browser", _browser)[2])
value("engine", "name")(lambda ctx: ctx.fact("browser", _browser)[3])
value("engine", "version")(lambda ctx: ctx.fact("browser", _browser)[4])


def _os(ctx: Context) -> tuple[str, str]:
    platform = ctx.fact("platform", _platform)
    if platform == "android":
        name = "Android"
    elif platform == "ios":
        name = "iOS"
    else:
        browser = ctx.fact("browser", _browser)[0]
        oses = next(b[2] for b in cat.BROWSERS if b[0] == browser)
        name = pick(ctx.src, oses)
    return name, pick(ctx.src, cat.OS_VERSIONS[name])


value("os", "name")(lambda ctx: ctx.fact("os", _os)[0])
value("os", "version")(lambda ctx: ctx.fact("os", _os)[1])


def _device(ctx: Context) -> tuple[str, str, str, str]:
    """(model, type, vendor, arch); Android reports the model as its type."""
    if ctx.fact("platform", _platform) == "android":
        model, vendor, arch = pick(ctx.src, cat.ANDROID_DEVICES)
        return model, model, vendor, arch
    model, vendor, arch = pick(ctx.src, cat.IOS_DEVICES)
    return model, "tablet" if model.startswith("iPad") else "mobile", vendor, arch


value("device", "model")(lambda ctx: ctx.fact("device", _device)[0])
value("device", "type")(lambda ctx: ctx.fact("device", _device)[1])
value("device", "vendor")(lambda ctx: ctx.fact("device", _device)[2])
value("device", "arch")(lambda ctx: ctx.fact("device", _device)[3])

# ---------------------------------------------------------------------------------------
# SDK payloads: error, feedback, metric, ICE pair

for _payload in ("error", "feedback", "metric", "ice_candidate_pair"):
    present("sdk_edge", _payload)(_payload_is(_payload))


def _sdk_error(ctx: Context) -> tuple[int, str]:
    code, name, text = pick(
        ctx.src, cat.SDK_ERRORS.get(ctx.kind.group, cat.SDK_ERRORS["connection"])
    )
    return code, f"{name} ({code}): {text}"


value("sdk_edge", "error", "code")(lambda ctx: ctx.fact("sdk_error", _sdk_error)[0])
value("sdk_edge", "error", "message")(lambda ctx: ctx.fact("sdk_error", _sdk_error)[1])


def _feedback(ctx: Context) -> tuple[int, str]:
    score = ctx.src.integer(1, 5)
    if score >= 4 and ctx.src.flag(80):
        return score, "unknown"
    return score, pick(ctx.src, cat.FEEDBACK_REASONS)


value("feedback", "score")(lambda ctx: ctx.fact("feedback", _feedback)[0])
value("feedback", "reason")(lambda ctx: ctx.fact("feedback", _feedback)[1])


def metric_spec(name: str) -> tuple[float, int, tuple[float, float], tuple[float, float]]:
    """The (threshold, samples, raised range, cleared range) for a warning name.

    Unknown names (contract-space events, pinned names) get the RTT spec rather than an
    error, so the provider works for any event.
    """
    return cat.METRICS.get(name, cat.METRICS["high-rtt"])


value("metric", "threshold")(lambda ctx: metric_spec(ctx.kind.name)[0])


@value("metric", "values")
def _metric_values(ctx: Context) -> list[float]:
    _threshold, samples, raised, cleared = metric_spec(ctx.kind.name)
    lo, hi = raised if ctx.kind.group.endswith("-raised") else cleared
    src = ctx.src
    count = src.integer(3, samples) if samples > 3 else samples
    return [round(src.floating(lo, hi), 2) for _ in range(count)]


present("ice_candidate_pair", "local")(lambda ctx: True)
present("ice_candidate_pair", "remote")(lambda ctx: True)
value("local", "type")(lambda ctx: pick(ctx.src, cat.ICE_LOCAL_TYPES))
value("local", "protocol")(lambda ctx: ctx.fact("ice_protocol", _ice_protocol))
value("remote", "type")(lambda ctx: "host")
value("remote", "protocol")(lambda ctx: ctx.fact("ice_protocol", _ice_protocol))


def _ice_protocol(ctx: Context) -> str:
    return pick(ctx.src, cat.ICE_PROTOCOLS)


# ---------------------------------------------------------------------------------------
# Conversation Relay

value("conversation_relay_data", "name")(lambda ctx: ctx.kind.name)
value("conversation_relay_data", "sequence_number")(lambda ctx: ctx.src.integer(1, 400))
for _key in (
    "stt_latency",
    "tts_latency",
    "last_token_received",
    "interrupt",
    "configurations",
    "language_changed",
    "call_wrap_up",
    "error",
):
    present("conversation_relay_data", _key)(_payload_is(_key))
present("stt_latency", "latency_ms")(lambda ctx: True)
present("tts_latency", "latency_ms")(lambda ctx: True)
value("stt_latency", "latency_ms")(lambda ctx: ctx.src.integer(60, 1200))
value("tts_latency", "latency_ms")(lambda ctx: ctx.src.integer(90, 2500))


def _tokens(ctx: Context) -> tuple[int, int]:
    tokens = ctx.src.integer(4, 900)
    return tokens, max(1, tokens * 3 // 4 - ctx.src.integer(0, tokens // 8))


value("last_token_received", "total_tokens")(lambda ctx: ctx.fact("tokens", _tokens)[0])
value("last_token_received", "total_words")(lambda ctx: ctx.fact("tokens", _tokens)[1])
value("interrupt", "type")(lambda ctx: pick(ctx.src, cat.INTERRUPT_TYPES))
value("call_wrap_up", "duration_in_seconds")(lambda ctx: ctx.src.integer(5, 1800))
value("call_wrap_up", "end_status")(lambda ctx: pick(ctx.src, cat.END_STATUSES))


def _relay_error(ctx: Context) -> tuple[int, str]:
    return pick(ctx.src, cat.RELAY_ERRORS)


value("conversation_relay_data", "error", "error_code")(
    lambda ctx: ctx.fact("relay_error", _relay_error)[0]
)
value("conversation_relay_data", "error", "message")(
    lambda ctx: ctx.fact("relay_error", _relay_error)[1]
)

_LANGUAGES = tuple(cat.RELAY_LANGUAGES)


def _languages(ctx: Context) -> tuple[str, ...]:
    first = pick(ctx.src, _LANGUAGES)
    if ctx.src.flag(40):
        second = pick(ctx.src, _LANGUAGES)
        if second != first:
            return first, second
    return (first,)


def _voice_profile(ctx: Context, language: str) -> tuple[str, str, str, str]:
    profiles = cat.RELAY_LANGUAGES.get(language, cat.RELAY_LANGUAGES["en-US"])
    profile: tuple[str, str, str, str] = ctx.fact(
        f"voice:{language}", lambda c: pick(c.src, profiles)
    )
    return profile


def _new_language(ctx: Context) -> str:
    return pick(ctx.src, _LANGUAGES)


value("language_changed", "tts_language_code")(lambda ctx: ctx.fact("new_lang", _new_language))
value("language_changed", "transcription_language_code")(
    lambda ctx: ctx.fact("new_lang", _new_language)
)

MAP_KEYS[("configurations", "languages")] = lambda ctx: list(ctx.fact("languages", _languages))
_PROFILE_FIELDS = {"tts_provider": 0, "voice": 1, "transcription_provider": 2, "speech_model": 3}


def _profile_field(position: int) -> Provider:
    return lambda ctx: _voice_profile(ctx, ctx.map_key)[position]


for _field, _position in _PROFILE_FIELDS.items():
    value("languages", "*", _field)(_profile_field(_position))


@value("configurations", "configurations")
def _twiml_attributes(ctx: Context) -> dict[str, str]:
    """The stringified TwiML ``<ConversationRelay>`` attributes, as Insights reports them."""
    src = ctx.src
    language = ctx.fact("languages", _languages)[0]
    tts, voice, stt, model = _voice_profile(ctx, language)
    attributes = {
        "dtmfDetection": pick(src, ("true", "false")),
        "interruptible": pick(src, ("TRUE", "FALSE", "SPEECH", "DTMF", "NONE")),
        "partialPrompts": pick(src, ("false", "true")),
        "preemptible": pick(src, ("FALSE", "TRUE")),
        "reportInputDuringAgentSpeech": pick(src, ("NONE", "DTMF", "SPEECH", "ANY")),
        "speechProvider": model,
        "speechTimeout": str(pick(src, (0, 500, 1000, 2000))),
        "transcriptionLanguage": language,
        "transcriptionProvider": stt,
        "ttsLanguage": language,
        "ttsProvider": tts,
        "voice": voice,
        "welcomeGreetingInterruptible": pick(src, ("TRUE", "FALSE", "NONE")),
    }
    if src.flag(30):
        attributes["debug"] = "[SPEAKER_EVENT_REPORT]"
    return dict(sorted(attributes.items()))
