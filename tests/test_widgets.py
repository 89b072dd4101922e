"""actlib.widgets: built without a browser, driven by setting control values from code."""
import base64

import matplotlib

matplotlib.use("Agg")

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

import actlib
from actlib import widgets
from actlib.plotting import COLORS


@pytest.fixture(autouse=True)
def _no_leaked_figures():
    before = set(plt.get_fignums())
    yield
    assert set(plt.get_fignums()) == before, "a widget left figures open"
    plt.close("all")


def _png(output):
    """The PNG bytes of the single figure an Output shows."""
    (out,) = output.outputs
    assert out["output_type"] == "display_data"
    data = base64.b64decode(out["data"]["image/png"])
    assert data.startswith(b"\x89PNG")
    return data


# -- saturated_fraction ----------------------------------------------------------------------

@pytest.mark.parametrize("name", list(actlib.ACTIVATIONS))
def test_saturated_fraction_matches_a_direct_count(name):
    act = actlib.ACTIVATIONS[name]
    z = np.linspace(-7.0, 3.0, 1001)
    expected = np.count_nonzero(np.abs(act.df(z)) < 0.05) / z.size
    assert widgets.saturated_fraction(name, -7.0, 3.0, threshold=0.05, n=1001) == expected


def test_saturated_fraction_known_cases():
    # sigmoid'(z) < 0.01 exactly when |z| > ln(0.98990 / 0.01010) ~ 4.585
    z_star = np.log((1 + np.sqrt(1 - 0.04)) / (1 - np.sqrt(1 - 0.04)))
    assert widgets.saturated_fraction("sigmoid", -6, 6) == pytest.approx(2 * (6 - z_star) / 12,
                                                                         abs=1e-3)
    assert widgets.saturated_fraction("relu", -6, 6) == pytest.approx(0.5, abs=1e-3)
    assert widgets.saturated_fraction("identity", -6, 6) == 0.0
    with pytest.raises(ValueError, match="lo < hi"):
        widgets.saturated_fraction("tanh", 1.0, 1.0)
    with pytest.raises(KeyError):
        widgets.saturated_fraction("nope")


def test_activation_params_come_from_the_signatures():
    assert widgets.activation_params("elu") == {"alpha": 1.0}
    assert widgets.activation_params("swish") == {"beta": 1.0}
    assert widgets.activation_params("gelu") == {"approximate": "none"}
    assert widgets.activation_params("tanh") == {}


# -- activation explorer ---------------------------------------------------------------------

def test_explorer_offers_every_registered_activation_and_draws_it():
    w = widgets.activation_explorer("tanh")
    assert isinstance(w, ipywidgets.VBox)
    assert list(w.activation.options) == list(actlib.ACTIVATIONS)
    assert w.activation.value == "tanh" and w.params.children == ()
    assert w.fraction == widgets.saturated_fraction("tanh", -6, 6)
    assert f"{w.fraction:.1%}" in w.text.value and "[-6, 6]" in w.text.value
    _png(w.output)


def test_explorer_updates_when_controls_move():
    w = widgets.activation_explorer("sigmoid")
    first_png, first_text = _png(w.output), w.text.value
    w.x_range.value = (-2.0, 2.0)  # sigmoid' > 0.1 on [-2, 2]: nothing saturated
    assert w.fraction == 0.0 and "[-2, 2]" in w.text.value
    assert _png(w.output) != first_png and w.text.value != first_text
    w.x_range.value = (-10.0, 10.0)
    w.activation.value = "leaky_relu"
    (alpha,) = w.params.children
    assert (alpha.description, alpha.value) == ("alpha", 0.01)
    assert w.fraction == widgets.saturated_fraction(actlib.get("leaky_relu"), -10, 10)
    alpha.value = 0.005  # below the 1% threshold: the negative half now counts
    assert w.fraction == pytest.approx(0.5, abs=1e-3)
    assert w.fraction == widgets.saturated_fraction(actlib.get("leaky_relu", alpha=0.005),
                                                    -10, 10)
    w.activation.value = "gelu"
    (approx,) = w.params.children
    assert isinstance(approx, ipywidgets.Dropdown) and approx.value == "none"
    approx.value = "tanh"  # the tanh approximation is drawn without error
    assert w.param_values == {"approximate": "tanh"}
    _png(w.output)


def test_explorer_draws_with_the_activation_colour(monkeypatch):
    drawn = []
    real = widgets.plot_activation

    def spy(act, **kwargs):
        ax = real(act, **kwargs)
        drawn.append({ln.get_color() for ln in ax.get_lines() if ln.get_label()[0] != "_"})
        return ax

    monkeypatch.setattr(widgets, "plot_activation", spy)
    w = widgets.activation_explorer("relu")
    w.activation.value = "mish"
    assert drawn == [{COLORS["relu"]}, {COLORS["mish"]}]


