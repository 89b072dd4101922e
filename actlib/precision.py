r"""Low-precision number formats: float16 (numpy has it) and bfloat16 (emulated here).

bfloat16 ("brain float", Google 2018) keeps float32's 8 exponent bits and only 7 of its 23
fraction bits: float32's range (up to 3.4e38) with about 2-3 decimal digits. numpy has no
bfloat16, so :func:`to_bfloat16` rounds float32 numbers to the nearest bfloat16 value and
returns them as float32 (every bfloat16 number is a float32 number). Computing "in bfloat16"
then means rounding after every operation: :func:`round_to` does that for each format.

===========  ====  ========  ==========  ===========  ======================
format       bits  exponent  fraction    machine eps  largest finite
===========  ====  ========  ==========  ===========  ======================
float32      32    8         23          1.19e-07     3.40e+38
bfloat16     16    8         7           7.81e-03     3.39e+38
float16      16    5         10          9.77e-04     65504
===========  ====  ========  ==========  ===========  ======================
"""
from types import MappingProxyType

import numpy as np

from .validate import as_real_array, choice_param

#: Format name -> (machine epsilon, largest finite number, smallest normal number).
FORMATS = MappingProxyType({
    "float64": (float(np.finfo(np.float64).eps), float(np.finfo(np.float64).max),
                float(np.finfo(np.float64).tiny)),
    "float32": (float(np.finfo(np.float32).eps), float(np.finfo(np.float32).max),
                float(np.finfo(np.float32).tiny)),
    "bfloat16": (2.0 ** -7, float((2 - 2.0 ** -7) * 2.0 ** 127), 2.0 ** -126),
    "float16": (float(np.finfo(np.float16).eps), float(np.finfo(np.float16).max),
                float(np.finfo(np.float16).tiny)),
})


def to_bfloat16(x):
    r"""Round to the nearest bfloat16 number (ties to even); return float32.

    Parameters
    ----------
    x : array_like
        Real input; computed as float32 (a float64 input is first rounded to float32, which
        can, rarely, differ from rounding it directly to bfloat16: a double rounding).

    Returns
    -------
    ndarray or numpy.float32
        float32 values, each exactly representable in bfloat16; same shape as ``x``.

    Notes
    -----
    A float32 is 1 sign bit, 8 exponent bits and 23 fraction bits; bfloat16 keeps the top 16.
    Rounding to nearest, ties to even, on the bit pattern ``u`` (as an unsigned integer):

    .. math:: u' = \left(u + \mathtt{0x7FFF} + \lfloor u / 2^{16} \rfloor \bmod 2\right)
              \wedge \mathtt{0xFFFF0000}

    Adding just below half of the dropped part rounds up exactly when the dropped 16 bits
    exceed half a unit, and the last kept bit breaks a tie. A carry out of the fraction
    increments the exponent, which is right (and turns the largest numbers into inf, as
    rounding should). inf stays inf; NaN is kept as NaN (adding to a NaN's bits could turn it
    into inf, so NaNs are left out of the arithmetic).

    References
    ----------
    Kalamkar et al. (2019), "A study of BFLOAT16 for deep learning training",
    arXiv:1905.12322; Intel (2018), "BFLOAT16 - hardware numerics definition".

    Examples
    --------
    >>> to_bfloat16([1.0, 1.00390625, 1.01171875, 1.005, np.inf]).tolist()   # ties to even
    [1.0, 1.0, 1.015625, 1.0078125, inf]
    >>> float(to_bfloat16(np.pi))
    3.140625
    """
    x = as_real_array(x)
    with np.errstate(over="ignore"):  # float64 past float32's range is inf, as it should be
        f = np.asarray(x, dtype=np.float32)
    u = f.view(np.uint32)
    with np.errstate(over="ignore"):  # uint32 wraps only for NaN patterns, handled below
        r = u + np.uint32(0x7FFF) + ((u >> np.uint32(16)) & np.uint32(1))
    r &= np.uint32(0xFFFF0000)
    out = r.view(np.float32)
    nan = np.isnan(f)
    if nan.any():
        out[nan] = np.nan
    return out[()] if x.ndim == 0 else out


def round_to(x, fmt):
    """Round ``x`` to the format ``fmt`` and return it as float32 (float64 for "float64").

    Parameters
    ----------
    x : array_like
        Real input.
    fmt : {"float64", "float32", "bfloat16", "float16"}
        Values past the format's largest number become +-inf (float16 overflows past 65504).

    Returns
    -------
    ndarray or scalar
        The rounded values, in float32 (float64 for "float64") so that the next operation can
        be computed in float32 and rounded again: that is how one computes "in" a format here.

    Examples
    --------
    >>> round_to([0.125, 0.1, 70000.0], "float16").tolist()[::2]   # 70000 > 65504: inf
    [0.125, inf]
    >>> float(round_to(0.1, "bfloat16"))
    0.10009765625
    """
    choice_param(fmt, "fmt", tuple(FORMATS))
    x = as_real_array(x)
    if fmt == "bfloat16":
        return to_bfloat16(x)
    with np.errstate(over="ignore"):  # overflow to inf is what the format does
        if fmt == "float64":
            return x.astype(np.float64)
        if fmt == "float32":
            return x.astype(np.float32)
        return x.astype(np.float16).astype(np.float32)


def relerr(approx, exact, floor=None):
    r"""``|approx - exact| / |exact|`` elementwise, in float64 (inf where approx is inf or NaN).

    Parameters
    ----------
    approx, exact : array_like
        The computed and the reference values (same shape).
    floor : float, optional
        Where ``|exact|`` is below ``floor`` the absolute error is divided by ``floor``
        instead, so that values near a zero do not dominate.

    Returns
    -------
    ndarray of float64

    Examples
    --------
    >>> relerr([1.5, np.inf, 0.0], [1.0, 2.0, 0.0])
    array([0.5, inf, 0. ])
    """
    approx = np.asarray(as_real_array(approx), dtype=np.float64)
    exact = np.asarray(as_real_array(exact, "exact"), dtype=np.float64)
    denom = np.abs(exact)
    if floor is not None:
        denom = np.maximum(denom, floor)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        err = np.abs(approx - exact)
        rel = np.where(denom > 0, err / np.where(denom > 0, denom, 1), np.where(err > 0, np.inf,
                                                                                 0.0))
    rel[~np.isfinite(approx) & np.isfinite(exact)] = np.inf
    return rel


__all__ = ["FORMATS", "relerr", "round_to", "to_bfloat16"]
