r"""Many small MLPs trained at once: one per seed (or learning rate), stacked on a leading axis.

A fair comparison of activations needs many runs (every activation, a few learning rates,
several seeds). One run of :class:`actlib.nn.MLP` on a toy task is a few tiny matrix products
per step, so the time goes into Python's per-call overhead, not into arithmetic. Stacking B
networks of the same shape turns B small products into one ``np.matmul`` over a leading axis
and B Python calls into one.

The numbers are those of :mod:`actlib.nn`: network ``k`` of a stack starts as
``nn.MLP(layer_sizes, activation, init, seed=seeds[k])``, and each step of
:func:`train_full_batch` is one ``nn.Adam`` step on the whole training set
(tests/test_batched.py compares the two step for step).

Shapes: one data set per network, all of the same size: ``X`` (B, N, n_in), integer labels
``y`` (B, N) or real targets (B, N); the output (logits) is (B, N, n_out).
"""
import numpy as np

from .nn import MLP
from .softmax import log_softmax
from .validate import as_real_array, int_param, real_param

LOSSES = ("cross_entropy", "mse")


class MLPStack:
    r"""B multilayer perceptrons of one shape, as stacked arrays: ``W[i]`` is (B, n_i, n_i+1).

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_in, hidden_1, ..., n_out]``, as for :class:`actlib.nn.MLP`.
    activation : str or Activation, default "relu"
        Of the hidden layers (any registered activation; not ``"prelu"``).
    init : {"he", "xavier", "lecun"} or float, default "he"
    seeds : sequence of int, default (0,)
        One network per seed: network ``k`` has the initial weights of
        ``nn.MLP(layer_sizes, activation, init, seed=seeds[k])``. A seed may repeat (the same
        start trained at several learning rates).

    Attributes
    ----------
    W, b : list of ndarray
        Per layer: weights (B, n_in, n_out) and biases (B, 1, n_out).
    dW, db : list of ndarray
        Their gradients, filled by :meth:`backward`.

    Examples
    --------
    >>> stack = MLPStack([2, 8, 3], "tanh", "xavier", seeds=[0, 1, 2, 3])
    >>> stack
    MLPStack(4 x 2-8-3, tanh, init='xavier')
    >>> stack.forward(np.ones((4, 5, 2))).shape
    (4, 5, 3)
    >>> bool(np.array_equal(stack.W[0][1], MLP([2, 8, 3], "tanh", "xavier", seed=1).layers[0].W))
    True
    """

    def __init__(self, layer_sizes, activation="relu", init="he", seeds=(0,)):
        if isinstance(activation, str) and activation == "prelu":
            raise ValueError("MLPStack has no PReLU (its slopes are per network): use nn.MLP")
        seeds = list(seeds)
        if not seeds:
            raise ValueError("seeds must name at least one network; got an empty sequence")
        nets = [MLP(layer_sizes, activation, init, seed=s) for s in seeds]  # checks the rest
        self.layer_sizes, self.activation, self.init = nets[0].layer_sizes, nets[0].activation, init
        layers = range(len(self.layer_sizes) - 1)
        self.W = [np.stack([net.layers[i].W for net in nets]) for i in layers]
        self.b = [np.stack([net.layers[i].b for net in nets])[:, None, :] for i in layers]
        self.dW, self.db = [None] * len(self.W), [None] * len(self.b)
        self._inputs, self._z = [], []

    def __repr__(self):
        return (f"MLPStack({len(self)} x {'-'.join(map(str, self.layer_sizes))}, "
                f"{self.activation.name}, init={self.init!r})")

    def __len__(self):
        return self.W[0].shape[0]

    def forward(self, X):
        """Logits (B, N, n_out) for X of shape (B, N, n_in); keeps what backward needs."""
        X = _as_stacked(X, len(self), self.layer_sizes[0])
        self._inputs, self._z = [X], []
        a = X
        for W, b in zip(self.W[:-1], self.b[:-1]):
            z = a @ W + b
            a = self.activation.f(z)
            self._z.append(z)
            self._inputs.append(a)
        return a @ self.W[-1] + self.b[-1]  # the output layer is linear

    def backward(self, dout):
        """Fill ``dW`` and ``db`` from dLoss/dlogits of shape (B, N, n_out), after forward."""
        if not self._inputs:
            raise RuntimeError("call forward(X) before backward(dout)")
        dz = np.asarray(dout, dtype=np.float64)
        ones = np.ones((len(self), 1, dz.shape[1]))  # db as a product: faster than .sum(axis=1)
        for i in range(len(self.W) - 1, -1, -1):
            self.dW[i] = self._inputs[i].transpose(0, 2, 1) @ dz
            self.db[i] = ones @ dz  # the sum of dz over the rows
            if i:
                WT = np.ascontiguousarray(self.W[i].transpose(0, 2, 1))  # a copy: faster matmul
                dz = (dz @ WT) * self.activation.df(self._z[i - 1])


