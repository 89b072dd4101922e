"""Lesson 03's checker beyond the elementwise table: the expected derivative E[f'(z)]."""

from .. import activations as _act
from ._contract import _checker, _measure


@_checker("expected_grad")
def check_expected_grad(expected_grad):
    return _measure("expected_grad", expected_grad,
                    "draw many z from a standard normal (rng.standard_normal(100_000)), apply "
                    "the derivative df and average; use the derivative you were given.",
                    (("actlib.sigmoid_grad", _act.sigmoid_grad), ("actlib.tanh_grad",
                     _act.tanh_grad), ("actlib.relu_grad", _act.relu_grad)), tol=0.005)
