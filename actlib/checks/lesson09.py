"""Lesson 09's checkers: the dead fraction, the born-dead probability, reviving a dying net."""
import functools

import numpy as np

from ._contract import _call, _checker, _fmt, _scalar, _shown


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


#: what a revived network must reach on every seed of actlib.dying.run_setup
REVIVED_DEAD, REVIVED_ACCURACY = 0.2, 0.85


@_checker("revive")
def check_revive(revive):
    from .. import dying

    hint = ("try one change at a time with actlib.dying.run_setup({**DYING_SETUP, key: value}) "
            "and look at both numbers: the dead fraction and the test accuracy. Which setting "
            "made the updates so large that units were pushed below zero for good?")
    given = dict(dying.DYING_SETUP)
    case, got = _call("revive", hint, revive, (given,), call=f"revive({dying.DYING_SETUP})")
    if given != dying.DYING_SETUP:
        case.fail("your function modified the setup it was given.",
                  "build a new dict: new = dict(setup); new[key] = value (or {**setup, key: "
                  "value}).")
    if not isinstance(got, dict):
        case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a dict (the "
                  "setup with one change).", "start from dict(setup) and change one value.")
    unknown = sorted(set(got) - set(dying.DYING_SETUP))
    if unknown:
        case.fail(f"the setup has a key {unknown[0]!r} that run_setup does not know.",
                  f"the keys are {', '.join(dying.DYING_SETUP)}.")
    new = {**dying.DYING_SETUP, **got}
    changed = [k for k in new if new[k] != dying.DYING_SETUP[k]]
    if len(changed) != 1:
        case.fail(f"it changed {len(changed)} settings ({', '.join(changed) or 'none'}); the "
                  "task allows exactly one.", "one change, so that you know which one "
                  "revived the network.")
    key = changed[0]
    try:
        result = dying.run_setup(got)
    except Exception as err:  # noqa: BLE001 - a value the network cannot use
        case.fail(f"the setup with {key}={new[key]!r} cannot be trained: "
                  f"{type(err).__name__}: {err}")
    dead, acc = result["dead"], result["accuracy"]
    if result["diverged"].any():
        case.fail(f"with {key}={new[key]!r}, training diverged (the loss became inf or NaN) on "
                  f"{int(result['diverged'].sum())} of {len(dead)} seeds.",
                  "that change does not tame the too-large updates; " + hint)
    shown = (f"dead fraction per seed {_fmt(np.round(dead, 2))}, test accuracy per seed "
             f"{_fmt(np.round(acc, 2))}")
    if dead.max() > REVIVED_DEAD:
        case.fail(f"with {key}={new[key]!r} the network still dies:\n    expected a dead "
                  f"fraction of at most {REVIVED_DEAD} on every seed\n    got      {shown}")
    if acc.min() < REVIVED_ACCURACY:
        case.fail(f"with {key}={new[key]!r} few units die, but the network does not learn "
                  f"the task:\n    expected a test accuracy of at least {REVIVED_ACCURACY} on "
                  f"every seed\n    got      {shown}", "a revived network must also work; "
                  + hint)
    return 1
