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
"""
import functools
import linecache
import numbers
import os

import numpy as np

from . import activations as _act
from .softmax import log_softmax as _log_softmax
from .softmax import softmax as _softmax
from .softmax import softmax_jacobian as _softmax_jacobian

#: The exercises of each notebook, in the order they appear. ``progress`` tallies these.
EXERCISES = {
    "01_why_nonlinearity": ("collapse_linear", "xor_net"),
    "02_sigmoid": ("sigmoid", "sigmoid_grad", "sigmoid_saturation_point"),
    "03_tanh": ("tanh_from_sigmoid", "tanh_grad", "expected_grad"),
    "04_relu": ("relu", "relu_grad", "active_fraction"),
    "05_relu_variants": ("leaky_relu", "elu", "selu", "expected_output"),
    "06_smooth_activations": ("softplus", "gelu_tanh", "swish", "swish_grad", "swish_minimum"),
    "07_softmax": ("softmax", "log_softmax", "softmax_jacobian", "cross_entropy_grad"),
    "08_vanishing_exploding_gradients": ("xavier_init", "he_init", "gradient_check"),
    "09_dead_neurons": ("dead_fraction", "born_dead_probability"),
    "10_choosing_an_activation": ("output_activation", "best_activation"),
}

DONE, FAILING, NOT_ATTEMPTED = "done", "failing", "not attempted"
_STATUS = {}  # exercise -> status, for this kernel session
_CASES = []  # the calls made by the check that is running


class _NotAttempted(Exception):
    pass


class _Fail(Exception):
    pass


def _fmt(v):
    """A short, exact-enough text for one number or a small array: 8 significant digits.

    Never the full repr: the last bits of exp, tanh, ... differ between CPUs (numpy picks SIMD
    kernels at run time), and a message must read the same on every learner's machine.
    """
    if isinstance(v, np.ndarray):
        if v.size <= 12:
            return np.array2string(v, precision=8, separator=", ", floatmode="maxprec")
        return f"an array of shape {v.shape}"
    if isinstance(v, (float, np.floating)):
        # rounded to 8 digits, then the shortest repr of that: 0.26894142, -3.0, 1.9287498e-22
        return repr(float(f"{float(v):.8g}")) if np.isfinite(v) else str(float(v))
    return repr(v)


def _shown(v):
    """What came back, for a message: numbers rounded as in :func:`_fmt`, others cut at 60."""
    if isinstance(v, (float, np.floating, np.ndarray)):
        return _fmt(v)
    return f"{v!r:.60}"


def _describe(v):
    """How an input is named in a message: values when small, plus dtype and shape."""
    if isinstance(v, np.ndarray):
        if v.size > 12:
            return f"an array of shape {v.shape} (dtype {v.dtype})"
        return f"{_fmt(v)} (dtype {v.dtype}, shape {v.shape})"
    return _fmt(v)


# IPython always shows the frame that raises, even with __tracebackhide__; raising from this
# two-line function, whose "file" is only in linecache, keeps actlib's code out of the
# learner's traceback: they see the cell that called the check, then the message.
_RAISE_SRC = ("def _raise(message):\n"
              "    raise AssertionError(message) from None  # the check failed: see below\n")
linecache.cache["<exercise check>"] = (len(_RAISE_SRC), None, _RAISE_SRC.splitlines(True),
                                       "<exercise check>")  # mtime None: never invalidated
_namespace = {}
exec(compile(_RAISE_SRC, "<exercise check>", "exec"), _namespace)  # noqa: S102 - fixed text
_raise = _namespace["_raise"]


def _checker(name):
    """Wrap a check body: record status, turn its findings into the printed/raised contract."""
    def decorate(body):
        @functools.wraps(body)
        def check(learner_fn):
            __tracebackhide__ = True  # IPython and pytest hide this frame
            if not callable(learner_fn):
                _STATUS[name] = FAILING
                _raise(f"{name}: pass your function itself, e.g. check_{name}({name}), "
                       f"without calling it; got {type(learner_fn).__name__} "
                       f"{learner_fn!r:.60}")
            _CASES.clear()
            try:
                n = body(learner_fn)
                for case in _CASES:  # right values, but did any call overflow on the way?
                    case.stable()
            except _NotAttempted:
                _STATUS[name] = NOT_ATTEMPTED
                message = f"{name}: not attempted yet (the stub still raises NotImplementedError)"
                if os.environ.get("ACTLIB_CHECKS_STRICT") == "1":  # grading: no free points
                    _raise(message)
                print(message)
                return
            except _Fail as fail:
                message = str(fail)
            else:
                _STATUS[name] = DONE
                print(f"{name}: correct ({n} check{'s' if n != 1 else ''} passed)")
                return
            _STATUS[name] = FAILING
            _raise(message)
        check.__doc__ = (f"Check the learner's ``{name}``: one line on success, 'not attempted "
                         "yet' for a stub, AssertionError with the failing input and a hint.")
        return check
    return decorate


_STABILITY = ("rewrite the formula so that no intermediate result overflows (note that "
              "np.where computes both branches on every element).")


class _Case:
    """One call of the learner's function and the checks on what came back."""

    def __init__(self, name, hint, call):
        self.name, self.hint, self.call = name, hint, call
        self.unstable = None  # set when the call raised FloatingPointError

    def stable(self):
        """Fail if the call overflowed (call after the value checks passed)."""
        if self.unstable:
            self.fail(self.unstable, f"{_STABILITY} {self.hint}")

    def fail(self, what, extra="", nonfinite=False):
        hint = extra or self.hint
        if self.unstable and self.unstable not in what:  # e.g. an inf that came from overflow
            what = f"{what}\n  Also, {self.unstable}"
            if nonfinite:
                hint = f"{_STABILITY} {hint}"
        raise _Fail(f"{self.name}: {what}\n  called: {self.call}\n  Hint: {hint}")