# -- interactive_plot ------------------------------------------------------------------------

def test_interactive_plot_redraws_and_updates_text():
    calls = []

    def draw(n, log, kind):
        calls.append((n, log, kind))
        _, ax = plt.subplots()
        ax.plot(np.arange(1, n + 1), label=kind)
        if log:
            ax.set_yscale("log")
        return f"<b>{n}</b> points"

    w = widgets.interactive_plot(draw, n=ipywidgets.IntSlider(value=3, min=1, max=10),
                                 log=False, kind=["a", "b"])
    assert calls == [(3, False, "a")] and w.text.value == "<b>3</b> points"
    assert set(w.controls) == {"n", "log", "kind"}
    assert isinstance(w.controls["log"], ipywidgets.Checkbox)
    assert w.controls["kind"].description == "kind"
    before = _png(w.output)
    w.controls["n"].value = 7
    w.controls["log"].value = True
    assert calls[-1] == (7, True, "a") and w.result == "<b>7</b> points"
    assert w.values == {"n": 7, "log": True, "kind": "a"}
    assert _png(w.output) != before


def test_interactive_plot_shows_errors_of_later_draws_and_raises_on_the_first():
    def draw(x):
        if x > 1:
            raise ValueError("x too large")
        plt.subplots()

    w = widgets.interactive_plot(draw, x=(0, 3, 1))
    w.controls["x"].value = 2
    (out,) = w.output.outputs
    assert out["name"] == "stderr" and "x too large" in out["text"]
    w.controls["x"].value = 1  # and it recovers
    _png(w.output)
    with pytest.raises(ValueError, match="too large"):
        widgets.interactive_plot(draw, x=ipywidgets.IntSlider(value=2, max=3))


def test_interactive_plot_rejects_bad_arguments():
    with pytest.raises(TypeError, match="callable"):
        widgets.interactive_plot("draw", n=(1, 2))
    with pytest.raises(ValueError, match="at least one control"):
        widgets.interactive_plot(lambda: None)
    with pytest.raises(ValueError, match="cannot make a control"):
        widgets.interactive_plot(lambda x: None, x=object())


def test_interactive_plot_controls_start_at_the_draw_functions_defaults():
    seen = []

    def draw(depth=10, init="he", log=True, width=5):
        seen.append((depth, init, log, width))
        plt.subplots()

    widgets.interactive_plot(draw, depth=(2, 40, 1), init=["xavier", "he"], log=False,
                             width=ipywidgets.IntSlider(value=7))
    # ranges and option lists start at the default (as ipywidgets.interact does); a single
    # value (log=False) is the starting value itself; a given widget keeps its value
    assert seen == [(10, "he", False, 7)]
    w2 = widgets.interactive_plot(lambda depth: plt.subplots(), depth=(2, 40, 1))
    assert w2.values == {"depth": 21}  # no default: the middle of the range


# -- the layout a widget keeps from one redraw to the next -----------------------------------

def _frame(layouts, ylim):
    """Draw one frame of a 'widget' whose y range changes; return its axes, figure closed."""
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=100, layout="constrained")  # as in lessons
    ax.plot([0, 1], ylim)
    ax.set(ylim=ylim, xlabel="z", ylabel="f(z)", title="a frame")
    out = layouts.png_output(0, fig)
    plt.close(fig)
    assert base64.b64decode(out["data"]["image/png"]).startswith(b"\x89PNG")
    assert out["data"]["text/plain"] == "<Figure size 700x350 with 1 Axes>"
    return ax


def test_a_widget_reuses_the_layout_of_its_first_frame():
    layouts = widgets._LayoutCache()
    first = _frame(layouts, (0.0, 1.0))
    second = _frame(layouts, (0.2, 0.8))  # tick labels as wide: nothing to lay out again
    assert second.get_position().bounds == pytest.approx(first.get_position().bounds)
    assert second.figure.get_layout_engine().__class__.__name__ == "PlaceHolderLayoutEngine"


def test_a_widget_lays_out_again_when_a_label_would_leave_the_figure():
    layouts = widgets._LayoutCache()
    first = _frame(layouts, (0.0, 1.0))
    wide = _frame(layouts, (-123456.0, 123456.0))  # tick labels like -100000 push "f(z)" out
    assert wide.get_position().x0 > first.get_position().x0 + 0.03  # a wider left margin
    box = wide.yaxis.label.get_window_extent()
    assert box.x0 >= 0 and wide.title.get_window_extent().y1 <= 350
    again = _frame(layouts, (-123456.0, 123456.0))  # ... and that layout is kept
    assert again.get_position().bounds == pytest.approx(wide.get_position().bounds)
