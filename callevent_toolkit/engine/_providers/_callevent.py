"""Realistic value providers, keyed by where a value sits in an event.

The schema walk decides *what* an event contains; this module decides what production
values look like. Providers are registered in :data:`REGISTRY` for a path *suffix* (see
:mod:`._providers`) and receive the per-event :class:`Context`, which draws coherent
facts lazily and once: the event kind (edge, group, name, level and payload), the
caller's :class:`Place`, the SDK profile, the edge :class:`Region`. So
``city``, ``country_code`` and ``location`` agree, and the browser matches its engine
and operating system, whichever field the walk reaches first.

Providers only call the :class:`Source` primitives, so they serve both the
Hypothesis strategies and the bulk generator.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .._sources import Source
from . import Context, Provider, Providers, Registry, always, inline
from . import _catalogue as cat
from ._catalogue import Place, Region
from ._kinds import DEFAULT_CHOOSER, chooser_for
from ._pools import client_names

__all__: list[str] = []

#: Realistic timestamps fall in the 30 days before this instant (fixed, so that the same
#: seed gives the same bytes on any day).
ANCHOR_MS = 1_793_491_200_000  # 2026-11-01T00:00:00Z
WINDOW_MS = 30 * 24 * 3600 * 1000


def edge_object(kind: cat.EventKind, gateway_edge: str) -> str | None:
    """The top-level property an event of ``kind`` fills (``None`` for none)."""
    if kind.family == "sdk":
        return "sdk_edge"
    if kind.family == "gateway":
        return gateway_edge
    return "conversation_relay_data"


#: The CallEvent family's providers; the compiler reads them through this registry.
REGISTRY = Registry()
#: The registry and the kind chooser together: what a CallEvent schema handle is bound to.
PROVIDERS = Providers(REGISTRY, chooser_for, DEFAULT_CHOOSER)
value = REGISTRY.value
present = REGISTRY.present

Ctx = Context[cat.EventKind]


def _fact(draw: Callable[[Ctx], object], field: str) -> Provider:
    """The provider of ``field`` of the fact ``draw`` makes (drawn once per event).

    Written with :func:`inline`, as most providers here: the plan compiler puts the
    expression into the event's builder, so reading a fact costs no call of its own.
    """
    return inline(f"ctx[$draw].{field}", draw=draw)


# ---------------------------------------------------------------------------------------
# identifiers and time


def sid(prefix: str, src: Source) -> str:
    """A Twilio SID: two-letter prefix and 32 lowercase hex digits (random, not real)."""
    return f"{prefix}{src.bits(128):032x}"


def _sid_of(prefix: str) -> Provider:
    """``sid(prefix, ctx.src)`` written out, so that the builder makes no call for it."""
    return inline('f"' + prefix + '{ctx.src.bits(128):032x}"')


value("call_sid")(_sid_of("CA"))
value("account_sid")(_sid_of("AC"))
value("conversation_relay_data", "session_id")(_sid_of("VX"))


_HOURS = tuple(f"{hour:02d}:" for hour in range(24))
_MINUTES_SECONDS = tuple(f"{m:02d}:{s:02d}." for m in range(60) for s in range(60))
_MILLIS = tuple(f"{ms:03d}Z" for ms in range(1000))


@lru_cache(maxsize=4096)
def _day(days: int) -> str:
    t = time.gmtime(days * 86_400)
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T"


def rfc3339_ms(epoch_ms: int) -> str:
    """``2026-10-03T14:15:22.123Z``: UTC, millisecond precision, as Twilio writes them.

    Built from lookup tables (the date once per day, then hour, minute-second and
    millisecond pieces): every event has a timestamp, and formatting one from
    ``time.gmtime`` was about an eighth of a realistic event's cost. Same text as the
    ``gmtime`` formatting (``tests/test_timestamps.py`` compares them).
    """
    seconds, millis = divmod(epoch_ms, 1000)
    days, rest = divmod(seconds, 86_400)
    hour, rest = divmod(rest, 3600)
    return f"{_day(days)}{_HOURS[hour]}{_MINUTES_SECONDS[rest]}{_MILLIS[millis]}"


value("timestamp")(
    inline(
        "$rfc3339_ms($first + ctx.src.integer(0, $window))",
        rfc3339_ms=rfc3339_ms,
        first=ANCHOR_MS - WINDOW_MS,
        window=WINDOW_MS,
    )
)
value("edge")(inline("ctx.edge"))
value("group")(inline("ctx.kind.group"))
value("name")(inline("ctx.kind.name"))
value("level")(inline("ctx.kind.level"))


def _edge_is(edge: str) -> Provider:
    return inline("ctx.edge == $edge", edge=edge)


def _payload_is(payload: str) -> Provider:
    return inline("ctx.kind.payload == $payload", payload=payload)


# which edge object an event carries
for _edge in (*cat.GATEWAY_EDGES, "sdk_edge"):
    present(_edge)(_edge_is(_edge))
present("conversation_relay_data")(inline("ctx.kind.family == 'relay'"))

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


present("metadata")(always)
value("metadata", "twilio_ip")(inline("$ip(ctx.src)", ip=twilio_media_ip))
value("metadata", "external_ip")(inline("$ip(ctx.src)", ip=doc_ipv4))
value("metadata", "ip_address")(inline("$ip(ctx.src)", ip=client_ip))


def _gateway_region(ctx: Ctx) -> Region:
    return ctx.src.pick(cat.EDGE_REGIONS)


value("metadata", "edge_location")(_fact(_gateway_region, "edge_location"))
value("metadata", "region")(_fact(_gateway_region, "region"))


def _place(ctx: Ctx) -> Place:
    return ctx.src.pick(cat.PLACES)


value("metadata", "city")(_fact(_place, "city"))
value("metadata", "country_subdivision")(_fact(_place, "subdivision"))
value("metadata", "country_code")(_fact(_place, "country"))
present("metadata", "location")(inline("ctx.src.flag(90)"))
value("location", "lat")(_fact(_place, "lat"))
value("location", "lon")(_fact(_place, "lon"))
value("metadata", "client_name")(
    inline("ctx.src.pick($names(ctx[$place].locale))", names=client_names, place=_place)
)


# ---------------------------------------------------------------------------------------
# the Voice SDK profile: platform, versions, browser, device, edge


def _platform(ctx: Ctx) -> str:
    return ctx.src.pick(("js", "js", "js", "android", "ios"))


def _sdk_version(ctx: Ctx) -> str:
    """A release of the platform's SDK, weighted towards recent ones (apps upgrade): the
    age in minor releases is the least of three uniform draws, so the newest minor is
    the most common and old ones thin out; shrinks to the newest release.

    A provider, not a fact: only ``sdk.version`` reads it (a fact costs a memo entry and
    a ``__missing__`` call). The profile is looked up from the platform, not memoised,
    for the same reason."""
    sdk = cat.SDKS[ctx.fact(_platform)]
    src, minors = ctx.src, sdk.newest_minor
    age = min(src.index(minors + 1), src.index(minors + 1), src.index(minors + 1))
    return f"{sdk.major}.{minors - age}.{3 - src.index(4)}"


#: Edges a user can pin the SDK to (``roaming`` is what ``gll`` resolves through).
_PINNABLE = tuple(region for region in cat.EDGE_REGIONS if region.region != "gll")
_ASHBURN = Region("ashburn", "us1")


@dataclass(frozen=True, slots=True)
class SdkRegion:
    """Where the SDK connects and what the app selected (``gll`` or a pinned region)."""

    edge: Region
    selected_region: str


def _sdk_region(ctx: Ctx) -> SdkRegion:
    """Most apps leave the SDK on ``gll`` (global low latency), which connects to the
    edge nearest the caller; the others pin one edge and connect there."""
    if ctx.src.flag(60):
        return SdkRegion(cat.NEAREST_EDGE.get(ctx.fact(_place).country, _ASHBURN), "gll")
    edge = ctx.src.pick(_PINNABLE)
    return SdkRegion(edge, edge.region)


present("metadata", "sdk")(always)
value("sdk", "type")(inline("$sdks[ctx[$platform]].type", sdks=cat.SDKS, platform=_platform))
value("sdk", "platform")(
    inline("$sdks[ctx[$platform]].platform", sdks=cat.SDKS, platform=_platform)
)
value("sdk", "version")(_sdk_version)
value("sdk", "edge_location")(_fact(_sdk_region, "edge.edge_location"))
value("sdk", "region")(_fact(_sdk_region, "edge.region"))
value("sdk", "selected_region")(_fact(_sdk_region, "selected_region"))

present("sdk", "browser")(inline("ctx[$platform] == 'js'", platform=_platform))
present("sdk", "engine")(inline("ctx[$platform] == 'js'", platform=_platform))
present("sdk", "os")(always)
present("sdk", "device")(inline("ctx[$platform] != 'js'", platform=_platform))


@dataclass(frozen=True, slots=True)
class Browser:
    """A browser build and the engine build that ships in it."""

    line: cat.BrowserLine
    major: str
    version: str
    engine_version: str


def _browser(ctx: Ctx) -> Browser:
    """A browser, major and full version, and engine version that exist together."""
    line = ctx.src.pick(cat.BROWSERS)
    name, src = line.name, ctx.src
    major = src.integer(line.first_major, line.last_major)
    if name == "Safari":
        return Browser(line, str(major), f"{major}.{src.integer(0, 6)}", "605.1.15")
    if name == "Firefox":
        version = f"{major}.0" if src.flag(70) else f"{major}.0.{src.integer(1, 3)}"
        return Browser(line, str(major), version, f"{major}.0")
    build = 6099 + (major - 120) * 66 + src.integer(0, 40)
    version = f"{major}.0.{build}.{src.integer(0, 200)}"
    if name == "Edge":
        edge_version = f"{major}.0.{2210 + (major - 120) * 60}.{src.integer(0, 99)}"
        return Browser(line, str(major), edge_version, version)
    return Browser(line, str(major), version, version)


value("browser", "name")(_fact(_browser, "line.name"))
value("browser", "major")(_fact(_browser, "major"))
value("browser", "version")(_fact(_browser, "version"))
value("engine", "name")(_fact(_browser, "line.engine"))
value("engine", "version")(_fact(_browser, "engine_version"))


@dataclass(frozen=True, slots=True)
class OsRelease:
    """An operating system and one of its versions."""

    name: str
    version: str


_OS_RELEASES: dict[str, tuple[OsRelease, ...]] = {
    name: tuple(OsRelease(name, version) for version in versions)
    for name, versions in cat.OS_VERSIONS.items()
}


def _os(ctx: Ctx) -> OsRelease:
    platform = ctx.fact(_platform)
    if platform == "android":
        name = "Android"
    elif platform == "ios":
        name = "iOS"
    else:
        name = ctx.src.pick(ctx.fact(_browser).line.oses)
    return ctx.src.pick(_OS_RELEASES[name])


value("os", "name")(_fact(_os, "name"))
value("os", "version")(_fact(_os, "version"))


def _device(ctx: Ctx) -> cat.Device:
    """The phone; an Android phone reports its model as its type."""
    android = ctx.fact(_platform) == "android"
    return ctx.src.pick(cat.ANDROID_DEVICES if android else cat.IOS_DEVICES)


value("device", "model")(_fact(_device, "model"))
value("device", "type")(_fact(_device, "type"))
value("device", "vendor")(_fact(_device, "vendor"))
value("device", "arch")(_fact(_device, "arch"))

# ---------------------------------------------------------------------------------------
# SDK payloads: error, feedback, metric, ICE pair

for _payload in ("error", "feedback", "metric", "ice_candidate_pair"):
    present("sdk_edge", _payload)(_payload_is(_payload))


def _sdk_error(ctx: Ctx) -> cat.SdkError:
    return ctx.src.pick(cat.SDK_ERRORS.get(ctx.kind.group, cat.SDK_ERRORS["connection"]))


value("sdk_edge", "error", "code")(_fact(_sdk_error, "code"))
value("sdk_edge", "error", "message")(_fact(_sdk_error, "message"))


@dataclass(frozen=True, slots=True)
class Feedback:
    """The caller's score and the reason they gave (``unknown`` for most good calls)."""

    score: int
    reason: str


