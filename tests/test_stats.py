"""actlib.stats: the paired bootstrap interval on a known case, against SciPy, and on bad input."""
import numpy as np
import pytest
import scipy.stats

from actlib.stats import PairedCI, paired_bootstrap_ci


def test_constant_differences_give_a_point_interval():
    a = np.array([0.9, 0.7, 0.95, 0.6])
    ci = paired_bootstrap_ci(a, a - 0.02)  # every pair differs by exactly 0.02
    assert np.allclose(ci, (0.02, 0.02, 0.02), atol=1e-12)
    assert ci.excludes_zero


def test_two_pairs_known_distribution():
    # d = (+1, -1): resampled means are -1, 0, +1 with probabilities 1/4, 1/2, 1/4, so the
    # 95 % interval runs from -1 to +1 and the 40 % interval is the middle value, 0
    ci = paired_bootstrap_ci([1.0, 0.0], [0.0, 1.0], n_boot=20_000)
    assert ci == PairedCI(0.0, -1.0, 1.0) and not ci.excludes_zero
    mid = paired_bootstrap_ci([1.0, 0.0], [0.0, 1.0], n_boot=20_000, level=0.4)
    assert (mid.low, mid.high) == (0.0, 0.0)


def test_agrees_with_scipy_percentile_bootstrap():
    rng = np.random.default_rng(3)
    b = rng.uniform(0.8, 0.95, 10)
    a = b + rng.normal(0.01, 0.01, 10)
    ci = paired_bootstrap_ci(a, b, n_boot=20_000)
    ref = scipy.stats.bootstrap((a - b,), np.mean, n_resamples=20_000, method="percentile",
                                rng=np.random.default_rng(1)).confidence_interval
    assert ci.mean == pytest.approx(np.mean(a - b))
    assert ci.low == pytest.approx(ref.low, abs=1e-3) and ci.high == pytest.approx(ref.high, abs=1e-3)


def test_swapping_the_pair_mirrors_the_interval_and_a_seed_repeats_it():
    a, b = [0.91, 0.85, 0.88, 0.95, 0.80], [0.90, 0.86, 0.84, 0.93, 0.79]
    ab, ba = paired_bootstrap_ci(a, b), paired_bootstrap_ci(b, a)
    assert np.allclose((ab.mean, ab.low, ab.high), (-ba.mean, -ba.high, -ba.low), atol=1e-12)
    assert paired_bootstrap_ci(a, b, seed=5) == paired_bootstrap_ci(a, b, seed=5)
    wider = paired_bootstrap_ci(a, b, level=0.99)
    assert wider.low <= ab.low and wider.high >= ab.high


def test_pairing_finds_a_consistent_difference_that_the_spreads_hide():
    hard_easy = np.array([0.6, 0.9, 0.7, 0.95, 0.65, 0.85])  # seeds differ a lot
    a, b = hard_easy + 0.01, hard_easy
    assert a.min() < b.max()  # the two ranges overlap ...
    assert paired_bootstrap_ci(a, b).excludes_zero  # ... but every pair favours a


def test_inputs_are_not_modified_and_lists_work():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 1.0])
    paired_bootstrap_ci(a, b)
    assert a.tolist() == [1.0, 2.0, 3.0] and b.tolist() == [1.0, 1.0, 1.0]
    assert paired_bootstrap_ci([1, 2, 3], [1, 1, 1]).mean == pytest.approx(1.0)


@pytest.mark.parametrize("a, b, match", [
    ([0.9, 0.8], [0.9, 0.8, 0.7], "same length"),
    ([[0.9, 0.8]], [[0.9, 0.8]], "one-dimensional"),
    ([0.9], [0.8], "at least two"),
    ([0.9, np.nan], [0.8, 0.7], "finite"),
    ([0.9, np.inf], [0.8, 0.7], "finite"),
])
def test_bad_values_raise_value_error(a, b, match):
    with pytest.raises(ValueError, match=match):
        paired_bootstrap_ci(a, b)


@pytest.mark.parametrize("kwargs", [dict(level=1.0), dict(level=0.0), dict(level=95),
                                    dict(n_boot=0)])
def test_bad_settings_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        paired_bootstrap_ci([0.9, 0.8], [0.7, 0.8], **kwargs)


@pytest.mark.parametrize("bad", ["abc", None, [1 + 2j, 1.0]])
def test_non_real_input_raises_type_error(bad):
    with pytest.raises(TypeError):
        paired_bootstrap_ci(bad, [0.5, 0.5])
