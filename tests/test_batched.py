"""actlib.batched: a stack of B networks is B actlib.nn runs, step for step."""
import numpy as np
import pytest

from actlib import batched, nn
from actlib.datasets import sine, spirals

STEPS = 25


def _reference_run(sizes, act, init, seed, X, y, loss, lr):
    """One actlib.nn network, full-batch Adam: its loss curve, final weights and test output."""
    net, loss_fn = nn.MLP(sizes, act, init, seed=seed), nn.get_loss(loss)
    opt, curve = nn.Adam(net, lr=lr), []
    for step in range(STEPS + 1):
        value, dout = loss_fn(net.forward(X), y)
        curve.append(value)
        if step < STEPS:
            net.backward(dout)
            opt.step()
    return np.array(curve), net


@pytest.mark.parametrize("act, init, loss", [("relu", "he", "cross_entropy"),
                                             ("gelu", "he", "cross_entropy"),
                                             ("tanh", "xavier", "mse"),
                                             ("selu", "lecun", "mse")])
def test_stack_matches_nn_step_for_step(act, init, loss):
    seeds, lrs = [0, 1, 1], [0.01, 0.01, 0.05]  # a repeated seed at another learning rate
    make = spirals if loss == "cross_entropy" else sine
    data = [make(40, seed=s) for s in seeds]
    X, y = np.stack([d[0] for d in data]), np.stack([d[1] for d in data])
    sizes = [X.shape[2], 8, 8, 3 if loss == "cross_entropy" else 1]
    stack = batched.MLPStack(sizes, act, init, seeds=seeds)
    curves = batched.train_full_batch(stack, X, y, loss, lr=lrs, steps=STEPS)
    assert curves.shape == (3, STEPS + 1)
    for k, (seed, lr) in enumerate(zip(seeds, lrs)):
        curve, net = _reference_run(sizes, act, init, seed, X[k], y[k], loss, lr)
        np.testing.assert_allclose(curves[k], curve, rtol=1e-10, atol=1e-13)
        for i, layer in enumerate(net.layers):
            np.testing.assert_allclose(stack.W[i][k], layer.W, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(stack.b[i][k, 0], layer.b, rtol=1e-9, atol=1e-12)
        out = net.forward(X[k])
        expected = (np.mean(out.argmax(1) == y[k]) if loss == "cross_entropy"
                    else np.mean((out[:, 0] - y[k]) ** 2))
        assert batched.scores(stack, X, y, loss)[k] == pytest.approx(expected, rel=1e-9)


def test_networks_of_a_stack_do_not_interact():
    X, y = spirals(30, seed=0)
    both = batched.MLPStack([2, 6, 3], "tanh", seeds=[4, 5])
    alone = batched.MLPStack([2, 6, 3], "tanh", seeds=[5])
    c2 = batched.train_full_batch(both, np.stack([X, X * 100.0]), np.stack([y, y]), lr=[0.3, 0.01])
    c1 = batched.train_full_batch(alone, (X * 100.0)[None], y[None], lr=0.01)
    np.testing.assert_allclose(c2[1], c1[0], rtol=1e-10)


def test_zero_steps_is_the_initial_loss():
    X, y = spirals(30, seed=0)
    stack = batched.MLPStack([2, 4, 3], seeds=[0])
    curve = batched.train_full_batch(stack, X[None], y[None], steps=0)
    assert curve.shape == (1, 1)
    assert curve[0, 0] == pytest.approx(nn.softmax_cross_entropy(
        nn.MLP([2, 4, 3], seed=0).forward(X), y)[0])


def test_bad_input_is_named():
    stack = batched.MLPStack([2, 4, 3], seeds=[0, 1])
    X, y = np.zeros((2, 5, 2)), np.zeros((2, 5), int)
    with pytest.raises(ValueError, match=r"\(2, N, 2\)"):
        stack.forward(np.zeros((3, 5, 2)))
    with pytest.raises(ValueError, match="one target per row"):
        batched.train_full_batch(stack, X, np.zeros((2, 4), int))
    with pytest.raises(KeyError, match="cross_entropy"):
        batched.train_full_batch(stack, X, y, loss="hinge")
    with pytest.raises(ValueError, match="lr"):
        batched.train_full_batch(stack, X, y, lr=[0.1, -0.1])
    with pytest.raises(ValueError, match="at least one"):
        batched.MLPStack([2, 4, 3], seeds=[])
    with pytest.raises(ValueError, match="PReLU"):
        batched.MLPStack([2, 4, 3], "prelu")
    with pytest.raises(RuntimeError, match="forward"):
        batched.MLPStack([2, 4, 3]).backward(np.zeros((1, 5, 3)))
    with pytest.raises(KeyError):
        batched.MLPStack([2, 4, 3], "nope")


def test_validation_scores_before_the_first_and_after_every_kth_step():
    (X, y), (Xv, yv) = spirals(30, seed=0), spirals(50, seed=9)
    X, y, Xv, yv = X[None], y[None], Xv[None], yv[None]
    start = batched.scores(batched.MLPStack([2, 6, 3], seeds=[2]), Xv, yv, "cross_entropy")
    stack = batched.MLPStack([2, 6, 3], seeds=[2])
    curves, val = batched.train_full_batch(stack, X, y, lr=0.05, steps=40, X_val=Xv, y_val=yv,
                                           every=20)
    assert curves.shape == (1, 41) and val.shape == (1, 3)
    assert val[0, 0] == start[0]
    assert val[0, -1] == batched.scores(stack, Xv, yv, "cross_entropy")[0]
    # the same training as without a validation set
    plain = batched.train_full_batch(batched.MLPStack([2, 6, 3], seeds=[2]), X, y, lr=0.05,
                                     steps=40)
    np.testing.assert_array_equal(plain, curves)


def test_stacked_splits_cut_each_seed_into_disjoint_parts():
    make = lambda s: spirals(60, noise=0.2, seed=s)
    parts = batched.stacked_splits(make, [3, 7], (10, 20, 30))
    assert [p[0].shape for p in parts] == [(2, 10, 2), (2, 20, 2), (2, 30, 2)]
    for k, seed in enumerate((3, 7)):
        X, y = make(seed)
        rows = np.concatenate([p[0][k] for p in parts])
        labels = np.concatenate([p[1][k] for p in parts])
        order = np.random.default_rng(seed).permutation(60)   # the documented order
        np.testing.assert_array_equal(rows, X[order])
        np.testing.assert_array_equal(labels, y[order])
    # a seed's split does not depend on the other seeds it is stacked with
    alone = batched.stacked_splits(make, [7], (10, 20, 30))
    np.testing.assert_array_equal(alone[2][0][0], parts[2][0][1])
    with pytest.raises(ValueError, match="60 rows"):
        batched.stacked_splits(make, [0], (10, 20))
