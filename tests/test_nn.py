"""actlib.nn: backprop against central differences, losses, optimizers, training, bad input."""
import numpy as np
import pytest

import actlib
from actlib import diagnostics, nn
from actlib.datasets import two_moons, xor

# every registered activation, a parametrised one, and PReLU: a new activation is tested here
# the moment it is registered
ACTS = list(actlib.ACTIVATIONS) + ["prelu"]
H = 1e-6


def _numeric(loss_of, array):
    """Central differences of loss_of() with respect to each entry of ``array`` (in place)."""
    grad = np.zeros_like(array)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + H
        up = loss_of()
        array[idx] = old - H
        down = loss_of()
        array[idx] = old
        grad[idx] = (up - down) / (2 * H)
    return grad


def _random_net(activation, seed=0):
    net = nn.MLP([3, 5, 4, 3], activation=activation, init="xavier", seed=seed)
    rng = np.random.default_rng(seed + 100)
    for layer in net.layers:  # nonzero biases and slopes, so their gradients mean something
        layer.b[...] = rng.normal(0, 0.5, layer.b.shape)
        if layer.alpha is not None:
            layer.alpha[...] = rng.uniform(0.05, 0.5, layer.alpha.shape)
    X = rng.normal(0, 1.0, (6, 3))
    labels = np.array([0, 1, 2, 2, 1, 0])
    return net, X, labels


@pytest.mark.parametrize("activation", ACTS + [actlib.get("leaky_relu", alpha=0.2),
                                               actlib.get("gelu", approximate="tanh")],
                         ids=str)
def test_backward_matches_central_differences(activation):
    net, X, labels = _random_net(activation)
    # kinks (ReLU family at 0) are the one place central differences lie: keep away from them
    net.forward(X)
    assert min(np.abs(z).min() for z in net.preactivations) > 100 * H

    def loss_of():
        return nn.softmax_cross_entropy(net.forward(Xv), labels)[0]

    Xv = X.copy()
    _, dout = nn.softmax_cross_entropy(net.forward(Xv), labels)
    dX = net.backward(dout)
    checked = 0
    for layer in net.layers:
        for name in ("W", "b", "alpha"):
            p = getattr(layer, name)
            if p is None:
                continue
            analytic = getattr(layer, "d" + name).copy()
            np.testing.assert_allclose(analytic, _numeric(loss_of, p), rtol=1e-5, atol=1e-8,
                                       err_msg=f"d{name} of {layer}")
            checked += 1
    np.testing.assert_allclose(dX, _numeric(loss_of, Xv), rtol=1e-5, atol=1e-8, err_msg="dX")
    assert checked == (8 if activation == "prelu" else 6)  # W, b per layer; alpha per hidden


def test_forward_keeps_z_and_a():
    net = nn.MLP([2, 6, 5, 3], activation="tanh", seed=1)
    X = np.random.default_rng(0).normal(size=(7, 2))
    out = net.forward(X)
    assert out.shape == (7, 3) and out.dtype == np.float64
    assert [z.shape for z in net.preactivations] == [(7, 6), (7, 5)]
    for z, a in zip(net.preactivations, net.activations):
        np.testing.assert_array_equal(a, np.tanh(z))
    np.testing.assert_allclose(net.preactivations[0], X @ net.layers[0].W + net.layers[0].b)
    np.testing.assert_allclose(out, net.activations[1] @ net.layers[2].W + net.layers[2].b)
    np.testing.assert_array_equal(net(X), out)


@pytest.mark.parametrize("init, var", [("he", lambda i, o: 2 / i), ("xavier", lambda i, o: 2 / (i + o)),
                                       ("lecun", lambda i, o: 1 / i), (0.05, lambda i, o: 0.05 ** 2)])
def test_init_variance(init, var):
    net = nn.MLP([400, 300, 200], init=init, seed=3)
    for layer in net.layers:
        fan_in, fan_out = layer.W.shape
        # the sample variance of 60 000+ Gaussian numbers is within 2% of the truth
        assert abs(layer.W.var() / var(fan_in, fan_out) - 1) < 0.02
        assert abs(layer.W.mean()) < 0.01 * np.sqrt(var(fan_in, fan_out))
        np.testing.assert_array_equal(layer.b, 0.0)


