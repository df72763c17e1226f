"""The bundled CallEvent schemas and the one place that reads them.

Inside the toolkit a schema is a :class:`SchemaHandle` (family + version), never a bare
int: the handle knows its file, its ``$id``, its parsed document and its offline registry,
and the engine binds a family's value providers to it. Every public ``version=`` argument
goes through :func:`schema_handle`, so a bad version gets the same error everywhere.

Adding ``VoiceInsights.CallEvent.4.json`` to this folder is all a new version needs (files
are found by name); making it the default is the one line :data:`DEFAULT_VERSION`. A file
of another family (``VoiceInsights.CallSummary.1.json``) is found the same way.

``$ref`` resolution goes through :mod:`referencing` with a registry that holds only the
bundled files: a schema that points anywhere else gets :class:`RemoteReferenceError`
instead of a network request.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: referencing + attrs take about 0.1 s to load
    from referencing import Registry, Resource

from ..errors import RemoteReferenceError, SchemaVersionError

__all__ = [
    "DEFAULT_FAMILY",
    "DEFAULT_VERSION",
    "SCHEMA_ID_PREFIX",
    "RemoteReferenceError",
    "SchemaHandle",
    "SchemaVersionError",
    "available_versions",
    "load_schema",
    "registry_for",
    "resolve",
    "schema_handle",
    "schema_registry",
]

#: The family every ``version=`` argument refers to.
DEFAULT_FAMILY = "VoiceInsights.CallEvent"
#: The version used when none is given: the one line to change to move the default.
DEFAULT_VERSION = 3
#: Where Twilio publishes its Event Streams schemas (``$id`` and CloudEvents ``dataschema``).
SCHEMA_HOST = "https://events-schemas.twilio.com/"
SCHEMA_ID_PREFIX = f"{SCHEMA_HOST}{DEFAULT_FAMILY}/"
_FILE_PATTERN = re.compile(r"^(?P<family>[A-Za-z]+\.[A-Za-z]+)\.(?P<version>\d+)\.json$")


@dataclass(frozen=True, slots=True)
class SchemaHandle:
    """One bundled schema: a family and a version.

    Handles are made only by :func:`schema_handle` (checked, cached), so holding one means
    the file exists. The parsed document is shared and must not be mutated; use
    :func:`load_schema` for a copy of one's own.
    """

    family: str
    version: int

    @property
    def file_name(self) -> str:
        """``VoiceInsights.CallEvent.3.json``."""
        return f"{self.family}.{self.version}.json"

    @property
    def id(self) -> str:
        """The schema's ``$id`` and CloudEvents ``dataschema``:
        ``https://events-schemas.twilio.com/VoiceInsights.CallEvent/3``."""
        return f"{SCHEMA_HOST}{self.family}/{self.version}"

    @property
    def label(self) -> str:
        """How messages name it: ``VoiceInsights.CallEvent v3``."""
        return f"{self.family} v{self.version}"

    @property
    def document(self) -> dict[str, Any]:
        """The parsed schema, shared by the toolkit's own modules (never mutated)."""
        return _document(self)

    @property
    def registry(self) -> Registry[Any]:
        """The offline :mod:`referencing` registry of this schema (see :func:`registry_for`)."""
        return _registry(self)


@cache
def _bundled() -> dict[tuple[str, int], str]:
    """(family, version) -> file name of every bundled schema (a new file is a new version)."""
    found: dict[tuple[str, int], str] = {}
    for entry in resources.files(__package__).iterdir():
        match = _FILE_PATTERN.match(entry.name)
        if match:
            found[(match["family"], int(match["version"]))] = entry.name
    return found


def available_versions(family: str = DEFAULT_FAMILY) -> tuple[int, ...]:
    """The bundled schema versions of ``family``, oldest first."""
    return tuple(sorted(v for f, v in _bundled() if f == family))


def _version_error(version: object, family: str) -> Exception:
    from ..errors import InvalidSchemaVersionError

    known = ", ".join(str(v) for v in available_versions(family))
    if isinstance(version, bool) or not isinstance(version, int):
        return InvalidSchemaVersionError(
            f"version must be an int such as {DEFAULT_VERSION}, got version={version!r} "
            f"(type={type(version).__name__}); available versions: {known}"
        )
    return InvalidSchemaVersionError(
        f"no bundled {family} schema for version={version!r}; available versions: {known}"
    )


def schema_handle(version: object = DEFAULT_VERSION, family: str = DEFAULT_FAMILY) -> SchemaHandle:
    """The handle of a bundled schema, else ``InvalidSchemaVersionError``.

    The type is checked before any cache sees the value (a list is unhashable, and
    ``True`` or ``3.0`` would silently hit version 3). The error is both an
    ``InvalidArgument`` and a :class:`SchemaVersionError`, and reads the same whichever
    public function was given the bad version.
    """
    if isinstance(version, bool) or not isinstance(version, int):
        raise _version_error(version, family)
    if (family, version) not in _bundled():
        raise _version_error(version, family)
    return _handle(family, version)


@cache
def _handle(family: str, version: int) -> SchemaHandle:
    return SchemaHandle(family, version)


@cache
def _document(handle: SchemaHandle) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(handle.file_name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _registry(handle: SchemaHandle) -> Registry[Any]:
    return registry_for(handle.document)


def _check_version(version: object) -> int:
    """``version`` if the default family has a schema of it (see :func:`schema_handle`)."""
    return schema_handle(version).version


def _load_frozen(version: int) -> dict[str, Any]:
    """The shared parsed schema of ``version`` (see :attr:`SchemaHandle.document`)."""
    return schema_handle(version).document


def load_schema(version: int = DEFAULT_VERSION) -> dict[str, Any]:
    """Return a fresh copy of the bundled ``VoiceInsights.CallEvent`` schema.

    A copy, because callers (tests, users) may mutate what they get; the toolkit's own
    cached copy must stay intact. Raises
    :class:`~callevent_toolkit.errors.InvalidSchemaVersionError` (a
    :class:`SchemaVersionError`) naming the available versions for an unknown ``version``.
    """
    return copy.deepcopy(schema_handle(version).document)


def _refuse_remote(uri: str) -> Resource[Any]:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def registry_for(schema: dict[str, Any]) -> Registry[Any]:
    """A :class:`referencing.Registry` holding ``schema`` and nothing else.

    Its retriever refuses every URI, so resolving a remote ``$ref`` fails instead of
    fetching it.
    """
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resource = Resource.from_contents(schema, default_specification=DRAFT7)
    registry: Registry[Any] = Registry(retrieve=_refuse_remote)  # type: ignore[call-arg]
    with_schema: Registry[Any] = registry.with_resource(
        uri=schema.get("$id", ""), resource=resource
    )
    return with_schema


def schema_registry(version: int = DEFAULT_VERSION) -> Registry[Any]:
    """The offline registry of the bundled schema of ``version`` (see :func:`registry_for`)."""
    return schema_handle(version).registry


def resolve(ref: str, schema: dict[str, Any], registry: Registry[Any] | None = None) -> Any:
    """Resolve a ``$ref`` found in ``schema`` without any network access.

    Raises :class:`RemoteReferenceError` when the reference leaves ``schema``.
    """
    from referencing.exceptions import Unresolvable

    registry = registry if registry is not None else registry_for(schema)
    resolver = registry.resolver(base_uri=schema.get("$id", ""))
    try:
        return resolver.lookup(ref).contents
    except Unresolvable as exc:
        raise RemoteReferenceError(
            f"cannot resolve $ref {ref!r}: it points outside the schema and "
            "callevent-toolkit never fetches schemas over the network"
        ) from exc
