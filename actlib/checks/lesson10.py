"""Lesson 10's checkers: the output activation for a task, the best activation from a table."""
import numpy as np

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


@_checker("best_activation")
def check_best_activation(best_activation):
    hint = ("compare the mean over seeds, not the single best run: np.mean of each list, "
            "then the name with the largest mean.")
    tables = (
        {"relu": [0.90, 0.91, 0.89], "tanh": [0.85, 0.86, 0.84]},
        {"sigmoid": [0.99, 0.60, 0.62], "gelu": [0.93, 0.94, 0.92], "elu": [0.91, 0.90, 0.95]},
        {"a": np.array([0.5, 0.7]), "b": np.array([0.61, 0.62]), "c": np.array([0.1, 0.2])},
    )
    for table in tables:
        shown = {k: [float(v) for v in vals] for k, vals in table.items()}
        case, got = _call("best_activation", hint, best_activation, (dict(table),),
                          call=f"best_activation({shown})")
        expected = max(table, key=lambda k: float(np.mean(table[k])))
        if not isinstance(got, str):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected one of the "
                      "names in the table.", "return the key, not its value.")
        if got != expected:
            case.fail(f"it returned {got!r}; another activation has a higher mean accuracy.")
    return len(tables)
