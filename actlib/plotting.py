"""Every figure type the lessons draw, in one style, with one colour per activation.

Take colours from :data:`COLORS` (or :func:`color`) in every figure of the curriculum, so that
ReLU is the same green in lesson 04 as in lesson 10. The palette is colour-blind safe: the
Okabe-Ito colours first, then Paul Tol's "muted" scheme for the rest. With more than about six
lines on one axis colour alone stops being enough, so :data:`MARKERS` gives each activation a
marker as well, which line plots of a few points (per layer, per epoch) use.

All functions draw on an ``ax`` when given one (and return it), and never modify their inputs.
"""
from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from .activations import ROWS, Activation, get

# -- one colour per activation ---------------------------------------------------------------

#: One colour-blind-safe colour per activation name (Okabe-Ito, then Paul Tol's "muted", then
#: his "vibrant"), from each activation's row in :data:`actlib.activations.ROWS` (``silu`` has
#: swish's colour: the same function), plus the names that are not elementwise activations:
#: the gated units of lesson 11 (``swiglu``, ``geglu``, ``reglu``) and others.
#: ``linear`` is another name for ``identity``.
COLORS = {row.name: row.color for row in ROWS.values()} | {
    "linear": ROWS["identity"].color,
    "prelu": "#882255",       # Tol muted wine
    "maxout": "#AA4499",      # Tol muted purple
    "softmax": "#888888",     # neutral grey: a vector function, rarely next to the others
    "swiglu": "#225555",      # Tol dark cyan: a dark swish (its gate), apart from relu's green
    "geglu": "#DDAA33",       # Tol high-contrast yellow
    "reglu": "#004488",       # Tol high-contrast blue
}

#: One marker per activation name, so lines stay apart in greyscale and when colours are close.
MARKERS = {row.name: row.marker for row in ROWS.values()} | {
    "linear": ROWS["identity"].marker, "prelu": "<", "maxout": ">", "softmax": "d",
    "swiglu": "1", "geglu": "2", "reglu": "3"}

#: Colours for classes in scatter plots and decision regions (Okabe-Ito, not the ones above).
CLASS_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

# lines whose label names no activation take these, in order
_FALLBACK = ("#444444", "#117733", "#88CCEE", "#DDCC77", "#BBBBBB")
_LINESTYLES = ("-", "--", ":", "-.")


def color(name, default=None):
    """The curriculum's colour for an activation.

    Parameters
    ----------
    name : str or Activation
        A name in :data:`COLORS` (case-insensitive), or a label that starts with one followed
        by a space, ``(``, ``,`` or ``/`` (e.g. ``"relu (He init)"``), or an ``Activation``.
    default : str, optional
        Returned when ``name`` matches no activation; without it a ``KeyError`` is raised.

    Returns
    -------
    str
        A hex colour.

    Examples
    --------
    >>> color("relu")
    '#009E73'
    >>> color("leaky_relu(alpha=0.2)") == color("leaky_relu")
    True
    >>> color("my net", default="#000000")
    '#000000'
    """
    key = _key(name)
    if key is not None:
        return COLORS[key]
    if default is not None:
        return default
    raise KeyError(f"no colour for {name!r}; known activations: {', '.join(COLORS)}")


_color_of = color  # plot_activation's ``color`` argument shadows the function


def _key(name):
    """The COLORS key a name or label refers to, or None."""
    if isinstance(name, Activation):
        name = name.name
    if not isinstance(name, str):
        return None
    label = name.strip().lower()
    for sep in " (,/:=":
        label = label.split(sep)[0]
    return label if label in COLORS else None


def _styles(labels):
    """(colour, marker, linestyle) for each label: the activation's colour and marker; a repeated
    activation keeps its colour and changes linestyle; other labels take fallback colours."""
    seen, n_other, out = {}, 0, []
    for label in labels:
        key = _key(label)
        if key is None:
            c, m = _FALLBACK[n_other % len(_FALLBACK)], "o"
            n_other += 1
        else:
            c, m = COLORS[key], MARKERS[key] or "."
        ls = _LINESTYLES[seen.get(c, 0) % len(_LINESTYLES)]
        seen[c] = seen.get(c, 0) + 1
        out.append((c, m, ls))
    return out


# -- the style -------------------------------------------------------------------------------

STYLE = {
    "figure.figsize": (7.0, 3.5),
    "figure.dpi": 100,           # 700 x 350 px: readable at notebook width, ~30 KB per PNG
    "savefig.dpi": "figure",
    "figure.facecolor": "white",
    "figure.constrained_layout.use": True,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(CLASS_COLORS[:6]) + ["#000000"]),
    "lines.linewidth": 1.8,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "image.cmap": "viridis",
}


