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
        self._layouts = _LayoutCache()
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
            self.result = _draw_into(self.output, self.draw_fn, self.values, self._layouts)
        except Exception as exc:  # shown to the learner, see _show_error
            if change is None:
                raise
            _show_error(self.output, exc)
            self.result = None
        self.text.value = "" if self.result is None else str(self.result)


def _draw_into(output, draw_fn, values=None, layouts=None):
    """Run ``draw_fn(**values)``; put its figure(s) into output as PNG, replacing what was there.

    The outputs are set directly (not captured with ``with output:``): one atomic swap, so the
    widget does not flicker, works with any matplotlib backend, and can be inspected from
    code (``output.outputs``). The figures draw_fn made are closed. ``layouts``, a
    :class:`_LayoutCache`, keeps the layout of the figures from one redraw to the next.
    """
    layouts = _LayoutCache() if layouts is None else layouts
    before = set(plt.get_fignums())
    try:
        result = draw_fn(**(values or {}))
        new = [plt.figure(num) for num in sorted(set(plt.get_fignums()) - before)]
        output.outputs = tuple(layouts.png_output(k, fig) for k, fig in enumerate(new))
    finally:
        for num in set(plt.get_fignums()) - before:
            plt.close(num)
    return result


class _LayoutCache:
    """The layout of a widget's figures, from constrained layout at the first draw, reused.

    Why: constrained layout (the curriculum's style) measures every tick label and title twice
    before a figure is drawn, 30-40% of a widget's redraw. A widget draws the same kind of
    figure over and over with other numbers, so the axes' positions found once fit the next
    frames too. They are reused only for a figure of the same size and grid of subplots, with
    nothing else that constrained layout places (no colorbar, suptitle or figure legend); and a
    frame whose ink reaches the edge of the image (a tick label grown wider than the margin,
    say) is laid out again and drawn again, and that layout kept.
    """

    def __init__(self):
        self._saved = {}  # figure index -> (key, axes positions, ink at the edge is normal)

    def png_output(self, index, fig):
        key = _layout_key(fig)
        saved = self._saved.get(index)
        if key is None or saved is None or saved[0] != key:
            return self._fresh(index, fig, key)
        _, positions, edge_ok = saved
        fig.set_layout_engine("none")
        for ax, pos in zip(fig.axes, positions):
            ax.set_position(pos)
        rgba = _render(fig)
        if not _labels_fit(fig) or (not edge_ok and _ink_at_edge(rgba, fig)):
            for ax in fig.axes:
                ax.set_in_layout(True)  # set_position took the axes out of the layout
            fig.set_layout_engine("constrained")
            return self._fresh(index, fig, key)
        return _png_output(fig, rgba)

    def _fresh(self, index, fig, key):
        rgba = _render(fig)
        if key is not None:
            self._saved[index] = (key, [ax.get_position(original=True).frozen()
                                        for ax in fig.axes], _ink_at_edge(rgba, fig))
        return _png_output(fig, rgba)


def _layout_key(fig):
    """What the layout of a figure depends on, or None when it is not for _LayoutCache."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if (not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine) or fig.legends
            or fig.texts or fig.get_suptitle() or fig.get_supxlabel() or fig.get_supylabel()):
        return None
    grid = []
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is None or ax.get_axes_locator() is not None:  # colorbars, insets
            return None
        gs = spec.get_gridspec()
        grid.append((spec.get_geometry(), tuple(gs.get_width_ratios() or ()),
                     tuple(gs.get_height_ratios() or ())))
    return tuple(fig.get_size_inches()), fig.dpi, tuple(grid)


def _render(fig):
    """Draw the figure once with Agg; its pixels as an (h, w, 4) uint8 array."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())


def _labels_fit(fig):
    """Whether every axis label, title and legend is inside the figure and off the other axes
    (a wider tick label pushes the y label out: the ink test below would not see it)."""
    width, height = fig.canvas.get_width_height()
    for ax in fig.axes:
        for artist in (ax.xaxis.label, ax.yaxis.label, ax.title, ax.get_legend()):
            if artist is None or not artist.get_visible() or not getattr(artist, "get_text",
                                                                           lambda: "x")():
                continue
            box = artist.get_window_extent()
            if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
                return False
            if any(box.overlaps(other.bbox) for other in fig.axes if other is not ax):
                return False
    return True


def _ink_at_edge(rgba, fig):
    """Whether anything but the figure's background touches the border of the image."""
    from matplotlib.colors import to_rgba_array

    background = np.round(to_rgba_array(fig.get_facecolor())[0] * 255).astype(np.uint8)
    edges = np.concatenate([rgba[0], rgba[-1], rgba[:, 0], rgba[:, -1]])
    return bool((edges != background).any())


def _png_output(fig, rgba=None):
    """The figure as a display_data output (PNG); ``rgba``, its pixels, if already drawn.

    Drawn once: not ``fig.savefig(bbox_inches="tight")``, which draws the figure twice (once
    to measure, once to render); the curriculum's style already fits every figure into its
    size (constrained layout). Encoded with the fastest zlib level: a widget frame is shown
    once and never stored (8.5 -> 5.8 ms for a 700 x 350 frame, 23 -> 27 kB).
    """
    from PIL import Image

    rgba = _render(fig) if rgba is None else rgba
    buf = io.BytesIO()
    Image.fromarray(rgba).save(buf, format="png", compress_level=1)
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
        self._layouts = _LayoutCache()
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
            _draw_into(self.output, draw, layouts=self._layouts)
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
