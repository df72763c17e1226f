"""The timelines' cheap-to-seed generator is SplitMix64, and a complete ``random.Random``."""

from __future__ import annotations

import pytest

from callevent_toolkit.strategies._splitmix import SplitMixRandom


def test_the_numbers_are_splitmix64s_reference_outputs() -> None:
    # The outputs of Vigna's splitmix64.c for seeds 0 and 1234567.
    zero = SplitMixRandom(0)
    assert [zero.getrandbits(64) for _ in range(3)] == [
        0xE220A8397B1DCDAF,
        0x6E789E6AA1B965F4,
        0x06C45D188009454F,
    ]
    assert SplitMixRandom(1234567).getrandbits(64) == 6457827717110365317


def test_the_same_seed_gives_the_same_values_and_a_reseed_starts_over() -> None:
    first = SplitMixRandom(42)
    values = [first.random(), first.randrange(1000), first.choice("abcdef"), first.getrandbits(128)]
    first.seed(42)
    again = [first.random(), first.randrange(1000), first.choice("abcdef"), first.getrandbits(128)]
    assert values == again
    assert SplitMixRandom(43).random() != SplitMixRandom(42).random()


def test_floats_are_in_the_unit_interval_and_spread() -> None:
    rng = SplitMixRandom(7)
    values = [rng.random() for _ in range(20_000)]
    assert all(0.0 <= v < 1.0 for v in values)
    deciles = [sum(int(v * 10) == d for v in values) for d in range(10)]
    assert all(1800 < count < 2200 for count in deciles)  # 2000 expected in each


@pytest.mark.parametrize("k", [0, 1, 31, 64, 65, 128, 130])
def test_getrandbits_gives_exactly_k_bits(k: int) -> None:
    rng = SplitMixRandom(3)
    values = [rng.getrandbits(k) for _ in range(200)]
    assert all(0 <= v < (1 << k) for v in values)
    if k >= 8:
        assert max(values).bit_length() == k  # the top bit is reached


def test_the_other_methods_run_on_its_numbers() -> None:
    rng = SplitMixRandom(11)
    assert sorted({rng.randrange(5) for _ in range(500)}) == [0, 1, 2, 3, 4]
    assert 2.0 <= rng.uniform(2.0, 3.0) <= 3.0
    state = rng.getstate()
    ahead = [rng.random() for _ in range(3)]
    rng.setstate(state)
    assert [rng.random() for _ in range(3)] == ahead
    with pytest.raises(ValueError):
        rng.getrandbits(-1)


@pytest.mark.parametrize("seed", [None, "abc", 1.5])
def test_only_an_int_seeds_it(seed: object) -> None:
    with pytest.raises(TypeError, match="seeded with an int"):
        SplitMixRandom().seed(seed)
