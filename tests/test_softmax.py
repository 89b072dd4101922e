"""actlib.softmax: values against SciPy, extreme logits, errors, and hypothesis properties."""
import warnings

import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actlib
from actlib import cross_entropy, log_softmax, logsumexp, maxout, softmax, softmax_jacobian
from actlib.gradcheck import numerical_gradient

RNG = np.random.default_rng(0)
SHAPES_AXES = [((5,), -1), ((5,), 0), ((3, 4), -1), ((3, 4), 0), ((3, 4), 1), ((2, 3, 4), 1),
               ((2, 3, 4), -3), ((2, 3, 4), 2), ((1, 1), 0)]


@pytest.mark.parametrize("shape, axis", SHAPES_AXES)
def test_softmax_family_matches_scipy(shape, axis):
    x = 10 * RNG.standard_normal(shape)
    np.testing.assert_allclose(softmax(x, axis=axis), sp.softmax(x, axis=axis), rtol=1e-13)
    np.testing.assert_allclose(log_softmax(x, axis=axis), sp.log_softmax(x, axis=axis),
                               rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(logsumexp(x, axis=axis), sp.logsumexp(x, axis=axis), rtol=1e-13)
    assert logsumexp(x, axis=axis).shape == np.sum(x, axis=axis).shape


def test_temperature_divides_the_logits():
    x = RNG.standard_normal((4, 6))
    for t in (0.1, 0.5, 1.0, 3.0):
        np.testing.assert_allclose(softmax(x, temperature=t), sp.softmax(x / t, axis=-1),
                                   rtol=1e-13)
    # tiny temperature: one-hot argmax, without overflow; huge temperature: uniform
    np.testing.assert_array_equal(softmax([1.0, 3.0, 2.0], temperature=1e-300), [0, 1, 0])
    np.testing.assert_allclose(softmax([1.0, 3.0, 2.0], temperature=1e300), [1 / 3] * 3)


@pytest.mark.parametrize("t", [0.0, -1.0, np.inf, np.nan])
def test_bad_temperature_is_a_value_error(t):
    with pytest.raises(ValueError, match="temperature"):
        softmax([1.0, 2.0], temperature=t)


def test_extreme_logits():
    np.testing.assert_array_equal(softmax([1000.0, 1000.0]), [0.5, 0.5])
    big = np.array([1e308, -1e308, 0.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.all(np.isfinite(log_softmax([1e4, 0.0, -1e4])))
        np.testing.assert_array_equal(log_softmax([0.0, 1000.0]), [-1000.0, 0.0])
        np.testing.assert_array_equal(softmax(big), [0.5, 0, 0, 0.5])
        assert logsumexp(big) == pytest.approx(1e308)
        assert np.isfinite(log_softmax(big)[[0, 3]]).all()
        # rows with infinities are settled by their limits
        np.testing.assert_array_equal(softmax([np.inf, 0.0, 1.0]), [1, 0, 0])
        np.testing.assert_array_equal(softmax([-np.inf, 0.0, 0.0]), [0, 0.5, 0.5])
        np.testing.assert_array_equal(softmax([-np.inf, -np.inf]), [0.5, 0.5])
        np.testing.assert_array_equal(softmax([np.inf, np.inf]), [0.5, 0.5])
        assert logsumexp([-np.inf, -np.inf]) == -np.inf
        assert logsumexp([np.inf, 0.0]) == np.inf
        np.testing.assert_array_equal(log_softmax([-np.inf, 0.0]), [-np.inf, 0.0])
        rows = np.array([[np.inf, 1.0], [0.0, 0.0], [-np.inf, 5.0]])
        np.testing.assert_array_equal(softmax(rows), [[1, 0], [0.5, 0.5], [0, 1]])
    assert np.isnan(softmax([np.nan, 1.0])).all()
    assert np.isnan(log_softmax([np.nan, 1.0])).all() and np.isnan(logsumexp([np.nan, 1.0]))
    np.testing.assert_array_equal(softmax([[np.nan, 1.0], [1.0, 1.0]])[1], [0.5, 0.5])


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_low_precision_extremes(dtype):
    x = np.array([np.finfo(dtype).max, np.finfo(dtype).max, 0.0], dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(softmax(x), np.array([0.5, 0.5, 0.0], dtype))
        assert np.isfinite(log_softmax(x)).all() and logsumexp(x).dtype == dtype


def test_axis_errors():
    with pytest.raises(ValueError, match="axis"):
        softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError):
        softmax(1.0)


# -- softmax_jacobian ------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-20, 20)))
def test_jacobian_rows_sum_to_zero_and_match_numerical(z):
    J = softmax_jacobian(z)
    assert J.shape == (z.size, z.size)
    np.testing.assert_allclose(J.sum(axis=1), 0, atol=1e-15)
    np.testing.assert_allclose(J, J.T)
    num = np.array([numerical_gradient(lambda v, i=i: softmax(v)[i], z) for i in range(z.size)])
    np.testing.assert_allclose(J, num, atol=1e-9)


@pytest.mark.parametrize("z", [np.zeros((2, 2)), 1.0, [[1.0]]])
def test_jacobian_wants_one_vector(z):
    with pytest.raises(ValueError, match="shape"):
        softmax_jacobian(z)


# -- cross_entropy ---------------------------------------------------------------------------


def test_cross_entropy_value_and_gradient():
    logits = 3 * RNG.standard_normal((5, 4))
    y = np.array([0, 3, 1, 1, 2])
    expected = -np.mean(sp.log_softmax(logits, axis=1)[np.arange(5), y])
    assert cross_entropy(logits, y) == pytest.approx(expected, rel=1e-14)
    assert isinstance(cross_entropy(logits, y), float)
    onehot = np.eye(4)[y]
    analytic = (softmax(logits) - onehot) / len(y)
    numeric = numerical_gradient(lambda L: cross_entropy(L, y), logits)
    np.testing.assert_allclose(analytic, numeric, atol=1e-9)


def test_cross_entropy_of_huge_logits_is_finite():
    assert cross_entropy([[1e4, 0.0], [0.0, 1e4]], [1, 0]) == pytest.approx(1e4)
    assert cross_entropy([[1e4, 0.0]], [0]) == 0.0


@pytest.mark.parametrize("labels, err, match", [
    ([0, 4], ValueError, r"\[0, 3\)"),  # out of range
    ([0, 3], ValueError, r"\[0, 3\)"),  # just out of range
    ([0, -1], ValueError, r"\[0, 3\)"),
    ([0, 1, 2], ValueError, "shape"),  # wrong length
    ([[0, 1]], ValueError, "shape"),
    ([0.0, 1.0], TypeError, "integer"),  # float labels
    (["a", "b"], TypeError, "integer"),
])
def test_cross_entropy_bad_labels(labels, err, match):
    with pytest.raises(err, match=match):
        cross_entropy(np.zeros((2, 3)), labels)


def test_cross_entropy_bad_logits():
    with pytest.raises(ValueError, match=r"\(N, C\)"):
        cross_entropy(np.zeros(3), [0])
    with pytest.raises(ValueError, match="empty"):
        cross_entropy(np.zeros((0, 3)), np.zeros(0, int))


# -- maxout ----------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                    elements=st.floats(-1e6, 1e6)), data=st.data())
def test_maxout_is_the_max_of_each_group(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    size = x.shape[axis]
    pieces = data.draw(st.sampled_from([k for k in range(1, size + 1) if size % k == 0]))
    out = maxout(x, pieces, axis=axis)
    moved = np.moveaxis(x, axis, -1)
    groups = [moved[..., g * pieces:(g + 1) * pieces].max(axis=-1) for g in range(size // pieces)]
    np.testing.assert_array_equal(out, np.moveaxis(np.stack(groups, axis=-1), -1, axis))


@pytest.mark.parametrize("pieces, error", [(3, ValueError), (0, ValueError), (-2, ValueError),
                                           (1.5, TypeError), (True, TypeError)])
def test_maxout_bad_pieces(pieces, error):
    with pytest.raises(error, match="pieces"):
        maxout(np.zeros((2, 4)), pieces)


# -- hypothesis properties -------------------------------------------------------------------

logits = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=8),
                    elements=st.floats(-1e3, 1e3))


@settings(max_examples=60, deadline=None)
@given(x=logits, shift=st.floats(-100, 100))
def test_softmax_sums_to_one_and_is_shift_invariant(x, shift):
    p = softmax(x)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax(x + shift), p, atol=1e-12)
    np.testing.assert_allclose(log_softmax(x + shift), log_softmax(x), atol=1e-10)
    np.testing.assert_allclose(logsumexp(x + shift), logsumexp(x) + shift, rtol=1e-12, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(x=logits)
def test_log_softmax_is_log_of_softmax_where_finite(x):
    p = softmax(x)
    ok = p > 1e-300
    np.testing.assert_allclose(log_softmax(x)[ok], np.log(p[ok]), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.exp(log_softmax(x)), p, atol=1e-15, rtol=1e-12)
    assert np.all(log_softmax(x) <= 0)


@settings(max_examples=40, deadline=None)
@given(x=logits)
def test_softmax_of_float32_agrees_with_float64(x):
    x32 = x.astype(np.float32)
    np.testing.assert_allclose(softmax(x32), softmax(x32.astype(np.float64)), atol=1e-6)
    assert softmax(x32).dtype == np.float32


def test_top_level_names():
    for name in ("softmax", "log_softmax", "logsumexp", "softmax_jacobian", "cross_entropy",
                 "maxout"):
        assert getattr(actlib, name) is globals()[name]
