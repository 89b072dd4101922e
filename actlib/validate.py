"""Checking what the caller passed in, in one place: arrays, real and integer parameters, choices.

One rule everywhere: a value of the wrong *type* raises ``TypeError`` naming the type received;
a value of the right type that cannot be used raises ``ValueError`` saying which values can.
"""
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


def _is_real_number(value):
    return not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))


def real_param(value, name, *, low=None, high=None, low_inclusive=True, high_inclusive=True):
    """Check a real parameter (alpha, lr, temperature, ...) and return it as a Python float.

    It must be a finite real number (not a bool) within the bounds given. A Python float keeps
    float32 inputs float32 (numpy's weak scalar promotion).

    Examples
    --------
    >>> real_param(0.5, "momentum", low=0.0, high=1.0, high_inclusive=False)
    0.5
    >>> real_param("x", "lr")
    Traceback (most recent call last):
    TypeError: lr must be a real number; got str 'x'
    """
    if not _is_real_number(value):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r:.60}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite; got {v}")
    if low is not None and (v < low or (v == low and not low_inclusive)):
        raise ValueError(f"{name} must be {'>=' if low_inclusive else '>'} {low}; got {v}")
    if high is not None and (v > high or (v == high and not high_inclusive)):
        raise ValueError(f"{name} must be {'<=' if high_inclusive else '<'} {high}; got {v}")
    return v


def int_param(value, name, *, low=1):
    """Check a count (epochs, depth, width, ...): an integer (not a bool) >= ``low``; return an int.

    Examples
    --------
    >>> int_param(2.5, "batch_size")
    Traceback (most recent call last):
    TypeError: batch_size must be an integer; got float 2.5
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer; got {type(value).__name__} {value!r:.60}")
    if value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value}")
    return int(value)


def choice_param(value, name, choices):
    """Check a string parameter against its allowed values; return it.

    Examples
    --------
    >>> choice_param("fast", "approximate", ("none", "tanh"))
    Traceback (most recent call last):
    ValueError: approximate must be one of 'none', 'tanh'; got 'fast'
    """
    known = ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {known}; got {type(value).__name__} {value!r:.60}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {known}; got {value!r}")
    return value


def class_labels(labels, n, n_classes, name="labels"):
    """Check integer class indices for a batch of ``n`` rows and ``n_classes`` outputs.

    The one label rule of actlib (every cross-entropy and ``nn.train`` use it): an integer
    array of shape (n,) with values in [0, n_classes).

    Examples
    --------
    >>> class_labels([0.0, 1.0], 2, 3)
    Traceback (most recent call last):
    TypeError: labels must be integer class indices; got dtype float64
    """
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class indices; got dtype {labels.dtype}")
    if labels.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), one per row; got {labels.shape}")
    if n == 0:
        raise ValueError(f"{name}: empty batch")
    lo, hi = int(labels.min()), int(labels.max())
    if lo < 0 or hi >= n_classes:
        raise ValueError(f"{name} must lie in [0, {n_classes}) for {n_classes} outputs; got "
                         f"values from {lo} to {hi}")
    return labels
