"""actlib.activations: derivatives, values against SciPy, identities, registry facts, extremes.

Everything is parametrised over ``actlib.ACTIVATIONS`` (plus a few parameterised instances), so
an activation added to the registry is tested here the moment it exists.
"""
import dataclasses
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats

import actlib
from actlib import SELU_ALPHA, SELU_SCALE
from actlib.gradcheck import numerical_derivative, relative_error

# every registered activation at its defaults and at its row's example parameters
CASES = actlib.activations.variants()
IDS = [repr(a) for a in CASES]
cases = pytest.mark.parametrize("act", CASES, ids=IDS)

GRID = np.concatenate([np.linspace(-12, 12, 2401), np.geomspace(1e-3, 50, 200),
                       -np.geomspace(1e-3, 50, 200)])


# where each non-smooth activation has its kinks (0 unless listed): the derivative tests stay
# 1e-3 away from them, the smooth-flag test looks for a jump there
def _kinks(act):
    return act.kinks  # from the row: where a non-smooth activation has its kinks


def _away_from_kink(act, x):
    if act.smooth:
        return x
    far = np.ones(np.shape(x), dtype=bool)
    for k in _kinks(act):
        far &= np.abs(np.asarray(x) - k) > 1e-3
    return x[far] if np.ndim(x) else x


# ---------------------------------------------------------------------------------------------
# derivatives


@cases
def test_derivative_matches_central_differences(act):
    x = _away_from_kink(act, GRID)
    # eps floors the denominator: where |f'| < 1e-3 (tails, roots of f') this is an absolute
    # error below 1e-9, far above the central difference's own error but far below any bug.
    err = relative_error(act.df(x), numerical_derivative(act.f, x), eps=1e-3)
    assert err < 1e-6, f"{act}: relative error {err:.2e}"


@cases
@settings(max_examples=25, deadline=None)
@given(x=st.floats(-30, 30))
def test_derivative_matches_central_differences_anywhere(act, x):
    if not act.smooth and any(abs(x - k) < 1e-3 for k in _kinks(act)):
        return
    err = relative_error(act.df(x), numerical_derivative(act.f, x), eps=1e-3)
    assert err < 1e-6, f"{act} at {x!r}: relative error {err:.2e}"


@cases
def test_float32_and_float16_agree_with_float64(act):
    x64 = np.linspace(-20, 20, 801)
    for dtype, rtol in ((np.float32, 1e-5), (np.float16, 4e-3)):
        x = x64.astype(dtype)
        ref_f = act.f(x.astype(np.float64))
        ref_df = act.df(x.astype(np.float64))
        scale = np.finfo(dtype).eps  # absolute floor near the zeros of f and f'
        np.testing.assert_allclose(act.f(x), ref_f, rtol=rtol, atol=4 * scale, err_msg=str(act))
        np.testing.assert_allclose(act.df(x), ref_df, rtol=rtol, atol=4 * scale,
                                   err_msg=str(act))


# ---------------------------------------------------------------------------------------------
# values against SciPy and direct formulas

X = np.concatenate([np.linspace(-40, 40, 1601), [-700.0, -300.0, -1e-8, 1e-8, 300.0, 700.0]])


def test_sigmoid_matches_scipy_expit():
    np.testing.assert_allclose(actlib.sigmoid(X), sp.expit(X), rtol=1e-14, atol=0)
    assert actlib.sigmoid(-40.0) == pytest.approx(4.248354255291589e-18, rel=1e-14)


def test_softplus_matches_logaddexp():
    np.testing.assert_allclose(actlib.softplus(X), np.logaddexp(0, X), rtol=1e-14, atol=0)


def test_tanh_and_relu_match_numpy():
    np.testing.assert_array_equal(actlib.tanh(X), np.tanh(X))
    np.testing.assert_array_equal(actlib.relu(X), np.maximum(X, 0))


def test_gelu_matches_erf_formula():
    x = X[np.abs(X) < 10]
    np.testing.assert_allclose(actlib.gelu(x), 0.5 * x * (1 + sp.erf(x / np.sqrt(2))),
                               rtol=1e-9, atol=1e-15)
    # in the left tail 1 + erf cancels; erfc keeps full relative accuracy there
    t = np.linspace(-37, 0, 500)
    np.testing.assert_allclose(actlib.gelu(t), 0.5 * t * sp.erfc(-t / np.sqrt(2)), rtol=1e-12)


