"""actlib.plotting and actlib.notebook: colours, figure contents, inputs left alone."""
import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

import actlib
from actlib import nn, plotting
from actlib.plotting import (
    COLORS,
    MARKERS,
    color,
    plot_activation,
    plot_decision_boundary,
    plot_gallery,
    plot_layer_stats,
)

OTHER_NAMES = ["linear", "prelu", "maxout", "softmax"]


@pytest.fixture(autouse=True)
def _isolated_style():
    """Each test leaves rcParams, print options and open figures as it found them."""
    printopts = np.get_printoptions()
    with mpl.rc_context():
        yield
    np.set_printoptions(**printopts)
    plt.close("all")


def _labelled(ax):
    return [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]


# -- colours ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(actlib.ACTIVATIONS) + OTHER_NAMES)
def test_every_activation_has_a_valid_colour_and_marker(name):
    assert mpl.colors.is_color_like(COLORS[name])
    assert name in MARKERS
    assert color(name) == COLORS[name]
    assert color(name.upper()) == COLORS[name]


def test_distinct_functions_have_distinct_colours():
    aliases = {"silu": "swish", "linear": "identity"}  # the same function under two names
    canonical = {n: c for n, c in COLORS.items() if n not in aliases}
    assert len(set(canonical.values())) == len(canonical)
    for alias, name in aliases.items():
        assert COLORS[alias] == COLORS[name]


def test_fallback_colours_are_not_activation_colours():
    # a line whose label names no activation must not look like an activation's line
    assert not set(plotting._FALLBACK) & set(COLORS.values())


def test_color_reads_labels_and_activations():
    assert color("relu (He init)") == COLORS["relu"]
    assert color("leaky_relu(alpha=0.2)") == COLORS["leaky_relu"]
    assert color(actlib.get("elu", alpha=0.5)) == COLORS["elu"]
    assert color("not an activation", default="#123456") == "#123456"
    with pytest.raises(KeyError, match="relu"):
        color("relux")


# -- activations -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(actlib.ACTIVATIONS))
def test_plot_activation_draws_f_solid_and_derivative_dashed(name):
    x = np.linspace(-3, 3, 61)
    x_before = x.copy()
    ax = plot_activation(name, x=x)
    f, df = _labelled(ax)
    act = actlib.ACTIVATIONS[name]
    assert (f.get_label(), df.get_label()) == (name, name + "'")
    assert f.get_linestyle() == "-" and df.get_linestyle() == "--"
    assert f.get_color() == df.get_color() == COLORS[name]
    np.testing.assert_allclose(f.get_ydata(), act.f(x))
    np.testing.assert_allclose(df.get_ydata(), act.df(x))
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [name, name + "'"]
    x[:] = 99.0  # the figure holds its own copy of the input
    np.testing.assert_array_equal(f.get_xdata(), x_before)


def test_plot_activation_options():
    _, ax = plt.subplots()
    out = plot_activation(actlib.get("leaky_relu", alpha=0.2), ax=ax, derivative=False)
    assert out is ax
    (line,) = _labelled(ax)
    assert line.get_label() == "leaky_relu(alpha=0.2)"
    assert plot_activation("tanh", label="mine", color="#123456").get_lines()[-2].get_color() \
        == "#123456"
    with pytest.raises(KeyError):
        plot_activation("no_such_activation")
    with pytest.raises(TypeError, match="activation name"):
        plot_activation(3.0)


def test_plot_gallery_one_panel_per_activation():
    names = ["sigmoid", "tanh", "relu", "gelu", "mish"]
    fig = plot_gallery(names, ncols=3)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == names
    assert len(fig.axes) == 6 and not fig.axes[5].get_visible()  # 2 x 3 grid, one spare
    for ax, name in zip(visible, names):
        assert {ln.get_color() for ln in _labelled(ax)} == {COLORS[name]}
        assert ax.get_ylim() == (-1.5, 3.0)
    with pytest.raises(ValueError):
        plot_gallery([])


def _drawn_texts(ax):
    """Title, x label and the tick labels matplotlib draws (ticks inside the view limits)."""
    ticks = [(tick, axis.get_view_interval()) for axis in (ax.xaxis, ax.yaxis)
             for tick in axis.get_major_ticks()]
    labels = [tick.label1 for tick, (lo, hi) in ticks
              if min(lo, hi) <= tick.get_loc() <= max(lo, hi) and tick.label1.get_visible()]
    return [t for t in (ax.title, ax.xaxis.label, *labels) if t.get_visible() and t.get_text()]


