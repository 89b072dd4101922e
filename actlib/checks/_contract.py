"""The checkers' contract machinery: run the learner's code safely, compare, and report.

``@_checker(name)`` turns a check body into the public ``check_<name>`` with the contract of
:mod:`actlib.checks`; inside a body, ``_call`` runs the learner's function on copies of the
inputs (under ``np.errstate(over/invalid/divide="raise")``) and returns a ``_Case``, whose
``fail`` ends the check with a message; ``_check_array`` and ``_scalar`` compare results, and
``_measure`` checks an estimate of E[f(z)] for z ~ N(0, 1).
"""
import functools
import linecache
import numbers
import os

import numpy as np

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
