"""Lesson 01's checkers: linear layers collapse into one; a hand-built XOR network; hidden units
that a symmetric initialisation keeps identical."""
import functools

import numpy as np

from ._contract import _call, _check_array, _checker, _fmt, _shown


@_checker("collapse_linear")
def check_collapse_linear(collapse_linear):
    hint = ("expand (x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2): the bias of the first layer "
            "also goes through W2.")
    rng = np.random.default_rng(3)
    n = 0
    for n_in, n_hid, n_out in ((3, 4, 2), (2, 5, 1)):
        W1, b1 = rng.normal(size=(n_in, n_hid)), rng.normal(size=n_hid)
        W2, b2 = rng.normal(size=(n_hid, n_out)), rng.normal(size=n_out)
        case, got = _call("collapse_linear", hint, collapse_linear, (W1, b1, W2, b2),
                          call=f"collapse_linear(W1, b1, W2, b2) with W1 {W1.shape}, "
                               f"W2 {W2.shape}")
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a tuple (W, b).",
                      "end with `return W, b`.")
        W, b = got
        _check_array(case, W, W1 @ W2)
        _check_array(case, b, b1 @ W2 + b2)
        n += 1
    return n


@_checker("xor_net")
def check_xor_net(xor_net):
    hint = ("each hidden ReLU unit draws one line: e.g. one unit that fires for x1 + x2 > 0 and "
            "one for x1 + x2 > 1; the output combines them so that (1, 1) cancels.")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    case, got = _call("xor_net", hint, xor_net, (), call="xor_net()")
    if not (isinstance(got, (tuple, list)) and len(got) == 4):
        case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected (W1, b1, W2, b2).",
                  "return the four arrays as one tuple, in the order W1, b1, W2, b2.")
    try:
        W1, b1, W2, b2 = (np.asarray(g, dtype=np.float64) for g in got)
    except (TypeError, ValueError):
        case.fail("its weights are not arrays of numbers.")
    for arr, shapes, label in ((W1, [(2, 2)], "W1"), (b1, [(2,)], "b1"),
                               (W2, [(2, 1), (2,)], "W2"), (b2, [(1,), ()], "b2")):
        if arr.shape not in shapes:
            case.fail(f"{label} has shape {arr.shape}; a 2-2-1 net needs {shapes[0]}.",
                      "W1 maps 2 inputs to 2 hidden units, W2 maps 2 hidden units to 1 output.")
    out = (np.maximum(X @ W1 + b1, 0) @ W2.reshape(2, 1) + b2).ravel()
    pred = (out > 0.5).astype(int)
    for i in range(4):
        if pred[i] != y[i]:
            case.fail(f"wrong class for input {X[i].tolist()}: the output "
                      f"relu(x W1 + b1) W2 + b2 is {_fmt(out[i])}, so the net says {pred[i]}; "
                      f"XOR is {y[i]} (class 1 means output > 0.5).")
    return 4


UNIT_TOL = 1e-6  # two hidden units are "the same" when their weights differ by less


def _distinct_units(W, b, tol=UNIT_TOL):
    """Distinct columns of (W; b): greedy, each unit against the ones kept so far."""
    units = np.vstack([W, b[None, :]]).T
    kept = []
    for u in units:
        if not any(np.max(np.abs(u - k)) < tol for k in kept):
            kept.append(u)
    return len(kept)


def _symmetry_cases():
    """(description, fresh net) pairs; the nets are built the same way at every call."""
    from ..nn import MLP

    tied = MLP([2, 6, 2], "sigmoid", "xavier", seed=2)  # equal incoming weights, not outgoing
    tied.layers[0].W[:] = tied.layers[0].W[:, :1]
    const = MLP([2, 6, 2], "sigmoid", seed=3)
    for layer in const.layers:
        layer.W[:] = 0.3
    return (("MLP([2, 6, 2], 'sigmoid', init=0.0)", MLP([2, 6, 2], "sigmoid", init=0.0)),
            ("MLP([2, 6, 2], 'sigmoid', 'xavier', seed=1)",
             MLP([2, 6, 2], "sigmoid", "xavier", seed=1)),
            ("a sigmoid 2-6-2 net with equal incoming weights (outgoing differ)", tied),
            ("a sigmoid 2-6-2 net with every weight 0.3", const),
            ("MLP([2, 6, 2], 'tanh', init=0.0)", MLP([2, 6, 2], "tanh", init=0.0)))


@functools.cache
def _symmetry_expected():
    from ..datasets import two_moons
    from ..nn import train

    X, y = two_moons(40, noise=0.1, seed=0)
    counts = []
    for _, net in _symmetry_cases():
        train(net, X, y, optimizer="sgd", lr=0.5, epochs=50, batch_size=40)
        counts.append(_distinct_units(net.layers[0].W, net.layers[0].b))
    return X, y, tuple(counts)


@_checker("distinct_units")
def check_distinct_units(distinct_units):
    hint = ("train the net first (e.g. actlib.nn.train(net, X, y, optimizer='sgd', lr=0.5, "
            "epochs=50, batch_size=len(X))), then compare the columns of "
            "net.layers[0].W together with net.layers[0].b: two units are the same when every "
            f"one of their weights differs by less than {UNIT_TOL}; count the groups.")
    X, y, expected = _symmetry_expected()
    n = 0
    for (label, net), want in zip(_symmetry_cases(), expected):
        before = _distinct_units(net.layers[0].W, net.layers[0].b)
        case, got = _call("distinct_units", hint, distinct_units, (net, X, y),
                          call=f"distinct_units(net, X, y) with net = {label}")
        if isinstance(got, (float, np.floating)) and float(got).is_integer():
            got = int(got)
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a whole "
                      "number of units.", "return an int.")
        if got != want:
            extra = ""
            if got == before:
                extra = (" (that is how many distinct units the net has before training; "
                         "the task asks after training)")
            case.fail(f"wrong number of distinct hidden units after training:\n    expected "
                      f"{want}\n    got      {got}{extra}")
        n += 1
    return n