def _call(name, hint, fn, args, kwargs=None, call=None):
    """Run the learner's function on copies of the inputs; return (case, output)."""
    kwargs = kwargs or {}
    shown = ", ".join([_describe(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
    case = _Case(name, hint, call or f"{name}({shown})")
    _CASES.append(case)
    given = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out = fn(*given, **kwargs)
    except NotImplementedError:
        raise _NotAttempted from None
    except FloatingPointError as err:
        # Run it again quietly: a wrong value is the better message when there is one.
        try:
            with np.errstate(all="ignore"):
                out = fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args],
                         **kwargs)
        except Exception:  # noqa: BLE001 - the learner's code: anything can happen
            out = None
        case.unstable = (f"numpy reported '{err}' inside your function (an overflow, 0/0 or "
                         "log(0)), so it is not numerically stable for this input.")
    except Exception as err:  # noqa: BLE001 - the learner's own bug: name it, with the input
        case.fail(f"your function raised {type(err).__name__}: {err}",
                  f"run it yourself on this input to see the line that fails. {hint}")
    for a, g in zip(args, given):
        if isinstance(a, np.ndarray) and not np.array_equal(a, g, equal_nan=True):
            case.fail("your function modified its input array in place "
                      f"(it is now {_describe(g)}).",
                      "work on new arrays (x * 2, np.maximum(x, 0), x.copy()); never assign "
                      "into x[...] or use in-place operators such as x *= ...")
    return case, out


def _check_array(case, got, expected, *, like=None, keep_float32=False, rtol=1e-6, atol=1e-12,
                 point=None, values=True):
    """Compare an array result with the expected one, element by element.

    ``like`` is the input whose shape/dtype an elementwise result must follow; ``point``
    names, for elementwise functions, the input array so the failing element can be shown.
    """
    expected = np.asarray(expected)
    if got is None:
        case.fail("it returned None.", "did you forget the `return` statement?")
    if isinstance(got, (list, tuple)):
        case.fail(f"it returned a {type(got).__name__}, not a numpy array.",
                  "use numpy operations on the whole array (np.exp, np.maximum, np.where) "
                  "instead of a Python loop; they return arrays.")
    if not isinstance(got, np.ndarray):
        if isinstance(got, np.generic) and expected.ndim == 0:
            got = np.asarray(got)
        else:
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a numpy array "
                      f"of shape {expected.shape}.",
                      "use numpy operations on the whole array (not math.* functions or Python "
                      "loops), and keepdims=True where a sum or max must broadcast back.")
    got = _check_form(case, got, expected)
    if values:
        _values(case, got, expected, like, keep_float32, rtol, atol, point)
    return got


