"""The bundled CallEvent schemas and the one place that reads them.

Everything in the toolkit that needs the schema (validation, generation, the constraint
list, the CLI) goes through :func:`load_schema` or :func:`schema_registry`, so adding a
``VoiceInsights.CallEvent.4.json`` file here is all a new version needs.

``$ref`` resolution goes through :mod:`referencing` with a registry that holds only the
bundled files: a schema that points anywhere else gets :class:`RemoteReferenceError`
instead of a network request.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT7

__all__ = [
    "SCHEMA_ID_PREFIX",
    "RemoteReferenceError",
    "SchemaVersionError",
    "available_versions",
    "load_schema",
    "registry_for",
    "resolve",
    "schema_registry",
]

SCHEMA_ID_PREFIX = "https://events-schemas.twilio.com/VoiceInsights.CallEvent/"
_FILE_PATTERN = re.compile(r"^VoiceInsights\.CallEvent\.(\d+)\.json$")


class SchemaVersionError(LookupError):
    """Raised for a schema version that is not bundled; the message lists the ones that are."""


class RemoteReferenceError(LookupError):
    """Raised when a ``$ref`` points outside the bundled files.

    The toolkit never touches the network, so a remote reference cannot be followed; the
    message names the reference so the user can vendor the target schema.
    """


@cache
def _bundled_files() -> dict[int, str]:
    """Version -> file name of every bundled schema (a new file is a new version)."""
    found: dict[int, str] = {}
    for entry in resources.files(__package__).iterdir():
        match = _FILE_PATTERN.match(entry.name)
        if match:
            found[int(match.group(1))] = entry.name
    return found


def available_versions() -> tuple[int, ...]:
    """The bundled schema versions, oldest first."""
    return tuple(sorted(_bundled_files()))


@cache
def _load_frozen(version: int) -> dict[str, Any]:
    """The parsed schema, shared by the toolkit's own modules, which never mutate it
    (parsing once matters: validators and the walk are built per version)."""
    files = _bundled_files()
    if version not in files:
        known = ", ".join(str(v) for v in available_versions())
        raise SchemaVersionError(
            f"no bundled VoiceInsights.CallEvent schema for version={version!r}; "
            f"available versions: {known}"
        )
    text = resources.files(__package__).joinpath(files[version]).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _check_version(version: object) -> int:
    """``version`` if it is an int; checked before any cache sees it (lists are
    unhashable, and ``True`` or ``3.0`` would silently hit version 3)."""
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaVersionError(
            f"version must be an int such as 3, got version={version!r} "
            f"(type={type(version).__name__}); available versions: "
            + ", ".join(str(v) for v in available_versions())
        )
    return version


def load_schema(version: int = 3) -> dict[str, Any]:
    """Return a fresh copy of the bundled ``VoiceInsights.CallEvent`` schema.

    A copy, because callers (tests, users) may mutate what they get; the toolkit's own
    cached copy must stay intact. Raises :class:`SchemaVersionError` naming the available
    versions for an unknown ``version``.
    """
    return copy.deepcopy(_load_frozen(_check_version(version)))


def _refuse_remote(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def registry_for(schema: dict[str, Any]) -> Registry[Any]:
    """A :class:`referencing.Registry` holding ``schema`` and nothing else.

    Its retriever refuses every URI, so resolving a remote ``$ref`` fails instead of
    fetching it.
    """
    resource = Resource.from_contents(schema, default_specification=DRAFT7)
    registry: Registry[Any] = Registry(retrieve=_refuse_remote)  # type: ignore[call-arg]
    with_schema: Registry[Any] = registry.with_resource(
        uri=schema.get("$id", ""), resource=resource
    )
    return with_schema


@cache
def schema_registry(version: int = 3) -> Registry[Any]:
    """The offline registry of the bundled schema of ``version`` (see :func:`registry_for`)."""
    return registry_for(_load_frozen(_check_version(version)))


def resolve(ref: str, schema: dict[str, Any], registry: Registry[Any] | None = None) -> Any:
    """Resolve a ``$ref`` found in ``schema`` without any network access.

    Raises :class:`RemoteReferenceError` when the reference leaves ``schema``.
    """
    registry = registry if registry is not None else registry_for(schema)
    resolver = registry.resolver(base_uri=schema.get("$id", ""))
    try:
        return resolver.lookup(ref).contents
    except Unresolvable as exc:
        raise RemoteReferenceError(
            f"cannot resolve $ref {ref!r}: it points outside the schema and "
            "callevent-toolkit never fetches schemas over the network"
        ) from exc
