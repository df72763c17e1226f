"""Domain facts about real CallEvents, as plain data.

Sources are the compiled notes in the project's ``shared/reference`` (Twilio docs, the
twilio-voice.js sources, the Insights REST spec). Lists are ordered simplest-first on
purpose: Hypothesis shrinks a choice towards the first element, so a shrunk realistic
event is a ``connection``/``incoming`` SDK event in ``ashburn``.

Nothing here describes the schema's *structure*; that comes from walking the schema.
These tables only say which values belong together.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__: list[str] = []  # private module: imported by the providers only


@dataclass(frozen=True, slots=True)
class EventKind:
    """One real (edge family, group, name, level) combination and what it carries.

    ``family`` is ``sdk``, ``gateway`` or ``relay``; ``payload`` names the optional part the
    event carries (``metric``, ``error``, ``feedback``, ``ice_candidate_pair`` for SDK events,
    the ``conversation_relay_data`` key for relay events) or is empty.
    """

    family: str
    group: str
    name: str
    level: str
    payload: str = ""


@dataclass(frozen=True, slots=True)
class Region:
    """An ``edge_location`` and the legacy ``region`` that belong together."""

    edge_location: str
    region: str


@dataclass(frozen=True, slots=True)
class Metric:
    """A quality warning's threshold, sample count and value ranges (raised, cleared)."""

    threshold: float
    samples: int
    raised: tuple[float, float]
    cleared: tuple[float, float]


@dataclass(frozen=True, slots=True)
class SdkError:
    """A Voice SDK error: its code and the message the SDK writes for it."""

    code: int
    message: str


@dataclass(frozen=True, slots=True)
class BrowserLine:
    """A browser, its engine, the systems it runs on and its range of major versions."""

    name: str
    engine: str
    oses: tuple[str, ...]
    first_major: int
    last_major: int


@dataclass(frozen=True, slots=True)
class Device:
    """A phone as the mobile SDKs report it; Android reports the model as its type."""

    model: str
    type: str
    vendor: str
    arch: str


@dataclass(frozen=True, slots=True)
class SdkProfile:
    """A Voice SDK: ``sdk.type``, ``sdk.platform``, major version and newest minor."""

    type: str
    platform: str
    major: str
    newest_minor: int


@dataclass(frozen=True, slots=True)
class RelayError:
    """A Conversation Relay error code and message."""

    code: int
    message: str


@dataclass(frozen=True, slots=True)
class VoiceProfile:
    """A text-to-speech voice and speech-to-text model that work together for a language."""

    tts_provider: str
    voice: str
    transcription_provider: str
    speech_model: str


@dataclass(frozen=True, slots=True)
class Place:
    """A real place a caller sits in, and the Faker locale of its people-ish values."""

    city: str
    subdivision: str
    country: str
    lat: float
    lon: float
    locale: str


def _sdk(group: str, names: str, level: str, payload: str = "") -> list[EventKind]:
    return [EventKind("sdk", group, name, level, payload) for name in names.split()]


_NETWORK_WARNINGS = (
    "high-rtt low-mos high-jitter high-packet-loss high-packets-lost-fraction "
    "low-bytes-received low-bytes-sent"
)
_AUDIO_WARNINGS = "constant-audio-input-level constant-audio-output-level"