def _as_stacked(X, n_nets, n_in):
    X = as_real_array(X, "X").astype(np.float64, copy=False)
    if X.ndim != 3 or X.shape[0] != n_nets or X.shape[2] != n_in or X.shape[1] == 0:
        raise ValueError(f"X must have shape ({n_nets}, N, {n_in}) with N >= 1, one data set "
                         f"per network; got {X.shape}")
    return X


class AdamStack:
    """:class:`actlib.nn.Adam` for every network of a stack, each with its own learning rate.

    Parameters
    ----------
    stack : MLPStack
    lr : float or sequence of float
        One step size for all networks, or one per network.
    betas, eps
        As for ``nn.Adam``.
    """

    def __init__(self, stack, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        lr = np.broadcast_to(np.asarray(lr, dtype=np.float64), (len(stack),))
        for value in lr:
            real_param(float(value), "lr", low=0.0, low_inclusive=False)
        self.stack, self.lr = stack, lr.reshape(-1, 1, 1)  # broadcasts over each network
        self.betas, self.eps, self.t = betas, eps, 0
        # The moments of all parameters live in one flat array (the gradients are joined the
        # same way at each step): nine array operations per step instead of nine per
        # parameter array, for the tiny arrays where each call costs more than its arithmetic.
        size = sum(p.size for p in stack.W + stack.b)
        self.m, self.v = np.zeros(size), np.zeros(size)

    def step(self):
        """Update every network once, with the same arithmetic as ``nn.Adam.step``."""
        (b1, b2), self.t = self.betas, self.t + 1
        root = np.sqrt(1.0 - b2 ** self.t)  # bias corrections folded in, as in nn.Adam
        step_size, eps = self.lr * root / (1.0 - b1 ** self.t), self.eps * root
        g = np.concatenate([g.ravel() for g in self.stack.dW + self.stack.db])
        m, v = self.m, self.v
        m *= b1
        m += (1.0 - b1) * g
        v *= b2
        v += (1.0 - b2) * (g * g)
        ratio, start = m / (np.sqrt(v) + eps), 0
        for p in self.stack.W + self.stack.b:  # each parameter's slice of the flat arrays
            p -= step_size * ratio[start:start + p.size].reshape(p.shape)
            start += p.size


def loss_and_grad(logits, y, loss):
    r"""Per-network mean loss (B,) and dLoss/dlogits (B, N, n_out).

    ``loss`` is ``"cross_entropy"`` (integer labels ``y`` of shape (B, N)) or ``"mse"`` (real
    targets of shape (B, N) for one output, or shaped like the logits), each network's loss
    being what :func:`actlib.nn.softmax_cross_entropy` or :func:`actlib.nn.mse` gives for its
    slice.

    Examples
    --------
    >>> value, dz = loss_and_grad(np.zeros((2, 4, 3)), np.zeros((2, 4), int), "cross_entropy")
    >>> value.round(6), dz.shape
    (array([1.098612, 1.098612]), (2, 4, 3))
    """
    if loss == "cross_entropy":
        n = logits.shape[1]
        onehot = np.asarray(y)[..., None] == np.arange(logits.shape[2])
        logp = log_softmax(logits, axis=-1)
        dz = np.exp(logp)  # softmax, from the stable log
        dz -= onehot
        return -np.where(onehot, logp, 0.0).sum(axis=(1, 2)) / n, dz / n
    if loss == "mse":
        y = np.asarray(y, dtype=np.float64)
        diff = logits - (y[..., None] if y.ndim == 2 else y)
        size = diff.shape[1] * diff.shape[2]
        return np.mean(diff * diff, axis=(1, 2)), (2.0 / size) * diff
    raise KeyError(f"unknown loss {loss!r}; known: {', '.join(LOSSES)}")


def train_full_batch(stack, X, y, loss="cross_entropy", lr=0.01, steps=100, X_val=None,
                     y_val=None, every=10):
    """Train every network of ``stack`` in place: ``steps`` full-batch Adam steps.

    Parameters
    ----------
    stack : MLPStack
    X : array_like, shape (B, N, n_in)
        Network k's training inputs are ``X[k]``.
    y : array_like, shape (B, N)
        Integer labels ("cross_entropy") or real targets ("mse").
    loss : {"cross_entropy", "mse"}
    lr : float or sequence of float
        Adam's step size: one for all, or one per network.
    steps : int
    X_val, y_val : array_like, optional
        A validation set per network, shaped like ``X`` and ``y`` (any number of rows):
        scored (:func:`scores`) before the first step and after every ``every`` steps.
    every : int, default 10

    Returns
    -------
    loss : ndarray, shape (B, steps + 1)
        Training loss of each network after 0, 1, ..., ``steps`` steps.
    val : ndarray, shape (B, steps // every + 1)
        Only with ``X_val``: the validation score after 0, every, 2 every, ... steps.

    Examples
    --------
    >>> from actlib.datasets import xor
    >>> X, y = xor()
    >>> stack = MLPStack([2, 8, 2], "tanh", seeds=[0, 1])
    >>> curves = train_full_batch(stack, np.stack([X, X]), np.stack([y, y]), lr=0.05, steps=200)
    >>> curves.shape, bool(np.all(curves[:, -1] < 0.05 * curves[:, 0]))
    ((2, 201), True)
    """
    if loss not in LOSSES:
        raise KeyError(f"unknown loss {loss!r}; known: {', '.join(LOSSES)}")
    steps, every = int_param(steps, "steps", low=0), int_param(every, "every")
    X = _as_stacked(X, len(stack), stack.layer_sizes[0])
    _check_targets(X, y)
    if X_val is not None:
        X_val = _as_stacked(X_val, len(stack), stack.layer_sizes[0])
        _check_targets(X_val, y_val)
    opt, curves, val = AdamStack(stack, lr), [], []
    for step in range(steps + 1):
        if X_val is not None and step % every == 0:
            val.append(scores(stack, X_val, y_val, loss))  # before the training forward
        value, dout = loss_and_grad(stack.forward(X), y, loss)
        curves.append(value)
        if step < steps:
            stack.backward(dout)
            opt.step()
    curves = np.array(curves).T
    return curves if X_val is None else (curves, np.array(val).T)


def _check_targets(X, y):
    if y is None or np.shape(y)[:2] != X.shape[:2]:
        raise ValueError(f"y must have one target per row of X, shape {X.shape[:2]}; "
                         f"got {None if y is None else np.shape(y)}")


def scores(stack, X, y, loss):
    """Test score of each network (B,): accuracy for "cross_entropy", mean squared error for "mse".

    Examples
    --------
    >>> stack = MLPStack([1, 4, 1], seeds=[0, 1])
    >>> scores(stack, np.zeros((2, 3, 1)), np.ones((2, 3)), "mse")
    array([1., 1.])
    """
    out = stack.forward(X)
    if loss == "cross_entropy":
        return np.mean(out.argmax(axis=-1) == np.asarray(y), axis=1)
    return loss_and_grad(out, y, loss)[0]


__all__ = ["LOSSES", "AdamStack", "MLPStack", "loss_and_grad", "scores", "train_full_batch"]


def stacked_splits(make_data, seeds, sizes):
    """One data set per seed, cut into disjoint parts, each part stacked over the seeds.

    Parameters
    ----------
    make_data : callable
        ``make_data(seed)`` returns ``(X, y)`` with ``sum(sizes)`` rows, e.g.
        ``lambda s: datasets.spirals(1290, noise=0.2, seed=s)``.
    seeds : sequence of int
        One data set (and later one network) per seed.
    sizes : sequence of int
        Rows of each part, e.g. (training, validation, test).

    Returns
    -------
    list of (X, y)
        One pair per part: ``X`` of shape (len(seeds), size, n_features), ``y`` (len(seeds),
        size). Seed ``s`` orders its rows by ``np.random.default_rng(s).permutation`` and
        cuts that order into the parts, so a seed gives the same split wherever it is used.

    Examples
    --------
    >>> from actlib.datasets import spirals
    >>> (X, y), (X_test, y_test) = stacked_splits(lambda s: spirals(30, seed=s), [0, 1], (10, 20))
    >>> X.shape, X_test.shape
    ((2, 10, 2), (2, 20, 2))
    """
    sizes = [int_param(size, "sizes") for size in sizes]
    splits = []
    for seed in seeds:
        X, y = make_data(seed)
        if len(X) != sum(sizes):
            raise ValueError(f"make_data({seed}) gave {len(X)} rows; the parts need {sum(sizes)}")
        order = np.random.default_rng(seed).permutation(len(X))
        splits.append([(X[part], y[part]) for part in np.split(order, np.cumsum(sizes)[:-1])])
    return [tuple(np.stack([split[k][i] for split in splits]) for i in (0, 1))
            for k in range(len(sizes))]
