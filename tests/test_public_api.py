"""The public API is exactly what ``__all__`` says, on every public module."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types

import pytest

import callevent_toolkit


def _public_modules():
    for info in pkgutil.walk_packages(callevent_toolkit.__path__, "callevent_toolkit."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield info.name


@pytest.mark.parametrize("name", ["callevent_toolkit", *sorted(_public_modules())])
def test_all_lists_exactly_the_public_names(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    exported = set(module.__all__)
    missing = {n for n in exported if not hasattr(module, n)}
    assert not missing, f"{name}.__all__ names what does not exist: {missing}"
    defined_here = {
        n
        for n, value in vars(module).items()
        if not n.startswith("_")
        and not isinstance(value, types.ModuleType)
        and (inspect.isclass(value) or inspect.isfunction(value))
        and getattr(value, "__module__", "").startswith(name)
    }
    assert defined_here <= exported, f"{name} defines public names not in __all__"


def test_the_package_exports_the_headline_api():
    for name in ("generate", "validate", "is_valid", "load_schema", "Violation", "InvalidArgument"):
        assert name in callevent_toolkit.__all__


def test_strategy_functions_follow_hypothesis_api_style():
    """Plural names; options keyword-only with defaults (Hypothesis guides/api-style.rst).

    As in ``lists(elements, *, ...)``, only a first argument may be positional.
    """
    from callevent_toolkit import strategies

    for name in strategies.__all__:
        function = getattr(strategies, name)
        if not callable(function) or inspect.isclass(function):
            continue
        assert name.endswith("s"), name
        parameters = list(inspect.signature(function).parameters.values())
        for parameter in parameters[1:]:
            assert parameter.kind in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD), (
                name,
                parameter,
            )
        for parameter in parameters:
            assert parameter.default is not parameter.empty or parameter.kind in (
                parameter.VAR_KEYWORD,
                parameter.VAR_POSITIONAL,
            ), (name, parameter)


def test_lazy_exports_are_never_shadowed_by_submodules():
    """Importing every submodule must not replace an exported name by a module object."""
    for name in _public_modules():
        importlib.import_module(name)
    for name in callevent_toolkit.__all__:
        assert not isinstance(getattr(callevent_toolkit, name), types.ModuleType), name


def test_importing_the_package_stays_cheap():
    """pytest imports the package for every run (pytest11): no Hypothesis, no jsonschema."""
    import subprocess
    import sys

    code = (
        "import sys, callevent_toolkit, callevent_toolkit.pytest_plugin;"
        "heavy = [m for m in ('hypothesis', 'jsonschema', 'jsonschema_rs', 'faker')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
