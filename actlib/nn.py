r"""A tiny multilayer perceptron with hand-written backprop, its losses, optimizers and train().

Read it top to bottom: ``Dense`` holds one layer's numbers, ``MLP`` chains them (forward keeps
every ``z`` and ``a`` so that backward and :mod:`actlib.diagnostics` can look inside), ``SGD``
and ``Adam`` update the parameters in place, and ``train`` loops over shuffled mini-batches.
The losses, which return ``(loss, dlogits)``, are in :mod:`actlib.losses` (re-exported here). Everything is float64 and vectorised over the batch.

Vocabulary (d2l): ``X`` input of shape (N, n_in), ``z = a_prev @ W + b`` pre-activation,
``a = f(z)`` activation, ``dW``, ``db``, ``dz``, ``da`` the gradients of the loss.
"""
import time
from dataclasses import dataclass, field

import numpy as np

from .activations import get
from .losses import LOSSES, bce_with_logits, get_loss, mse, softmax_cross_entropy
from .validate import as_real_array, class_labels, int_param, real_param

#: Initial PReLU slope, as in He et al. (2015).
PRELU_INIT = 0.25

INITS = ("he", "xavier", "lecun")


# --------------------------------------------------------------------------------------------
# checking inputs (before any computation, with the expected and received shape in the message)


def _as_batch(X, n_in, name="X"):
    """X as a float64 (N, n_in) array with N >= 1 and no NaN/inf; never a view we write to."""
    X = as_real_array(X, name)
    if X.ndim != 2 or X.shape[1] != n_in:
        raise ValueError(f"{name} must have shape (N, {n_in}); got {X.shape}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch, shape {X.shape}; need at least one row")
    X = X.astype(np.float64, copy=False)
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains {np.count_nonzero(~np.isfinite(X))} NaN or inf "
                         "entries; clean the data first")
    return X


def init_std(init, fan_in, fan_out):
    r"""Standard deviation of the Gaussian initial weights of a layer.

    Parameters
    ----------
    init : {"he", "xavier", "lecun"} or float
        The scheme, or a standard deviation to use as it is.
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.

    Returns
    -------
    float

    Notes
    -----
    .. math:: \text{he: } \sqrt{2/n_\text{in}}, \quad
              \text{xavier: } \sqrt{2/(n_\text{in} + n_\text{out})}, \quad
              \text{lecun: } \sqrt{1/n_\text{in}}

    He keeps the variance of ReLU layers constant (ReLU zeroes half of it, the factor 2 gives
    it back); Xavier keeps it for layers that are linear near 0 (tanh); LeCun is what SELU
    needs for its fixed point.

    References
    ----------
    He, Zhang, Ren and Sun (2015), "Delving deep into rectifiers", ICCV; Glorot and Bengio
    (2010), "Understanding the difficulty of training deep feedforward neural networks",
    AISTATS; LeCun, Bottou, Orr and Mueller (1998), "Efficient BackProp".

    Examples
    --------
    >>> [round(init_std(*args), 6) for args in [("he", 50, 10), ("xavier", 50, 50), (0.1, 50, 10)]]
    [0.2, 0.141421, 0.1]
    """
    if isinstance(init, str):
        if init == "he":
            return float(np.sqrt(2.0 / fan_in))
        if init == "xavier":
            return float(np.sqrt(2.0 / (fan_in + fan_out)))
        if init == "lecun":
            return float(np.sqrt(1.0 / fan_in))
        raise KeyError(f"unknown init {init!r}; known: {', '.join(INITS)} or a float std")
    return real_param(init, "init (a standard deviation)", low=0.0)


# --------------------------------------------------------------------------------------------
# the network


@dataclass(eq=False)
class Dense:
    """One fully connected layer, ``z = a_prev @ W + b``, and the gradients backward leaves.

    ``alpha`` and ``dalpha`` are used only with PReLU: the learnable negative slope of each of
    this layer's units, and its gradient.
    """

    W: np.ndarray
    b: np.ndarray
    dW: np.ndarray | None = None
    db: np.ndarray | None = None
    alpha: np.ndarray | None = None
    dalpha: np.ndarray | None = None

    def __repr__(self):
        extra = ", prelu" if self.alpha is not None else ""
        return f"Dense({self.W.shape[0]} -> {self.W.shape[1]}{extra})"