SDK_EVENTS: tuple[EventKind, ...] = tuple(
    _sdk(
        "connection",
        "incoming outgoing outgoing-ringing accepted-by-local "
        "accepted-by-remote ignored-by-local rejected-by-local disconnected-by-local "
        "disconnected-by-remote muted unmuted cancel reconnecting reconnected",
        "INFO",
    )
    + _sdk("connection", "connected ringing disconnect-called listen listening hold unhold", "INFO")
    + _sdk("connection", "error", "ERROR", "error")
    + _sdk("connection", "listening-error", "WARNING", "error")
    + _sdk("network-quality-warning-raised", _NETWORK_WARNINGS, "WARNING", "metric")
    + _sdk("network-quality-warning-raised", "ice-connectivity-lost", "WARNING")
    + _sdk("network-quality-warning-cleared", _NETWORK_WARNINGS, "INFO", "metric")
    + _sdk("network-quality-warning-cleared", "ice-connectivity-lost", "INFO")
    + _sdk("audio-level-warning-raised", "constant-audio-input-level", "WARNING", "metric")
    + _sdk("audio-level-warning-raised", "constant-audio-output-level", "INFO", "metric")
    + _sdk("audio-level-warning-cleared", _AUDIO_WARNINGS, "INFO", "metric")
    + _sdk("audio", "speaker-devices-set ringtone-devices-set device-change", "INFO")
    + _sdk("audio", "speaker-devices-set-failed ringtone-devices-set-failed", "ERROR")
    + _sdk("pc-connection-state", "new connecting connected disconnected closed", "DEBUG")
    + _sdk("pc-connection-state", "failed", "WARNING")
    + _sdk("dtls-transport-state", "new connecting connected closed", "DEBUG")
    + _sdk("dtls-transport-state", "failed", "ERROR")
    + _sdk("ice-connection-state", "new checking connected completed disconnected closed", "DEBUG")
    + _sdk("ice-connection-state", "failed", "ERROR")
    + _sdk("ice-gathering-state", "new gathering complete", "DEBUG")
    + _sdk("ice-gathering-state", "none timeout", "WARNING")
    + _sdk("ice-candidate", "ice-candidate", "DEBUG")
    + _sdk("ice-candidate", "selected-ice-candidate-pair", "DEBUG", "ice_candidate_pair")
    + _sdk("signaling-state", "stable have-local-offer have-remote-offer closed", "DEBUG")
    + _sdk("signaling-state", "have-local-pranswer have-remote-pranswer", "INFO")
    + _sdk("get-user-media", "succeeded", "INFO")
    + _sdk("get-user-media", "denied failed", "ERROR", "error")
    + _sdk("settings", "codec init edge", "INFO")
    + _sdk("feedback", "received", "INFO", "feedback")
    + _sdk("feedback", "received-none", "INFO")
    + _sdk("registration", "registration unregistration", "INFO")
    + _sdk(
        "registration",
        "registration-error unregistration-error "
        "unregistration-registration-error unsupported-cancel-message-error",
        "ERROR",
        "error",
    )
    + _sdk("network-information", "network-change", "INFO")
    + _sdk(
        "audio-processor",
        "enabled add remove create-processed-stream destroy-processed-stream",
        "INFO",
    )
)

#: Gateway group/name strings are not documented by Twilio (the reference notes mark them
#: UNCONFIRMED); these follow call progress (StatusCallbackEvent) and are synthetic.
GATEWAY_EVENTS: tuple[EventKind, ...] = (
    EventKind("gateway", "call", "initiated", "INFO"),
    EventKind("gateway", "call", "ringing", "INFO"),
    EventKind("gateway", "call", "answered", "INFO"),
    EventKind("gateway", "call", "completed", "INFO"),
    EventKind("gateway", "call", "busy", "WARNING"),
    EventKind("gateway", "call", "no-answer", "WARNING"),
    EventKind("gateway", "call", "failed", "ERROR"),
)

#: Conversation Relay event names and the ``conversation_relay_data`` key each carries.
RELAY_EVENTS: tuple[EventKind, ...] = tuple(
    EventKind("relay", "conversation_relay", name, level, payload)
    for name, level, payload in (
        ("start_of_customer_speech", "INFO", ""),
        ("end_of_customer_speech", "INFO", ""),
        ("stt_latency", "INFO", "stt_latency"),
        ("prompt_sent", "INFO", ""),
        ("first_token_received", "INFO", ""),
        ("final_token_received", "INFO", "last_token_received"),
        ("tts_latency", "INFO", "tts_latency"),
        ("start_of_agent_speech", "INFO", ""),
        ("end_of_agent_speech", "INFO", ""),
        ("interrupt", "INFO", "interrupt"),
        ("preempted", "INFO", ""),
        ("dtmf", "INFO", ""),
        ("digit", "INFO", ""),
        ("play_media", "INFO", ""),
        ("configurations", "INFO", "configurations"),
        ("language_changed", "INFO", "language_changed"),
        ("call_wrap_up", "INFO", "call_wrap_up"),
        ("error", "ERROR", "error"),
    )
)