def test_float32_gelu_is_accurate_to_a_few_ulps():
    # float32 GELU has its own erfc (scipy's ndtr has no fast float32 kernel): hold it to
    # float64 on a dense grid, both tails included
    x = np.concatenate([np.linspace(-14, 14, 200_001), -np.geomspace(1e-30, 14, 4000),
                        np.geomspace(1e-30, 14, 4000)]).astype(np.float32)
    for f in (actlib.gelu, actlib.gelu_grad):
        got, ref = f(x).astype(np.float64), f(x.astype(np.float64))
        assert np.max(np.abs(got - ref)) < 5e-7, f  # a few ulps of 1
        # relative error where the value is a normal float32 number, away from the root of
        # gelu' at x = -0.75 (there it is a difference of two terms: only absolute error counts)
        ok = np.abs(ref) > (0.05 if f is actlib.gelu_grad else 1e3 * np.finfo(np.float32).tiny)
        rel = np.abs(got - ref)[ok] / np.abs(ref[ok])
        assert rel[np.abs(x[ok]) <= 5].max() < 2e-6 and rel.max() < 1e-5, f


def test_gelu_tanh_matches_its_formula_and_is_close_to_exact():
    x = np.linspace(-6, 6, 1201)
    inner = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
    np.testing.assert_allclose(actlib.gelu(x, approximate="tanh"), 0.5 * x * (1 + np.tanh(inner)),
                               rtol=1e-12, atol=1e-15)
    assert np.max(np.abs(actlib.gelu(x, approximate="tanh") - actlib.gelu(x))) < 1e-3


@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0, 2.0])
def test_elu_matches_direct_formula(alpha):
    x = X[X < 700]
    ref = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    np.testing.assert_allclose(actlib.elu(x, alpha=alpha), ref, rtol=1e-14, atol=0)
    dref = np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0)))
    np.testing.assert_allclose(actlib.elu_grad(x, alpha=alpha), dref, rtol=1e-14, atol=0)


def test_selu_matches_direct_formula_and_paper_constants():
    ref = SELU_SCALE * np.where(X > 0, X, SELU_ALPHA * np.expm1(np.minimum(X, 0)))
    np.testing.assert_allclose(actlib.selu(X), ref, rtol=1e-14, atol=0)
    assert (SELU_ALPHA, SELU_SCALE) == (1.6732632423543772, 1.0507009873554805)


def test_selu_has_its_self_normalising_fixed_point():
    # The constants are defined by: z ~ N(0, 1) gives E[selu(z)] = 0 and E[selu(z)^2] = 1.
    m1 = integrate.quad(lambda z: actlib.selu(z) * stats.norm.pdf(z), -np.inf, np.inf)[0]
    m2 = integrate.quad(lambda z: actlib.selu(z) ** 2 * stats.norm.pdf(z), -np.inf, np.inf)[0]
    assert abs(m1) < 1e-9 and abs(m2 - 1) < 1e-9


@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0, 2.0])
def test_swish_matches_direct_formula(beta):
    np.testing.assert_allclose(actlib.swish(X, beta=beta), X * sp.expit(beta * X),
                               rtol=1e-14, atol=1e-300)


def test_mish_matches_direct_formula():
    np.testing.assert_allclose(actlib.mish(X), X * np.tanh(np.logaddexp(0, X)),
                               rtol=1e-14, atol=1e-300)


def test_leaky_relu_matches_direct_formula():
    for alpha in (0.0, 0.01, 0.2, 1.5, -0.5):
        np.testing.assert_array_equal(actlib.leaky_relu(X, alpha=alpha),
                                      np.where(X > 0, X, alpha * X))
        np.testing.assert_array_equal(actlib.leaky_relu_grad(X, alpha=alpha),
                                      np.where(X > 0, 1.0, alpha))


# ---------------------------------------------------------------------------------------------
# identities

x_s = st.floats(-60, 60)