def test_plot_gallery_fixed_layout_keeps_every_label_inside_and_apart():
    # fixed margins instead of constrained layout: check what constrained layout would have
    # guaranteed, for a title and a last row with an empty slot (5 panels in a 2 x 3 grid)
    fig = plot_gallery(["sigmoid", "tanh", "relu", "gelu", "mish"], ncols=3, title="Five")
    fig.canvas.draw()
    renderer, inside = fig.canvas.get_renderer(), fig.bbox.padded(1)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    for text in [fig._suptitle] + [t for ax in panels for t in _drawn_texts(ax)]:
        box = text.get_window_extent(renderer)
        assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), text
    for ax in panels:  # no title, z or x tick label of one panel runs into another panel
        for text in _drawn_texts(ax):
            box = text.get_window_extent(renderer)
            assert not any(box.overlaps(other.bbox) for other in panels if other is not ax), text
    # the panels with nothing below them (gelu, mish, and relu over the empty slot) show z
    # and their x tick numbers; the others neither
    labelled = [ax.get_title() for ax in panels if ax.get_xlabel() == "z"
                and any(t.get_text() for t in _drawn_texts(ax) if t in ax.get_xticklabels())]
    assert labelled == ["relu", "gelu", "mish"]
    plt.close(fig)


# -- networks and training -------------------------------------------------------------------

def _blobs():
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(-1, 0.3, (20, 2)), rng.normal(1, 0.3, (20, 2))])
    return X, np.repeat([0, 1], 20)


def test_plot_decision_boundary_with_a_net_and_a_function():
    X, y = _blobs()
    X0, y0 = X.copy(), y.copy()
    net = nn.MLP([2, 8, 2], activation="relu", seed=0)
    nn.train(net, X, y, epochs=20, lr=0.05)
    ax = plot_decision_boundary(net, X, y, title="relu")
    assert ax.get_title() == "relu"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert ax.get_xlabel() and ax.get_ylabel()
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    # a plain function returning scores works as well; the regions span the data
    ax = plot_decision_boundary(lambda Z: np.column_stack([-Z[:, 0], Z[:, 0]]), X, y)
    lo, hi = ax.get_xlim()
    assert lo < X[:, 0].min() and hi > X[:, 0].max()


def test_plot_decision_boundary_rejects_bad_shapes():
    X, y = _blobs()
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        plot_decision_boundary(lambda Z: Z[:, 0] > 0, np.ones((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="y must"):
        plot_decision_boundary(lambda Z: Z[:, 0] > 0, X, y[:-1])


def test_plot_layer_stats_lines_markers_and_repeats():
    values = {"sigmoid": [1e-1, 1e-3, 1e-5], "relu (He)": [1.0, 1.1, 0.9],
              "relu (Xavier)": [0.1, 0.05, 0.01]}
    before = {k: list(v) for k, v in values.items()}
    ax = plot_layer_stats(values, ylabel="gradient norm")
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == list(values)
    assert [ln.get_color() for ln in lines] == [COLORS["sigmoid"], COLORS["relu"], COLORS["relu"]]
    assert lines[1].get_linestyle() != lines[2].get_linestyle()  # same colour, told apart
    assert lines[0].get_marker() == MARKERS["sigmoid"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "gradient norm"
    assert values == before
    ax = plot_layer_stats(np.array([0.5, 0.4]), label="tanh", logy=False)
    assert ax.get_yscale() == "linear" and ax.get_lines()[0].get_color() == COLORS["tanh"]
    with pytest.raises(ValueError, match="one value per layer"):
        plot_layer_stats(np.ones((2, 3)))


# -- notebook set-up -------------------------------------------------------------------------

def test_setup_notebook_seeds_and_styles():
    mpl.rcParams["figure.figsize"] = (3.0, 3.0)
    rng = actlib.setup_notebook(seed=3)
    assert isinstance(rng, np.random.Generator)
    assert rng.standard_normal() == np.random.default_rng(3).standard_normal()
    assert tuple(mpl.rcParams["figure.figsize"]) == plotting.STYLE["figure.figsize"]
    assert np.get_printoptions()["precision"] == 4
    for bad, error in ((-1, ValueError), (1.5, TypeError), ("0", TypeError), (True, TypeError)):
        with pytest.raises(error, match="seed"):
            actlib.setup_notebook(seed=bad)
