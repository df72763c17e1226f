"""Every exception the toolkit raises on purpose, in one place.

The hierarchy (each class also keeps the built-in base that its users already catch)::

    CallEventToolkitError                         base of everything below
    ├── InvalidArgument                           a bad argument: unknown pin, bad seed, bad
    │   │                                         keyword (also Hypothesis's InvalidArgument
    │   │                                         and ValueError)
    │   └── InvalidSchemaVersionError             a version= that names no bundled schema
    │                                             (also SchemaVersionError)
    ├── SchemaVersionError (LookupError)          kept for ``except`` clauses of 0.1
    ├── RemoteReferenceError (LookupError)        a $ref that leaves the bundled files
    ├── UnsupportedSchemaError (ValueError)       a keyword the generators cannot honour
    ├── EnvelopeError (ValueError)                a body that is not CallEvent envelopes
    ├── UnwritableValueError (ValueError)         no strict-JSON form (NaN, lone surrogate)
    ├── DaskMissingError (ImportError)            --dask or jobs.dask without the [dask] extra
    ├── OutputDirectoryError (FileExistsError)    a partition directory holding what is not
    │                                             ours, or another run's parts
    └── CallEventAssertionError (AssertionError)  a conformance assertion that failed

Every public entry point checks its arguments through :mod:`callevent_toolkit._checks`,
so the same mistake gets the same class and the same message wherever it is made.

:class:`InvalidArgument` subclasses Hypothesis's ``InvalidArgument`` (what strategy users
expect), but importing Hypothesis costs about 0.2 s, and the command line and the pytest
plugin load this module for every run. So the two Hypothesis-based classes are created on
first access (module ``__getattr__``); the others are plain classes defined here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "CallEventAssertionError",
    "CallEventToolkitError",
    "DaskMissingError",
    "EnvelopeError",
    "InvalidArgument",
    "InvalidSchemaVersionError",
    "OutputDirectoryError",
    "RemoteReferenceError",
    "SchemaVersionError",
    "UnsupportedSchemaError",
    "UnwritableValueError",
]


class CallEventToolkitError(Exception):
    """Base class of every exception the toolkit raises on purpose."""


class SchemaVersionError(CallEventToolkitError, LookupError):
    """A schema version that is not bundled; the message lists the ones that are.

    Raised as its subclass :class:`InvalidSchemaVersionError` everywhere; the class stays
    so that ``except SchemaVersionError`` written for earlier releases keeps working.
    """


class RemoteReferenceError(CallEventToolkitError, LookupError):
    """A ``$ref`` that points outside the bundled files.

    The toolkit never touches the network, so a remote reference cannot be followed; the
    message names the reference so the user can vendor the target schema.
    """


class UnsupportedSchemaError(CallEventToolkitError, ValueError):
    """The schema uses a keyword the generators cannot honour (named with its pointer)."""


class EnvelopeError(CallEventToolkitError, ValueError):
    """A body :func:`~callevent_toolkit.envelopes.unwrap` cannot read as CallEvent envelopes.

    ``reason`` says what is wrong and ``where`` locates it in the body
    (``body[2].data``), so a webhook handler can log something a person can act on.
    """

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason

    def __reduce__(self) -> tuple[type[EnvelopeError], tuple[str, str]]:
        return (type(self), (self.where, self.reason))


class UnwritableValueError(CallEventToolkitError, ValueError):
    """A value that has no strict-JSON form (``NaN``, ``Infinity``, a lone surrogate)."""


class DaskMissingError(CallEventToolkitError, ImportError):
    """Running on Dask needs the optional ``[dask]`` extra (dask, distributed, fsspec).

    An extra, not a dependency: most users never leave one machine, and Dask brings a
    dozen packages. ``missing`` names the module that could not be imported.
    """

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"running on Dask needs {missing}: pip install 'callevent-toolkit[dask]'",
            name=missing,
        )
        self.missing = missing

    def __reduce__(self) -> tuple[type[DaskMissingError], tuple[str]]:
        return (type(self), (self.missing,))


class OutputDirectoryError(CallEventToolkitError, FileExistsError):
    """A directory for partition files that the run must not write into.

    It holds files and no manifest of ours (they may be someone's data), or the manifest
    of a different run (other seed, count or options: mixing parts of two runs would give
    a corpus that no seed reproduces). Nothing is written or removed.
    """


class CallEventAssertionError(CallEventToolkitError, AssertionError):
    """A CallEvent that does not (or, for ``assert_violates``, does) break the expected rules.

    ``violations`` holds every :class:`~callevent_toolkit.validation.Violation` found,
    best match first, for tests that want to inspect them.
    """

    def __init__(self, message: str, violations: list[Any]) -> None:
        super().__init__(message)
        self.violations = violations

    def __reduce__(self) -> tuple[type[CallEventAssertionError], tuple[str, list[Any]]]:
        # Pickle both arguments (multiprocessing, subinterpreters): the default pickles
        # only ``args``, and ``__init__`` needs the violations too.
        return (type(self), (str(self), self.violations))


CallEventAssertionError.__module__ = "callevent_toolkit"  # how users import it (short in reports)


if TYPE_CHECKING:
    from hypothesis.errors import InvalidArgument as _HypothesisInvalidArgument

    class InvalidArgument(_HypothesisInvalidArgument, CallEventToolkitError, ValueError):
        """A bad argument (see the module docstring)."""

    class InvalidSchemaVersionError(InvalidArgument, SchemaVersionError):
        """A ``version=`` that names no bundled schema."""

else:

    def __getattr__(name: str) -> Any:
        if name in ("InvalidArgument", "InvalidSchemaVersionError"):
            _define_hypothesis_based()
            return globals()[name]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _define_hypothesis_based() -> None:
    """Create the two classes that subclass Hypothesis's ``InvalidArgument`` (once)."""
    if "InvalidSchemaVersionError" in globals():
        return
    from hypothesis.errors import InvalidArgument as _HypothesisInvalidArgument

    class InvalidArgument(_HypothesisInvalidArgument, CallEventToolkitError, ValueError):
        """A bad argument: an unknown or forbidden pin, a bad seed or count, a bad keyword.

        It is Hypothesis's ``InvalidArgument`` (what strategy users expect) and a
        ``ValueError`` (what everybody else expects), so either ``except`` clause catches it.
        """

    class InvalidSchemaVersionError(InvalidArgument, SchemaVersionError):
        """A ``version=`` that names no bundled schema, given to any public function.

        It is an :class:`InvalidArgument` (a bad argument like any other) and a
        :class:`SchemaVersionError`, so ``except SchemaVersionError`` keeps working.
        """

    for cls in (InvalidArgument, InvalidSchemaVersionError):
        cls.__module__ = __name__
        cls.__qualname__ = cls.__name__
        globals()[cls.__name__] = cls
