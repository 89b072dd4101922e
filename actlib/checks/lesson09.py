"""Lesson 09's checkers: the dead fraction, the born-dead probability."""
import functools

import numpy as np

from ._contract import _call, _checker, _scalar


@_checker("dead_fraction")
def check_dead_fraction(dead_fraction):
    hint = ("Z has one row per sample and one column per unit; a unit is dead when its z <= 0 "
            "on every row (relu'(0) = 0), so decide per column (reduce over axis 0), then "
            "return the fraction of dead columns.")
    rng = np.random.default_rng(5)
    Z = rng.normal(size=(30, 8))
    Z[:, [1, 4, 5]] = -np.abs(Z[:, [1, 4, 5]])
    Z[:, 5] = 0.0
    tests = (np.array([[-1.0, 2.0, 0.0], [-2.0, -1.0, 0.0]]), Z,
             np.array([[1.0, -1.0]], dtype=np.float32))
    for Zt in tests:
        case, got = _call("dead_fraction", hint, dead_fraction, (Zt,))
        got = _scalar(case, got, "a fraction between 0 and 1")
        expected = float(np.mean(np.all(Zt <= 0, axis=0)))
        if abs(got - expected) > 1e-9:
            case.fail(f"wrong fraction:\n    expected {expected:.4f}\n    got      {got:.4f}")
    return len(tests)


@functools.cache
def _born_dead_reference(depth):
    from ..experiments import born_dead_probability

    return born_dead_probability(depth, width=2, n_trials=10_000, seed=11)


@_checker("born_dead_probability")
def check_born_dead_probability(born_dead_probability):
    hint = ("for each trial: 100 inputs uniform in [-sqrt(3), sqrt(3)] with one feature, "
            "Gaussian He weights (std sqrt(2 / fan_in)), zero biases; the net is born dead when "
            "some hidden layer outputs 0 in every unit for every input. Return the fraction "
            "of dead trials.")
    n_trials = 2000
    for depth in (1, 10):
        case, got = _call("born_dead_probability", hint, born_dead_probability,
                          (depth, 2, n_trials, np.random.default_rng(1)),
                          call=f"born_dead_probability(depth={depth}, width=2, "
                               f"n_trials={n_trials}, rng=np.random.default_rng(1))")
        got = _scalar(case, got, "a probability between 0 and 1")
        p = _born_dead_reference(depth)
        tol = 4 * np.sqrt(p * (1 - p) / n_trials) + 0.01
        if abs(got - p) > tol:
            case.fail(f"wrong estimate for depth {depth}:\n    expected {p:.3f} (within "
                      f"{tol:.3f}, Monte-Carlo noise)\n    got      {got:.3f}")
    return 2