def _feedback(ctx: Ctx) -> Feedback:
    score = ctx.src.integer(1, 5)
    if score >= 4 and ctx.src.flag(80):
        return Feedback(score, "unknown")
    return Feedback(score, ctx.src.pick(cat.FEEDBACK_REASONS))


value("feedback", "score")(_fact(_feedback, "score"))
value("feedback", "reason")(_fact(_feedback, "reason"))


def metric_spec(name: str) -> cat.Metric:
    """The threshold, sample count and value ranges for a warning name.

    Unknown names (contract-space events, pinned names) get the RTT spec rather than an
    error, so the provider works for any event.
    """
    return cat.METRICS.get(name, cat.METRICS["high-rtt"])


value("metric", "threshold")(inline("$spec(ctx.kind.name).threshold", spec=metric_spec))


@value("metric", "values")
def _metric_values(ctx: Ctx) -> list[float]:
    spec = metric_spec(ctx.kind.name)
    lo, hi = spec.raised if ctx.kind.group.endswith("-raised") else spec.cleared
    src, samples = ctx.src, spec.samples
    count = src.integer(3, samples) if samples > 3 else samples
    return [round(src.floating(lo, hi), 2) for _ in range(count)]


def _ice_protocol(ctx: Ctx) -> str:
    return ctx.src.pick(cat.ICE_PROTOCOLS)


