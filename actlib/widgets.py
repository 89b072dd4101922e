"""The ipywidgets explorers the lessons embed.

Two building blocks live at the top of this module: :func:`activation_explorer` (lesson 00 and
every lesson on a single activation) and :func:`interactive_plot`, the small helper that the
lesson-specific widgets further down are built with: give it a function that draws a figure
with pyplot (and may return a line of text) and the controls; it redraws in place whenever a
control moves. A widget cell carries the tag ``nbval-ignore-output``; what it shows for its
initial values is printed again in a following, compared cell (e.g. with
:func:`saturated_fraction`).

Lesson widgets are added at the end of this file, one clearly marked section per lesson.
"""
import base64
import inspect
import io
import traceback

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .activations import ACTIVATIONS, ROWS, get
from .diagnostics import SATURATION_THRESHOLD
from .plotting import plot_activation

# -- building block: redraw a figure when controls move --------------------------------------


class InteractivePlot(widgets.VBox):
    """Controls above a figure that is redrawn in place, and a line of text under it.

    Built by :func:`interactive_plot`; ``controls`` maps names to the control widgets,
    ``output`` is the ``ipywidgets.Output`` holding the figure, ``text`` the ``HTML`` line,
    ``result`` what ``draw_fn`` returned last.
    """

    def __init__(self, draw_fn, controls):
        self.draw_fn = draw_fn
        self.controls = dict(controls)
        self.output = widgets.Output()
        self.text = widgets.HTML()
        self.result = None
        super().__init__(children=[widgets.VBox(list(self.controls.values())), self.output,
                                   self.text])
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    @property
    def values(self):
        """Current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def update(self, change=None):
        """Redraw with the current values (called by every control change; an exception
        raised then is shown in the widget, one raised by a direct call propagates)."""
        try:
            self.result = _draw_into(self.output, self.draw_fn, **self.values)
        except Exception as exc:  # shown to the learner, see _show_error
            if change is None:
                raise
            _show_error(self.output, exc)
            self.result = None
        self.text.value = "" if self.result is None else str(self.result)


def _draw_into(output, draw_fn, **values):
    """Run draw_fn and put its figure(s) into output as PNG, replacing what was there.

    The outputs are set directly (not captured with ``with output:``): one atomic swap, so the
    widget does not flicker, works with any matplotlib backend, and can be inspected from
    code (``output.outputs``). The figures draw_fn made are closed.
    """
    before = set(plt.get_fignums())
    try:
        result = draw_fn(**values)
        new = [plt.figure(num) for num in sorted(set(plt.get_fignums()) - before)]
        output.outputs = tuple(_png_output(fig) for fig in new)
    finally:
        for num in set(plt.get_fignums()) - before:
            plt.close(num)
    return result


def _png_output(fig):
    """The figure as a display_data output (PNG), drawn once.

    Not ``bbox_inches="tight"``, which draws the figure twice (once to measure, once to
    render); the curriculum's style already fits every figure into its size (constrained
    layout). The fastest zlib level: a widget frame is shown once and never stored (8.5 ->
    5.8 ms for a 700 x 350 frame, 23 -> 27 kB).
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
    w, h = fig.get_size_inches() * fig.dpi
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"),
                     "text/plain": f"<Figure size {w:.0f}x{h:.0f} with {len(fig.axes)} Axes>"}}