def _check_form(case, got, expected):
    """The result is a floating ndarray of the expected shape; return it as an ndarray."""
    if got.dtype.kind != "f":
        case.fail(f"it returned an array of dtype {got.dtype}; expected floating-point numbers.",
                  "return floats: a comparison such as (x > 0) gives booleans and integer "
                  "constants can give integers; convert with .astype(x.dtype) or multiply "
                  "by 1.0.")
    if got.shape != expected.shape:
        case.fail(f"it returned shape {got.shape}; expected shape {expected.shape}.",
                  "check the axis you reduce over and use keepdims=True where a sum or max "
                  "must broadcast back; do not flatten or transpose the result.")
    return got


def _values(case, got, expected, like, keep_float32, rtol, atol, point):
    if keep_float32 and like is not None and like.dtype == np.float32 \
            and got.dtype != np.float32:
        case.fail(f"float32 input came back as {got.dtype}.",
                  "keep the input's dtype: Python float constants (0.5, 1.0) keep float32, "
                  "while np.float64(...) constants or np.array([...]) literals upcast it.")
    tol_r, tol_a = (max(rtol, 1e-4), max(atol, 1e-6)) if got.dtype != np.float64 else (rtol, atol)
    ok = np.isclose(got, expected, rtol=tol_r, atol=tol_a, equal_nan=True)
    if ok.all():
        return
    idx = tuple(int(i) for i in np.unravel_index(np.argmin(ok), ok.shape)) if ok.ndim else ()
    where = ""
    if point is not None and point.shape == expected.shape:
        where = f" at x = {_fmt(point[idx])}" + (f" (element {list(idx)})" if idx else "")
    elif idx:
        where = f" at element {list(idx)}"
    bad = got[idx]
    nan = " (NaN: an inf - inf or 0/0 somewhere)" if np.isnan(bad) else ""
    case.fail(f"wrong value{where}:\n    expected {_fmt(expected[idx])}\n"
              f"    got      {_fmt(bad)}{nan}", nonfinite=not np.isfinite(bad))


def _scalar(case, got, what="a number"):
    """The learner's result as a Python float, or a failure saying what came back."""
    if got is None:
        case.fail("it returned None.", "did you forget the `return` statement?")
    if isinstance(got, np.ndarray) and got.size == 1:
        got = got.reshape(())[()]
    if isinstance(got, bool) or not isinstance(got, (numbers.Real, np.floating, np.integer)):
        case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected {what}.",
                  "return a single number: float(...) of your result.")
    got = float(got)
    if not np.isfinite(got):
        case.fail(f"it returned {got}; expected a finite number.")
    return got


# --------------------------------------------------------------------------------------------
# elementwise functions: one table of inputs, checked against actlib's reference

_RNG_X = np.random.default_rng(7).normal(0, 3, size=(4, 5))
_SMALL = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
_KINK = np.array([-2.0, -1e-3, 0.0, 1e-3, 2.0])
_WIDE = np.array([-30.0, -10.0, 10.0, 30.0])
_EXTREME = np.array([-1000.0, -50.0, 50.0, 1000.0])


def _elementwise(name, fn, ref, inputs, hint, *, params=({},), keep_float32=True, rtol=1e-6):
    """Call ``fn(x, **p)`` for every input and parameter set; compare with ``ref(x, **p)``."""
    n = 0
    for p in params:
        for x in inputs:
            case, got = _call(name, hint, fn, (x,), p)
            with np.errstate(all="ignore"):
                expected = ref(x.astype(np.float64), **p)
            _check_array(case, got, expected, like=x, keep_float32=keep_float32, rtol=rtol,
                         point=x)
            n += 1
    return n


def _inputs(*arrays, float32=True):
    out = [np.asarray(a, dtype=np.float64) for a in arrays] + [_RNG_X.copy()]
    if float32:
        out.append(np.array([-4.0, -1.5, 0.25, 2.0, 4.0], dtype=np.float32))
    return out


@_checker("sigmoid")
def check_sigmoid(sigmoid):
    return _elementwise("sigmoid", sigmoid, _act.sigmoid, _inputs(_SMALL, _WIDE, _EXTREME),
                        "sigmoid(x) = 1 / (1 + e^(-x)) (mind the sign of the exponent and the "
                        "+ in the denominator); for x < 0 the same number is e^x / (1 + e^x), "
                        "which never overflows.")


