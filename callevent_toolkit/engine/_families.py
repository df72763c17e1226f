"""Which providers each schema handle is bound to: the one table of families.

A :class:`~callevent_toolkit.schemas.SchemaHandle` (family + version) lives in
``schemas/``, which must not import the engine; the engine binds each handle to its
:class:`~._providers.Providers` here. A handle is looked up by itself first and then by its
family, so a new version of a known family (``VoiceInsights.CallEvent.4.json``) reuses
the family's providers with no line here, a version that needs its own gets one entry in
:data:`_BY_HANDLE`, and a new family gets one entry in :data:`_BY_FAMILY`. A family with
no entry still works: contract-space values and plain fallbacks (:data:`CONTRACT_ONLY`).
"""

from __future__ import annotations

from ..schemas import SchemaHandle
from ._providers import CONTRACT_ONLY, Providers, _callevent

__all__ = ["bind_providers", "providers_for"]

_BY_FAMILY: dict[str, Providers] = {"VoiceInsights.CallEvent": _callevent.PROVIDERS}
_BY_HANDLE: dict[SchemaHandle, Providers] = {}


def providers_for(schema: SchemaHandle) -> Providers:
    """The providers ``schema`` is bound to: its own, else its family's, else none."""
    found = _BY_HANDLE.get(schema)
    if found is None:
        found = _BY_FAMILY.get(schema.family, CONTRACT_ONLY)
    return found


def bind_providers(schema: SchemaHandle, providers: Providers) -> None:
    """Bind one handle to ``providers`` (a version whose realistic values differ).

    Plans are cached per handle, so bind before the first plan of ``schema`` is made.
    """
    _BY_HANDLE[schema] = providers