def use_style():
    """Set the curriculum's matplotlib style (``STYLE``) for every figure drawn afterwards.

    Examples
    --------
    >>> use_style()
    >>> import matplotlib as mpl
    >>> tuple(mpl.rcParams["figure.figsize"])
    (7.0, 3.5)
    """
    mpl.rcParams.update(STYLE)


# -- activations -----------------------------------------------------------------------------

def _activation(act):
    if isinstance(act, Activation):
        return act
    if isinstance(act, str):
        return get(act)
    raise TypeError(f"expected an activation name or an Activation; got {type(act).__name__}")


def _label(act):
    if not act.params:
        return act.name
    return act.name + "(" + ", ".join(f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}"
                                      for k, v in act.params.items()) + ")"


def _legend(ax, n):
    """Inside the axes for a few lines; outside on the right when there are many."""
    if n > 5:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    else:
        ax.legend(loc="best")


def _zero_lines(ax):
    ax.axhline(0, color="0.6", lw=0.8, zorder=0)
    ax.axvline(0, color="0.6", lw=0.8, zorder=0)


def plot_activation(act, x=None, ax=None, derivative=True, label=None, color=None):
    """Draw an activation f (solid) and its derivative f' (dashed, same colour).

    Parameters
    ----------
    act : str or Activation
        A registry name, or ``actlib.get(name, **params)`` for non-default parameters.
    x : array_like, optional
        Inputs z at which to draw; default 401 points on [-5, 5].
    ax : matplotlib Axes, optional
        Drawn on a new figure when omitted.
    derivative : bool, default True
        Also draw f'.
    label : str, optional
        Legend label of f; default the name with its parameters, e.g. ``leaky_relu(alpha=0.2)``.
    color : str, optional
        Default :func:`color` of the activation.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")  # draw off screen
    >>> ax = plot_activation("sigmoid")
    >>> [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    ['sigmoid', "sigmoid'"]
    >>> plt.close("all")
    """
    act = _activation(act)
    z = np.linspace(-5, 5, 401) if x is None else np.array(x, dtype=float)  # a copy
    if ax is None:
        _, ax = plt.subplots()
    c = color or _color_of(act, default="#000000")
    label = label or _label(act)
    _zero_lines(ax)
    ax.plot(z, act.f(z), color=c, ls="-", label=label)
    if derivative:
        ax.plot(z, act.df(z), color=c, ls="--", label=f"{label}'")
    ax.set_xlabel("z (pre-activation)")
    ax.set_ylabel("f(z), f'(z)" if derivative else "f(z)")
    ax.legend(loc="best")
    return ax