@_checker("sigmoid_grad")
def check_sigmoid_grad(sigmoid_grad):
    return _elementwise("sigmoid_grad", sigmoid_grad, _act.sigmoid_grad,
                        _inputs(_SMALL, _WIDE, _EXTREME),
                        "the derivative is s * (1 - s) with s = sigmoid(x): evaluate it at the "
                        "input x, not at x itself as if x were already the output s.",
                        keep_float32=False)


@_checker("tanh_from_sigmoid")
def check_tanh_from_sigmoid(tanh_from_sigmoid):
    return _elementwise("tanh_from_sigmoid", tanh_from_sigmoid, _act.tanh,
                        _inputs(_SMALL, _WIDE, _EXTREME),
                        "tanh(x) = 2 * sigmoid(2x) - 1: the 2 goes both inside and outside; "
                        "use a stable sigmoid (actlib.sigmoid) so large |x| does not overflow.")


@_checker("tanh_grad")
def check_tanh_grad(tanh_grad):
    return _elementwise("tanh_grad", tanh_grad, _act.tanh_grad, _inputs(_SMALL, _WIDE, _EXTREME),
                        "the derivative is 1 - tanh(x)^2, evaluated at the input x; 1 - x^2 "
                        "is the formula in terms of the output a = tanh(x).",
                        keep_float32=False)


@_checker("relu")
def check_relu(relu):
    return _elementwise("relu", relu, _act.relu, _inputs(_SMALL, _KINK, _EXTREME),
                        "relu(x) = max(x, 0) element by element: np.maximum (not np.max, which "
                        "reduces the whole array to one number).")


@_checker("relu_grad")
def check_relu_grad(relu_grad):
    return _elementwise("relu_grad", relu_grad, _act.relu_grad, _inputs(_SMALL, _KINK, _EXTREME),
                        "the slope is 1 where x > 0 and 0 where x < 0; at x = 0 follow PyTorch "
                        "and use 0. Return floats, not booleans.", keep_float32=False)


@_checker("leaky_relu")
def check_leaky_relu(leaky_relu):
    return _elementwise("leaky_relu", leaky_relu, _act.leaky_relu,
                        _inputs(_SMALL, _KINK, _EXTREME), params=({}, {"alpha": 0.2}),
                        hint="x where x > 0, and alpha * x where x <= 0: the small slope belongs "
                             "on the negative side. Keep the signature leaky_relu(x, alpha=0.01).")


@_checker("elu")
def check_elu(elu):
    return _elementwise("elu", elu, _act.elu, _inputs(_SMALL, _KINK, _WIDE, _EXTREME),
                        params=({}, {"alpha": 0.5}),
                        hint="x where x > 0, and alpha * (e^x - 1) where x <= 0 (it approaches "
                             "-alpha, not 0). Keep the signature elu(x, alpha=1.0).")


@_checker("selu")
def check_selu(selu):
    return _elementwise("selu", selu, _act.selu, _inputs(_SMALL, _KINK, _WIDE, _EXTREME),
                        "scale * x for x > 0 and scale * alpha * (e^x - 1) for x <= 0, with the "
                        "constants at full precision (actlib.SELU_ALPHA, actlib.SELU_SCALE); the "
                        "scale multiplies both branches.", rtol=1e-5)


@_checker("softplus")
def check_softplus(softplus):
    return _elementwise("softplus", softplus, _act.softplus, _inputs(_SMALL, _WIDE, _EXTREME),
                        "softplus(x) = log(1 + e^x); written as max(x, 0) + log1p(e^(-|x|)) it "
                        "never overflows and stays accurate for very negative x.")


def _gelu_tanh(x):
    return _act.gelu(x, approximate="tanh")


@_checker("gelu_tanh")
def check_gelu_tanh(gelu_tanh):
    return _elementwise("gelu_tanh", gelu_tanh, _gelu_tanh, _inputs(_SMALL, _WIDE, _EXTREME),
                        "0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): the tanh "
                        "approximation, not the exact erf form (they differ by up to ~5e-4).")


@_checker("swish")
def check_swish(swish):
    return _elementwise("swish", swish, _act.swish, _inputs(_SMALL, _WIDE, _EXTREME),
                        params=({}, {"beta": 2.0}, {"beta": 0.5}),
                        hint="swish(x) = x * sigmoid(beta * x): beta goes inside the sigmoid; use a "
                             "stable sigmoid. Keep the signature swish(x, beta=1.0).")


