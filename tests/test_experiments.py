"""actlib.experiments: fresh networks built and measured at initialisation."""
import numpy as np
import pytest

from actlib import experiments, nn


def test_deep_signal_shapes_and_bad_depth():
    assert experiments.deep_signal(depth=5, width=8, n_samples=10).a_std.shape == (5,)
    with pytest.raises(ValueError, match="depth"):
        experiments.deep_signal(depth=0)
    with pytest.raises(TypeError, match="depth must be an integer"):
        experiments.deep_signal(depth=2.0)


def test_born_dead_probability_basics():
    p = experiments.born_dead_probability(5, width=2, n_trials=300, seed=1)
    assert 0 < p < 1
    assert p == experiments.born_dead_probability(5, width=2, n_trials=300, seed=1)  # seeded
    # one wide layer is never all silent on 100 inputs
    assert experiments.born_dead_probability(1, width=64, n_trials=200) == 0.0
    # activations without a flat side never die
    assert experiments.born_dead_probability(20, width=2, n_trials=200, activation="tanh") == 0.0
    with pytest.raises(ValueError, match="width"):
        experiments.born_dead_probability(3, width=0)
    with pytest.raises(KeyError, match="known"):
        experiments.born_dead_probability(3, activation="relu7")


def test_born_dead_estimate_agrees_with_mlp_instances():
    """The vectorised estimate counts what nn.MLP networks actually do, within Monte-Carlo error."""
    depth, width, trials = 8, 2, 300
    rng = np.random.default_rng(7)
    dead = 0
    for seed in range(trials):
        net = nn.MLP([1] + [width] * depth + [1], activation="relu", seed=seed)
        net.forward(rng.uniform(-np.sqrt(3), np.sqrt(3), size=(100, 1)))
        dead += any((a == 0).all() for a in net.activations)
    p_mlp = dead / trials
    p_vec = experiments.born_dead_probability(depth, width=width, n_trials=2000, seed=0)
    se = np.sqrt(p_vec * (1 - p_vec) / trials)  # the MLP count is the noisier of the two
    assert abs(p_mlp - p_vec) < 4 * se + 0.01
