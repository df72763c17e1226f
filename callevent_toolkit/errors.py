"""Exceptions the toolkit raises on purpose."""

from __future__ import annotations

from hypothesis.errors import InvalidArgument as _HypothesisInvalidArgument

from .schemas import SchemaVersionError

__all__ = ["InvalidArgument", "InvalidSchemaVersionError"]


class InvalidArgument(_HypothesisInvalidArgument, ValueError):
    """A bad argument: an unknown or forbidden pin, a negative count, a malformed path.

    It is Hypothesis's ``InvalidArgument`` (what strategy users expect) and a
    ``ValueError`` (what everybody else expects), so either ``except`` clause catches it.
    """


class InvalidSchemaVersionError(InvalidArgument, SchemaVersionError):
    """A ``version=`` that names no bundled schema, given to a strategy or the generator.

    :mod:`callevent_toolkit.schemas` raises plain :class:`SchemaVersionError` (it must not
    import Hypothesis: the command line and the pytest plugin load it cheaply). The
    strategies and :func:`~callevent_toolkit.generate` re-raise it as this class, so
    ``except InvalidArgument`` catches a bad version there like any other bad argument,
    and ``except SchemaVersionError`` keeps working.
    """
