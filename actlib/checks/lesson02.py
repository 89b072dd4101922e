"""Lesson 02's checkers beyond the elementwise table: where the sigmoid saturates; the backward
pass of a dense layer with an activation."""
import numpy as np

from .. import activations as _act
from ._contract import _call, _check_array, _checker, _Fail, _scalar, _shown


@_checker("sigmoid_saturation_point")
def check_sigmoid_saturation_point(sigmoid_saturation_point):
    case, got = _call("sigmoid_saturation_point",
                      "solve s (1 - s) = 0.01 for s = sigmoid(x), or search numerically on a "
                      "fine grid of x > 0 with actlib.sigmoid_grad.",
                      sigmoid_saturation_point, (), call="sigmoid_saturation_point()")
    got = _scalar(case, got)
    s = (1 + np.sqrt(1 - 4 * 0.01)) / 2
    expected = float(np.log(s / (1 - s)))
    if got < 0:
        case.fail(f"it returned {got:.4f}; the task asks for the positive x.",
                  "the derivative is symmetric: sigma'(-x) = sigma'(x).")
    if abs(got - expected) > 0.01:
        case.fail(f"at x = {got:.4f} sigmoid's derivative is "
                  f"{float(_act.sigmoid_grad(got)):.5f}, not 0.01 (tolerance on x: 0.01).")
    return 1


def _layer_reference(X, W, b, dout, activation):
    """(dX, dW, db) of a = f(X W + b) from actlib.nn: a net whose output layer is the identity."""
    from ..nn import MLP

    n_in, n_out = W.shape
    net = MLP([n_in, n_out, n_out], activation)
    net.layers[0].W[:], net.layers[0].b[:] = W, b
    net.layers[1].W[:], net.layers[1].b[:] = np.eye(n_out), 0.0
    net.forward(X)
    dX = net.backward(dout)
    return dX, net.layers[0].dW, net.layers[0].db


@_checker("layer_backward")
def check_layer_backward(layer_backward):
    hint = ("chain rule, from the top: first the gradient at z = XW + b, which is dout times "
            "f' evaluated at z (actlib.get(activation).df applied to z, not to the output "
            "a = f(z)); then dW pairs every input with every entry of that gradient (X "
            "transposed, times it), db adds it up over the rows of the batch, and dX sends "
            "it back through W (transposed). Each gradient has the shape of what it is the "
            "gradient of.")
    rng = np.random.default_rng(17)
    n = 0
    for activation, (N, n_in, n_out) in (("sigmoid", (3, 4, 5)), ("tanh", (6, 2, 3)),
                                         ("relu", (5, 3, 4))):
        X, W = rng.normal(size=(N, n_in)), rng.normal(size=(n_in, n_out))
        b, dout = rng.normal(size=n_out), rng.normal(size=(N, n_out))
        case, got = _call("layer_backward", hint, layer_backward, (X, W, b, dout),
                          {"activation": activation},
                          call=f"layer_backward(X, W, b, dout, activation={activation!r}) with "
                               f"X {X.shape}, W {W.shape}, b {b.shape}, dout {dout.shape}")
        if not (isinstance(got, (tuple, list)) and len(got) == 3):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a tuple "
                      "(dX, dW, db).", "end with `return dX, dW, db`.")
        for label, g, want in zip(("dX", "dW", "db"), got,
                                  _layer_reference(X, W, b, dout, activation)):
            if isinstance(g, np.ndarray) and g.shape == want.shape and activation != "relu":
                a = _act.get(activation).f(X @ W + b)
                ref_out = _layer_reference_at_output(X, W, b, dout, activation, a)[label]
                if np.allclose(g, ref_out, rtol=1e-6) and not np.allclose(g, want, rtol=1e-6):
                    case.fail(f"wrong {label}: it matches f' evaluated at the output a = f(z) "
                              "instead of at the input z.",
                              "f' belongs at the layer's input: "
                              "actlib.get(activation).df(z), not df(a). " + hint)
            try:
                _check_array(case, g, want, rtol=1e-6, atol=1e-10)
            except _Fail as fail:  # say which of the three gradients is wrong
                raise _Fail(str(fail).replace(": ", f": {label}: ", 1)) from None
        n += 1
    return n


def _layer_reference_at_output(X, W, b, dout, activation, a):
    """The typical mistake: f' applied to the output a instead of the input z."""
    dz = dout * _act.get(activation).df(a)
    return {"dX": dz @ W.T, "dW": X.T @ dz, "db": dz.sum(axis=0)}
