"""actlib.gradcheck: the tools that judge every derivative must themselves be right."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actlib
from actlib.gradcheck import numerical_derivative, numerical_gradient, relative_error


def test_numerical_derivative_of_known_functions():
    x = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(numerical_derivative(np.sin, x), np.cos(x), atol=1e-9)
    np.testing.assert_allclose(numerical_derivative(np.exp, x), np.exp(x), rtol=1e-9)
    assert numerical_derivative(lambda v: v**2, 3.0) == pytest.approx(6.0)
    assert numerical_derivative(np.sin, [[0.0]]).shape == (1, 1)


def test_numerical_derivative_works_in_float64_for_float32_input():
    x = np.linspace(-2, 2, 9, dtype=np.float32)
    d = numerical_derivative(actlib.sigmoid, x)
    assert d.dtype == np.float64  # float32 steps of 1e-5 would be mostly rounding noise
    np.testing.assert_allclose(d, actlib.sigmoid_grad(x.astype(np.float64)), rtol=1e-8)


def test_numerical_gradient_of_a_quadratic_form():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([[0.5], [-1.5]])
    grad = numerical_gradient(lambda v: (v.T @ A @ v).item(), x)
    np.testing.assert_allclose(grad, 2 * A @ x, atol=1e-8)


def test_numerical_tools_do_not_modify_their_input():
    for x in (np.array([1.0, -2.0, 3.0]), np.array([[1.0, 2.0]], np.float32), np.arange(3)):
        before = x.copy()
        numerical_gradient(lambda v: np.sum(v**3), x)
        numerical_derivative(np.tanh, x)
        np.testing.assert_array_equal(x, before)
        assert x.dtype == before.dtype


def test_numerical_gradient_passes_the_whole_array_and_restores_each_entry():
    seen, shared = [], []
    x = np.arange(4.0)
    numerical_gradient(lambda v: seen.append(v.copy()) or shared.append(np.shares_memory(v, x))
                       or 0.0, x)
    assert len(seen) == 8
    # each call differs from x in exactly one entry, by +-h
    for v in seen:
        assert np.count_nonzero(v != x) == 1
    assert not any(shared)  # f never sees (and so can never keep) the caller's array


def test_numerical_gradient_works_in_float64_for_float32_input():
    x = np.array([0.3, -1.7, 2.2], np.float32)
    grad = numerical_gradient(lambda v: np.sum(v**3), x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, 3 * x.astype(np.float64) ** 2, rtol=1e-8)


@settings(max_examples=50, deadline=None)
@given(a=hnp.arrays(np.float64, 5, elements=st.floats(-1e3, 1e3)),
       b=hnp.arrays(np.float64, 5, elements=st.floats(-1e3, 1e3)))
def test_relative_error_is_symmetric_and_zero_only_for_equal(a, b):
    assert relative_error(a, b) == relative_error(b, a)
    assert relative_error(a, a) == 0.0
    assert 0.0 <= relative_error(a, b) <= 2.0
    if not np.array_equal(a, b):
        assert relative_error(a, b) > 0


def test_relative_error_values():
    assert relative_error([1.0], [1.0 + 1e-9]) == pytest.approx(1e-9, rel=1e-6)
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == 2.0
    assert relative_error([1e-20], [2e-20]) == pytest.approx(1e-8)  # floored by eps=1e-12
    assert relative_error([1e-20], [2e-20], eps=1e-30) == pytest.approx(0.5)
    assert relative_error([], []) == 0.0
    with pytest.raises(ValueError, match="shape"):
        relative_error([1.0, 2.0], [1.0])


def test_a_wrong_derivative_is_caught():
    # The classic slip: sigmoid' evaluated at the output sigma(x) instead of at x.
    x = np.linspace(-4, 4, 81)
    right = relative_error(actlib.sigmoid_grad(x), numerical_derivative(actlib.sigmoid, x))
    wrong = relative_error(actlib.sigmoid_grad(actlib.sigmoid(x)),
                           numerical_derivative(actlib.sigmoid, x))
    assert right < 1e-7 and wrong > 1e-1
    # and the sign error of the tutorials' 1 / (1 - e^-x)
    bad = lambda v: 1 / (1 - np.exp(-v))
    assert relative_error(actlib.sigmoid(x[x > 0]), bad(x[x > 0])) > 1e-2


def test_a_kink_is_where_gradient_checks_fail():
    # central differences straddling relu's kink give 1/2: why the tests skip |x| < 1e-3
    assert numerical_derivative(actlib.relu, 0.0) == pytest.approx(0.5)
    assert relative_error(actlib.relu_grad(1e-7), numerical_derivative(actlib.relu, 1e-7)) > 0.1