def _show_error(output, exc):
    """A callback's exception, shown where the figure was (JupyterLab would hide it in its
    log console otherwise)."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    output.outputs = ({"output_type": "stream", "name": "stderr", "text": text},)


def _as_control(name, spec, default=inspect.Parameter.empty):
    """A widget as it is, or one built from an abbreviation like ``interact`` takes, starting
    at ``default`` (the draw function's default for that argument) when there is one."""
    if isinstance(spec, widgets.ValueWidget):
        return spec
    empty = widgets.interaction.empty
    control = widgets.interactive.widget_from_abbrev(
        spec, empty if default is inspect.Parameter.empty else default)
    if control is None:
        raise ValueError(f"cannot make a control for {name!r} from {spec!r}: give a widget, a "
                         "(min, max, step) tuple, a list of options, a bool or a number")
    control.description = name
    return control


def interactive_plot(draw_fn, **controls):
    """A figure that redraws itself when its controls move.

    Parameters
    ----------
    draw_fn : callable
        Called as ``draw_fn(**values)`` with the current value of every control; draws a
        figure with pyplot (``plt.subplots(...)``) and may return a string (HTML allowed) shown
        under the figure. It must not call ``plt.show()``: the inline backend would send the
        figure elsewhere and close it.
    **controls : widget or abbreviation
        ``name=widget`` (e.g. ``ipywidgets.IntSlider(...)``), or an abbreviation as
        ``ipywidgets.interact`` takes: ``(min, max, step)``, a list of options, a bool. As with
        ``interact``, a control built from an abbreviation starts at ``draw_fn``'s default
        for that argument when it has one (otherwise mid-range, or the first option).

    Returns
    -------
    InteractivePlot
        A ``VBox`` to display (last expression of the cell); ``.controls``, ``.output``,
        ``.text``, ``.result`` and ``.update()`` for use from code and tests.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")  # draw off screen
    >>> def draw(n):
    ...     fig, ax = plt.subplots()
    ...     ax.plot(np.arange(n) ** 2)
    ...     return f"{n} points"
    >>> w = interactive_plot(draw, n=widgets.IntSlider(value=5, min=2, max=50))
    >>> w.text.value
    '5 points'
    >>> w.controls["n"].value = 7
    >>> w.text.value
    '7 points'
    """
    if not callable(draw_fn):
        raise TypeError(f"draw_fn must be callable; got {type(draw_fn).__name__}")
    if not controls:
        raise ValueError("interactive_plot needs at least one control")
    try:
        params = inspect.signature(draw_fn).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        params = {}
    return InteractivePlot(draw_fn, {
        k: _as_control(k, v, params[k].default if k in params else inspect.Parameter.empty)
        for k, v in controls.items()})


# -- the activation explorer -----------------------------------------------------------------

#: Choices for parameters that are strings, from the activations' rows.
PARAM_CHOICES = {k: p.choices for row in ROWS.values() for k, p in row.params.items()
                 if p.choices}


def activation_params(name):
    """The tunable parameters of a registered activation and their defaults (from its row).

    Examples
    --------
    >>> activation_params("leaky_relu")
    {'alpha': 0.01}
    >>> activation_params("sigmoid")
    {}
    """
    get(name)  # KeyError listing the known names
    return {k: p.default for k, p in ROWS[name].params.items()}


def saturated_fraction(act, lo=-5.0, hi=5.0, threshold=SATURATION_THRESHOLD, n=2001):
    r"""Fraction of inputs z in [lo, hi] where the activation passes on almost no gradient.

    Parameters
    ----------
    act : str or Activation
    lo, hi : float
        The input range (a uniform grid of ``n`` points on it).
    threshold : float, default ``diagnostics.SATURATION_THRESHOLD`` (0.01)
    n : int, default 2001

    Returns
    -------
    float

    Notes
    -----
    .. math:: \frac{1}{n} \#\{\, z_i : |f'(z_i)| < \tau \,\}, \quad z_i \text{ evenly spaced}.

    Saturated (sigmoid, tanh: both tails) and dead (ReLU: z < 0) inputs both count.

    Examples
    --------
    >>> round(saturated_fraction("sigmoid", -6, 6), 3)  # |z| > 4.585: 2 * 1.415 / 12
    0.236
    >>> saturated_fraction("leaky_relu", -6, 6)
    0.0
    """
    act = get(act) if isinstance(act, str) else act
    if not hi > lo:
        raise ValueError(f"need lo < hi; got lo={lo}, hi={hi}")
    z = np.linspace(lo, hi, int(n))
    return float(np.mean(np.abs(act.df(z)) < threshold))


def _param_control(name, param, default):
    spec = ROWS[name].params[param]
    if spec.choices:
        return widgets.Dropdown(options=spec.choices, value=default, description=param)
    lo, hi, step = spec.slider
    return widgets.FloatSlider(value=default, min=lo, max=hi, step=step, description=param,
                               continuous_update=False, readout_format=".2f")


class ActivationExplorer(widgets.VBox):
    """Pick an activation, move its parameters and the input range; see f, f' and the
    fraction of the range where |f'| < threshold. Built by :func:`activation_explorer`."""

    def __init__(self, name="sigmoid", x_range=(-6.0, 6.0), threshold=SATURATION_THRESHOLD):
        self.threshold = threshold
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), value=get(name).name,
                                           description="activation")
        self.x_range = widgets.FloatRangeSlider(value=tuple(x_range), min=-12.0, max=12.0,
                                                step=0.5, description="z range",
                                                continuous_update=False)
        self.params = widgets.VBox()
        self.output = widgets.Output()
        self.text = widgets.HTML()
        self.fraction = None
        super().__init__(children=[widgets.HBox([self.activation, self.x_range]), self.params,
                                   self.output, self.text])
        self.activation.observe(self._new_activation, names="value")
        self.x_range.observe(self.update, names="value")
        self._new_activation()

    @property
    def param_values(self):
        """The current parameter values, by name."""
        return {c.description: c.value for c in self.params.children}

    def _new_activation(self, change=None):
        name = self.activation.value
        controls = [_param_control(name, p, d) for p, d in activation_params(name).items()]
        for c in controls:
            c.observe(self.update, names="value")
        self.params.children = controls
        self.update()

    def update(self, change=None):
        """Redraw for the current choice, parameters and range."""
        act = get(self.activation.value, **self.param_values)
        lo, hi = self.x_range.value
        self.fraction = saturated_fraction(act, lo, hi, self.threshold)

        def draw():
            _, ax = plt.subplots()
            z = np.linspace(lo, hi, 801)
            # shade where less than `threshold` of the gradient gets through
            ax.fill_between(z, 0, 1, where=np.abs(act.df(z)) < self.threshold, color="0.88",
                            transform=ax.get_xaxis_transform(), lw=0,
                            label=f"|f'| < {self.threshold:g}")
            plot_activation(act, x=z, ax=ax)
            ax.legend(loc="best", frameon=True, framealpha=0.9, edgecolor="none")
            ax.set_title(f"{act.name}: f and f' on [{lo:g}, {hi:g}]")

        try:
            _draw_into(self.output, draw)
        except Exception as exc:  # shown to the learner, see _show_error
            if change is None:
                raise
            _show_error(self.output, exc)
        self.text.value = (f"|f'(z)| &lt; {self.threshold:g} on <b>{self.fraction:.1%}</b> of "
                           f"[{lo:g}, {hi:g}] (saturated or dead inputs)")