#: Top-level ``edge`` values (the REST enum) and the event object each one fills.
GATEWAY_EDGES = ("carrier_edge", "sip_edge", "client_edge")
SDK_EDGE = "sdk_edge"
NO_EDGE = "unknown_edge"
EDGES = ("unknown_edge", "carrier_edge", "sip_edge", "sdk_edge", "client_edge")
LEVELS = ("UNKNOWN", "DEBUG", "INFO", "WARNING", "ERROR")

#: (edge_location, legacy region) pairs that belong together; ashburn first (most traffic).
EDGE_REGIONS: tuple[Region, ...] = (
    Region("ashburn", "us1"),
    Region("ashburn", "us1"),
    Region("ashburn", "us1"),
    Region("umatilla", "us2"),
    Region("roaming", "gll"),
    Region("dublin", "ie1"),
    Region("frankfurt", "de1"),
    Region("sydney", "au1"),
    Region("tokyo", "jp1"),
    Region("singapore", "sg1"),
    Region("sao-paulo", "br1"),
    Region("ashburn-ix", "us1-ix"),
    Region("san-jose-ix", "us2-ix"),
    Region("london-ix", "ie1-ix"),
    Region("frankfurt-ix", "de1-ix"),
    Region("singapore-ix", "sg1-ix"),
    Region("tokyo-ix", "jp1-ix"),
    Region("sydney-ix", "au1-ix"),
)

#: Warning name -> (threshold, samples, raised value range, cleared value range).
#: Thresholds are the twilio-voice.js DEFAULT_THRESHOLDS; values are in the metric's unit
#: (ms for RTT and jitter, MOS score, percent for loss, bytes, audio level std-dev).
METRICS: dict[str, Metric] = {
    "high-rtt": Metric(400, 5, (401.0, 1500.0), (20.0, 399.0)),
    "low-mos": Metric(3, 5, (1.0, 2.99), (3.01, 4.5)),
    "high-jitter": Metric(30, 5, (30.5, 150.0), (0.5, 29.5)),
    "high-packet-loss": Metric(1, 5, (1.01, 20.0), (0.0, 0.99)),
    "high-packets-lost-fraction": Metric(3, 7, (3.01, 30.0), (0.0, 1.0)),
    "low-bytes-received": Metric(1, 3, (0.0, 0.0), (1200.0, 64000.0)),
    "low-bytes-sent": Metric(1, 3, (0.0, 0.0), (1200.0, 64000.0)),
    "constant-audio-input-level": Metric(327.67, 10, (0.0, 327.0), (328.0, 4000.0)),
    "constant-audio-output-level": Metric(327.67, 10, (0.0, 327.0), (328.0, 4000.0)),
}
#: Warnings where a *low* value is the problem (raised values sit below the threshold).
LOW_IS_BAD = frozenset(
    {
        "low-mos",
        "low-bytes-received",
        "low-bytes-sent",
        "constant-audio-input-level",
        "constant-audio-output-level",
    }
)

FEEDBACK_REASONS = (
    "audio-latency",
    "choppy-audio",
    "dropped-call",
    "echo",
    "noisy-call",
    "one-way-audio",
)

#: SDK error codes (twilio-voice.js errors/generated.ts) by the event that reports them.
_SDK_ERROR_TEXTS: dict[str, tuple[tuple[int, str, str], ...]] = {
    "connection": (
        (31005, "ConnectionError", "A connection error occurred during the call"),
        (31003, "ConnectionTimeout", "The connection timed out"),
        (31009, "TransportError", "No transport available to send or receive messages"),
        (53405, "MediaConnectionFailed", "Media connection failed"),
        (31000, "UnknownError", "An unknown error has occurred"),
        (53000, "SignalingConnectionError", "Raised whenever a signaling connection error occurs"),
    ),
    "get-user-media": (
        (31401, "PermissionDeniedError", "The browser or end-user denied permissions"),
        (
            31402,
            "AcquisitionFailedError",
            "The browser and end-user allowed permissions, however getting the media failed",
        ),
    ),
    "registration": (
        (20104, "AccessTokenExpired", "The access token provided has expired"),
        (20101, "AccessTokenInvalid", "The access token provided is invalid"),
        (31204, "InvalidJWTToken", "The passed JWT token is invalid"),
        (31205, "JWTTokenExpired", "The JWT token has expired"),
    ),
}
SDK_ERRORS: dict[str, tuple[SdkError, ...]] = {
    group: tuple(SdkError(code, f"{name} ({code}): {text}") for code, name, text in errors)
    for group, errors in _SDK_ERROR_TEXTS.items()
}

