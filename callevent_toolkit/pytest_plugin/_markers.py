"""``@pytest.mark.callevent_coverage``: run a test once per coverage case.

The marker parametrizes the test's ``invalid_call_event`` argument with
:func:`~callevent_toolkit.coverage_cases`: every mutation operator applied to every
constraint of the schema, so a handler test proves it rejects each kind of breakage.
Case ids name the place as a JSONPath (``*`` for any map key or array item), the
keyword and the operator: ``$.sdk_edge.metadata.location.lat:type:to_string``. They come
from the constraint, not the concrete event, so they are the same for every seed and
``--lf`` keeps working when the seed changes.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING

import pytest

from ._options import SETTINGS

if TYPE_CHECKING:
    from ..engine import InvalidCallEvent

__all__: list[str] = []

COVERAGE = "callevent_coverage"
ARGNAME = "invalid_call_event"

MARKERS: tuple[str, ...] = (
    f"{COVERAGE}(keywords=None): run the test once per coverage case of the CallEvent "
    f"schema, passing each as its '{ARGNAME}' argument; keywords={{'type', ...}} keeps "
    "only cases breaking those schema keywords.",
)


def parametrize_coverage(metafunc: pytest.Metafunc, marker: pytest.Mark) -> None:
    """Parametrize ``invalid_call_event`` with the (filtered) coverage cases."""
    where = f"{metafunc.definition.nodeid}: @pytest.mark.{COVERAGE}"
    if ARGNAME not in metafunc.fixturenames:
        pytest.fail(f"{where} needs the test to take an {ARGNAME!r} argument", pytrace=False)
    if marker.args or set(marker.kwargs) - {"keywords"}:
        pytest.fail(f"{where} takes only keywords=..., got {marker}", pytrace=False)
    settings = metafunc.config.stash[SETTINGS]
    keywords = _checked_keywords(marker.kwargs.get("keywords"), settings.version, where)
    cases = [
        case
        for case in _coverage_cases(settings.version, settings.seed)
        if keywords is None or case.constraint.keyword in keywords
    ]
    metafunc.parametrize(ARGNAME, copy.deepcopy(cases), ids=[case_id(c) for c in cases])


def case_id(case: InvalidCallEvent) -> str:
    """``$.sdk_edge.metadata.location.lat:type:to_string`` (place, keyword, operator)."""
    from ..schemas.pointers import pattern_path

    return f"{pattern_path(case.constraint.path)}:{case.constraint.keyword}:{case.operator}"


@lru_cache(maxsize=4)
def _coverage_cases(version: int, seed: int) -> list[InvalidCallEvent]:
    """Built once per process (about a second for v3); callers get deep copies."""
    from ..generation import coverage_cases

    return coverage_cases(version=version, seed=seed)


def _checked_keywords(keywords: object, version: int, where: str) -> Collection[str] | None:
    """``keywords`` when it names some of the schema's constraint keywords (None: all)."""
    from ..schemas.constraints import constraints

    if keywords is None:
        return None
    if isinstance(keywords, str) or not isinstance(keywords, Collection):
        pytest.fail(
            f"{where}: keywords must be a collection such as {{'type'}}, got {keywords!r}",
            pytrace=False,
        )
    known = sorted({c.keyword for c in constraints(version)})
    if not keywords or any(k not in known for k in keywords):
        pytest.fail(
            f"{where}: keywords={keywords!r} must name some of {', '.join(known)}", pytrace=False
        )
    return keywords