@_checker("swish_grad")
def check_swish_grad(swish_grad):
    return _elementwise("swish_grad", swish_grad, _act.swish_grad,
                        _inputs(_SMALL, _WIDE, _EXTREME),
                        params=({}, {"beta": 2.0}, {"beta": 0.5}), keep_float32=False,
                        hint="product rule on x * s with s = sigmoid(beta x): s + beta x s (1 - s), "
                             "evaluated at the input x.")


# --------------------------------------------------------------------------------------------
# vector functions: softmax family


_SM_INPUTS = (
    (np.array([1.0, 2.0, 3.0]), {}),
    (np.array([1000.0, 1001.0, 1002.0]), {}),
    (np.array([-1000.0, -1000.0, -999.0]), {}),
    (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.0]]), {}),
    (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.0]]), {"axis": 0}),
    (np.array([[1.0, 2.0, 3.0], [-4.0, 0.5, 800.0]], dtype=np.float32), {}),
)


def _vector(name, fn, ref, hint, rtol=1e-6):
    n = 0
    for x, kw in _SM_INPUTS:
        case, got = _call(name, hint, fn, (x,), kw)
        _check_array(case, got, ref(x.astype(np.float64), **kw), like=x, keep_float32=True,
                     rtol=rtol)
        n += 1
    return n


@_checker("softmax")
def check_softmax(softmax):
    return _vector("softmax", softmax, _softmax,
                   "exp(x) / sum(exp(x)) along `axis`; subtract the maximum along that axis first "
                   "(keepdims=True) so exp never overflows: softmax(x - c) = softmax(x).")


@_checker("log_softmax")
def check_log_softmax(log_softmax):
    return _vector("log_softmax", log_softmax, _log_softmax,
                   "log(softmax(x)) underflows to log(0) = -inf; use x - m - log(sum(exp(x - m))) "
                   "with m the maximum along `axis` (keepdims=True).")


@_checker("softmax_jacobian")
def check_softmax_jacobian(softmax_jacobian):
    hint = ("J[i, j] = p_i (delta_ij - p_j) with p the softmax of z: the diagonal has an extra "
            "p_i, every entry has the -p_i p_j (np.outer); K logits give a K x K matrix.")
    n = 0
    for z in (np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0, 0.0]),
              np.array([1000.0, 0.0, -1000.0]), np.array([0.0])):
        case, got = _call("softmax_jacobian", hint, softmax_jacobian, (z,))
        _check_array(case, got, _softmax_jacobian(z))
        n += 1
    return n


def _ce_grad(logits, labels):
    p = _softmax(logits, axis=1)
    p[np.arange(len(labels)), labels] -= 1.0
    return p / len(labels)


@_checker("cross_entropy_grad")
def check_cross_entropy_grad(cross_entropy_grad):
    hint = ("the gradient of the batch-mean cross-entropy with respect to the logits is "
            "(softmax(logits) - one_hot(labels)) / N, with the softmax over each row.")
    cases = ((np.array([[2.0, 1.0, 0.1]]), np.array([0])),
             (np.array([[2.0, 1.0, 0.1], [0.0, 3.0, -1.0]]), np.array([2, 1])),
             (np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.0, 0.0], [3.0, 3.0]]),
              np.array([1, 1, 0, 1])))
    n = 0
    for logits, labels in cases:
        case, got = _call("cross_entropy_grad", hint, cross_entropy_grad, (logits, labels))
        expected = _ce_grad(logits, labels)
        if isinstance(got, np.ndarray) and got.shape == expected.shape and len(labels) > 1 \
                and np.allclose(got, expected * len(labels)):
            case.fail("your gradient is N times too large.",
                      "the loss is the mean over the batch, so its gradient carries 1/N.")
        _check_array(case, got, expected)
        n += 1
    return n


# --------------------------------------------------------------------------------------------
# lesson 01: linear layers collapse; a hand-built XOR net


@_checker("collapse_linear")
def check_collapse_linear(collapse_linear):
    hint = ("expand (x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2): the bias of the first layer "
            "also goes through W2.")
    rng = np.random.default_rng(3)
    n = 0
    for n_in, n_hid, n_out in ((3, 4, 2), (2, 5, 1)):
        W1, b1 = rng.normal(size=(n_in, n_hid)), rng.normal(size=n_hid)
        W2, b2 = rng.normal(size=(n_hid, n_out)), rng.normal(size=n_out)
        case, got = _call("collapse_linear", hint, collapse_linear, (W1, b1, W2, b2),
                          call=f"collapse_linear(W1, b1, W2, b2) with W1 {W1.shape}, "
                               f"W2 {W2.shape}")
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a tuple (W, b).",
                      "end with `return W, b`.")
        W, b = got
        _check_array(case, W, W1 @ W2)
        _check_array(case, b, b1 @ W2 + b2)
        n += 1
    return n


