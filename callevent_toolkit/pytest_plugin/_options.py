"""Command-line options and ini settings, and the one place that turns them into a seed.

Where the run's seed comes from, first match wins:

1. ``--callevent-seed`` on the command line;
2. the ``callevent_seed`` ini setting;
3. pytest-randomly's seed, when that plugin is active (its ``--randomly-seed`` then
   replays both its shuffling and our events);
4. :data:`~._seed.DEFAULT_SEED`, so plain runs are reproducible.

``last`` reuses the previous run's seed from pytest's cache (the default seed when there
is none yet); ``random`` draws a new one. Both are resolved once, in the controlling
process: pytest-xdist workers receive the number (see :func:`worker_input`), so a test
sees the same events whatever worker runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from ._seed import DEFAULT_SEED, LAST, RANDOM, SeedSyntaxError, fresh_seed, parse_seed

__all__: list[str] = []

DEFAULT_VERSION = 3
CACHE_KEY = "callevent/seed"
_WORKER_KEY = "callevent_settings"


@dataclass(frozen=True)
class Settings:
    """What the fixtures need to know about the run: its seed and schema version, and a
    ``note`` for the report header when the seed is not the one asked for."""

    seed: int
    version: int
    note: str = ""

    def as_flags(self) -> str:
        """The command-line flags that reproduce this run's events."""
        flags = f"--callevent-seed={self.seed}"
        if self.version != DEFAULT_VERSION:
            flags += f" --callevent-schema-version={self.version}"
        return flags


SETTINGS = pytest.StashKey[Settings]()


def add_options(parser: pytest.Parser) -> None:
    """Register ``--callevent-seed``, ``--callevent-schema-version`` and their ini twins."""
    group = parser.getgroup("callevent", "callevent-toolkit (generated CallEvents)")
    group.addoption(
        "--callevent-seed",
        dest="callevent_seed",
        metavar="N|last|random",
        default=None,
        help="seed of the generated CallEvents: an integer, 'last' (the previous run's) "
        f"or 'random'. Default: the callevent_seed ini value, else pytest-randomly's seed "
        f"when it is active, else {DEFAULT_SEED}.",
    )
    group.addoption(
        "--callevent-schema-version",
        dest="callevent_schema_version",
        metavar="N",
        default=None,
        help=f"VoiceInsights.CallEvent schema version of the fixtures (default {DEFAULT_VERSION}).",
    )
    parser.addini("callevent_seed", "default for --callevent-seed", default="")
    parser.addini("callevent_schema_version", "default for --callevent-schema-version", default="")


def resolve_settings(config: pytest.Config) -> Settings:
    """Decide the run's settings (in a pytest-xdist worker: take the controller's)."""
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is not None and _WORKER_KEY in workerinput:
        seed, version = workerinput[_WORKER_KEY]
        return Settings(seed=seed, version=version)
    seed, note = _resolve_seed(config)
    settings = Settings(seed=seed, version=_resolve_version(config), note=note)
    cache = _cache(config)
    if workerinput is None and cache is not None:
        cache.set(CACHE_KEY, settings.seed)
    return settings


def worker_input(settings: Settings) -> dict[str, Any]:
    """What the controller hands every pytest-xdist worker."""
    return {_WORKER_KEY: (settings.seed, settings.version)}


def _setting(config: pytest.Config, name: str) -> str | None:
    """The command-line value of ``name``, else its ini value, else None."""
    value = config.getoption(name)
    if value is None:
        value = config.getini(name) or None
    return str(value) if value is not None else None


def _cache(config: pytest.Config) -> pytest.Cache | None:
    """pytest's cache, or None when the cacheprovider plugin is disabled."""
    cache: pytest.Cache | None = getattr(config, "cache", None)
    return cache


def _resolve_seed(config: pytest.Config) -> tuple[int, str]:
    """The run's seed, and a note when it is not what was asked for."""
    text = _setting(config, "callevent_seed")
    if text is None:
        randomly = _randomly_seed(config)
        return (randomly if randomly is not None else DEFAULT_SEED), ""
    try:
        choice = parse_seed(text)
    except SeedSyntaxError as error:
        raise pytest.UsageError(str(error)) from None
    if choice == RANDOM:
        return fresh_seed(), ""
    if choice == LAST:
        return _last_seed(config)
    assert isinstance(choice, int)
    return choice, ""


def _randomly_seed(config: pytest.Config) -> int | None:
    """pytest-randomly's resolved seed (it sets ``config.option.randomly_seed`` to an int)."""
    if not config.pluginmanager.hasplugin("randomly"):
        return None
    seed = getattr(config.option, "randomly_seed", None)
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def _last_seed(config: pytest.Config) -> tuple[int, str]:
    """The cached seed; the default when there is none, and the default with a note when
    the cache holds something that is not a seed (``true`` would otherwise show as
    ``--callevent-seed=True``, which cannot be pasted back)."""
    cache = _cache(config)
    if cache is None:
        raise pytest.UsageError(
            "--callevent-seed=last needs pytest's cache; it is disabled (-p no:cacheprovider)"
        )
    missing = object()
    seed = cache.get(CACHE_KEY, missing)
    if seed is missing:
        return DEFAULT_SEED, ""
    if type(seed) is int:  # not bool, float or str: exactly what the plugin stores
        return seed, ""
    note = (
        f"callevent: the cached seed ({CACHE_KEY} = {seed!r:.60}) is not an integer; "
        f"ignored it and used the default, {DEFAULT_SEED}"
    )
    return DEFAULT_SEED, note


def _resolve_version(config: pytest.Config) -> int:
    from ..schemas import available_versions

    text = _setting(config, "callevent_schema_version")
    if text is None:
        return DEFAULT_VERSION
    known = available_versions()
    version = int(text) if text.strip().isdigit() else None
    if version is None or version not in known:
        raise pytest.UsageError(
            f"--callevent-schema-version={text}: no bundled VoiceInsights.CallEvent schema "
            f"of that version; available: {', '.join(map(str, known))}"
        )
    return version
