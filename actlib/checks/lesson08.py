"""Lesson 08's checkers: Xavier and He initialisation, a gradient check, a critical gain."""
import numpy as np

from .. import activations as _act
from .. import meanfield as _mf
from ..gradcheck import numerical_derivative
from ..gradcheck import relative_error as _relative_error
from ..nn import init_std as _init_std
from ._contract import _call, _check_array, _checker, _fmt, _scalar


def _init(name, fn, target, hint):
    n = 0
    for fan_in, fan_out in ((400, 100), (100, 400), (3, 2)):
        call = f"{name}({fan_in}, {fan_out}, np.random.default_rng(0))"
        case, W = _call(name, hint, fn, (fan_in, fan_out, np.random.default_rng(0)), call=call)
        _, W_again = _call(name, hint, fn, (fan_in, fan_out, np.random.default_rng(0)), call=call)
        if isinstance(W, np.ndarray) and W.shape == (fan_out, fan_in) and fan_in != fan_out:
            case.fail(f"it returned shape {W.shape}; expected (fan_in, fan_out) = "
                      f"({fan_in}, {fan_out}).", "layers compute z = a_prev @ W + b, so W has "
                      "one row per input and one column per unit.")
        W = _check_array(case, W, np.zeros((fan_in, fan_out)), values=False)
        if not np.array_equal(W, W_again):
            case.fail("two calls with the same seed gave different weights.",
                      "draw the numbers from the `rng` argument (rng.normal or rng.uniform), "
                      "not from np.random.* or a fresh generator.")
        if W.size < 1000:
            n += 1
            continue
        std, mean = float(W.std()), float(W.mean())
        want = target(fan_in, fan_out)
        if abs(std / want - 1) > 0.05 or abs(mean) > 5 * want / np.sqrt(W.size):
            case.fail(f"the weights have mean {mean:.4f} and standard deviation {std:.4f}; "
                      f"expected mean 0 and standard deviation {want:.4f} (within 5%).")
        n += 1
    return n


@_checker("xavier_init")
def check_xavier_init(xavier_init):
    return _init("xavier_init", xavier_init, lambda i, o: _init_std("xavier", i, o),
                 "Glorot and Bengio keep the variance equal forwards and backwards: "
                 "Var(W) = 2 / (fan_in + fan_out). rng.normal takes a standard deviation, "
                 "not a variance.")


@_checker("he_init")
def check_he_init(he_init):
    return _init("he_init", he_init, lambda i, o: _init_std("he", i, o),
                 "ReLU zeroes half of the signal's second moment, so He et al. double it back: "
                 "Var(W) = 2 / fan_in. rng.normal takes a standard deviation, not a variance.")


@_checker("gradient_check")
def check_gradient_check(gradient_check):
    hint = ("numeric = (f(x + h) - f(x - h)) / (2 h) element by element; return the largest "
            "|analytic - numeric| / max(|analytic|, |numeric|, 1e-12) over the elements "
            "(CS231n's relative error, as actlib.relative_error).")
    x = np.array([-3.0, -1.2, -0.3, 0.4, 1.1, 2.5])

    def sigmoid_grad_at_output(z):  # the classic bug: s (1 - s) with s = z
        return z * (1 - z)

    def tanh_grad_at_output(z):
        return 1 - z ** 2

    cases = (("actlib.sigmoid, actlib.sigmoid_grad", _act.sigmoid, _act.sigmoid_grad, True),
             ("actlib.tanh, actlib.tanh_grad", _act.tanh, _act.tanh_grad, True),
             ("actlib.softplus, actlib.softplus_grad", _act.softplus, _act.softplus_grad, True),
             ("actlib.sigmoid, lambda z: z * (1 - z)", _act.sigmoid, sigmoid_grad_at_output,
              False),
             ("actlib.tanh, lambda z: 1 - z ** 2", _act.tanh, tanh_grad_at_output, False))
    for label, f, df, right in cases:
        case, got = _call("gradient_check", hint, gradient_check, (f, df, x),
                          call=f"gradient_check({label}, x={_fmt(x)})")
        err = _scalar(case, got, "a relative error (one number)")
        if err < 0:
            case.fail(f"it returned {err:.3g}; a relative error is never negative.")
        if right and err > 1e-6:
            case.fail(f"this derivative is correct, yet your check reports a relative error "
                      f"of {err:.3g} (expected below 1e-6).",
                      "use a central difference with h around 1e-5 and compare with df(x).")
        if not right and err < 1e-2:
            ref = _relative_error(df(x), numerical_derivative(f, x))
            case.fail(f"this derivative is wrong (taken at the output instead of the input), "
                      f"yet your check reports only {err:.3g} (expected above 1e-2; "
                      f"actlib.relative_error gives {ref:.3g}).")
    return len(cases)


@_checker("critical_tanh_gain")
def check_critical_tanh_gain(critical_tanh_gain):
    hint = ("measure sqrt(dz_sq[0] / dz_sq[-1]) of actlib.experiments.gradient_flow(depth, 128, "
            "'tanh', sigma_w) (a few seeds) and bisect on sigma_w between 1 and 2 until it is 1; "
            "or compute the same ratio with actlib.meanfield.chi_product.")
    n = 0
    for depth in (30, 15):
        case, got = _call("critical_tanh_gain", hint, critical_tanh_gain, (depth,),
                          call=f"critical_tanh_gain({depth})")
        got = _scalar(case, got, "a gain sigma_w (one number)")
        if got <= 0:
            case.fail(f"it returned {got:.4g}; a gain sigma_w is positive.")
        if abs(got - 5 / 3) < 1e-6:
            case.fail("it returned 5/3, the conventional gain for tanh (torch.nn.init."
                      "calculate_gain): a heuristic for the forward signal, not the critical one.",
                      hint)
        ratio = float(np.sqrt(_mf.chi_product("tanh", got, depth=depth)))
        if abs(got - _mf.critical_gain("tanh", depth=depth)) > 0.05:  # room for finite width
            side = "vanishes" if ratio < 1 else "explodes"
            case.fail(f"at sigma_w = {got:.4f} the backward signal of a {depth}-layer tanh net "
                      f"{side}: ||dz_1|| / ||dz_{depth}|| = {ratio:.3g} (mean field), not 1 "
                      "(tolerance on sigma_w: 0.05).", hint)
        n += 1
    return n
