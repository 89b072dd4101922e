"""Input checking shared by the leaf modules: what counts as "real numbers" and how outputs look."""
import numpy as np


def as_real_array(x, name="x"):
    """Return ``x`` as a floating-point ndarray, without ever writing to it.

    float16/32/64 (and longdouble) keep their dtype; integers and bools become float64.
    Strings, None, complex, object and other non-real inputs raise ``TypeError``.
    """
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must hold real numbers; got {type(x).__name__} {x!r:.60}")
    a = np.asarray(x)
    kind = a.dtype.kind
    if kind == "f":
        return a
    if kind in "biu":
        return a.astype(np.float64)
    what = {"c": "complex", "O": "object", "U": "string", "S": "bytes"}.get(kind, str(a.dtype))
    raise TypeError(f"{name} must hold real numbers; got an array of dtype {a.dtype} ({what})")


def finish(y, like):
    """Give ``y`` the dtype of ``like``; return a numpy scalar when ``like`` is 0-d, as numpy does.

    A no-op when the dtypes already agree. A float32 result for float16 input is rounded here;
    values past float16's range become +-inf, as float16 arithmetic itself would give.
    """
    with np.errstate(over="ignore"):
        y = np.asarray(y, dtype=like.dtype)
    return y[()] if like.ndim == 0 else y


def real_param(value, name, *, low=None, high=None, low_inclusive=True):
    """Check a scalar parameter (alpha, beta, temperature, ...) and return it as a Python float.

    A Python float keeps float32 inputs float32 (numpy's weak scalar promotion).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r:.60}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite; got {v}")
    if low is not None and (v < low or (v == low and not low_inclusive)):
        bound = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {bound} {low}; got {v}")
    if high is not None and v > high:
        raise ValueError(f"{name} must be <= {high}; got {v}")
    return v