def plot_gallery(names, x=None, ncols=4, derivative=True, ylim=(-1.5, 3.0),
                 panel_size=(2.4, 2.0), title=None):
    """A grid of small panels, one activation (f and f') per panel.

    Parameters
    ----------
    names : sequence of str or Activation
    x : array_like, optional
        Inputs; default 401 points on [-4, 4].
    ncols : int, default 4
    derivative : bool, default True
    ylim : (float, float) or None, default (-1.5, 3.0)
        The y range shared by every panel, so shapes compare at a glance (the default shows
        saturation and the negative side); None lets each panel choose its own.
    panel_size : (float, float)
        Width and height of one panel in inches.
    title : str, optional
        A title over the whole grid (the figure's suptitle, with room kept for it).

    Returns
    -------
    matplotlib Figure
        Laid out once, with fixed margins (not constrained layout, which takes about 0.3 s
        to arrange sixteen panels).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")  # draw off screen
    >>> fig = plot_gallery(["sigmoid", "tanh", "relu"])
    >>> [ax.get_title() for ax in fig.axes]
    ['sigmoid', 'tanh', 'relu']
    >>> plt.close(fig)
    """
    acts = [_activation(a) for a in names]
    if not acts:
        raise ValueError("plot_gallery needs at least one activation; got none")
    ncols = min(int(ncols), len(acts))
    nrows = -(-len(acts) // ncols)
    x = np.linspace(-4, 4, 401) if x is None else x
    title_room = 0.3 if title else 0.0  # inches added on top for the suptitle
    width, height = panel_size[0] * ncols, panel_size[1] * nrows + title_room
    fig, axes = plt.subplots(nrows, ncols, sharex=True, sharey=ylim is not None, squeeze=False,
                             figsize=(width, height), layout="none")
    # margins in inches: tick labels on the left, tick labels and "z" below, titles above
    fig.subplots_adjust(left=0.45 / width, right=1 - 0.1 / width, bottom=0.5 / height,
                        top=1 - (0.3 + title_room) / height, wspace=0.06, hspace=0.28)
    if title:
        fig.suptitle(title, y=1 - 0.08 / height, va="top")
    for i, ax in enumerate(axes.flat):
        if i >= len(acts):
            ax.set_visible(False)
            continue
        plot_activation(acts[i], x=x, ax=ax, derivative=derivative, label="f")
        ax.set_title(_label(acts[i]), color=_color_of(acts[i], default="#000000"))
        if ylim is not None:
            ax.set_ylim(ylim)
        lowest = i + ncols >= len(acts)  # nothing below it: its x axis is labelled
        ax.set_xlabel("z" if lowest else "")
        ax.xaxis.set_tick_params(labelbottom=lowest)
        ax.set_ylabel("")
        if i:
            ax.get_legend().remove()
    return fig


# -- networks and training -------------------------------------------------------------------

def plot_decision_boundary(model, X, y, ax=None, title=None, resolution=200, padding=0.5):
    """Decision regions of a classifier on 2-D inputs, with the data on top.

    Parameters
    ----------
    model : callable or object with ``predict``
        ``model.predict(X)`` (e.g. an ``actlib.nn.MLP``) or ``model(X)``, returning integer
        labels of shape (N,) or class scores of shape (N, k) (their argmax is used).
    X : array_like, shape (N, 2)
    y : array_like, shape (N,)
        Integer class labels.
    ax : matplotlib Axes, optional
    title : str, optional
    resolution : int, default 200
        Grid points per axis.
    padding : float, default 0.5
        Margin around the data, in input units.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")  # draw off screen
    >>> X = np.array([[-1.0, 0.0], [1.0, 0.0], [-1.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([0, 1, 0, 1])
    >>> ax = plot_decision_boundary(lambda X: (X[:, 0] > 0).astype(int), X, y, title="x1 > 0")
    >>> ax.get_title()
    'x1 > 0'
    >>> plt.close("all")
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2); got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},); got {y.shape}")
    predict = model.predict if hasattr(model, "predict") else model
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    out = np.asarray(predict(np.column_stack([g0.ravel(), g1.ravel()])))
    labels = out.argmax(axis=1) if out.ndim == 2 else out
    classes = np.unique(np.concatenate([np.unique(y), np.unique(labels)])).astype(int)
    cmap = mpl.colors.ListedColormap([CLASS_COLORS[c % len(CLASS_COLORS)]
                                      for c in range(classes.max() + 1)])
    if ax is None:
        _, ax = plt.subplots(figsize=(4.0, 3.5))
    ax.contourf(g0, g1, labels.reshape(g0.shape), levels=np.arange(classes.max() + 2) - 0.5,
                cmap=cmap, alpha=0.25)
    for c in np.unique(y):
        ax.scatter(*X[y == c].T, s=12, color=CLASS_COLORS[int(c) % len(CLASS_COLORS)],
                   edgecolor="white", linewidth=0.3, label=f"class {c}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
    ax.grid(False)
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_layer_stats(values, label=None, ax=None, ylabel="value", logy=True, title=None):
    """A statistic per layer (gradient norm, std of activations, fraction dead...), one line
    per activation or configuration, layer 1 at the input side.

    Parameters
    ----------
    values : array_like of shape (L,), or mapping of label -> array_like of shape (L,)
        One value per layer. A label that names an activation (``"tanh"``, ``"relu (He)"``)
        takes its colour and marker.
    label : str, optional
        Label of the line when ``values`` is a single array.
    ax : matplotlib Axes, optional
    ylabel : str, default "value"
        What is plotted, e.g. ``"gradient norm ||dW||"``.
    logy : bool, default True
        Log y axis (gradients vanish and explode geometrically with depth).
    title : str, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")  # draw off screen
    >>> ax = plot_layer_stats({"sigmoid": [1e-1, 1e-2, 1e-3], "relu": [1.0, 1.0, 0.9]},
    ...                       ylabel="gradient norm")
    >>> ax.get_ylabel(), ax.get_yscale()
    ('gradient norm', 'log')
    >>> plt.close("all")
    """
    series = dict(values) if isinstance(values, Mapping) else {label or "": values}
    if ax is None:
        _, ax = plt.subplots()
    for (name, v), (c, m, ls) in zip(series.items(), _styles(series)):
        v = np.asarray(v, dtype=float)
        if v.ndim != 1:
            raise ValueError(f"expected one value per layer (1-D); got shape {v.shape} "
                             f"for {name!r}")
        ax.plot(np.arange(1, v.size + 1), v, color=c, marker=m, ls=ls, ms=5,
                label=name or None)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="layer", ylabel=ylabel)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    if title:
        ax.set_title(title)
    if any(series):
        _legend(ax, len(series))
    return ax
