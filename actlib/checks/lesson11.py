"""Lesson 11's checkers beyond the elementwise table: SwiGLU and its gradient, the matched width
of a gated layer, rounding to bfloat16, and which blocks beat a baseline on every seed."""
import numpy as np

from .. import gated as _gated
from ._contract import _call, _check_array, _checker, _fmt, _scalar

_GLU_INPUTS = (
    np.array([[1.0, 2.0, 0.0, 3.0]]),
    np.random.default_rng(11).normal(0, 2, size=(5, 6)),
    np.array([[3.0, -2.0, -1000.0, 1000.0], [0.5, 0.5, 50.0, -50.0]]),
    np.random.default_rng(12).normal(0, 1, size=(3, 8)).astype(np.float32),
)


def _swiglu(z):
    return _gated.glu(z, "swish")


@_checker("swiglu")
def check_swiglu(swiglu):
    hint = ("split the last axis in two halves, a = z[..., :n] and b = z[..., n:] with n = half "
            "the size, and return a * swish(b) (actlib.swish is stable); the result has half "
            "as many columns.")
    n = 0
    for z in _GLU_INPUTS:
        case, got = _call("swiglu", hint, swiglu, (z,))
        if isinstance(got, np.ndarray) and got.shape == z.shape:
            case.fail(f"it returned shape {got.shape}, the shape of z; expected "
                      f"{z.shape[:-1] + (z.shape[-1] // 2,)}.", "a GLU returns half as many "
                      "columns as it receives: one half gates the other.")
        _check_array(case, got, _swiglu(z.astype(np.float64)), like=z, keep_float32=True)
        n += 1
    return n


@_checker("swiglu_grad")
def check_swiglu_grad(swiglu_grad):
    hint = ("with a, b the halves of z and s = swish: d/da = dout * s(b) and d/db = "
            "dout * a * s'(b) (actlib.swish_grad); put them side by side "
            "(np.concatenate(..., axis=-1)) so that the result is shaped like z.")
    rng = np.random.default_rng(13)
    n = 0
    for z in _GLU_INPUTS:
        dout = rng.normal(size=z.shape[:-1] + (z.shape[-1] // 2,))
        case, got = _call("swiglu_grad", hint, swiglu_grad, (z, dout))
        expected = _gated.glu_grad(z.astype(np.float64), dout, "swish")
        if isinstance(got, np.ndarray) and got.shape == dout.shape:
            case.fail(f"it returned shape {got.shape}, the shape of dout; expected the shape of "
                      f"z, {z.shape}.", "return the gradient with respect to both halves.")
        _check_array(case, got, expected, rtol=1e-5)
        n += 1
    return n


@_checker("matched_width")
def check_matched_width(matched_width):
    hint = ("count both blocks with biases: dense n_in*h + h + h*n_out + n_out, gated "
            "2*n_in*w + 2*w + w*n_out + n_out (two input matrices, each with its biases); "
            "return the largest integer w whose gated count is not above the dense one.")
    from ..nn import gated_width

    cases = ((48, 64, 10), (32, 64, 10), (3072, 768, 768), (16, 2, 3), (7, 1, 1), (100, 5, 200))
    for hidden, n_in, n_out in cases:
        case, got = _call("matched_width", hint, matched_width, (hidden, n_in, n_out))
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            if isinstance(got, (float, np.floating)) and float(got).is_integer():
                got = int(got)
            else:
                case.fail(f"it returned {type(got).__name__} {_fmt(got)}; a width is a whole "
                          "number of units.", "round down: int(...) or // .")
        want = gated_width(hidden, n_in, n_out)
        if got != want:
            case.fail(f"wrong width:\n    expected {want}\n    got      {got}", hint)
    return len(cases)


def _bf16_inputs():
    ties = np.float32(1.0) + np.arange(6, dtype=np.float32) * np.float32(2 ** -7) \
        + np.float32(2 ** -8)  # exactly half-way between two bfloat16 numbers
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 3.3895314e38, 3.4e38, -3.4e38,
                         1e-40, np.pi], dtype=np.float32)
    rng = np.random.default_rng(14)
    return (np.concatenate([ties, -ties]), specials,
            rng.normal(0, 100, size=(4, 5)).astype(np.float32))


