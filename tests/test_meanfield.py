"""actlib.meanfield against Monte Carlo on real MLPs, known closed forms, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actlib import meanfield as mf
from actlib.experiments import backward_signals, gradient_flow
from actlib.nn import MLP

DEPTH, WIDTH = 12, 256


@pytest.mark.parametrize("activation, sigma_w, sigma_b", [
    ("tanh", 1.0, 0.0), ("tanh", 5 / 3, 0.0), ("tanh", 1.5, 0.3), ("relu", 2 ** 0.5, 0.0),
    ("identity", 0.9, 0.0), ("selu", 1.0, 0.0)])
def test_variance_map_and_chi_match_a_real_mlp(activation, sigma_w, sigma_b):
    # several seeds of a real actlib.nn.MLP: q_l from net.preactivations, chi from ||dz_l||^2
    q_pred = mf.variance_map(activation, sigma_w, sigma_b, q0=1.0, depth=DEPTH)
    chi_pred = mf.chi(activation, sigma_w, q_pred[:-1])
    flows = [gradient_flow(DEPTH, WIDTH, activation, sigma_w, sigma_b, n_samples=64, seed=s)
             for s in range(4)]
    # one layer at a time, from the measured variance: exact in expectation at any width
    step = np.mean([f.q[1:] / mf.variance_step(activation, sigma_w, f.q[:-1], sigma_b)
                    for f in flows], axis=0)
    # noise: a few % per layer (width 256, four seeds); no bias on average over the layers
    assert np.max(np.abs(step - 1)) < 0.15 and abs(np.mean(np.log(step))) < 0.03
    chi = np.mean([f.dz_sq[:-1] / f.dz_sq[1:] / mf.chi(activation, sigma_w, f.q[:-1])
                   for f in flows], axis=0)
    assert np.max(np.abs(chi - 1)) < 0.15 and abs(np.mean(np.log(chi))) < 0.03
    # the whole map from q0 = 1; ReLU's finite-width fluctuations multiply through depth
    # (var log q grows like depth / width), so only the contracting activations are held to it
    q = np.mean([f.q for f in flows], axis=0)
    if activation != "relu":
        assert np.max(np.abs(q / q_pred - 1)) < 0.12
        assert np.max(np.abs(chi_pred / mf.chi(activation, sigma_w, q[:-1]) - 1)) < 0.12
    product = np.mean([f.dz_sq[0] / f.dz_sq[-1] for f in flows])
    assert abs(np.log(product / mf.chi_product(activation, sigma_w, sigma_b, 1.0, DEPTH))) < 0.3


def test_gradient_flow_reads_the_mlp_it_builds():
    flow = gradient_flow(depth=3, width=16, activation="tanh", sigma_w=1.2, n_samples=8)
    assert flow.q.shape == flow.dz_sq.shape == flow.dW.shape == flow.a_sq.shape == (3,)
    assert abs(flow.a_sq[0] - 1) < 0.3  # the standard-normal input
    with pytest.raises(ValueError, match="sigma_w"):
        gradient_flow(sigma_w=-1.0)


def test_backward_signals_are_the_chain_rule_of_mlp_backward():
    net = MLP([3, 6, 5, 4, 2], activation="tanh", seed=1)
    X = np.random.default_rng(0).standard_normal((7, 3))
    dout = np.random.default_rng(1).standard_normal((7, 2))
    net.forward(X)
    dz = backward_signals(net, dout)
    assert [d.shape for d in dz] == [(7, 6), (7, 5), (7, 4)]
    for d, layer, a_prev in zip(dz, net.layers, [X] + net.activations):
        np.testing.assert_allclose(d.sum(axis=0), layer.db, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(a_prev.T @ d, layer.dW, rtol=1e-12, atol=1e-14)


def test_known_values():
    q = np.array([1e-3, 0.5, 1.0, 7.0, 100.0])
    # relu: E[relu'(z)^2] = 1/2 at every variance; linear: chi = sigma_w^2
    np.testing.assert_allclose(mf.chi("relu", 1.7, q), 1.7 ** 2 / 2, rtol=1e-12)
    np.testing.assert_allclose(mf.chi("identity", 0.8, q), 0.64, rtol=1e-12)
    np.testing.assert_allclose(mf.variance_map("relu", 2 ** 0.5, depth=20), 2.0, rtol=1e-10)
    np.testing.assert_allclose(mf.variance_map("identity", 1.0, 0.5, q0=2.0, depth=3),
                               [2.25, 2.5, 2.75], rtol=1e-12)
    assert mf.chi("tanh", 1.0, 0.0) == 1.0  # tanh'(0) = 1
    assert mf.chi_product("relu", 1.0, depth=11) == pytest.approx(2.0 ** -10, rel=1e-10)
    # ReLU: each layer back multiplies the squared norm by sigma_w^2 / 2
    np.testing.assert_allclose(mf.backward_profile("relu", 1.7, depth=6),
                               (1.7 ** 2 / 2) ** (np.arange(5, -1, -1) / 2), rtol=1e-12)
    for act, s in (("tanh", 5 / 3), ("sigmoid", 1.0), ("selu", 1.0)):
        profile = mf.backward_profile(act, s, depth=12)
        assert profile.shape == (12,) and profile[-1] == 1.0
        assert profile[0] ** 2 == pytest.approx(mf.chi_product(act, s, depth=12), rel=1e-12)
    np.testing.assert_array_equal(mf.backward_profile("tanh", 1.0, depth=1), [1.0])
    assert mf.critical_gain("relu") == pytest.approx(2 ** 0.5, rel=1e-9)
    assert mf.critical_gain("tanh") == pytest.approx(1.0, rel=1e-6)
    assert mf.critical_gain("identity") == pytest.approx(1.0, rel=1e-9)
    # with biases the edge of chaos moves up (Schoenholz et al. 2017, figure 1)
    s = mf.critical_gain("tanh", sigma_b=0.3)
    assert s > 1.1
    assert mf.chi("tanh", s, mf.fixed_point("tanh", s, 0.3)) == pytest.approx(1, abs=1e-6)
    # a finite-depth critical gain makes the product exactly 1
    s30 = mf.critical_gain("tanh", depth=30)
    assert mf.chi_product("tanh", s30, depth=30) == pytest.approx(1, rel=1e-6)
    assert mf.gain("tanh") == 5 / 3 and mf.gain("relu") == 2 ** 0.5 and mf.gain("selu") == 0.75


def test_quadrature_against_a_fine_grid():
    x = np.linspace(-200, 200, 400_001)
    for q in (0.01, 1.0, 10.0, 1000.0):
        density = np.exp(-x ** 2 / (2 * q)) / np.sqrt(2 * np.pi * q)
        want = np.trapezoid((1 - np.tanh(x) ** 2) ** 2 * density, x)
        assert mf.chi("tanh", 1.0, q) == pytest.approx(want, rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.1, 3.0), st.floats(0.0, 1.0), st.floats(0.01, 5.0),
       st.sampled_from(["tanh", "sigmoid", "relu", "gelu", "selu"]))
def test_properties(sigma_w, sigma_b, q0, activation):
    q = mf.variance_map(activation, sigma_w, sigma_b, q0, depth=8)
    assert q.shape == (8,) and np.all(q >= sigma_b ** 2 * (1 - 1e-12))
    c = mf.chi(activation, sigma_w, q)
    assert np.all(c >= 0)
    # chi grows as sigma_w^2 at a fixed variance
    np.testing.assert_allclose(mf.chi(activation, 2 * sigma_w, q), 4 * c, rtol=1e-12)
    # the product is the product of the factors along the map
    assert mf.chi_product(activation, sigma_w, sigma_b, q0, 8) == pytest.approx(
        float(np.prod(c[:-1])), rel=1e-10)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.0, 1.0))
def test_tanh_chi_decreases_with_the_variance(delta):
    # tanh'^2 falls away from 0, so a wider z gets a smaller factor
    assert mf.chi("tanh", 1.0, 1.0 + delta) <= mf.chi("tanh", 1.0, 1.0) + 1e-15


def test_bad_input():
    with pytest.raises(TypeError, match="sigma_w"):
        mf.chi("tanh", "1", 1.0)
    with pytest.raises(ValueError, match="sigma_w"):
        mf.chi("tanh", -1.0, 1.0)
    with pytest.raises(ValueError, match="variance"):
        mf.chi("tanh", 1.0, [-1.0])
    with pytest.raises(TypeError, match="real numbers"):
        mf.chi("tanh", 1.0, "one")
    with pytest.raises(KeyError, match="known"):
        mf.variance_map("tanhh", 1.0)
    with pytest.raises(TypeError, match="depth"):
        mf.variance_map("tanh", 1.0, depth=2.5)
    with pytest.raises(ValueError, match="depth"):
        mf.variance_map("tanh", 1.0, depth=0)
    with pytest.raises(ValueError, match="sigma_b"):
        mf.variance_map("tanh", 1.0, sigma_b=-0.1)
    with pytest.raises(ValueError, match="q0"):
        mf.variance_map("tanh", 1.0, q0=-1.0)
    with pytest.raises(ValueError, match="no critical gain"):
        mf.critical_gain("sigmoid", depth=30)  # sigmoid needs sigma_w > 10
    with pytest.raises(ValueError, match="known"):
        mf.gain("swish")
    with pytest.raises(TypeError):
        mf.gain(3)
    q = np.array([1.0, 2.0])
    mf.chi("tanh", 1.0, q)
    assert q.tolist() == [1.0, 2.0]  # the input is not modified


def test_weight_gradient_is_forward_times_backward_for_tanh():
    flow = gradient_flow(depth=6, width=64, activation="tanh", sigma_w=1.0, n_samples=128)
    np.testing.assert_allclose(flow.dW, np.sqrt(128 * 64 * flow.a_sq * flow.dz_sq), rtol=0.15)