ICE_LOCAL_TYPES = ("host", "srflx", "prflx", "relay")
ICE_PROTOCOLS = ("udp", "udp", "udp", "tcp")

BROWSERS: tuple[BrowserLine, ...] = (
    BrowserLine("Chrome", "Blink", ("Windows", "Mac OS", "Linux", "Chromium OS"), 120, 142),
    BrowserLine("Edge", "Blink", ("Windows", "Mac OS"), 120, 142),
    BrowserLine("Firefox", "Gecko", ("Windows", "Mac OS", "Linux"), 121, 145),
    BrowserLine("Safari", "WebKit", ("Mac OS",), 16, 18),
)
OS_VERSIONS: dict[str, tuple[str, ...]] = {
    "Windows": ("10", "11"),
    "Mac OS": ("10.15.7", "13.6", "14.6", "15.1"),
    "Linux": ("x86_64",),
    "Chromium OS": ("16093.68.0", "16181.61.0"),
    "Android": ("12", "13", "14", "15"),
    "iOS": ("16.7.10", "17.6.1", "18.1", "18.2"),
}

#: Phones that run the mobile Voice SDKs (an iPad reports ``tablet``, an iPhone ``mobile``).
ANDROID_DEVICES: tuple[Device, ...] = (
    Device("Pixel 8", "Pixel 8", "Google", "arm64-v8a"),
    Device("Pixel 7a", "Pixel 7a", "Google", "arm64-v8a"),
    Device("SM-S918B", "SM-S918B", "samsung", "arm64-v8a"),
    Device("SM-A546B", "SM-A546B", "samsung", "arm64-v8a"),
    Device("GT-I9300", "GT-I9300", "samsung", "armeabi-v7a"),
    Device("moto g(60)", "moto g(60)", "motorola", "arm64-v8a"),
    Device("2201117TG", "2201117TG", "Xiaomi", "arm64-v8a"),
)
IOS_DEVICES: tuple[Device, ...] = (
    Device("iPhone15,2", "mobile", "Apple", "arm64"),
    Device("iPhone14,5", "mobile", "Apple", "arm64"),
    Device("iPhone16,1", "mobile", "Apple", "arm64"),
    Device("iPad13,4", "tablet", "Apple", "arm64"),
)

#: The Voice SDK of each platform, from release tags.
SDKS: dict[str, SdkProfile] = {
    "js": SdkProfile("twilio-js-sdk", "WebRTC", "2", 18),
    "android": SdkProfile("twilio-voice-android", "android", "6", 10),
    "ios": SdkProfile("voice-ios", "iOS", "6", 13),
}

