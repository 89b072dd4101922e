"""Lesson 10's checkers: the output activation for a task; reading a comparison over seeds
(which activations are tied with the best, which differences from a baseline are real)."""
import numpy as np

from ..stats import paired_bootstrap_ci
from ._contract import _call, _checker, _shown

_OUTPUTS = {
    "binary": ({"sigmoid"}, "one probability in (0, 1) per example, trained with BCE"),
    "multiclass": ({"softmax"}, "one probability per class, all of them summing to 1"),
    "regression": ({"identity", "linear", "none"},
                   "any real number, so nothing may squash or clip it"),
    "positive": ({"softplus", "exp"}, ("a strictly positive number, smooth in the logit, with "
                 "a gradient everywhere (ReLU would give exactly 0 and no gradient)")),
}


@_checker("output_activation")
def check_output_activation(output_activation):
    for task, (accepted, why) in _OUTPUTS.items():
        case, got = _call("output_activation", "", output_activation, (task,))
        if not isinstance(got, str):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected the name of an "
                      "activation, a string such as 'tanh'.", "return a string.")
        if got.strip().lower() not in accepted:
            case.fail(f"for the task {task!r} you chose {got!r}, which does not fit.",
                      f"the output must be {why}.")
    return len(_OUTPUTS)


def _tied_with_best(results):
    """The best mean and every name whose paired interval against it contains 0 (a set)."""
    best = max(results, key=lambda k: float(np.mean(results[k])))
    return {best} | {k for k in results if k != best
                     and not paired_bootstrap_ci(results[best], results[k]).excludes_zero}


def _verdicts(results, baseline, higher_is_better):
    """Each other name: "better", "worse" or "tied" against the baseline, from the interval."""
    out = {}
    for k in results:
        if k != baseline:
            ci = paired_bootstrap_ci(results[k], results[baseline])
            gain = (ci.low, ci.high) if higher_is_better else (-ci.high, -ci.low)
            out[k] = "better" if gain[0] > 0 else "worse" if gain[1] < 0 else "tied"
    return out


def _shown_table(table):
    return {k: [round(float(v), 4) for v in vals] for k, vals in table.items()}


# Per-seed scores of one experiment: the seeds differ a lot (easy and hard splits), which
# every method shares; the tables keep each answer far from the edge of its interval, so any
# correct bootstrap (another seed, 2000 or 100000 resamples) gives the same verdicts.
_SPLITS = np.array([0.62, 0.91, 0.74, 0.95, 0.68, 0.88, 0.80, 0.71])
_JITTER = np.array([0.004, -0.003, 0.002, -0.004, 0.003, -0.002, 0.001, -0.001])


@_checker("best_activation")
def check_best_activation(best_activation):
    hint = ("take the name with the best mean, then for every other name compute "
            "actlib.stats.paired_bootstrap_ci(results[best], results[name]): it is tied with "
            "the best when that interval contains 0 (not .excludes_zero). Pair the seeds: "
            "comparing the two ranges (min, max) ignores that an easy seed is easy for both.")
    tables = (
        {"relu": [0.90, 0.91, 0.89, 0.92, 0.90], "tanh": [0.85, 0.86, 0.84, 0.87, 0.85]},
        {"sigmoid": [0.99, 0.60, 0.62, 0.61, 0.63], "gelu": [0.93, 0.95, 0.92, 0.95, 0.93],
         "elu": [0.94, 0.93, 0.93, 0.94, 0.92]},
        {"a": _SPLITS + 0.02 + _JITTER, "b": _SPLITS.copy()},
        {"x": [0.80, 0.90, 0.70, 0.85], "y": [0.90, 0.75, 0.80, 0.78]},
    )
    for table in tables:
        case, got = _call("best_activation", hint, best_activation,
                          ({k: (v.copy() if isinstance(v, np.ndarray) else list(v))
                            for k, v in table.items()},),
                          call=f"best_activation({_shown_table(table)})")
        if not isinstance(got, (list, tuple, set)) or not all(isinstance(g, str) for g in got):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a list of "
                      "names (the best and every name tied with it).",
                      "return a list of strings, e.g. ['relu', 'gelu'], even for one name.")
        expected = _tied_with_best(table)
        if set(got) != expected:
            missing, extra = sorted(expected - set(got)), sorted(set(got) - expected)
            what = (f"{', '.join(extra)} should not be in it: the paired interval against the "
                    "best excludes 0" if extra else
                    f"{', '.join(missing)} is missing: the data cannot tell it from the best "
                    "(or it is the best)")
            case.fail(f"it returned {sorted(got)}; {what}.")
    return len(tables)


@_checker("real_differences")
def check_real_differences(real_differences):
    hint = ("for every name other than the baseline, ci = actlib.stats.paired_bootstrap_ci("
            "results[name], results[baseline]): 'better' when the whole interval is on the "
            "good side of 0, 'worse' when it is on the bad side, else 'tied'. For errors "
            "(higher_is_better=False) a negative difference is the good side.")
    cases = (
        ({"relu": _SPLITS, "tanh": _SPLITS - 0.05 + _JITTER, "gelu": _SPLITS + _JITTER,
          "swish": _SPLITS + 0.02 - _JITTER}, "relu", True),
        ({"relu": _SPLITS / 10, "swish": _SPLITS / 10 - 0.01 + _JITTER / 10,
          "sigmoid": _SPLITS / 10 + 0.03 - _JITTER / 10, "mish": _SPLITS / 10 + _JITTER / 10},
         "relu", False),
        ({"x": np.array([0.80, 0.90, 0.70, 0.85]), "y": np.array([0.90, 0.75, 0.80, 0.78])},
         "y", True),
    )
    for table, baseline, higher in cases:
        case, got = _call("real_differences", hint, real_differences,
                          ({k: np.array(v) for k, v in table.items()}, baseline),
                          {"higher_is_better": higher},
                          call=f"real_differences({_shown_table(table)}, {baseline!r}, "
                               f"higher_is_better={higher})")
        expected = _verdicts(table, baseline, higher)
        if not isinstance(got, dict):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a dict "
                      "mapping each other name to 'better', 'worse' or 'tied'.",
                      "build a dict: {name: verdict for each name other than the baseline}.")
        if set(got) != set(expected):
            case.fail(f"it returned verdicts for {sorted(map(str, got))}; expected one for "
                      f"each name other than the baseline {baseline!r}: "
                      f"{sorted(expected)}.", "leave the baseline itself out.")
        for name, verdict in expected.items():
            if got[name] != verdict:
                case.fail(f"for {name!r} against {baseline!r} it returned {got[name]!r}, "
                          "which the paired interval does not support.")
    return len(cases)