def test_bias_init_applies_to_hidden_layers_only():
    net = nn.MLP([2, 4, 4, 1], bias_init=0.1)
    np.testing.assert_array_equal(net.layers[0].b, 0.1)
    np.testing.assert_array_equal(net.layers[1].b, 0.1)
    np.testing.assert_array_equal(net.layers[2].b, 0.0)


def test_same_seed_same_weights_other_seed_other_weights():
    a, b, c = nn.MLP([2, 8, 1], seed=5), nn.MLP([2, 8, 1], seed=5), nn.MLP([2, 8, 1], seed=6)
    np.testing.assert_array_equal(a.layers[0].W, b.layers[0].W)
    assert not np.array_equal(a.layers[0].W, c.layers[0].W)


def test_prelu_slope_starts_at_quarter_per_unit_and_is_learned():
    net = nn.MLP([2, 6, 2], activation="prelu", seed=0)
    assert net.layers[0].alpha.shape == (6,) and net.layers[1].alpha is None
    np.testing.assert_array_equal(net.layers[0].alpha, nn.PRELU_INIT)
    X, y = two_moons(64, seed=0)
    nn.train(net, X, y, epochs=5)
    assert not np.allclose(net.layers[0].alpha, nn.PRELU_INIT)


# --------------------------------------------------------------------------------------------
# losses


def _check_loss(loss_fn, pred, y):
    p = pred.copy()
    value, grad = loss_fn(p, y)
    assert np.isfinite(value) and grad.shape == pred.shape
    np.testing.assert_allclose(grad, _numeric(lambda: loss_fn(p, y)[0], p), rtol=1e-6, atol=1e-9)
    return value


def test_mse_value_and_gradient():
    rng = np.random.default_rng(0)
    pred, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    assert _check_loss(nn.mse, pred, y) == pytest.approx(np.mean((pred - y) ** 2))
    # an (N,) target for an (N, 1) prediction
    assert nn.mse(pred[:, :1], y[:, 0])[0] == pytest.approx(np.mean((pred[:, 0] - y[:, 0]) ** 2))


def test_bce_with_logits_value_gradient_and_stability():
    rng = np.random.default_rng(1)
    z, y = rng.normal(0, 3, size=(8, 1)), rng.integers(0, 2, 8)
    s = 1 / (1 + np.exp(-z[:, 0]))
    naive = -np.mean(y * np.log(s) + (1 - y) * np.log(1 - s))
    assert _check_loss(nn.bce_with_logits, z, y) == pytest.approx(naive, rel=1e-12)
    # soft targets too
    _check_loss(nn.bce_with_logits, z, rng.uniform(size=8))
    # huge logits: the exact loss is |z| for the wrong label and 0 for the right one
    loss, dz = nn.bce_with_logits(np.array([[1000.0], [-1000.0], [1000.0]]), [0, 0, 1])
    assert loss == pytest.approx(1000 / 3) and np.isfinite(dz).all()


def test_softmax_cross_entropy_value_gradient_and_stability():
    rng = np.random.default_rng(2)
    logits, labels = rng.normal(0, 2, size=(6, 4)), rng.integers(0, 4, 6)
    value = _check_loss(nn.softmax_cross_entropy, logits, labels)
    assert value == pytest.approx(actlib.cross_entropy(logits, labels), rel=1e-12)
    loss, dz = nn.softmax_cross_entropy(np.array([[1e4, 0.0, -1e4]]), [2])
    assert loss == pytest.approx(2e4) and np.isfinite(dz).all()
    np.testing.assert_allclose(dz.sum(axis=1), 0, atol=1e-15)  # softmax rows sum to 1


def test_get_loss():
    assert nn.get_loss("cross_entropy") is nn.softmax_cross_entropy
    assert nn.get_loss("mse") is nn.mse
    with pytest.raises(KeyError, match="known: mse"):
        nn.get_loss("hinge")


# --------------------------------------------------------------------------------------------
# optimizers


def _net_with_gradient():
    net = nn.MLP([3, 4, 2], seed=0)
    X = np.random.default_rng(0).normal(size=(5, 3))
    net.backward(nn.softmax_cross_entropy(net.forward(X), [0, 1, 0, 1, 1])[1])
    return net


