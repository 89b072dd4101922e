"""Exercise checkers: compare a learner's function with actlib's own, and say what is wrong.

Every ``check_<exercise>(learner_fn)`` follows one contract:

- success: prints one line and records the exercise as done;
- the learner's function raises ``NotImplementedError`` (an untouched stub): prints "not
  attempted yet" and returns, so Run All goes through an untouched exercise notebook;
- anything else: raises ``AssertionError`` naming the input that failed, what was expected
  there, what came back (or which exception the learner's code raised) and a hint.

The checkers run the learner's code under ``np.errstate(over="raise", invalid="raise",
divide="raise")``: an implementation that overflows (the naive ``1 / (1 + np.exp(-x))`` at
x = -1000) fails with the input that made it overflow, even if the value it returns happens
to be right. Arrays are expected back as numpy arrays (a list is rejected: numpy code returns
arrays, and a list usually means a Python loop), with the input's shape, a floating dtype, and
float32 kept as float32 where the exercise says so. The input is never allowed to change.

With the environment variable ``ACTLIB_CHECKS_STRICT=1`` (for autograding, e.g. nbgrader), a
stub fails with ``AssertionError`` instead of printing "not attempted yet".

``progress(notebook)`` prints the tally of the exercises of one notebook (the last cell of
every exercise notebook calls it); :data:`EXERCISES` lists each notebook's exercises.

Where things are: ``_contract`` (the machinery above, shared by every checker),
``elementwise`` (one table row per elementwise exercise of lessons 02 to 06), and one module
per lesson for the rest (``lesson01``, ..., ``lesson11``). References come from actlib itself.
"""
from . import _contract
from ._contract import DONE, FAILING, NOT_ATTEMPTED
from .elementwise import (
    check_elu,
    check_gelu_tanh,
    check_hard_swish,
    check_hard_swish_grad,
    check_leaky_relu,
    check_relu,
    check_relu_grad,
    check_selu,
    check_sigmoid,
    check_sigmoid_grad,
    check_softplus,
    check_swish,
    check_swish_grad,
    check_tanh_from_sigmoid,
    check_tanh_grad,
)
from .lesson01 import check_collapse_linear, check_distinct_units, check_xor_net
from .lesson02 import check_layer_backward, check_sigmoid_saturation_point
from .lesson03 import check_expected_grad
from .lesson04 import check_active_fraction
from .lesson05 import check_expected_output, check_prelu_dalpha, check_selu_constants
from .lesson06 import check_swish_minimum
from .lesson07 import (
    check_cross_entropy_grad,
    check_exp_overflow_threshold,
    check_initial_loss,
    check_log_softmax,
    check_softmax,
    check_softmax_jacobian,
)
from .lesson08 import (
    check_critical_tanh_gain,
    check_gradient_check,
    check_he_init,
    check_xavier_init,
)
from .lesson09 import check_born_dead_probability, check_dead_fraction, check_revive
from .lesson10 import check_best_activation, check_output_activation, check_real_differences
from .lesson11 import (
    check_beats_on_every_seed,
    check_matched_width,
    check_swiglu,
    check_swiglu_grad,
    check_to_bfloat16,
    check_worst_relative_error,
)

#: The exercises of each notebook, in the order they appear. ``progress`` tallies these.
EXERCISES = {
    "01_why_nonlinearity": ("collapse_linear", "xor_net", "distinct_units"),
    "02_sigmoid": ("sigmoid", "sigmoid_grad", "sigmoid_saturation_point", "layer_backward"),
    "03_tanh": ("tanh_from_sigmoid", "tanh_grad", "expected_grad"),
    "04_relu": ("relu", "relu_grad", "active_fraction"),
    "05_relu_variants": ("leaky_relu", "elu", "selu", "expected_output", "selu_constants",
                         "prelu_dalpha"),
    "06_smooth_activations": ("softplus", "gelu_tanh", "swish", "swish_grad", "swish_minimum"),
    "07_softmax": ("softmax", "log_softmax", "softmax_jacobian", "cross_entropy_grad",
                   "initial_loss", "exp_overflow_threshold"),
    "08_vanishing_exploding_gradients": ("xavier_init", "he_init", "gradient_check",
                                         "critical_tanh_gain"),
    "09_dead_neurons": ("dead_fraction", "born_dead_probability", "revive"),
    "10_choosing_an_activation": ("output_activation", "best_activation", "real_differences"),
    "11_modern_activations": ("hard_swish", "hard_swish_grad", "swiglu", "swiglu_grad",
                              "matched_width", "to_bfloat16", "beats_on_every_seed",
                              "worst_relative_error"),
}