#: Conversation Relay values.
INTERRUPT_TYPES = ("SPEECH", "DTMF")
END_STATUSES = ("ended", "hung_up", "failure", "unknown")
RELAY_ERRORS: tuple[RelayError, ...] = (
    RelayError(64105, "WebSocket ended"),
    RelayError(64102, "Unable to connect to WebSocket URL"),
    RelayError(64104, "Max call duration reached"),
    RelayError(64106, "Invalid argument: unsupported provider, language and voice combination"),
    RelayError(64107, "Invalid message received on WebSocket"),
    RelayError(64108, "RTP timeout"),
)
#: language -> the voice profiles that exist for it.
RELAY_LANGUAGES: dict[str, tuple[VoiceProfile, ...]] = {
    "en-US": (
        VoiceProfile(
            "elevenlabs", "3liN8q8YoeB9Hk6AboKe-1.0_0.7_0.8", "deepgram", "nova-3-general"
        ),
        VoiceProfile("google", "en-US-Journey-O", "google", "telephony"),
        VoiceProfile("amazon", "Polly.Matthew", "deepgram", "nova-2-general"),
        VoiceProfile(
            "block_elevenlabs", "3liN8q8YoeB9Hk6AboKe-1.0_0.7_0.8", "deepgram", "nova-3-general"
        ),
    ),
    "es-US": (
        VoiceProfile(
            "elevenlabs", "94zOad0g7T7K4oa7zhDq-0.9_0.7_0.8", "deepgram", "nova-2-general"
        ),
        VoiceProfile("google", "es-US-Neural2-A", "google", "long"),
    ),
    "es-MX": (VoiceProfile("google", "es-US-Journey-F", "google", "telephony"),),
    "pt-BR": (
        VoiceProfile(
            "elevenlabs", "Azw9ahQtVs7SL0Xibr2c-0.9_0.6_0.4", "deepgram", "nova-2-general"
        ),
        VoiceProfile("google", "pt-BR-Neural2-C", "google", "long"),
    ),
    "de-DE": (VoiceProfile("google", "de-DE-Chirp3-HD-Aoede", "google", "telephony"),),
    "en-GB": (VoiceProfile("amazon", "Polly.Amy", "deepgram", "nova-3-general"),),
    "fr-FR": (VoiceProfile("google", "fr-FR-Neural2-A", "deepgram", "nova-2-general"),),
}

#: Real places (city, subdivision, ISO country code, latitude, longitude, Faker locale).
#: Faker's geo provider has no subdivisions (and a few mis-encoded names), so the places
#: are listed here; Faker supplies the people-ish values (client names) per locale.
PLACES: tuple[Place, ...] = (
    Place("Ashburn", "Virginia", "US", 39.0438, -77.4874, "en_US"),
    Place("San Francisco", "California", "US", 37.7749, -122.4194, "en_US"),
    Place("Mountain View", "California", "US", 37.3861, -122.0839, "en_US"),
    Place("New York", "New York", "US", 40.7128, -74.006, "en_US"),
    Place("Chicago", "Illinois", "US", 41.8781, -87.6298, "en_US"),
    Place("Austin", "Texas", "US", 30.2672, -97.7431, "en_US"),
    Place("Seattle", "Washington", "US", 47.6062, -122.3321, "en_US"),
    Place("Denver", "Colorado", "US", 39.7392, -104.9903, "en_US"),
    Place("Montréal", "Québec", "CA", 45.5019, -73.5674, "fr_CA"),
    Place("Toronto", "Ontario", "CA", 43.6532, -79.3832, "en_CA"),
    Place("Ciudad de México", "Ciudad de México", "MX", 19.4326, -99.1332, "es_MX"),
    Place("Bogotá", "Bogotá D.C.", "CO", 4.711, -74.0721, "es_CO"),
    Place("São Paulo", "São Paulo", "BR", -23.5505, -46.6333, "pt_BR"),
    Place("Florianópolis", "Santa Catarina", "BR", -27.5954, -48.548, "pt_BR"),
    Place("Córdoba", "Córdoba", "AR", -31.4201, -64.1888, "es_AR"),
    Place("Dublin", "Leinster", "IE", 53.3498, -6.2603, "en_IE"),
    Place("London", "England", "GB", 51.5074, -0.1278, "en_GB"),
    Place("Manchester", "England", "GB", 53.4808, -2.2426, "en_GB"),
    Place("München", "Bayern", "DE", 48.1351, 11.582, "de_DE"),
    Place("Düsseldorf", "Nordrhein-Westfalen", "DE", 51.2277, 6.7735, "de_DE"),
    Place("Frankfurt am Main", "Hessen", "DE", 50.1109, 8.6821, "de_DE"),
    Place("Zürich", "Zürich", "CH", 47.3769, 8.5417, "de_CH"),
    Place("Besançon", "Bourgogne-Franche-Comté", "FR", 47.2378, 6.0241, "fr_FR"),
    Place("Paris", "Île-de-France", "FR", 48.8566, 2.3522, "fr_FR"),
    Place("Kraków", "Małopolskie", "PL", 50.0647, 19.945, "pl_PL"),
    Place("Łódź", "Łódzkie", "PL", 51.7592, 19.456, "pl_PL"),
    Place("Malmö", "Skåne", "SE", 55.605, 13.0038, "sv_SE"),
    Place("Reykjavík", "Höfuðborgarsvæðið", "IS", 64.1466, -21.9426, "is_IS"),
    Place("Madrid", "Comunidad de Madrid", "ES", 40.4168, -3.7038, "es_ES"),
    Place("Lisboa", "Lisboa", "PT", 38.7223, -9.1393, "pt_PT"),
    Place("Praha", "Hlavní město Praha", "CZ", 50.0755, 14.4378, "cs_CZ"),
    Place("Plzeň", "Plzeňský kraj", "CZ", 49.7384, 13.3736, "cs_CZ"),
    Place("İstanbul", "İstanbul", "TR", 41.0082, 28.9784, "tr_TR"),
    Place("東京", "東京都", "JP", 35.6762, 139.6503, "ja_JP"),
    Place("大阪市", "大阪府", "JP", 34.6937, 135.5023, "ja_JP"),
    Place("Singapore", "Central Region", "SG", 1.3521, 103.8198, "en_US"),
    Place("Sydney", "New South Wales", "AU", -33.8688, 151.2093, "en_AU"),
    Place("Melbourne", "Victoria", "AU", -37.8136, 144.9631, "en_AU"),
    Place("Bengaluru", "Karnataka", "IN", 12.9716, 77.5946, "en_IN"),
    Place("서울", "서울특별시", "KR", 37.5665, 126.978, "ko_KR"),
)