@settings(max_examples=60, deadline=None)
@given(x=x_s)
def test_identities(x):
    assert actlib.tanh(x) == pytest.approx(2 * actlib.sigmoid(2 * x) - 1, abs=1e-15)
    assert actlib.softplus_grad(x) == pytest.approx(actlib.sigmoid(x), rel=1e-15)
    assert actlib.silu(x) == actlib.swish(x, beta=1.0)
    assert actlib.silu_grad(x) == actlib.swish_grad(x, beta=1.0)
    assert actlib.selu(x) == pytest.approx(SELU_SCALE * actlib.elu(x, SELU_ALPHA), rel=1e-15)
    assert actlib.selu_grad(x) == pytest.approx(SELU_SCALE * actlib.elu_grad(x, SELU_ALPHA),
                                                rel=1e-15)
    assert actlib.swish(x, beta=0.0) == x / 2 and actlib.swish_grad(x, beta=0.0) == 0.5
    assert actlib.sigmoid(-x) == pytest.approx(1 - actlib.sigmoid(x), abs=5e-16)
    assert actlib.sigmoid_grad(x) == pytest.approx(actlib.sigmoid(x) * actlib.sigmoid(-x),
                                                   rel=1e-14)
    assert actlib.tanh_grad(x) == pytest.approx(1 - np.tanh(x) ** 2, abs=1e-15)


def test_kinks_follow_pytorch():
    assert actlib.relu_grad(0.0) == 0.0
    for alpha in (0.01, 0.2, 1.5):
        assert actlib.leaky_relu_grad(0.0, alpha=alpha) == alpha
    assert actlib.elu_grad(0.0, alpha=0.5) == 0.5  # the left-hand value, alpha * e^0
    assert actlib.selu_grad(0.0) == pytest.approx(SELU_SCALE * SELU_ALPHA, rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64], ids=lambda d: d.__name__)
def test_piecewise_derivatives_are_exactly_their_constants(dtype):
    x = np.array([-3.0, -0.5, 0.0, 1e-3, 2.0, 1e4], dtype)
    pos = x > 0
    for alpha in (0.01, 0.3, 1.0, 1.5, 2.0, -0.5, 3.0):
        g = actlib.leaky_relu_grad(x, alpha=alpha)
        assert np.all(g[pos] == 1) and np.all(g[~pos] == dtype(alpha)), (alpha, g)
    for alpha in (0.0, 0.3, 1.0, 1.5, 2.0):
        assert np.all(actlib.elu_grad(x, alpha=alpha)[pos] == 1), alpha
    assert np.all(actlib.selu_grad(x)[pos] == dtype(SELU_SCALE))
    assert actlib.selu_grad(x)[2] == dtype(SELU_SCALE * SELU_ALPHA)


def test_derivative_is_taken_at_the_input_not_the_output():
    x = np.array([-2.0, 0.5, 3.0])
    s = actlib.sigmoid(x)
    np.testing.assert_allclose(actlib.sigmoid_grad(x), s * (1 - s), rtol=1e-14)
    assert not np.allclose(actlib.sigmoid_grad(s), s * (1 - s))  # the common mistake differs


def test_lesson_11_activations_match_their_definitions():
    x = np.concatenate([X, np.linspace(-8, 8, 3201)])
    relu = np.maximum(x, 0)
    np.testing.assert_array_equal(actlib.relu6(x), np.minimum(relu, 6))  # = hardtanh(x, 0, 6)
    # PyTorch's definitions: hardsigmoid = relu6(x + 3) / 6, hardswish = x * hardsigmoid(x)
    np.testing.assert_allclose(actlib.hard_sigmoid(x), np.minimum(np.maximum(x + 3, 0), 6) / 6,
                               rtol=1e-15, atol=0)
    np.testing.assert_allclose(actlib.hard_swish(x), x * np.minimum(np.maximum(x + 3, 0), 6) / 6,
                               rtol=1e-15, atol=1e-300)
    np.testing.assert_allclose(actlib.relu_squared(x), relu ** 2, rtol=1e-15)
    np.testing.assert_allclose(actlib.relu_squared_grad(x), 2 * relu, rtol=1e-15)
    # product rule away from the kinks: (x g)' = g + x g'
    far = np.abs(np.abs(x) - 3) > 1e-9
    np.testing.assert_allclose(actlib.hard_swish_grad(x)[far],
                               (actlib.hard_sigmoid(x) + x * actlib.hard_sigmoid_grad(x))[far],
                               rtol=1e-14, atol=1e-15)
    # hard sigmoid is 1/2 + x/6 in the middle: a line through (0, 1/2)
    mid = np.abs(x) < 3
    np.testing.assert_allclose(actlib.hard_sigmoid(x[mid]), 0.5 + x[mid] / 6, rtol=1e-14, atol=1e-16)