@_checker("xor_net")
def check_xor_net(xor_net):
    hint = ("each hidden ReLU unit draws one line: e.g. one unit that fires for x1 + x2 > 0 and "
            "one for x1 + x2 > 1; the output combines them so that (1, 1) cancels.")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    case, got = _call("xor_net", hint, xor_net, (), call="xor_net()")
    if not (isinstance(got, (tuple, list)) and len(got) == 4):
        case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected (W1, b1, W2, b2).",
                  "return the four arrays as one tuple, in the order W1, b1, W2, b2.")
    try:
        W1, b1, W2, b2 = (np.asarray(g, dtype=np.float64) for g in got)
    except (TypeError, ValueError):
        case.fail("its weights are not arrays of numbers.")
    for arr, shapes, label in ((W1, [(2, 2)], "W1"), (b1, [(2,)], "b1"),
                               (W2, [(2, 1), (2,)], "W2"), (b2, [(1,), ()], "b2")):
        if arr.shape not in shapes:
            case.fail(f"{label} has shape {arr.shape}; a 2-2-1 net needs {shapes[0]}.",
                      "W1 maps 2 inputs to 2 hidden units, W2 maps 2 hidden units to 1 output.")
    out = (np.maximum(X @ W1 + b1, 0) @ W2.reshape(2, 1) + b2).ravel()
    pred = (out > 0.5).astype(int)
    for i in range(4):
        if pred[i] != y[i]:
            case.fail(f"wrong class for input {X[i].tolist()}: the output "
                      f"relu(x W1 + b1) W2 + b2 is {_fmt(out[i])}, so the net says {pred[i]}; "
                      f"XOR is {y[i]} (class 1 means output > 0.5).")
    return 4


# --------------------------------------------------------------------------------------------
# measurements


def _gauss_mean(f):
    """E[f(z)] for z ~ N(0, 1) by fine trapezoidal integration (exact enough at kinks too)."""
    z = np.linspace(-12.0, 12.0, 240_001)
    return float(np.trapezoid(f(z) * np.exp(-z * z / 2) / np.sqrt(2 * np.pi), z))


def _measure(name, fn, hint, funcs, tol):
    n = 0
    for label, f in funcs:
        case, got = _call(name, hint, fn, (f,), call=f"{name}({label})")
        got = _scalar(case, got)
        expected = _gauss_mean(f)
        if abs(got - expected) > tol:
            case.fail(f"wrong value for {label}:\n    expected {expected:.4f} (within {tol})\n"
                      f"    got      {got:.4f}")
        n += 1
    return n


@_checker("expected_grad")
def check_expected_grad(expected_grad):
    return _measure("expected_grad", expected_grad,
                    "draw many z from a standard normal (rng.standard_normal(100_000)), apply "
                    "the derivative df and average; use the derivative you were given.",
                    (("actlib.sigmoid_grad", _act.sigmoid_grad), ("actlib.tanh_grad",
                     _act.tanh_grad), ("actlib.relu_grad", _act.relu_grad)), tol=0.005)


@_checker("expected_output")
def check_expected_output(expected_output):
    return _measure("expected_output", expected_output,
                    "draw many z from a standard normal (rng.standard_normal(100_000)), apply "
                    "f and average.",
                    (("actlib.leaky_relu", _act.leaky_relu), ("actlib.elu", _act.elu),
                     ("actlib.selu", _act.selu), ("actlib.tanh", _act.tanh)), tol=0.005)


@_checker("sigmoid_saturation_point")
def check_sigmoid_saturation_point(sigmoid_saturation_point):
    case, got = _call("sigmoid_saturation_point",
                      "solve s (1 - s) = 0.01 for s = sigmoid(x), or search numerically on a "
                      "fine grid of x > 0 with actlib.sigmoid_grad.",
                      sigmoid_saturation_point, (), call="sigmoid_saturation_point()")
    got = _scalar(case, got)
    s = (1 + np.sqrt(1 - 4 * 0.01)) / 2
    expected = float(np.log(s / (1 - s)))
    if got < 0:
        case.fail(f"it returned {got:.4f}; the task asks for the positive x.",
                  "the derivative is symmetric: sigma'(-x) = sigma'(x).")
    if abs(got - expected) > 0.01:
        case.fail(f"at x = {got:.4f} sigmoid's derivative is "
                  f"{float(_act.sigmoid_grad(got)):.5f}, not 0.01 (tolerance on x: 0.01).")
    return 1