#: Edge location nearest to each country (what the SDK's roaming edge would pick).
NEAREST_EDGE: dict[str, Region] = {
    "US": Region("ashburn", "us1"),
    "CA": Region("ashburn", "us1"),
    "MX": Region("umatilla", "us2"),
    "CO": Region("ashburn", "us1"),
    "BR": Region("sao-paulo", "br1"),
    "AR": Region("sao-paulo", "br1"),
    "IE": Region("dublin", "ie1"),
    "GB": Region("dublin", "ie1"),
    "IS": Region("dublin", "ie1"),
    "DE": Region("frankfurt", "de1"),
    "CH": Region("frankfurt", "de1"),
    "FR": Region("frankfurt", "de1"),
    "PL": Region("frankfurt", "de1"),
    "SE": Region("frankfurt", "de1"),
    "ES": Region("dublin", "ie1"),
    "PT": Region("dublin", "ie1"),
    "CZ": Region("frankfurt", "de1"),
    "TR": Region("frankfurt", "de1"),
    "JP": Region("tokyo", "jp1"),
    "KR": Region("tokyo", "jp1"),
    "SG": Region("singapore", "sg1"),
    "IN": Region("singapore", "sg1"),
    "AU": Region("sydney", "au1"),
}

#: Documentation address ranges (RFC 5737 / RFC 3849) for client and carrier addresses,
#: and Twilio's published media range 168.86.128.0/18 for ``twilio_ip``.
DOC_IPV4_PREFIXES = ("192.0.2.", "198.51.100.", "203.0.113.")
DOC_IPV6_PREFIX = "2001:db8:"
TWILIO_MEDIA_FIRST = (168, 86, 128)  # 168.86.128.0 - 168.86.191.255


def event_kinds() -> tuple[tuple[str, str, str], ...]:
    """Every real (group, name, level) combination of the catalogue, once, in order.

    Public through :mod:`callevent_toolkit.engine` so the contract-coverage report can ask
    "did a test see each kind of event?" without copying the catalogue.
    """
    every = (*SDK_EVENTS, *GATEWAY_EVENTS, *RELAY_EVENTS)
    return tuple(dict.fromkeys((k.group, k.name, k.level) for k in every))