def test_sgd_step_and_momentum():
    net = _net_with_gradient()
    W0, g = net.layers[0].W.copy(), net.layers[0].dW.copy()
    opt = nn.SGD(net, lr=0.1, momentum=0.9)
    opt.step()
    np.testing.assert_allclose(net.layers[0].W, W0 - 0.1 * g)
    opt.step()  # same gradient again: the velocity has grown to (1 + 0.9) lr g
    np.testing.assert_allclose(net.layers[0].W, W0 - 0.1 * g - 0.19 * g)


def test_adam_first_step_is_lr_times_sign():
    net = _net_with_gradient()
    before = [p.copy() for _, p, _ in net.parameters()]
    grads = [g.copy() for _, _, g in net.parameters()]
    nn.Adam(net, lr=0.01, eps=1e-12).step()
    for (_, p, _), p0, g in zip(net.parameters(), before, grads):
        # at t = 1 the bias-corrected m / sqrt(v) is g / |g|
        np.testing.assert_allclose(p0 - p, 0.01 * np.sign(g), atol=1e-9)


def test_optimizer_needs_a_backward_first():
    with pytest.raises(RuntimeError, match="backward"):
        nn.Adam(nn.MLP([2, 2]), lr=0.1).step()


# --------------------------------------------------------------------------------------------
# training


def test_xor_reaches_100_percent():
    X, y = xor()
    net = nn.MLP([2, 8, 2], activation="tanh", seed=0)
    hist = nn.train(net, X, y, lr=0.05, epochs=200, batch_size=4)
    assert hist.accuracy[-1] == 1.0
    assert (net.predict(X) == y).all()


def test_two_moons_reaches_97_percent():
    X, y = two_moons(200, noise=0.1, seed=0)
    net = nn.MLP([2, 32, 32, 2], activation="relu", seed=0)
    hist = nn.train(net, X, y, lr=0.01, epochs=60, batch_size=32)
    assert hist.accuracy[-1] >= 0.97
    assert hist.loss[-1] < hist.loss[0]


def test_bce_and_mse_training():
    X, y = two_moons(200, seed=1)
    hist = nn.train(nn.MLP([2, 16, 16, 1], seed=0), X, y, loss="bce", epochs=40)
    assert hist.accuracy[-1] >= 0.9
    Xs, ys = actlib.datasets.sine(100, seed=0)
    hist = nn.train(nn.MLP([1, 32, 32, 1], activation="tanh", seed=0), Xs, ys, loss="mse",
                    epochs=100)
    assert hist.accuracy is None and hist.loss[-1] < 0.1 * hist.loss[0]


def test_same_seed_same_history():
    X, y = two_moons(100, seed=0)
    runs = [nn.train(nn.MLP([2, 16, 2], seed=1), X, y, epochs=5, seed=s,
                     record=diagnostics.layer_stats) for s in (3, 3, 4)]
    assert runs[0].loss == runs[1].loss and runs[0].accuracy == runs[1].accuracy
    assert runs[0].records == runs[1].records
    assert runs[0].loss != runs[2].loss  # the seed does drive the shuffling


def test_history_contents():
    X, y = two_moons(120, seed=0)
    Xv, yv = two_moons(60, seed=1)
    hist = nn.train(nn.MLP([2, 8, 8, 2], seed=0), X, y, epochs=4, X_val=Xv, y_val=yv,
                    record=diagnostics.layer_stats)
    assert len(hist) == len(hist.loss) == len(hist["val_loss"]) == len(hist.val_accuracy) == 4
    assert len(hist.records) == 4 and len(hist.records[0]) == 2
    assert hist.layer_stat("dead").shape == (4, 2)
    assert hist.wall_time > 0
    hist = nn.train(nn.MLP([2, 8, 2], seed=0), X, y, epochs=2)
    assert hist.records == []
    with pytest.raises(ValueError, match="record=actlib.diagnostics.layer_stats"):
        hist.layer_stat("dead")


def test_record_is_called_after_each_epoch_on_the_whole_training_set():
    X, y = two_moons(50, seed=0)
    net = nn.MLP([2, 8, 2], seed=0)
    seen = []

    def record(n):
        seen.append(n.activations[0].shape[0])  # the forward pass was on all 50 rows
        return float(np.linalg.norm(n.layers[0].dW))

    hist = nn.train(net, X, y, epochs=3, batch_size=8, record=record)
    assert seen == [50, 50, 50] and len(hist.records) == 3
    _, dout = nn.softmax_cross_entropy(net.forward(X), y)
    net.backward(dout)  # the last record is the full-set gradient of the final network
    assert hist.records[-1] == pytest.approx(float(np.linalg.norm(net.layers[0].dW)), rel=1e-12)
    with pytest.raises(TypeError, match="record"):
        nn.train(net, X, y, epochs=1, record="layer_stats")