class MLP:
    r"""Multilayer perceptron: hidden layers with one activation, a linear output layer.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_in, hidden_1, ..., hidden_k, n_out]``; at least two entries, all >= 1.
    activation : str or Activation, default "relu"
        A registry name (``actlib.ACTIVATIONS``), an ``Activation`` from ``actlib.get`` (to
        bind parameters, e.g. ``get("leaky_relu", alpha=0.2)``), or ``"prelu"``.
    init : {"he", "xavier", "lecun"} or float, default "he"
        Gaussian weights with the variance of :func:`init_std`, or a float std.
    seed : int or numpy.random.Generator, default 0
        Where the initial weights come from: same seed, same network.
    bias_init : float, default 0.0
        Initial bias of every hidden unit (the output layer's biases start at 0). A small
        positive value is a classic remedy against dead ReLUs.

    Attributes
    ----------
    layers : list of Dense
        ``layers[i].W`` has shape (layer_sizes[i], layer_sizes[i+1]); backward fills ``dW``
        and ``db`` (and, for PReLU, ``dalpha``).
    preactivations, activations : list of ndarray
        ``z`` and ``a = f(z)`` of each hidden layer from the last :meth:`forward`.
    dz : list of ndarray
        dLoss/dz of each hidden layer from the last :meth:`backward` (its sum over the batch
        is that layer's ``db``): the backward signal that lessons 03 and 08 follow.
    activation : Activation
        The hidden layers' activation (for PReLU, leaky ReLU with the initial slope 0.25).
    prelu : bool
        Whether the slopes are learnable: one per hidden unit, in each layer's ``alpha``.
    activation_name : str

    Notes
    -----
    With :math:`a_0 = X`:

    .. math:: z_l = a_{l-1} W_l + b_l, \quad a_l = f(z_l) \ (l < L), \qquad
              \text{output} = z_L

    Backward applies the chain rule from the top: :math:`dz_l = da_l \odot f'(z_l)`,
    :math:`dW_l = a_{l-1}^\top dz_l`, :math:`db_l = \sum_n dz_l`,
    :math:`da_{l-1} = dz_l W_l^\top`.

    PReLU (He et al. 2015) is :math:`f(z) = \max(z, 0) + \alpha \min(z, 0)` with one
    learnable :math:`\alpha` per hidden unit ("channel-wise"; He et al. found it no worse
    than one shared slope), initialised to 0.25; :math:`\partial L / \partial \alpha_j =
    \sum_n da_{nj} \min(z_{nj}, 0)`.

    Examples
    --------
    >>> net = MLP([2, 8, 8, 1], activation="tanh", seed=0)
    >>> net
    MLP(2-8-8-1, tanh, init='he')
    >>> out = net.forward(np.ones((5, 2)))
    >>> out.shape, len(net.preactivations), net.layers[0].W.shape
    ((5, 1), 2, (2, 8))
    >>> dX = net.backward(np.ones_like(out))
    >>> dX.shape, net.layers[2].dW.shape
    ((5, 2), (8, 1))
    """

    def __init__(self, layer_sizes, activation="relu", init="he", seed=0, bias_init=0.0):
        sizes = tuple(layer_sizes)
        if len(sizes) < 2:
            raise ValueError("layer_sizes must be at least two positive integers "
                             f"[n_in, ..., n_out]; got {list(sizes)}")
        self.layer_sizes = tuple(int_param(n, "each of layer_sizes") for n in sizes)
        # PReLU is leaky ReLU with a learnable slope per unit, kept in each layer's `alpha`
        self.prelu = isinstance(activation, str) and activation == "prelu"
        self.activation = get("leaky_relu", alpha=PRELU_INIT) if self.prelu else get(activation)
        self.activation_name = "prelu" if self.prelu else self.activation.name
        bias_init = real_param(bias_init, "bias_init")
        self.init, self.seed, self.bias_init = init, seed, bias_init
        rng = np.random.default_rng(seed)
        self.layers = []
        for i, (n_in, n_out) in enumerate(zip(self.layer_sizes[:-1], self.layer_sizes[1:])):
            hidden = i < len(self.layer_sizes) - 2
            W = rng.normal(0.0, init_std(init, n_in, n_out), size=(n_in, n_out))
            b = np.full(n_out, self.bias_init if hidden else 0.0)
            alpha = np.full(n_out, PRELU_INIT) if hidden and self.prelu else None
            self.layers.append(Dense(W, b, alpha=alpha))
        self.preactivations, self.activations, self.dz = [], [], []
        self._X = None

    def __repr__(self):
        return (f"MLP({'-'.join(map(str, self.layer_sizes))}, {self.activation_name}, "
                f"init={self.init!r})")

    @property
    def n_params(self):
        """Number of trainable numbers (weights, biases and PReLU slopes)."""
        return sum(p.size for _, p, _ in self.parameters())

    def parameters(self):
        """List of ``(name, array, gradient)`` for every trainable array, e.g. ``("W0", W, dW)``.

        Optimizers update the arrays in place, so keep the same array objects in the layers.
        """
        out = []
        for i, layer in enumerate(self.layers):
            for name in ("W", "b", "alpha"):
                p = getattr(layer, name)
                if p is not None:
                    out.append((f"{name}{i}", p, getattr(layer, "d" + name)))
        return out

    # the activation of hidden layer i and its derivative (PReLU needs the layer's slopes;
    # ReLU, the common case, skips the registry's input checks and multiplies by a mask)
    def _f(self, i, z):
        if self.prelu:
            return np.where(z > 0, z, self.layers[i].alpha * z)
        if self.activation_name == "relu":
            return np.maximum(z, 0)
        return self.activation.f(z)

    def _df(self, i, z):
        if self.prelu:
            return np.where(z > 0, 1.0, self.layers[i].alpha)
        if self.activation_name == "relu":
            return z > 0  # relu'(0) = 0, as in PyTorch and actlib.relu_grad
        return self.activation.df(z)

    def derivatives(self):
        """``f'(z)`` of each hidden layer for the last :meth:`forward` (for the diagnostics)."""
        return [np.asarray(self._df(i, z), dtype=np.float64)
                for i, z in enumerate(self.preactivations)]

    def forward(self, X):
        """Output (logits) of shape (N, n_out) for X of shape (N, n_in); keeps every z and a."""
        X = _as_batch(X, self.layer_sizes[0])
        self._X, self.preactivations, self.activations = X, [], []
        a = X
        for i, layer in enumerate(self.layers[:-1]):
            z = a @ layer.W
            z += layer.b  # in place: one array fewer per layer
            a = self._f(i, z)
            self.preactivations.append(z)
            self.activations.append(a)
        last = self.layers[-1]
        out = a @ last.W
        out += last.b
        return out  # the output layer is linear: logits

    __call__ = forward

    def _check_dout(self, dout):
        """dout as float64, after a forward pass and shaped like its output."""
        if self._X is None:
            raise RuntimeError("call forward(X) before backward(dout)")
        expected = (self._X.shape[0], self.layer_sizes[-1])
        dout = np.asarray(dout, dtype=np.float64)
        if dout.shape != expected:
            raise ValueError(f"dout must have the output's shape {expected}; got {dout.shape}")
        return dout

    def backward(self, dout):
        """Fill every layer's ``dW``, ``db`` (and ``dalpha``) from dLoss/dOutput; return dLoss/dX.

        Call it after :meth:`forward`, with ``dout`` shaped like that forward's output.
        """
        dout = self._check_dout(dout)
        inputs = [self._X] + self.activations  # the a_prev that fed each layer
        dz, self.dz = dout, [None] * len(self.preactivations)
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            layer.dW = inputs[i].T @ dz
            layer.db = dz.sum(axis=0)
            da = dz @ layer.W.T  # gradient with respect to this layer's input
            if i == 0:
                return da
            z = self.preactivations[i - 1]
            if self.prelu:  # the slopes' gradient before we move on
                self.layers[i - 1].dalpha = (da * np.minimum(z, 0)).sum(axis=0)
            dz = self.dz[i - 1] = np.multiply(da, self._df(i - 1, z), out=da)  # da is ours

    def predict(self, X):
        """Class labels: argmax of the logits, or ``logit > 0`` when there is one output."""
        out = self.forward(X)
        if out.shape[1] == 1:
            return (out[:, 0] > 0).astype(np.int64)
        return out.argmax(axis=1)