def test_lesson_11_kinks_follow_pytorch():
    # values of aten/src/ATen/native/cpu/Activation.cpp at the kinks: hardtanh_backward (relu6)
    # is 0 where x <= 0 or x >= 6; hardsigmoid_backward is 1/6 only for -3 < x < 3;
    # hardswish_backward is x/3 + 1/2 for -3 <= x <= 3 (so -1/2 at -3 and 3/2 at 3)
    for dtype in DTYPES_ALL:
        k = np.array([-3.0, 0.0, 3.0, 6.0], dtype)
        assert actlib.relu6_grad(k).tolist() == [0, 0, 1, 0]
        assert actlib.hard_sigmoid_grad(k).tolist() == [0, dtype(1 / 6), 0, 0]
        assert actlib.hard_swish_grad(k).tolist() == [-0.5, 0.5, 1.5, 1]
        assert actlib.relu_squared_grad(k).tolist() == [0, 0, 6, 12]
        assert actlib.hard_swish(np.array([-1.5], dtype))[0] == -0.375  # the minimum, exactly


DTYPES_ALL = [np.float16, np.float32, np.float64]


# ---------------------------------------------------------------------------------------------
# registry facts, checked rather than trusted

WIDE = np.concatenate([-np.geomspace(1e-6, 1e6, 300), [0.0], np.geomspace(1e-6, 1e6, 300),
                       np.linspace(-10, 10, 4001), [-np.inf, np.inf]])


@cases
def test_output_range_holds_and_is_tight(act):
    lo, hi = act.output_range
    y = act.f(WIDE)
    assert np.all((y >= lo) & (y <= hi)), f"{act}: outputs outside {act.output_range}"
    # the bounds are the infimum and supremum: attained or approached on this grid (an
    # interior minimum only to the grid's resolution; the next test pins it to 1e-9)
    assert np.min(y) == pytest.approx(lo, abs=1e-4)
    assert np.max(y) == pytest.approx(hi, abs=1e-4)


@pytest.mark.parametrize("act", [a for a in CASES if a.name in ("gelu", "swish", "silu", "mish")
                                 and not a.monotonic], ids=repr)
def test_stated_minimum_of_smooth_non_monotonic_activations(act):
    # the numbers quoted in the docstrings and the lessons are these minima
    res = optimize.minimize_scalar(lambda t: float(act(t)), bounds=(-10.0, 0.0), method="bounded",
                                   options={"xatol": 1e-10})
    assert act.output_range[0] == pytest.approx(float(res.fun), abs=1e-9)


@cases
def test_monotonic_flag(act):
    x = np.linspace(-20, 20, 40001)
    y = act.f(x)
    if act.monotonic:
        assert np.all(np.diff(y) >= 0) and np.all(act.df(x) >= 0)
    else:
        assert np.any(np.diff(y) < -1e-6) and np.any(act.df(x) < -1e-6)


def _mean_under_standard_normal(act):
    return integrate.quad(lambda z: act(z) * stats.norm.pdf(z), -np.inf, np.inf)[0]


@cases
def test_zero_centred_flag_agrees_with_the_mean_under_a_standard_normal(act):
    assert (abs(_mean_under_standard_normal(act)) < 0.05) == act.zero_centred


@pytest.mark.parametrize("name, mean", [("leaky_relu", 0.395), ("relu", 0.399), ("elu", 0.160),
                                        ("selu", 0.0), ("tanh", 0.0), ("sigmoid", 0.5)])
def test_the_lessons_numbers_for_the_mean(name, mean):
    # The lesson says "about 0.40 for leaky ReLU, 0.16 for ELU, 0 for SELU": myth-busting.
    assert _mean_under_standard_normal(actlib.get(name)) == pytest.approx(mean, abs=1e-3)