@_checker("swish_minimum")
def check_swish_minimum(swish_minimum):
    case, got = _call("swish_minimum", "evaluate swish on a fine grid (np.linspace over [-5, 0] "
                      "with 100_001 points) and take np.argmin.", swish_minimum, (),
                      call="swish_minimum()")
    if isinstance(got, np.ndarray) and got.shape == (2,):  # np.array([x_min, f_min]) is fine
        got = tuple(got)
    if got is None or not (isinstance(got, (tuple, list)) and len(got) == 2):
        case.fail(f"it returned {type(got).__name__} {_shown(got)}; expected a pair (x_min, "
                  "f_min).", "end with `return x_min, f_min`.")
    x_min, f_min = _scalar(case, got[0]), _scalar(case, got[1])
    z = np.linspace(-3, 0, 300_001)
    a = _act.swish(z)
    i = int(np.argmin(a))
    if abs(x_min - z[i]) > 1e-3:
        case.fail(f"x_min = {x_min:.4f} is not where swish is smallest: there swish is "
                  f"{float(_act.swish(x_min)):.5f}, and it goes lower (tolerance on x: 1e-3).")
    if abs(f_min - a[i]) > 1e-4:
        case.fail(f"f_min = {f_min:.5f} is not the value of swish at its minimum "
                  f"(tolerance 1e-4).", "f_min is swish(x_min).")
    return 2


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


# --------------------------------------------------------------------------------------------
# lesson 08: initialisation and gradient checking


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
    return _init("xavier_init", xavier_init, lambda i, o: np.sqrt(2.0 / (i + o)),
                 "Glorot and Bengio keep the variance equal forwards and backwards: "
                 "Var(W) = 2 / (fan_in + fan_out). rng.normal takes a standard deviation, "
                 "not a variance.")


@_checker("he_init")
def check_he_init(he_init):
    return _init("he_init", he_init, lambda i, o: np.sqrt(2.0 / i),
                 "ReLU zeroes half of the signal's second moment, so He et al. double it back: "
                 "Var(W) = 2 / fan_in. rng.normal takes a standard deviation, not a variance.")


@_checker("gradient_check")
def check_gradient_check(gradient_check):
    hint = ("numeric = (f(x + h) - f(x - h)) / (2 h) element by element; return the largest "
            "|analytic - numeric| / max(|analytic| + |numeric|, 1e-12) over the elements.")
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
            case.fail(f"this derivative is wrong (taken at the output instead of the input), "
                      f"yet your check reports only {err:.3g} (expected above 1e-2).")
    return len(cases)


# --------------------------------------------------------------------------------------------
# lesson 09: dead units


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
    from .experiments import born_dead_probability

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


# --------------------------------------------------------------------------------------------
# lesson 10: choices

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


# --------------------------------------------------------------------------------------------
# the tally


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
    return {name: _STATUS.get(name, NOT_ATTEMPTED) for name in names}


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
    _STATUS.clear()


__all__ = [
    "EXERCISES",
    "check_active_fraction",
    "check_best_activation",
    "check_born_dead_probability",
    "check_collapse_linear",
    "check_cross_entropy_grad",
    "check_dead_fraction",
    "check_elu",
    "check_expected_grad",
    "check_expected_output",
    "check_gelu_tanh",
    "check_gradient_check",
    "check_he_init",
    "check_leaky_relu",
    "check_log_softmax",
    "check_output_activation",
    "check_relu",
    "check_relu_grad",
    "check_selu",
    "check_sigmoid",
    "check_sigmoid_grad",
    "check_sigmoid_saturation_point",
    "check_softmax",
    "check_softmax_jacobian",
    "check_softplus",
    "check_swish",
    "check_swish_grad",
    "check_swish_minimum",
    "check_tanh_from_sigmoid",
    "check_tanh_grad",
    "check_xavier_init",
    "check_xor_net",
    "progress",
    "reset_progress",
    "status",
]