# --------------------------------------------------------------------------------------------
# gated hidden layers (lesson 11): a separate class, so that MLP's backward stays elementwise


def gated_width(hidden, n_in, n_out, bias=True):
    r"""Width of a gated hidden layer with no more parameters than a dense one of ``hidden`` units.

    Parameters
    ----------
    hidden : int
        Width of the ordinary (ReLU, GELU, ...) hidden layer to match.
    n_in, n_out : int
        Input and output sizes of the block.
    bias : bool, default True
        Whether both blocks have biases (as :class:`MLP` and :class:`GatedMLP` do).

    Returns
    -------
    int
        The largest width :math:`h'` whose gated block has at most as many parameters.

    Notes
    -----
    A dense block has :math:`n_\text{in} h + h\,n_\text{out}` weights; a gated one needs two
    input matrices (one for the value half, one for the gate half):
    :math:`2 n_\text{in} h' + h' n_\text{out}`. In a Transformer's feed-forward block
    :math:`n_\text{in} = n_\text{out} = d_\text{model}`, so :math:`3 d\,h' = 2 d\,h` and
    :math:`h' = \tfrac23 h`: Shazeer (2020) shrinks :math:`d_\text{ff}` from 3072 to 2048. With
    biases (:math:`h + n_\text{out}` against :math:`2h' + n_\text{out}`):

    .. math:: h' = \left\lfloor \frac{h\,(n_\text{in} + n_\text{out} + 1)}
              {2 n_\text{in} + n_\text{out} + 2} \right\rfloor

    References
    ----------
    Shazeer (2020), "GLU variants improve Transformer", arXiv:2002.05202.

    Examples
    --------
    >>> gated_width(3072, 768, 768, bias=False)   # Shazeer's T5 setting
    2048
    >>> gated_width(48, 64, 10)                    # digits: 64 inputs, 10 classes
    25
    """
    hidden, n_in, n_out = (int_param(v, k) for v, k in ((hidden, "hidden"), (n_in, "n_in"),
                                                         (n_out, "n_out")))
    b = 1 if bias else 0
    dense = n_in * hidden + hidden * n_out + b * (hidden + n_out)
    per_unit = 2 * n_in + n_out + 2 * b
    return int((dense - b * n_out) // per_unit)


class GatedMLP(MLP):
    r"""Multilayer perceptron whose hidden layers are gated linear units (SwiGLU, GeGLU, ReGLU).

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_in, hidden_1, ..., hidden_k, n_out]``: ``hidden_i`` is the number of gated units,
        i.e. the width of the layer's output. Each hidden layer has a weight matrix of shape
        ``(n_prev, 2 * hidden_i)``: the value half and the gate half side by side. For the same
        number of parameters as an :class:`MLP` use :func:`gated_width` (about 2/3 of its
        width).
    gate : str, default "swiglu"
        A variant of :data:`actlib.gated.VARIANTS` ("glu", "bilinear", "reglu", "geglu",
        "swiglu") or a gate of :data:`actlib.gated.GATES` ("sigmoid", "identity", "relu",
        "gelu", "swish", "gelu_tanh").
    init, seed, bias_init
        As for :class:`MLP` (``fan_out`` of a hidden layer counts both halves).

    Attributes
    ----------
    layers, preactivations, activations
        As for :class:`MLP`; ``preactivations[i]`` has ``2 * hidden_i`` columns ``[a | b]``,
        ``activations[i]`` has ``hidden_i``.
    gate, activation_name : str
        The gate function and the variant's name (e.g. "swish" and "swiglu").

    Notes
    -----
    Hidden layer :math:`l`: :math:`[u_l, g_l] = a_{l-1} [W_l | V_l] + [b_l | c_l]`,
    :math:`a_l = u_l \odot f(g_l)` (:func:`actlib.gated.glu`). Backward is MLP's with one
    change: instead of :math:`dz = da \odot f'(z)` the gradient is split over the halves,
    :math:`du = da \odot f(g)` and :math:`dg = da \odot u \odot f'(g)`
    (:func:`actlib.gated.glu_grad`).

    References
    ----------
    Dauphin et al. (2017) and Shazeer (2020), as in :func:`actlib.gated.glu`.

    Examples
    --------
    >>> net = GatedMLP([64, 25, 10], gate="swiglu", seed=0)
    >>> net, net.layers[0].W.shape, net.n_params, MLP([64, 48, 10]).n_params
    (GatedMLP(64-25-10, swiglu, init='he'), (64, 50), 3510, 3610)
    >>> X = np.ones((3, 64)); out = net.forward(X)
    >>> out.shape, net.preactivations[0].shape, net.backward(np.ones_like(out)).shape
    ((3, 10), (3, 50), (3, 64))
    """

    def __init__(self, layer_sizes, gate="swiglu", init="he", seed=0, bias_init=0.0):
        from .gated import GATES, VARIANTS

        if isinstance(gate, str) and gate in VARIANTS:
            name, gate = gate, VARIANTS[gate]
        elif isinstance(gate, str) and gate in GATES:
            name = {g: v for v, g in VARIANTS.items()}.get(gate, f"glu({gate})")
        else:
            raise KeyError(f"unknown gate {gate!r}; known: {', '.join(VARIANTS)} or "
                           f"{', '.join(GATES)}")
        super().__init__(layer_sizes, activation=GATES[gate], init=init, seed=seed,
                         bias_init=bias_init)
        self.gate, self.activation_name = gate, name
        rng = np.random.default_rng(seed)  # the hidden layers again, twice as wide
        for i, (n_in, n_out) in enumerate(zip(self.layer_sizes[:-2], self.layer_sizes[1:-1])):
            W = rng.normal(0.0, init_std(init, n_in, 2 * n_out), size=(n_in, 2 * n_out))
            self.layers[i] = Dense(W, np.full(2 * n_out, self.bias_init))

    def __repr__(self):
        return f"Gated{super().__repr__()}"

    def _f(self, i, z):
        from .gated import glu

        return glu(z, self.gate)

    def derivatives(self):
        """``f'`` of each hidden layer's gate half for the last :meth:`forward` (diagnostics)."""
        return [self.activation.df(np.split(z, 2, axis=1)[1]) for z in self.preactivations]

    def backward(self, dout):
        """Fill every layer's ``dW`` and ``db`` from dLoss/dOutput; return dLoss/dX."""
        from .gated import glu_grad

        dout = self._check_dout(dout)
        inputs = [self._X] + self.activations
        dz = dout
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            layer.dW = inputs[i].T @ dz
            layer.db = dz.sum(axis=0)
            da = dz @ layer.W.T
            if i == 0:
                return da
            dz = glu_grad(self.preactivations[i - 1], da, self.gate)  # both halves at once


# --------------------------------------------------------------------------------------------
# optimizers: they read the gradients backward left in the layers and update in place


def _grads(net):
    params = net.parameters()
    missing = [name for name, _, g in params if g is None]
    if missing:
        raise RuntimeError(f"no gradient for {missing[0]}: call net.backward(...) before step()")
    return params


class SGD:
    r"""Stochastic gradient descent with optional (heavy-ball) momentum.

    Notes
    -----
    .. math:: v \leftarrow \mu v - \eta\, g, \qquad \theta \leftarrow \theta + v

    Parameters
    ----------
    net : MLP
    lr : float
        Learning rate :math:`\eta` > 0.
    momentum : float, default 0.0
        :math:`\mu` in [0, 1); 0 is plain SGD.

    References
    ----------
    Robbins and Monro (1951), "A stochastic approximation method"; Polyak (1964), "Some
    methods of speeding up the convergence of iteration methods"; Sutskever, Martens, Dahl and
    Hinton (2013), "On the importance of initialization and momentum in deep learning".

    Examples
    --------
    >>> net = MLP([1, 1], init=1.0)
    >>> _ = net.backward(np.ones((1, 1))) if net.forward([[2.0]]) is not None else None
    >>> w = net.layers[0].W.item(); SGD(net, lr=0.1).step()
    >>> round(w - net.layers[0].W.item(), 12)  # moved by lr * dW = 0.1 * 2
    0.2
    """

    def __init__(self, net, lr, momentum=0.0):
        self.net = net
        self.lr = real_param(lr, "lr", low=0.0, low_inclusive=False)
        self.momentum = real_param(momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
        self.velocity = {}

    def step(self):
        """Update every parameter once from its current gradient."""
        for name, p, g in _grads(self.net):
            if self.momentum:
                v = self.velocity.setdefault(name, np.zeros_like(p))
                v *= self.momentum
                v -= self.lr * g
                p += v
            else:
                p -= self.lr * g


class Adam:
    r"""Adam: per-parameter steps from running means of the gradient and its square.

    Notes
    -----
    .. math:: m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad
              v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
              \theta \leftarrow \theta - \eta\,
              \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}

    Parameters
    ----------
    net : MLP
    lr : float, default 1e-3
        Step size :math:`\eta`.
    betas : (float, float), default (0.9, 0.999)
        :math:`\beta_1, \beta_2`, decay rates of the two running means.
    eps : float, default 1e-8

    References
    ----------
    Kingma and Ba (2015), "Adam: a method for stochastic optimization", ICLR.

    Examples
    --------
    >>> net = MLP([1, 1], init=1.0)
    >>> _ = net.backward(np.ones((1, 1))) if net.forward([[2.0]]) is not None else None
    >>> w = net.layers[0].W.item(); Adam(net, lr=0.1).step()
    >>> round(w - net.layers[0].W.item(), 6)  # the first step is lr * sign(dW)
    0.1
    """

    def __init__(self, net, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.net = net
        self.lr = real_param(lr, "lr", low=0.0, low_inclusive=False)
        b1, b2 = betas
        self.betas = tuple(real_param(b, "each of betas", low=0.0, high=1.0, high_inclusive=False)
                           for b in (b1, b2))
        self.eps = real_param(eps, "eps", low=0.0, low_inclusive=False)
        self.t, self.m, self.v = 0, {}, {}

    def step(self):
        """Update every parameter once from its current gradient."""
        (b1, b2), self.t = self.betas, self.t + 1
        # Kingma and Ba's "efficient version": both bias corrections folded into the step
        # size and epsilon, so the update is the same as the formula above with fewer passes
        root = np.sqrt(1.0 - b2 ** self.t)
        step_size, eps = self.lr * root / (1.0 - b1 ** self.t), self.eps * root
        for name, p, g in _grads(self.net):
            if name not in self.m:
                self.m[name], self.v[name] = np.zeros_like(p), np.zeros_like(p)
            m, v = self.m[name], self.v[name]
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            update = np.sqrt(v)
            update += eps
            np.divide(m, update, out=update)
            update *= step_size
            p -= update


OPTIMIZERS = {"sgd": SGD, "adam": Adam}


# --------------------------------------------------------------------------------------------
# training


@dataclass
class History:
    """What :func:`train` measured, one entry per epoch (also readable as ``history["loss"]``).

    Attributes
    ----------
    loss : list of float
        Loss on the whole training set after each epoch.
    accuracy : list of float or None
        Training accuracy after each epoch (None for regression).
    val_loss, val_accuracy : list of float or None
        The same on the validation set, when one was given.
    records : list
        Per epoch, what ``train(record=...)`` returned (empty without ``record``); with
        ``record=actlib.diagnostics.layer_stats``, a list of LayerStats per hidden layer.
    wall_time : float
        Seconds the whole run took.
    """

    loss: list = field(default_factory=list)
    accuracy: list | None = None
    val_loss: list | None = None
    val_accuracy: list | None = None
    records: list = field(default_factory=list)
    wall_time: float = 0.0

    def __getitem__(self, key):
        return getattr(self, key)

    def __len__(self):
        return len(self.loss)

    def layer_stat(self, name):
        """One statistic ("mean", "std", "saturated", "dead", "grad_norm") as an array of
        shape (epochs, hidden layers), from ``train(record=layer_stats)``."""
        names = ("mean", "std", "saturated", "dead", "grad_norm")
        if name not in names:
            raise KeyError(f"unknown statistic {name!r}; known: {', '.join(names)}")
        if not self.records or not self.records[0]:
            raise ValueError("no layer statistics recorded: train with "
                             "record=actlib.diagnostics.layer_stats")
        return np.array([[getattr(s, name) for s in epoch] for epoch in self.records])


def _accuracy(out, y, loss_fn):
    """Fraction of correct labels, or None when the loss is not a classification loss."""
    if loss_fn is softmax_cross_entropy:
        return float(np.mean(out.argmax(axis=1) == y))
    if loss_fn is bce_with_logits:
        return float(np.mean((out > 0) == (y.reshape(out.shape) > 0.5)))
    return None


def _check_targets(net, y, X, loss_fn, name):
    """y checked against X and the network's output, before training starts."""
    y = np.asarray(y)
    if y.shape[:1] != X.shape[:1]:
        raise ValueError(f"{name} must have one target per row of X ({X.shape[0]}); "
                         f"got shape {y.shape}")
    n_out = net.layer_sizes[-1]
    if loss_fn is softmax_cross_entropy:
        if n_out < 2:
            raise ValueError("loss 'cross_entropy' needs a network with >= 2 outputs; this one "
                             "has 1 (use loss='bce' for one output)")
        return class_labels(y, X.shape[0], n_out, name)
    # the loss checks shape and values of real-valued targets; do it once, now
    loss_fn(np.zeros((X.shape[0], n_out)), y)
    return y


def train(net, X, y, loss="cross_entropy", optimizer="adam", lr=0.01, epochs=100,
          batch_size=32, seed=0, X_val=None, y_val=None, record=None):
    r"""Train ``net`` in place with mini-batches and return the :class:`History`.

    Parameters
    ----------
    net : MLP
    X : array_like, shape (N, n_in)
    y : array_like
        Integer labels of shape (N,) for "cross_entropy"; 0/1 targets of shape (N,) or (N, 1)
        for "bce"; real targets shaped like the output (or (N,) for one output) for "mse".
    loss : str or callable, default "cross_entropy"
        A name in ``LOSSES``, or a function returning ``(loss, dlogits)``.
    optimizer : {"adam", "sgd"} or optimizer, default "adam"
        A name (built with ``lr``), or an ``SGD``/``Adam`` already bound to ``net``.
    lr : float, default 0.01
    epochs : int, default 100
    batch_size : int, default 32
        Capped at N. Every epoch visits the rows in a new random order.
    seed : int, default 0
        Seeds the shuffling: same net, same data, same seed, same history.
    X_val, y_val : array_like, optional
        A validation set, evaluated after each epoch.
    record : callable, optional
        Called as ``record(net)`` after each epoch, once the network has run forward and
        backward on the whole training set (so ``net.activations`` and every ``dW`` are that
        set's); what it returns goes into ``history.records``. For example
        ``record=actlib.diagnostics.layer_stats`` (then ``history.layer_stat("dead")``).
        Without it, that extra backward pass is skipped.

    Returns
    -------
    History

    Raises
    ------
    ValueError, KeyError, TypeError
        For data or settings that do not fit, before any computation.
    FloatingPointError
        When the loss becomes NaN or inf; the network is put back to its parameters at the
        start of that epoch (the optimizer's running averages are not), and the message names
        the epoch and the likely cause.

    Notes
    -----
    One epoch visits every row once, in mini-batches of a fresh random order; each batch
    makes one step :math:`\theta \leftarrow \mathrm{opt}(\theta, \nabla_\theta L_B)`.
    After the epoch, loss and accuracy (and ``record``) are measured on the whole training set.

    References
    ----------
    Bottou, Curtis and Nocedal (2018), "Optimization methods for large-scale machine
    learning", SIAM Review 60.

    Examples
    --------
    >>> from actlib.datasets import xor
    >>> X, y = xor()
    >>> net = MLP([2, 8, 2], activation="tanh", seed=0)
    >>> hist = train(net, X, y, lr=0.05, epochs=200, batch_size=4)
    >>> hist.accuracy[-1]
    1.0
    """
    X = _as_batch(X, net.layer_sizes[0])
    loss_fn = get_loss(loss)
    y = _check_targets(net, y, X, loss_fn, "y")
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if X_val is not None:
        X_val = _as_batch(X_val, net.layer_sizes[0], "X_val")
        y_val = _check_targets(net, y_val, X_val, loss_fn, "y_val")
    epochs, batch_size = int_param(epochs, "epochs"), int_param(batch_size, "batch_size")
    if record is not None and not callable(record):
        raise TypeError(f"record must be a function of the network; got {type(record).__name__}")
    if isinstance(optimizer, str):
        if optimizer not in OPTIMIZERS:
            raise KeyError(f"unknown optimizer {optimizer!r}; known: {', '.join(OPTIMIZERS)}")
        opt = OPTIMIZERS[optimizer](net, lr=lr)
    else:
        if getattr(optimizer, "net", None) is not net:
            raise ValueError("the optimizer was built for another network: pass "
                             "optimizer=SGD(net, ...) or Adam(net, ...) for this net")
        opt = optimizer

    n, rng = X.shape[0], np.random.default_rng(seed)
    batch_size = min(batch_size, n)
    classify = loss_fn in (softmax_cross_entropy, bce_with_logits)  # else no accuracy
    hist = History(accuracy=[] if classify else None,
                   val_loss=None if X_val is None else [],
                   val_accuracy=[] if X_val is not None and classify else None)
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        saved = [p.copy() for _, p, _ in net.parameters()]  # to undo a diverging epoch
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught just below
            order = rng.permutation(n)
            for lo in range(0, n, batch_size):
                idx = order[lo:lo + batch_size]
                value, dout = loss_fn(net.forward(X[idx]), y[idx])
                if not np.isfinite(value):
                    break
                net.backward(dout)
                opt.step()
            if np.isfinite(value):  # the whole training set, after the epoch
                out = net.forward(X)
                value, dout = loss_fn(out, y)
        if not np.isfinite(value):
            for (_, p, _), old in zip(net.parameters(), saved):
                p[...] = old
            raise FloatingPointError(
                f"the loss became {value} in epoch {epoch}: training diverged. The learning "
                f"rate (lr={getattr(opt, 'lr', lr)}) is probably too high for this network "
                "and data; try a smaller one. The network was reset to its parameters at the "
                "start of that epoch.")
        hist.loss.append(value)
        if classify:
            hist.accuracy.append(_accuracy(out, y, loss_fn))
        if record is not None:
            with np.errstate(over="ignore", invalid="ignore"):  # a finite loss, huge weights
                net.backward(dout)  # gradients of the full training set
            hist.records.append(record(net))
        if X_val is not None:
            out_val = net.forward(X_val)
            hist.val_loss.append(loss_fn(out_val, y_val)[0])
            if classify:
                hist.val_accuracy.append(_accuracy(out_val, y_val, loss_fn))
    hist.wall_time = time.perf_counter() - start
    return hist


__all__ = [
    "INITS",
    "LOSSES",
    "MLP",
    "OPTIMIZERS",
    "PRELU_INIT",
    "SGD",
    "Adam",
    "Dense",
    "GatedMLP",
    "History",
    "bce_with_logits",
    "gated_width",
    "get_loss",
    "init_std",
    "mse",
    "softmax_cross_entropy",
    "train",
]