@cases
def test_saturates_flag(act):
    left, right = np.abs(act.df(np.array([-60.0, 60.0]))) < 1e-9
    expected = {(True, True): "both sides", (True, False): "negative side",
                (False, False): "never"}[(bool(left), bool(right))]
    assert act.saturates == expected


@cases
def test_smooth_flag(act):
    # look for a jump in f' or in f'' at the row's kinks
    e = 1e-7
    d2 = lambda t: (act.df(t + 1e-5) - act.df(t - 1e-5)) / 2e-5
    jumps = [abs(act.df(k + e) - act.df(k - e)) > 1e-3 or abs(d2(k + 1e-3) - d2(k - 1e-3)) > 1e-2
             for k in _kinks(act)]
    assert any(jumps) == (not act.smooth)
    if not act.smooth:
        assert all(jumps), f"{act}: no kink at one of {_kinks(act)}"


@cases
def test_facts_have_the_right_types(act):
    assert act.year is None or (isinstance(act.year, int) and 1940 < act.year < 2100)
    assert isinstance(act.paper, str) and act.paper
    assert act.saturates in ("both sides", "negative side", "never")
    assert all(isinstance(v, bool) for v in (act.zero_centred, act.monotonic, act.smooth))
    assert act.output_range[0] < act.output_range[1]


def test_activation_is_frozen_callable_and_bound():
    act = actlib.get("leaky_relu", alpha=0.2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        act.name = "relu"
    with pytest.raises(TypeError):
        act.params["alpha"] = 0.3
    assert act(-1.0) == -0.2 and act.df(-1.0) == 0.2 and act.f(-1.0) == -0.2
    assert dict(act.params) == {"alpha": 0.2}
    assert actlib.get(act) is act
    assert "alpha=0.2" in repr(act)


def test_registry_holds_every_design_name_with_its_defaults():
    names = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus",
             "gelu", "swish", "silu", "mish", "relu6", "hard_sigmoid", "hard_swish",
             "relu_squared"}
    assert set(actlib.ACTIVATIONS) == names
    for name, act in actlib.ACTIVATIONS.items():
        assert act.name == name
        assert act.f(0.5) == getattr(actlib, name)(0.5)
        assert act.df(0.5) == getattr(actlib, name + "_grad")(0.5)
    with pytest.raises(TypeError):
        actlib.ACTIVATIONS["relu"] = None


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError) as err:
        actlib.get("relu7")
    assert all(name in str(err.value) for name in actlib.ACTIVATIONS)


@pytest.mark.parametrize("name, params", [("relu", {"alpha": 0.1}), ("elu", {"beta": 1.0}),
                                          ("gelu", {"approx": "tanh"})])
def test_unknown_parameter_is_a_type_error(name, params):
    with pytest.raises(TypeError, match="parameter"):
        actlib.get(name, **params)


BAD_VALUES = [("elu", {"alpha": -1.0}), ("swish", {"beta": -0.5}), ("gelu", {"approximate": "fast"}),
              ("leaky_relu", {"alpha": np.inf}), ("leaky_relu", {"alpha": np.nan}),
              ("elu", {"alpha": np.nan}), ("swish", {"beta": np.inf})]


@pytest.mark.parametrize("name, params", BAD_VALUES)
def test_bad_parameter_values_are_value_errors(name, params):
    with pytest.raises(ValueError):
        actlib.get(name, **params)
    for fn in (getattr(actlib, name), getattr(actlib, name + "_grad")):
        with pytest.raises(ValueError):
            fn([0.0, 1.0], **params)


@pytest.mark.parametrize("name, params", [("elu", {"alpha": "1"}), ("swish", {"beta": None}),
                                          ("leaky_relu", {"alpha": True})])
def test_non_numeric_parameters_are_type_errors(name, params):
    with pytest.raises(TypeError, match="real number"):
        getattr(actlib, name)([0.0], **params)


# ---------------------------------------------------------------------------------------------
# extreme inputs: no warning, no NaN, the right limits


DTYPES = [np.float16, np.float32, np.float64]