@_checker("to_bfloat16")
def check_to_bfloat16(to_bfloat16):
    from ..precision import to_bfloat16 as reference

    hint = ("view the float32 array as np.uint32, add 0x7FFF plus the lowest kept bit "
            "((u >> 16) & 1), clear the low 16 bits (& 0xFFFF0000) and view it as float32 again; "
            "keep NaN as NaN and let a carry into the exponent happen (it is right).")
    n = 0
    for x in _bf16_inputs():
        case, got = _call("to_bfloat16", hint, to_bfloat16, (x,))
        got = _check_array(case, got, x, values=False)
        if got.dtype != np.float32:
            case.fail(f"it returned dtype {got.dtype}; expected float32 (every bfloat16 "
                      "number is a float32 number).", "return .view(np.float32).")
        want = reference(x)
        same = (got == want) | (np.isnan(got) & np.isnan(want))
        same &= np.signbit(got) == np.signbit(want)
        if not same.all():
            i = int(np.argmin(same))
            case.fail(f"wrong rounding at x = {_fmt(x.flat[i])} (element {i}):\n"
                      f"    expected {_fmt(want.flat[i])}\n    got      {_fmt(got.flat[i])}")
        n += 1
    return n


@_checker("beats_on_every_seed")
def check_beats_on_every_seed(beats_on_every_seed):
    hint = ("a block beats the baseline only if its worst seed (its largest loss) is below the "
            "baseline's best seed (its smallest loss); return the names of those blocks, "
            "sorted, never the baseline itself.")
    tables = (
        ({"relu": [0.05, 0.03, 0.07], "swiglu": [0.004, 0.002, 0.005],
          "gelu": [0.03, 0.02, 0.04]}, "relu"),
        ({"relu": [0.05, 0.03], "geglu": [0.029, 0.01], "reglu": [0.031, 0.001]}, "relu"),
        ({"a": [1.0, 2.0], "b": [1.0, 0.5], "c": [0.9, 0.99]}, "a"),
        ({"gelu": np.array([0.2, 0.3]), "relu": np.array([0.1, 0.15])}, "gelu"),
    )
    for table, baseline in tables:
        shown = {k: [float(v) for v in vals] for k, vals in table.items()}
        given = {k: (v.copy() if isinstance(v, np.ndarray) else list(v)) for k, v in table.items()}
        case, got = _call("beats_on_every_seed", hint, beats_on_every_seed, (given, baseline),
                          call=f"beats_on_every_seed({shown}, {baseline!r})")
        best = min(table[baseline])
        want = sorted(k for k, v in table.items() if k != baseline and max(v) < best)
        if isinstance(got, tuple):
            got = list(got)
        if not isinstance(got, list) or not all(isinstance(g, str) for g in got):
            case.fail(f"it returned {type(got).__name__} {got!r:.60}; expected a list of names.",
                      "return a list of strings, e.g. ['swiglu'] (or [] when none qualifies).")
        if sorted(got) != want:
            case.fail(f"it returned {sorted(got)}; this table calls for another list "
                      f"({len(want)} name(s)).", hint)
    return len(tables)


def _truncate_to_bfloat16(x):
    """Round toward zero to bfloat16: drop the low 16 bits (what early converters did)."""
    return (x.view(np.uint32) & np.uint32(0xFFFF0000)).view(np.float32)


def _to_float16(x):
    return x.astype(np.float16).astype(np.float32)


def _worst_reference(round_fn):
    """The largest relative error of round_fn over every float32 in [1, 1 + 2**-5).

    Within a binade the relative error is largest near its start, where the numbers are
    smallest: for the three formats checked, at most 2**-7 above 1 (a float16 step is 2**-10,
    a bfloat16 step 2**-7), so these 2**18 numbers contain the worst case of all of [1, 2).
    """
    x = (np.arange(2 ** 18, dtype=np.uint32) + np.uint32(0x3F800000)).view(np.float32)
    x64 = x.astype(np.float64)
    return float(np.max(np.abs(round_fn(x).astype(np.float64) - x64) / x64))


@_checker("worst_relative_error")
def check_worst_relative_error(worst_relative_error):
    hint = ("make many float32 numbers in [1, 2) (every power-of-two range has the same "
            "relative errors), e.g. 1 + rng.random(1_000_000, dtype=np.float32) or all of them, "
            "round them with round_fn, and return the largest |round_fn(x) - x| / |x|, "
            "computed in float64. That is a maximum, not a mean.")
    from ..precision import to_bfloat16

    rtol = 0.05
    n = 0
    for label, fn in (("actlib.to_bfloat16", to_bfloat16),
                      ("truncation to bfloat16 (low 16 bits dropped)", _truncate_to_bfloat16),
                      ("float16 (x.astype(np.float16))", _to_float16)):
        case, got = _call("worst_relative_error", hint, worst_relative_error, (fn,),
                          call=f"worst_relative_error(round_fn = {label})")
        got = _scalar(case, got, "a relative error (a positive number)")
        want = _worst_reference(fn)
        if abs(got - want) > rtol * want:
            case.fail(f"wrong worst relative error for {label}:\n    expected {want:.3e} "
                      f"(within {rtol:.0%})\n    got      {got:.3e}")
        n += 1
    return n
