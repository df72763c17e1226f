"""``--callevent-seed``, ``--callevent-schema-version``, their ini twins and the header."""

from __future__ import annotations

import pytest
from _plugin_dumps import dump_project, header_seed, read_dumps

ONE_TEST = """
def test_one(call_event, dump):
    dump(call_event)
"""


def test_header_shows_the_default_seed_as_a_flag(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(["callevent: --callevent-seed=0"])


def test_header_shows_the_chosen_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("--callevent-seed=1234")
    result.stdout.fnmatch_lines(["callevent: --callevent-seed=1234"])


def test_ini_setting_is_the_default_and_the_option_wins(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ncallevent_seed = 55\n")
    pytester.makepyfile("def test_nothing(): pass")
    pytester.runpytest().stdout.fnmatch_lines(["callevent: --callevent-seed=55"])
    pytester.runpytest("--callevent-seed=9").stdout.fnmatch_lines(["callevent: --callevent-seed=9"])


def test_pasting_the_header_flag_replays_a_random_run(pytester: pytest.Pytester) -> None:
    dump_project(pytester, test_one=ONE_TEST)
    result = pytester.runpytest("--callevent-seed=random")
    seed = header_seed(result.outlines)
    random_run = read_dumps(pytester)
    pytester.runpytest(f"--callevent-seed={seed}").assert_outcomes(passed=1)
    assert read_dumps(pytester) == random_run


def test_random_draws_a_new_seed_each_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    seeds = {header_seed(pytester.runpytest("--callevent-seed=random").outlines) for _ in "abc"}
    assert len(seeds) == 3


def test_last_reuses_the_previous_runs_seed(pytester: pytest.Pytester) -> None:
    dump_project(pytester, test_one=ONE_TEST)
    seed = header_seed(pytester.runpytest("--callevent-seed=random").outlines)
    previous = read_dumps(pytester)
    result = pytester.runpytest("--callevent-seed=last")
    result.stdout.fnmatch_lines([f"callevent: --callevent-seed={seed}"])
    assert read_dumps(pytester) == previous
    pytester.runpytest("--callevent-seed=last").stdout.fnmatch_lines(
        [f"callevent: --callevent-seed={seed}"]
    )


def test_last_without_a_previous_run_uses_the_default(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("--callevent-seed=last")
    result.stdout.fnmatch_lines(["callevent: --callevent-seed=0"])


def test_last_needs_the_cache(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("--callevent-seed=last", "-p", "no:cacheprovider")
    result.stderr.fnmatch_lines(["*--callevent-seed=last needs pytest's cache*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_a_malformed_seed_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--callevent-seed=tomorrow")
    result.stderr.fnmatch_lines(
        ["*--callevent-seed must be an integer, 'last' or 'random', got 'tomorrow'"]
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_schema_version_option_reaches_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_version(call_event_factory, callevent_schema):
            assert call_event_factory.version == 3
            assert "VoiceInsights.CallEvent/3" in callevent_schema["$id"]
        """
    )
    result = pytester.runpytest("--callevent-schema-version=3")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["callevent: --callevent-seed=0"])


@pytest.mark.parametrize(
    "option", ["--callevent-schema-version=2", "--callevent-schema-version=v3"]
)
def test_an_unknown_schema_version_names_the_bundled_ones(
    pytester: pytest.Pytester, option: str
) -> None:
    result = pytester.runpytest(option)
    result.stderr.fnmatch_lines([f"*{option}: no bundled * schema of that version; available: 3"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_schema_version_ini_setting_is_checked(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ncallevent_schema_version = 9\n")
    result = pytester.runpytest()
    result.stderr.fnmatch_lines(["*--callevent-schema-version=9: no bundled*"])


FAKE_RANDOMLY = """
import pytest

def pytest_addoption(parser):
    parser.addoption("--randomly-seed", dest="randomly_seed", default="default")

def pytest_configure(config):
    if config.option.randomly_seed == "default":
        config.option.randomly_seed = 4242
    else:
        config.option.randomly_seed = int(config.option.randomly_seed)
"""


def test_pytest_randomly_seed_is_used_when_ours_is_not_given(pytester: pytest.Pytester) -> None:
    """A stand-in with pytest-randomly's plugin name and option (the public surface we read)."""
    pytester.makepyfile(randomly=FAKE_RANDOMLY, test_one="def test_one(): pass")
    pytester.syspathinsert()
    pytester.runpytest("-p", "randomly").stdout.fnmatch_lines(["callevent: --callevent-seed=4242"])
    pytester.runpytest("-p", "randomly", "--randomly-seed=7").stdout.fnmatch_lines(
        ["callevent: --callevent-seed=7"]
    )
    pytester.runpytest("-p", "randomly", "--callevent-seed=3").stdout.fnmatch_lines(
        ["callevent: --callevent-seed=3"]
    )


def test_a_non_default_schema_version_is_part_of_the_pasteable_flags() -> None:
    from callevent_toolkit.pytest_plugin._options import Settings

    assert Settings(seed=5, version=3).as_flags() == "--callevent-seed=5"
    assert Settings(seed=5, version=4).as_flags() == (
        "--callevent-seed=5 --callevent-schema-version=4"
    )


@pytest.mark.parametrize("cached", ["true", "1.5", '"7"', "null", "[1]"])
def test_last_ignores_a_cached_value_that_is_not_an_integer(
    pytester: pytest.Pytester, cached: str
) -> None:
    """A damaged cache (``true`` once gave ``--callevent-seed=True``, which is a usage
    error when pasted back): the default seed, and a line saying why."""
    pytester.makepyfile("def test_nothing(): pass")
    entry = pytester.path / ".pytest_cache" / "v" / "callevent" / "seed"
    entry.parent.mkdir(parents=True)
    entry.write_text(cached)
    result = pytester.runpytest("--callevent-seed=last")
    result.stdout.fnmatch_lines(
        [
            "callevent: --callevent-seed=0",
            "callevent: the cached seed (callevent/seed = *) is not an integer; "
            "ignored it and used the default, 0",
        ]
    )
    assert result.ret == pytest.ExitCode.OK
    header = header_seed(result.outlines)
    assert pytester.runpytest(f"--callevent-seed={header}").ret == pytest.ExitCode.OK


def test_the_seed_written_back_after_a_damaged_cache_is_an_integer(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    entry = pytester.path / ".pytest_cache" / "v" / "callevent" / "seed"
    entry.parent.mkdir(parents=True)
    entry.write_text("true")
    pytester.runpytest("--callevent-seed=last")
    assert entry.read_text().strip() == "0"