def _extremes(dtype):
    fi = np.finfo(dtype)
    vals = [-np.inf, -fi.max, -1e4, -800, -50, -1, -fi.tiny, 0, fi.tiny, 1, 50, 800, 1e4, fi.max,
            np.inf]
    with np.errstate(over="ignore"):  # 1e4 is past float16's range only in float16 arithmetic
        return np.array(vals, dtype=dtype)


@cases
def test_extreme_inputs_give_no_warning_no_nan_and_the_limits(act):
    for dtype in DTYPES:
        _check_extremes(act, dtype)


def _check_extremes(act, dtype):
    x = _extremes(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y, dy = act.f(x), act.df(x)
    assert y.dtype == dtype and dy.dtype == dtype
    assert not np.isnan(y).any() and not np.isnan(dy).any(), f"{act}: {y}, {dy}"
    f_lo, f_hi, df_lo, df_hi = act.limits  # the row's limits, worked out by hand
    assert y[0] == f_lo and y[-1] == f_hi, f"{act} at -inf, inf: {y[[0, -1]]}"
    assert dy[0] == pytest.approx(df_lo, rel=1e-3) and dy[-1] == pytest.approx(df_hi, rel=1e-3)
    # at +-1e4 every bounded limit is already reached to the last bit
    i_neg, i_pos = 2, len(x) - 3
    for got, want in ((y[i_neg], f_lo), (y[i_pos], f_hi)):
        if np.isfinite(want):
            assert got == pytest.approx(want, rel=1e-3, abs=1e-30), f"{act}: {y}"
        else:
            assert np.sign(got) == np.sign(want)
    for got, want in ((dy[i_neg], df_lo), (dy[i_pos], df_hi)):
        if np.isfinite(want):
            assert got == pytest.approx(want, rel=1e-3), f"{act}: {dy}"
        else:  # an unbounded derivative (relu_squared): it has the limit's sign and grows
            assert np.sign(got) == np.sign(want) and abs(got) >= 1e4, f"{act}: {dy}"
    # everything finite agrees with the float64 computation rounded to this dtype
    with np.errstate(over="ignore"):
        y64 = act.f(x.astype(np.float64)).astype(dtype)
        dy64 = act.df(x.astype(np.float64)).astype(dtype)
    # below the smallest normal number the dtype itself has lost its relative precision
    tol = dict(rtol=8 * np.finfo(dtype).eps, atol=np.finfo(dtype).tiny)
    np.testing.assert_allclose(y, y64, **tol, err_msg=str(act))
    np.testing.assert_allclose(dy, dy64, **tol, err_msg=str(act))


def test_the_headline_limits():
    assert actlib.sigmoid(-1e4) == 0 and actlib.sigmoid(np.inf) == 1
    assert actlib.relu(-np.inf) == 0 and actlib.gelu(-np.inf) == 0
    assert actlib.gelu_grad(np.inf) == 1 and actlib.gelu_grad(-np.inf) == 0
    assert actlib.softplus(1e4) == 1e4 and actlib.softplus(-1e4) == 0
    assert actlib.sigmoid_grad(-800.0) == 0 and actlib.tanh_grad(800.0) == 0
    assert actlib.elu(-np.inf) == -1 and actlib.mish(-np.inf) == 0


@cases
def test_nan_in_nan_out(act):
    for dtype in DTYPES:
        x = np.array([np.nan, -1.0, np.nan, 2.0, np.nan, 0.0, np.nan], dtype=dtype)
        y, dy = act.f(x), act.df(x)
        assert np.isnan(y[::2]).all() and np.isnan(dy[::2]).all(), f"{act}: {y}, {dy}"
        assert not np.isnan(y[1::2]).any() and not np.isnan(dy[1::2]).any()
    assert np.isnan(act.f(np.nan)) and np.isnan(act.df(np.nan))


@cases
def test_empty_input_gives_empty_output_of_its_shape_and_dtype(act):
    for dtype in DTYPES:
        for shape in [(0,), (0, 3)]:
            for y in act.f(np.zeros(shape, dtype)), act.df(np.zeros(shape, dtype)):
                assert y.shape == shape and y.dtype == dtype


@cases
def test_long_arrays_computed_in_blocks_give_the_same_numbers_bit_for_bit(act, monkeypatch):
    # past activations._BLOCK numbers the formulas run a block at a time (to stay in the
    # cache): the result must not depend on it, NaN in a late block included
    n = 3 * (actlib.activations._BLOCK + 7)  # three blocks and a part block, as 3 rows
    for dtype in DTYPES:
        x = (5 * np.random.default_rng(1).standard_normal(n)).astype(dtype)
        x[[-1, -20, n // 2]] = np.nan, np.inf, -np.inf
        x = x.reshape(3, -1)
        blocked = act.f(x), act.df(x)
        with monkeypatch.context() as m:
            m.setattr(actlib.activations, "_BLOCK", 2 ** 62)
            whole = act.f(x), act.df(x)
        for b, w in zip(blocked, whole):
            assert b.shape == x.shape and b.dtype == x.dtype
            np.testing.assert_array_equal(b, w, err_msg=f"{act} {dtype}")
            assert np.isnan(b.reshape(-1)[-1])
        # a non-contiguous view (the transpose) is read in its own order, not the memory's
        np.testing.assert_array_equal(act.f(x.T), blocked[0].T, err_msg=f"{act} {dtype}")


def test_sigmoid_and_tanh_derivatives_keep_full_relative_accuracy_in_the_tails():
    # reference: sigma(x) sigma(-x), each factor accurate in its tail (no 1 - s cancellation)
    x = np.concatenate([np.linspace(-700, 700, 14001), np.linspace(-20, 20, 4001)])
    assert relative_error(actlib.sigmoid_grad(x), sp.expit(x) * sp.expit(-x), eps=1e-300) < 1e-14
    x = x[np.abs(x) < 350]  # tanh' = 4 sigma(2x) sigma(-2x), normal numbers only
    assert relative_error(actlib.tanh_grad(x), 4 * sp.expit(2 * x) * sp.expit(-2 * x),
                          eps=1e-300) < 1e-14


def test_importing_actlib_does_not_import_scipy_special():
    # every notebook imports actlib; scipy.special costs ~0.3 s and only exact GELU needs it
    code = ("import sys, actlib, actlib.plotting, actlib.widgets, actlib.checks; "
            "assert 'scipy.special' not in sys.modules; actlib.gelu(1.0); "
            "assert 'scipy.special' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# ---------------------------------------------------------------------------------------------
# the rows: everything else derives from them


def test_rows_feed_docstrings_signatures_and_parameter_binding():
    import inspect

    assert "alpha : float, default 0.01" in actlib.leaky_relu.__doc__
    assert "Maas, Hannun and Ng (2013)" in actlib.leaky_relu_grad.__doc__  # References
    assert "Values in [-0.17, inf]" in actlib.gelu.__doc__  # from the row's output range
    assert str(inspect.signature(actlib.gelu)) == "(x, approximate='none')"
    assert actlib.elu(-1.0, 0.5) == actlib.elu(-1.0, alpha=0.5)  # positional, as before
    with pytest.raises(TypeError, match="two values"):
        actlib.elu(-1.0, 0.5, alpha=0.5)
    with pytest.raises(TypeError, match="takes 1 parameter"):
        actlib.elu(-1.0, 0.5, 0.1)
    with pytest.raises(TypeError, match="no parameter 'beta'"):
        actlib.elu(-1.0, beta=1.0)


def test_colours_markers_controls_and_test_cases_come_from_the_rows():
    from actlib import plotting, widgets
    from actlib.activations import ROWS, variants

    for name, row in ROWS.items():
        assert plotting.COLORS[name] == row.color and plotting.MARKERS[name] == row.marker
        assert widgets.activation_params(name) == {k: p.default for k, p in row.params.items()}
    assert widgets.PARAM_CHOICES == {"approximate": ("none", "tanh")}
    n_examples = sum(len(p.examples) for row in ROWS.values() for p in row.params.values())
    assert len(variants()) == len(ROWS) + n_examples
    assert actlib.get("elu", alpha=0.5).limits == (-0.5, np.inf, 0, 1)
    assert actlib.get("swish", beta=0.0).saturates == "never"  # derived from the limits