def activation_explorer(name="sigmoid", x_range=(-6.0, 6.0), threshold=SATURATION_THRESHOLD):
    """Explore any registered activation: its curve, its derivative, where it saturates.

    Parameters
    ----------
    name : str, default "sigmoid"
        The activation shown first; the dropdown offers every name in ``ACTIVATIONS``.
    x_range : (float, float), default (-6, 6)
        Initial input range (the slider goes from -12 to 12).
    threshold : float, default 0.01
        |f'| below this counts as saturated (``diagnostics.SATURATION_THRESHOLD``).

    Returns
    -------
    ActivationExplorer
        A ``VBox``: ``.activation`` (Dropdown), ``.params`` (one slider per numeric parameter,
        e.g. alpha, beta; a dropdown for GELU's ``approximate``), ``.x_range``, ``.text`` and
        ``.fraction`` (the saturated fraction shown).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")  # draw off screen
    >>> w = activation_explorer("tanh")
    >>> round(w.fraction, 3) == round(saturated_fraction("tanh", -6, 6), 3)
    True
    >>> w.activation.value = "leaky_relu"
    >>> [c.description for c in w.params.children]
    ['alpha']
    """
    return ActivationExplorer(name, x_range, threshold)


# ============================================================================================
# Lesson widgets: one section per lesson below this line, each with its own header.
# ============================================================================================
