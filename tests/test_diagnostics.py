"""actlib.diagnostics: the readers of a network, checked against direct computations."""
import numpy as np
import pytest

import actlib
from actlib import diagnostics as diag
from actlib import nn

ACTS = list(actlib.ACTIVATIONS) + ["prelu"]


def _df(net, i, z):
    """The derivative computed independently of the network's own code path."""
    if net.activation_name == "prelu":
        return np.where(z > 0, 1.0, net.layers[i].alpha)
    return actlib.get(net.activation_name).df(z)


@pytest.mark.parametrize("activation", ACTS)
def test_layer_stats_match_direct_computation(activation):
    net = nn.MLP([3, 20, 20, 2], activation=activation, init=2.0, seed=0)  # large: saturating
    X = np.random.default_rng(0).normal(size=(50, 3))
    stats = diag.layer_stats(net, X, threshold=0.05)
    assert [s.layer for s in stats] == [0, 1]
    for i, s in enumerate(stats):
        a, z = net.activations[i], net.preactivations[i]
        d = _df(net, i, z)
        assert s.mean == pytest.approx(a.mean()) and s.std == pytest.approx(a.std())
        assert s.saturated == pytest.approx(np.mean(np.abs(d) < 0.05))
        assert s.dead == pytest.approx(np.mean([(d[:, j] == 0).all() for j in range(20)]))
        assert np.isnan(s.grad_norm)  # no backward yet
        assert 0 <= s.saturated <= 1 and 0 <= s.dead <= 1


def test_saturated_fraction_of_known_preactivations():
    net = nn.MLP([1, 1, 1], activation="tanh", init=1.0)
    net.layers[0].W[...] = 1.0  # z = x
    X = np.array([[-5.0], [-1.0], [0.0], [1.0], [5.0]])
    # tanh'(5) = 1.8e-4 and tanh'(1) = 0.42: two of five entries are below 0.01
    assert diag.layer_stats(net, X)[0].saturated == pytest.approx(0.4)
    assert diag.layer_stats(net, X, threshold=0.5)[0].saturated == pytest.approx(0.8)
    assert diag.layer_stats(net, X)[0].dead == 0.0


def test_dead_means_zero_derivative_on_every_sample():
    net = nn.MLP([1, 3, 1], activation="relu", init=1.0)
    net.layers[0].W[...] = [[1.0, -1.0, 0.0]]
    net.layers[0].b[...] = [0.0, 0.0, -1.0]
    X = np.array([[1.0], [2.0], [3.0]])
    # unit 0 alive everywhere; unit 1 (z = -x) and unit 2 (z = -1) dead on every sample
    assert diag.layer_stats(net, X)[0].dead == pytest.approx(2 / 3)
    # with x = -1 in the batch, unit 1 fires once: no longer dead
    assert diag.layer_stats(net, np.array([[1.0], [-1.0]]))[0].dead == pytest.approx(1 / 3)


@pytest.mark.parametrize("bias, dead", [(-10.0, 1.0), (10.0, 0.0)])
def test_bias_init_kills_or_saves_relus(bias, dead):
    net = nn.MLP([2, 16, 16, 2], activation="relu", init=0.1, seed=0, bias_init=bias)
    stats = diag.layer_stats(net, np.random.default_rng(0).normal(size=(40, 2)))
    assert [s.dead for s in stats] == [dead, dead]


def test_layer_stats_uses_last_forward_and_last_backward():
    net = nn.MLP([2, 5, 5, 3], seed=0)
    X = np.random.default_rng(1).normal(size=(8, 2))
    _, dout = nn.softmax_cross_entropy(net.forward(X), np.arange(8) % 3)
    net.backward(dout)
    stats = diag.layer_stats(net)  # no X: reads the stored activations
    assert [s.grad_norm for s in stats] == pytest.approx(
        [np.linalg.norm(net.layers[i].dW) for i in range(2)])
    with pytest.raises(RuntimeError, match="forward"):
        diag.layer_stats(nn.MLP([2, 3, 1]))
    with pytest.raises(ValueError, match="threshold"):
        diag.layer_stats(net, threshold=-1.0)


def test_grad_norms():
    net = nn.MLP([4, 6, 6, 3], activation="sigmoid", seed=0)
    X = np.random.default_rng(0).normal(size=(10, 4))
    y = np.arange(10) % 3
    norms = diag.grad_norms(net, X, y)
    assert norms.shape == (3,)
    np.testing.assert_allclose(norms, [np.linalg.norm(layer.dW) for layer in net.layers])
    np.testing.assert_array_equal(diag.grad_norms(net), norms)  # reads the same gradients
    with pytest.raises(RuntimeError, match="no gradients"):
        diag.grad_norms(nn.MLP([2, 2]))
    with pytest.raises(ValueError, match="give y"):
        diag.grad_norms(net, X)


def test_signal_stats_match_direct_computation():
    net = nn.MLP([4, 7, 7, 1], activation="gelu", seed=2)
    X = np.random.default_rng(0).normal(size=(30, 4))
    s = diag.signal_stats(net, X)
    np.testing.assert_allclose(s.z_std, [z.std() for z in net.preactivations])
    np.testing.assert_allclose(s.a_mean, [a.mean() for a in net.activations])
