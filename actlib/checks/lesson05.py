"""Lesson 05's checker beyond the elementwise table: the expected output E[f(z)]."""

from .. import activations as _act
from ._contract import _checker, _measure


@_checker("expected_output")
def check_expected_output(expected_output):
    return _measure("expected_output", expected_output,
                    "draw many z from a standard normal (rng.standard_normal(100_000)), apply "
                    "f and average.",
                    (("actlib.leaky_relu", _act.leaky_relu), ("actlib.elu", _act.elu),
                     ("actlib.selu", _act.selu), ("actlib.tanh", _act.tanh)), tol=0.005)
