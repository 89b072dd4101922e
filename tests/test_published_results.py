"""Published results about activations and initialisation, reproduced with actlib.nn.

Each test states the paper's claim, then measures it. Tolerances are set from the theory (see
each comment) and leave room for sampling noise; they are not fitted to one run.
"""
import itertools

import numpy as np
import pytest

from actlib import experiments


def test_he_2015_xavier_variance_shrinks_a_30_layer_relu_net_by_2_to_the_minus_15():
    """He et al. (2015), sec. 2.2: with Var[w] = 1/n (Xavier for square layers), a ReLU layer
    halves the variance, so 30 layers shrink the std by about 2^-15; Var[w] = 2/n keeps it."""
    he = experiments.deep_signal(depth=30, width=256, activation="relu", init="he", n_samples=300)
    xavier = experiments.deep_signal(depth=30, width=256, activation="relu", init="xavier",
                              n_samples=300)
    # 29 halvings of the variance between z_1 and z_30: log2 of the std ratio is -14.5; the
    # product of 29 random layer gains of a width-256 net fluctuates by a few tenths
    shrink = np.log2(xavier.z_std[-1] / xavier.z_std[0])
    assert -15.5 < shrink < -13.5
    # He init: every layer's std within a factor 2 of the first layer's
    ratio = he.z_std / he.z_std[0]
    assert np.all((ratio > 0.5) & (ratio < 2.0))
    # both nets differ only by a factor 1/sqrt(2) per layer, and ReLU is positively
    # homogeneous: the output ratio is 2^-15 up to rounding
    assert np.log2(xavier.z_std[-1] / he.z_std[-1]) == pytest.approx(-15.0, abs=1e-9)


def test_klambauer_2017_selu_50_layers_stay_near_mean_0_variance_1():
    """Klambauer et al. (2017): SELU with LeCun init has the fixed point (mean 0, variance 1)."""
    s = experiments.deep_signal(depth=50, width=256, activation="selu", init="lecun", n_samples=300)
    assert np.all(np.abs(s.a_mean) < 0.1)
    assert np.all(np.abs(s.a_std ** 2 - 1) < 0.15)
    # the same depth with ReLU and LeCun init collapses (variance halves per layer)
    r = experiments.deep_signal(depth=50, width=256, activation="relu", init="lecun", n_samples=300)
    assert r.a_std[-1] < 1e-5


def test_glorot_bengio_2010_sigmoid_first_layer_gradient_is_orders_of_magnitude_smaller():
    """Glorot and Bengio (2010): in a deep sigmoid net the gradient fades toward the input."""
    norms = experiments.input_grad_norms(depth=10, width=100, activation="sigmoid", init="xavier")
    # sigma' <= 1/4 per layer: nine layers between the first and the last hidden layer
    assert norms[0] < 1e-2 * norms[-2]
    assert np.all(np.diff(np.log10(norms[:-1])) > 0)  # it grows layer by layer toward the top
    # tanh with the same init (the case their normalised init was designed for) does not fade
    tanh = experiments.input_grad_norms(depth=10, width=100, activation="tanh", init="xavier")
    assert 0.1 < tanh[0] / tanh[-2] < 10


def test_lu_2019_narrow_deep_relu_nets_are_born_dead_more_often_as_depth_grows():
    """Lu, Shin, Su and Karniadakis (2019): P(born dead) -> 1 as depth grows, at fixed width;
    wider nets die less."""
    depths = [2, 5, 10, 20, 40]
    p2 = [experiments.born_dead_probability(d, width=2, n_trials=1000, seed=0) for d in depths]
    # Monte-Carlo standard error is at most 0.016: the steps between depths are much larger
    assert all(b > a + 0.05 for a, b in itertools.pairwise(p2[:-1]))  # the last step: 0.99 -> 1
    assert p2[-1] > 0.95 and p2[0] < 0.3
    p5 = [experiments.born_dead_probability(d, width=5, n_trials=1000, seed=0) for d in depths]
    assert all(wide < narrow for wide, narrow in zip(p5[1:], p2[1:]))