present("ice_candidate_pair", "local")(always)
present("ice_candidate_pair", "remote")(always)
value("local", "type")(inline("ctx.src.pick($types)", types=cat.ICE_LOCAL_TYPES))
value("local", "protocol")(inline("ctx[$protocol]", protocol=_ice_protocol))
value("remote", "type")(inline("'host'"))
value("remote", "protocol")(inline("ctx[$protocol]", protocol=_ice_protocol))

# ---------------------------------------------------------------------------------------
# Conversation Relay

value("conversation_relay_data", "name")(inline("ctx.kind.name"))
value("conversation_relay_data", "sequence_number")(inline("ctx.src.integer(1, 400)"))
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
present("stt_latency", "latency_ms")(always)
present("tts_latency", "latency_ms")(always)
value("stt_latency", "latency_ms")(inline("ctx.src.integer(60, 1200)"))
value("tts_latency", "latency_ms")(inline("ctx.src.integer(90, 2500)"))


@dataclass(frozen=True, slots=True)
class Tokens:
    """How many LLM tokens a reply had, and about three words for every four of them."""

    total_tokens: int
    total_words: int


def _tokens(ctx: Ctx) -> Tokens:
    tokens = ctx.src.integer(4, 900)
    return Tokens(tokens, max(1, tokens * 3 // 4 - ctx.src.integer(0, tokens // 8)))


value("last_token_received", "total_tokens")(_fact(_tokens, "total_tokens"))
value("last_token_received", "total_words")(_fact(_tokens, "total_words"))
value("interrupt", "type")(inline("ctx.src.pick($types)", types=cat.INTERRUPT_TYPES))
value("call_wrap_up", "duration_in_seconds")(inline("ctx.src.integer(5, 1800)"))
value("call_wrap_up", "end_status")(inline("ctx.src.pick($statuses)", statuses=cat.END_STATUSES))


def _relay_error(ctx: Ctx) -> cat.RelayError:
    return ctx.src.pick(cat.RELAY_ERRORS)


value("conversation_relay_data", "error", "error_code")(_fact(_relay_error, "code"))
value("conversation_relay_data", "error", "message")(_fact(_relay_error, "message"))

_LANGUAGES = tuple(cat.RELAY_LANGUAGES)


def _languages(ctx: Ctx) -> tuple[str, ...]:
    first = ctx.src.pick(_LANGUAGES)
    if ctx.src.flag(40):
        second = ctx.src.pick(_LANGUAGES)
        if second != first:
            return first, second
    return (first,)


def _draw_voice(ctx: Ctx, language: str) -> cat.VoiceProfile:
    return ctx.src.pick(cat.RELAY_LANGUAGES.get(language, cat.RELAY_LANGUAGES["en-US"]))


def _voice_profile(ctx: Ctx, language: str) -> cat.VoiceProfile:
    """The voice of ``language``: one per language per event, shared by every position."""
    return ctx.fact_of(_draw_voice, language)


def _new_language(ctx: Ctx) -> str:
    return ctx.src.pick(_LANGUAGES)


value("language_changed", "tts_language_code")(inline("ctx[$new]", new=_new_language))
value("language_changed", "transcription_language_code")(inline("ctx[$new]", new=_new_language))

REGISTRY.keys("configurations", "languages")(lambda ctx: list(ctx.fact(_languages)))


def _profile_field(field: str) -> Provider:
    """The ``field`` of the voice of the map entry's language (the entry's key)."""
    return inline(f"$voice(ctx, ctx.key).{field}", voice=_voice_profile)


for _field in ("tts_provider", "voice", "transcription_provider", "speech_model"):
    value("languages", "*", _field)(_profile_field(_field))


@value("configurations", "configurations")
def _twiml_attributes(ctx: Ctx) -> dict[str, str]:
    """The stringified TwiML ``<ConversationRelay>`` attributes, as Insights reports them."""
    src = ctx.src
    language = ctx.fact(_languages)[0]
    profile = _voice_profile(ctx, language)
    attributes = {
        "dtmfDetection": src.pick(("true", "false")),
        "interruptible": src.pick(("TRUE", "FALSE", "SPEECH", "DTMF", "NONE")),
        "partialPrompts": src.pick(("false", "true")),
        "preemptible": src.pick(("FALSE", "TRUE")),
        "reportInputDuringAgentSpeech": src.pick(("NONE", "DTMF", "SPEECH", "ANY")),
        "speechProvider": profile.speech_model,
        "speechTimeout": str(src.pick((0, 500, 1000, 2000))),
        "transcriptionLanguage": language,
        "transcriptionProvider": profile.transcription_provider,
        "ttsLanguage": language,
        "ttsProvider": profile.tts_provider,
        "voice": profile.voice,
        "welcomeGreetingInterruptible": src.pick(("TRUE", "FALSE", "NONE")),
    }
    if src.flag(30):
        attributes["debug"] = "[SPEAKER_EVENT_REPORT]"
    return dict(sorted(attributes.items()))
