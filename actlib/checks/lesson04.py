"""Lesson 04's checker beyond the elementwise table: the fraction of active ReLU units."""
import numpy as np

from ._contract import _call, _checker, _scalar


@_checker("active_fraction")
def check_active_fraction(active_fraction):
    hint = ("count the entries of Z that are > 0 (the ReLU passes them through; z = 0 gives "
            "output 0) and divide by Z.size.")
    rng = np.random.default_rng(4)
    tests = (np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 0.0]]), rng.normal(size=(50, 20)),
             rng.normal(0.5, 1, size=(10, 3)).astype(np.float32))
    for Z in tests:
        case, got = _call("active_fraction", hint, active_fraction, (Z,))
        got = _scalar(case, got, "a fraction between 0 and 1")
        expected = float(np.mean(Z > 0))
        if abs(got - expected) > 1e-9:
            case.fail(f"wrong fraction:\n    expected {expected:.4f}\n    got      {got:.4f}")
    return len(tests)
