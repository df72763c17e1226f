"""The core both faces share: sources, the compiled event plan, providers, mutations, calls.

Everything that *makes* events lives here, once. The Hypothesis strategies
(:mod:`callevent_toolkit.strategies`) and the bulk generator
(:mod:`callevent_toolkit.generation`) are thin faces that pick a source (Hypothesis draws
or a seeded ``random.Random``) and run the same code, so the two cannot drift apart. The
faces, the fuzzer and the plugin use only the names below; the modules behind them are
private to this package.

Layout (data flows top to bottom):

* :mod:`._sources` — the five primitive choices and their two backends; per-item seeding.
* :mod:`._compiler` — the schema walk compiled into closures, one per position.
* :mod:`._providers` — what a realistic CallEvent holds at each position and its kind
  chooser, and contract values (:mod:`._contract`).
* :mod:`._families` — which :class:`._providers.Providers` each schema handle is bound to.
* :mod:`._plans` — :class:`EventPlan`: compiled plan + event-kind chooser + pins.
* :mod:`._mutations`, :mod:`._invalid` — the mutation operators and labelled invalid events.
* :mod:`._hostile_values`, :mod:`._hostile` — hostile valid values and the valid cases of
  the fuzzer's coverage phase (realistic events with one hostile part each).
* :mod:`._hybrid` — :class:`HybridPlan`: realistic events with 1-3 contract values.
* :mod:`._calls` — call scripts: whole timelines of one call.
* :mod:`._handouts` — the hook the faces report hand-outs to (the contract-coverage
  recorder listens on it).
* :mod:`._streams` — streams: many calls of an account at once, merged by instant.
* :mod:`._deliveries`, :mod:`._malformed` — a stream as a sink delivers it (delays,
  redeliveries, batches), and labelled malformed deliveries.
"""

from __future__ import annotations

from ._calls import build_timed_call, build_timeline, check_timeline_arguments
from ._deliveries import (
    BATCH_WINDOW_MS,
    DELIVERY_FORMS,
    REDELIVERY_MAX_MS,
    WEBHOOK_HEADERS,
    Chooser,
    Delivery,
    DeliveryOptions,
    DrawnChooser,
    Malformation,
    SeededChooser,
    check_delivery_options,
    checked_deliveries,
    deliver,
    envelope_body,
)
from ._handouts import (
    Observer,
    current_observer,
    observe,
    observe_invalid,
    observe_many,
    set_observer,
)
from ._hostile import HostileCase, hostile_cases
from ._hostile_values import HostileValue, hostile_values
from ._hybrid import HybridPlan
from ._invalid import (
    InvalidCallEvent,
    Target,
    check_max_violations,
    coverage,
    first_tried,
    make_invalid,
    menu_for,
    targets,
)
from ._malformed import MALFORMATIONS, Breakage, malformation_kinds, malformed_delivery
from ._mutations import Operator
from ._plans import (
    EventPlan,
    check_realistic,
    check_version,
    collect_pins,
    default_plan,
    parse_path,
    plan_with,
)
from ._providers._catalogue import EDGES, LEVELS, event_kinds
from ._sources import (
    EVENTS_PER_SEED,
    HypothesisSource,
    RandomSource,
    Source,
    block_seed,
    cached_booleans,
    cached_integers,
    coin,
    event_seed,
    pick,
    seeded_blocks,
    seeded_source,
    seeded_sources,
)
from ._streams import (
    CALL_SPACING_MS,
    MAX_STREAM_CALLS,
    START_JITTER_MS,
    STREAM_ANCHOR_MS,
    Timed,
    account_sids,
    check_accounts,
    check_stream_window,
    checked_stream,
    merge_calls,
    seeded_stream,
)

__all__ = [
    "BATCH_WINDOW_MS",
    "CALL_SPACING_MS",
    "DELIVERY_FORMS",
    "EDGES",
    "EVENTS_PER_SEED",
    "LEVELS",
    "MALFORMATIONS",
    "MAX_STREAM_CALLS",
    "REDELIVERY_MAX_MS",
    "START_JITTER_MS",
    "STREAM_ANCHOR_MS",
    "WEBHOOK_HEADERS",
    "Breakage",
    "Chooser",
    "Delivery",
    "DeliveryOptions",
    "DrawnChooser",
    "EventPlan",
    "HostileCase",
    "HostileValue",
    "HybridPlan",
    "HypothesisSource",
    "InvalidCallEvent",
    "Malformation",
    "Observer",
    "Operator",
    "RandomSource",
    "SeededChooser",
    "Source",
    "Target",
    "Timed",
    "account_sids",
    "block_seed",
    "build_timed_call",
    "build_timeline",
    "cached_booleans",
    "cached_integers",
    "check_accounts",
    "check_delivery_options",
    "check_max_violations",
    "check_realistic",
    "check_stream_window",
    "check_timeline_arguments",
    "check_version",
    "checked_deliveries",
    "checked_stream",
    "coin",
    "collect_pins",
    "coverage",
    "current_observer",
    "default_plan",
    "deliver",
    "envelope_body",
    "event_kinds",
    "event_seed",
    "first_tried",
    "hostile_cases",
    "hostile_values",
    "make_invalid",
    "malformation_kinds",
    "malformed_delivery",
    "menu_for",
    "merge_calls",
    "observe",
    "observe_invalid",
    "observe_many",
    "parse_path",
    "pick",
    "plan_with",
    "seeded_blocks",
    "seeded_source",
    "seeded_sources",
    "seeded_stream",
    "set_observer",
    "targets",
]