def status(notebook):
    """Exercise name -> "done", "failing" or "not attempted", for one notebook's exercises.

    Parameters
    ----------
    notebook : str or sequence of str
        A key of :data:`EXERCISES` such as ``"02_sigmoid"``, or a list of exercise names.

    Returns
    -------
    dict
        In exercise order. An exercise whose check has not run in this kernel yet counts as
        not attempted.
    """
    if isinstance(notebook, str):
        if notebook not in EXERCISES:
            raise KeyError(f"unknown notebook {notebook!r}; known: {', '.join(EXERCISES)}")
        names = EXERCISES[notebook]
    else:
        names = tuple(notebook)
    return {name: _contract._STATUS.get(name, NOT_ATTEMPTED) for name in names}


def progress(notebook):
    """Print how many of a notebook's exercises are done, failing, or not attempted yet.

    The last cell of every exercise notebook calls it. Statuses live in the running kernel:
    each ``check_*`` records its exercise's latest result.

    Parameters
    ----------
    notebook : str or sequence of str
        A key of :data:`EXERCISES` such as ``"02_sigmoid"``, or a list of exercise names.

    Examples
    --------
    >>> progress(["relu_grad"])
    Progress: 0 of 1 done, 0 failing, 1 not attempted
      [ ] relu_grad                  not attempted
    """
    marks = {DONE: "x", FAILING: "!", NOT_ATTEMPTED: " "}
    st = status(notebook)
    counts = {s: sum(v == s for v in st.values()) for s in marks}
    print(f"Progress: {counts[DONE]} of {len(st)} done, {counts[FAILING]} failing, "
          f"{counts[NOT_ATTEMPTED]} not attempted")
    for name, s in st.items():
        print(f"  [{marks[s]}] {name:<26} {s}")


def reset_progress():
    """Forget every recorded status (tests use it; a fresh kernel starts empty anyway)."""
    _contract._STATUS.clear()


__all__ = [
    "DONE",
    "EXERCISES",
    "FAILING",
    "NOT_ATTEMPTED",
    "check_active_fraction",
    "check_beats_on_every_seed",
    "check_best_activation",
    "check_born_dead_probability",
    "check_collapse_linear",
    "check_critical_tanh_gain",
    "check_cross_entropy_grad",
    "check_dead_fraction",
    "check_distinct_units",
    "check_elu",
    "check_exp_overflow_threshold",
    "check_expected_grad",
    "check_expected_output",
    "check_gelu_tanh",
    "check_gradient_check",
    "check_hard_swish",
    "check_hard_swish_grad",
    "check_he_init",
    "check_initial_loss",
    "check_layer_backward",
    "check_leaky_relu",
    "check_log_softmax",
    "check_matched_width",
    "check_output_activation",
    "check_prelu_dalpha",
    "check_real_differences",
    "check_relu",
    "check_relu_grad",
    "check_revive",
    "check_selu",
    "check_selu_constants",
    "check_sigmoid",
    "check_sigmoid_grad",
    "check_sigmoid_saturation_point",
    "check_softmax",
    "check_softmax_jacobian",
    "check_softplus",
    "check_swiglu",
    "check_swiglu_grad",
    "check_swish",
    "check_swish_grad",
    "check_swish_minimum",
    "check_tanh_from_sigmoid",
    "check_tanh_grad",
    "check_to_bfloat16",
    "check_worst_relative_error",
    "check_xavier_init",
    "check_xor_net",
    "progress",
    "reset_progress",
    "status",
]