def test_train_with_optimizer_instance():
    X, y = xor()
    net = nn.MLP([2, 8, 2], activation="tanh", seed=0)
    hist = nn.train(net, X, y, optimizer=nn.SGD(net, lr=0.5, momentum=0.9), epochs=100)
    assert hist.accuracy[-1] == 1.0
    with pytest.raises(ValueError, match="another network"):
        nn.train(net, X, y, optimizer=nn.SGD(nn.MLP([2, 8, 2]), lr=0.1))


def test_divergence_is_reported_and_undone():
    X, y = two_moons(100, seed=0)
    net = nn.MLP([2, 32, 32, 1], seed=0)
    with pytest.raises(FloatingPointError, match=r"epoch \d+.*learning rate"):
        nn.train(net, 10 * X, y, loss="mse", optimizer="sgd", lr=1.0, epochs=50)
    for _, p, _ in net.parameters():  # not a silently broken network
        assert np.isfinite(p).all()


def test_inputs_are_not_modified():
    X, y = two_moons(50, seed=0)
    X0, y0 = X.copy(), y.copy()
    net = nn.MLP([2, 8, 2], seed=0)
    nn.train(net, X, y, epochs=2)
    out = net.forward(X)
    net.backward(np.ones_like(out))
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


# --------------------------------------------------------------------------------------------
# bad input: a clear error before anything is computed


@pytest.mark.parametrize("kwargs, error, message", [
    ({"layer_sizes": [2]}, ValueError, "at least two"),
    ({"layer_sizes": [2, 0, 1]}, ValueError, "layer_sizes must be an integer >= 1"),
    ({"layer_sizes": [2, 1.5, 1]}, TypeError, "layer_sizes must be an integer"),
    ({"layer_sizes": [2, 1], "bias_init": "0"}, TypeError, "bias_init must be a real number"),
    ({"layer_sizes": [2, 1], "init": "glorot"}, KeyError, "known: he, xavier, lecun"),
    ({"layer_sizes": [2, 1], "init": -1.0}, ValueError, ">= 0"),
    ({"layer_sizes": [2, 1], "activation": "relu7"}, KeyError, "known"),
])
def test_bad_network_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        nn.MLP(**kwargs)


def test_forward_and_backward_reject_bad_shapes():
    net = nn.MLP([3, 4, 2])
    with pytest.raises(ValueError, match=r"shape \(N, 3\); got \(5, 2\)"):
        net.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"shape \(N, 3\); got \(3,\)"):
        net.forward(np.zeros(3))
    with pytest.raises(ValueError, match="empty batch"):
        net.forward(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="NaN"):
        net.forward([[0.0, np.nan, 1.0]])
    with pytest.raises(TypeError, match="real numbers"):
        net.forward([["a", "b", "c"]])
    net.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"\(5, 2\); got \(5, 1\)"):
        net.backward(np.zeros((5, 1)))
    with pytest.raises(RuntimeError, match="forward"):
        nn.MLP([3, 2]).backward(np.zeros((1, 2)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"y": np.array([0, 1, 3, 0])}, ValueError, r"\[0, 2\).*0 to 3"),
    ({"y": np.array([0, 1, 1])}, ValueError, r"one target per row of X \(4\); got shape \(3,\)"),
    ({"y": np.array([0, -1, 1, 0])}, ValueError, r"\[0, 2\)"),
    ({"loss": "hinge"}, KeyError, "known"),
    ({"optimizer": "rmsprop"}, KeyError, "known: sgd, adam"),
    ({"lr": 0.0}, ValueError, "lr must be > 0"),
    ({"lr": "x"}, TypeError, "lr must be a real number; got str"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"batch_size": 2.5}, TypeError, "batch_size must be an integer"),
    ({"X": np.zeros((4, 3))}, ValueError, r"\(N, 2\); got \(4, 3\)"),
    ({"X": np.array([[0, 0], [0, 1], [1, np.nan], [1, 1]])}, ValueError, "NaN"),
    ({"y": np.array([0, np.nan, 1, 0])}, TypeError, "integer class indices; got dtype float64"),
    ({"y": np.array([0, 0.5, 1, 0])}, TypeError, "integer class indices"),
    ({"y": np.array([[0, 1], [np.nan, 0], [1, 0], [0, 0]]), "loss": "mse"}, ValueError, "NaN"),
    ({"X": np.zeros((0, 2)), "y": np.zeros(0, int)}, ValueError, "empty batch"),
    ({"X_val": np.zeros((2, 2))}, ValueError, "both X_val and y_val"),
    ({"X_val": np.zeros((2, 2)), "y_val": [0, 5]}, ValueError, "y_val"),
    ({"loss": "bce"}, ValueError, r"shape \(4, 2\).*got \(4,\)"),
])
def test_train_rejects_bad_input_before_computing(kwargs, error, message):
    X, y = xor()
    net = nn.MLP([2, 4, 2], seed=0)
    W0 = net.layers[0].W.copy()
    args = {"X": X, "y": y, "epochs": 2}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        nn.train(net, **args)
    np.testing.assert_array_equal(net.layers[0].W, W0)  # nothing happened to the network


def test_cross_entropy_needs_two_outputs():
    X, y = xor()
    with pytest.raises(ValueError, match="bce"):
        nn.train(nn.MLP([2, 4, 1]), X, y)


def test_loss_functions_reject_bad_targets():
    with pytest.raises(ValueError, match=r"\(3, 2\).*got \(3,\)"):
        nn.mse(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        nn.bce_with_logits(np.zeros((2, 1)), [0, 2])
    with pytest.raises(ValueError, match="C >= 2"):
        nn.softmax_cross_entropy(np.zeros((2, 1)), [0, 0])
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        nn.softmax_cross_entropy(np.zeros((2, 3)), [0, 3])
    with pytest.raises(TypeError, match="integer"):
        nn.softmax_cross_entropy(np.zeros((2, 3)), [0.5, 1])
    with pytest.raises(ValueError, match="empty"):
        nn.mse(np.zeros((0, 1)), np.zeros(0))


def test_relu_fast_path_matches_the_registry_including_the_kink():
    net = nn.MLP([2, 6, 2], activation="relu", seed=0)
    X = np.array([[1.0, -2.0], [0.0, 0.0], [-0.5, 3.0]])
    net.layers[0].b[:2] = 0.0  # the row of zeros gives z = 0 exactly: relu'(0) = 0
    net.forward(X)
    z = net.preactivations[0]
    np.testing.assert_array_equal(net.activations[0], actlib.relu(z))
    np.testing.assert_array_equal(net.derivatives()[0], actlib.relu_grad(z))
    assert (z[1] == 0).all() and (net.derivatives()[0][1] == 0).all()


def test_history_layer_stat_names():
    X, y = xor()
    hist = nn.train(nn.MLP([2, 4, 2], seed=0), X, y, epochs=2, record=diagnostics.layer_stats)
    assert hist.layer_stat("grad_norm").shape == (2, 1)
    with pytest.raises(KeyError, match="known: mean"):
        hist.layer_stat("variance")


@pytest.mark.parametrize("call, error, message", [
    (lambda net: nn.SGD(net, lr="x"), TypeError, "lr must be a real number; got str 'x'"),
    (lambda net: nn.SGD(net, lr=0.1, momentum="x"), TypeError,
     "momentum must be a real number; got str 'x'"),
    (lambda net: nn.SGD(net, lr=0.1, momentum=1.0), ValueError, r"momentum must be < 1.0"),
    (lambda net: nn.SGD(net, lr=-1.0), ValueError, "lr must be > 0"),
    (lambda net: nn.Adam(net, lr=0.1, betas=(0.9, "a")), TypeError, "betas must be a real"),
    (lambda net: nn.Adam(net, lr=0.1, eps=0.0), ValueError, "eps must be > 0"),
    (lambda net: actlib.leaky_relu([1.0], alpha="x"), TypeError,
     "alpha must be a real number; got str 'x'"),
    (lambda net: actlib.softmax([1.0], temperature="x"), TypeError,
     "temperature must be a real number; got str 'x'"),
])
def test_one_validator_one_error_per_kind_of_mistake(call, error, message):
    # the same mistake gets the same error type and wording in every module (actlib.validate)
    with pytest.raises(error, match=message):
        call(nn.MLP([2, 1]))
