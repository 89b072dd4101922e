"""Lesson 11's library parts: gated linear units (actlib.gated), the gated network
(actlib.nn.GatedMLP, gated_width) and the low-precision formats (actlib.precision)."""
import warnings

import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import actlib
from actlib import nn
from actlib.gated import GATES, VARIANTS, glu, glu_grad
from actlib.gradcheck import numerical_gradient
from actlib.precision import FORMATS, relerr, round_to, to_bfloat16

GATE_NAMES = list(GATES)
REFERENCE_GATES = {  # written out independently of actlib
    "sigmoid": sp.expit,
    "relu": lambda b: np.maximum(b, 0),
    "gelu": lambda b: b * sp.ndtr(b),
    "swish": lambda b: b * sp.expit(b),
    "identity": lambda b: b,
    "gelu_tanh": lambda b: 0.5 * b * (1 + np.tanh(np.sqrt(2 / np.pi) * (b + 0.044715 * b ** 3))),
}


# ---------------------------------------------------------------------------------------------
# glu and glu_grad


@pytest.mark.parametrize("gate", GATE_NAMES)
def test_glu_is_a_times_gate_of_b_along_any_axis(gate):
    x = np.random.default_rng(0).normal(0, 2, size=(3, 4, 6))
    for axis in (-1, 0, 1, 2):
        if x.shape[axis] % 2:
            continue
        a, b = np.split(x, 2, axis=axis)
        np.testing.assert_allclose(glu(x, gate, axis=axis), a * REFERENCE_GATES[gate](b),
                                   rtol=1e-12, atol=1e-15)
    assert glu(x[0], gate).shape == (4, 3)


@pytest.mark.parametrize("gate", GATE_NAMES)
def test_glu_grad_matches_central_differences_for_both_halves(gate):
    rng = np.random.default_rng(1)
    for shape, axis in (((5, 8), -1), ((4, 3), 0)):
        x = rng.normal(0, 1.5, size=shape)
        x[np.abs(x) < 1e-3] = 0.5  # away from relu's kink
        d = rng.normal(size=glu(x, gate, axis=axis).shape)
        num = numerical_gradient(lambda v, axis=axis, d=d: float(np.sum(glu(v, gate, axis=axis) * d)), x)
        got = glu_grad(x, d, gate, axis=axis)
        np.testing.assert_allclose(got, num, rtol=1e-6, atol=1e-8)
        # the two halves are the formulas of the docstring
        a, b = np.split(x, 2, axis=axis)
        da, db = np.split(got, 2, axis=axis)
        np.testing.assert_allclose(da, d * GATES[gate].f(b), rtol=1e-14)
        np.testing.assert_allclose(db, d * a * GATES[gate].df(b), rtol=1e-14)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-20, 20), min_size=2, max_size=2), st.sampled_from(GATE_NAMES))
def test_glu_grad_anywhere(pair, gate):
    x = np.array([pair])
    if gate == "relu" and abs(x[0, 1]) < 1e-3:
        return
    num = numerical_gradient(lambda v: float(glu(v, gate)[0, 0]), x)
    np.testing.assert_allclose(glu_grad(x, np.ones((1, 1)), gate), num, rtol=1e-5, atol=1e-7)


def test_variants_name_their_gates():
    assert dict(VARIANTS) == {"glu": "sigmoid", "bilinear": "identity", "reglu": "relu",
                              "geglu": "gelu", "swiglu": "swish"}
    assert set(VARIANTS.values()) == set(GATES) - {"gelu_tanh"}


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_glu_keeps_dtype_and_never_modifies_or_shares_its_input(dtype):
    x = np.array([[1.0, -2.0, 0.5, 3.0]], dtype)
    before = x.copy()
    for gate in GATE_NAMES:
        y, g = glu(x, gate), glu_grad(x, np.ones((1, 2), dtype), gate)
        assert y.dtype == dtype and g.dtype == dtype
        assert not np.shares_memory(y, x) and not np.shares_memory(g, x)
    np.testing.assert_array_equal(x, before)
    assert glu([[1, 2, 0, 3]], "identity").dtype == np.float64  # integers become float64
    ro = np.array([1.0, 2.0])
    ro.flags.writeable = False
    assert float(glu(ro, "identity")[0]) == 2.0


def test_glu_extreme_inputs_give_no_warning():
    big = np.finfo(np.float64).max
    x = np.array([[big, -big, 1e4, -1e4, big, -big, -1e4, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for gate in GATE_NAMES:
            y, g = glu(x, gate), glu_grad(x, np.ones((1, 4)), gate)
            assert not np.isnan(y).any() and not np.isnan(g).any(), (gate, y, g)
        # an infinite value half under a closed gate: inf * 0 has no value, NaN, quietly
        assert np.isnan(glu([np.inf, -np.inf], "sigmoid")[0])
        assert np.isnan(glu([np.nan, 1.0], "relu")[0]) and np.isnan(glu([1.0, np.nan])[0])


@pytest.mark.parametrize("call, error, words", [
    (lambda: glu([1.0, 2.0, 3.0]), ValueError, "even"),
    (lambda: glu(np.ones((2, 3)), axis=-1), ValueError, "got 3"),
    (lambda: glu(np.ones((3, 2)), axis=0), ValueError, "even"),
    (lambda: glu(1.0), ValueError, "scalar"),
    (lambda: glu([1.0, 2.0], gate="tanh"), ValueError,
     "'sigmoid', 'relu', 'gelu', 'swish', 'identity'"),
    (lambda: glu([1.0, 2.0], gate=None), TypeError, "gate"),  # a wrong type (actlib.validate)
    (lambda: glu([1.0, 2.0], axis=1), ValueError, "out of range"),
    (lambda: glu([1.0, 2.0], axis=0.5), TypeError, "integer"),
    (lambda: glu("ab"), TypeError, "real numbers"),
    (lambda: glu(np.array([1 + 2j, 1j])), TypeError, "complex"),
    (lambda: glu_grad([1.0, 2.0, 3.0, 4.0], [1.0]), ValueError, "shape"),
    (lambda: glu_grad([1.0, 2.0], ["a"]), TypeError, "dout"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---------------------------------------------------------------------------------------------
# the gated network


def test_gated_width_matches_parameters_and_shazeer():
    assert nn.gated_width(3072, 768, 768, bias=False) == 2048  # exactly 2/3 in T5's setting
    for hidden, n_in, n_out in ((48, 64, 10), (16, 2, 3), (100, 100, 100), (7, 1, 1)):
        h = nn.gated_width(hidden, n_in, n_out)
        dense = nn.MLP([n_in, hidden, n_out]).n_params
        assert nn.GatedMLP([n_in, h, n_out]).n_params <= dense
        assert nn.GatedMLP([n_in, h + 1, n_out]).n_params > dense  # the largest such width
    with pytest.raises(ValueError, match="hidden"):
        nn.gated_width(0, 3, 3)


@pytest.mark.parametrize("gate", list(VARIANTS))
def test_gated_mlp_backward_matches_central_differences(gate):
    net = nn.GatedMLP([3, 4, 3, 2], gate=gate, init="xavier", seed=2)
    rng = np.random.default_rng(3)
    for layer in net.layers:
        layer.b[...] = rng.normal(0, 0.5, layer.b.shape)
    X, labels = rng.normal(size=(6, 3)), np.array([0, 1, 1, 0, 1, 0])
    net.forward(X)
    assert min(np.abs(z).min() for z in net.preactivations) > 1e-3  # relu's kink
    _, dout = nn.softmax_cross_entropy(net.forward(X), labels)
    dX = net.backward(dout)
    loss_of = lambda: nn.softmax_cross_entropy(net.forward(Xv), labels)[0]
    Xv = X.copy()
    for layer in net.layers:
        for name in ("W", "b"):
            p = getattr(layer, name)
            analytic = getattr(layer, "d" + name).copy()
            numeric = numerical_gradient(lambda v, p=p: _set_and_eval(p, v, loss_of), p.copy())
            np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8, err_msg=name)
    numeric = numerical_gradient(lambda v: _set_and_eval(Xv, v, loss_of), X.copy())
    np.testing.assert_allclose(dX, numeric, rtol=1e-5, atol=1e-8)


def _set_and_eval(array, value, fn):
    old = array.copy()
    array[...] = value
    try:
        return fn()
    finally:
        array[...] = old


def test_gated_mlp_shapes_names_and_training():
    net = nn.GatedMLP([2, 8, 2], gate="geglu", seed=0)
    assert repr(net) == "GatedMLP(2-8-2, geglu, init='he')" and net.gate == "gelu"
    assert [layer.W.shape for layer in net.layers] == [(2, 16), (8, 2)]
    assert nn.GatedMLP([2, 8, 2], gate="gelu").activation_name == "geglu"
    assert nn.GatedMLP([2, 8, 2], gate="gelu_tanh").activation_name == "glu(gelu_tanh)"
    X, y = actlib.datasets.xor()
    hist = nn.train(net, X, y, lr=0.05, epochs=200, batch_size=4,
                    record=actlib.diagnostics.layer_stats)
    assert hist.accuracy[-1] == 1.0 and len(hist.records[-1]) == 1
    again = nn.GatedMLP([2, 8, 2], gate="geglu", seed=0)
    np.testing.assert_array_equal(again.layers[0].W, nn.GatedMLP([2, 8, 2], "geglu").layers[0].W)
    with pytest.raises(KeyError, match="swiglu"):
        nn.GatedMLP([2, 8, 2], gate="tanh")


# ---------------------------------------------------------------------------------------------
# bfloat16 and the other formats


def _bf16_reference(x32):
    """Nearest bfloat16 by exact float64 arithmetic over the two neighbours; ties to even."""
    out = []
    for v in np.asarray(x32, np.float32).ravel():
        if not np.isfinite(v):
            out.append(v)
            continue
        u = int(np.array(v).view(np.uint32))
        lo = u & 0xFFFF0000
        hi = lo + 0x10000
        down = float(np.array(lo, np.uint32).view(np.float32))
        up = float(np.array(hi, np.uint32).view(np.float32)) if hi <= 0xFFFFFFFF else np.nan
        if (lo & 0x7F800000) == 0x7F000000 and (hi & 0x7FFFFFFF) == 0x7F800000:
            # past the largest bfloat16 the upper neighbour is inf: round as if it were 2^128
            up_val = np.copysign(2.0 ** 128, float(v))
        else:
            up_val = up
        dv, du = abs(float(v) - down), abs(up_val - float(v))
        pick_up = du < dv or (du == dv and (lo >> 16) & 1)
        out.append(np.float32(up if pick_up else down))
    return np.array(out, np.float32).reshape(np.shape(x32))


def test_bfloat16_rounds_to_nearest_even_like_an_exact_reference():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(0, 1, 2000), rng.normal(0, 1e30, 200),
                        rng.uniform(-1e-38, 1e-38, 200)]).astype(np.float32)
    np.testing.assert_array_equal(to_bfloat16(x), _bf16_reference(x))
    # every result is a bfloat16 number: its low 16 bits are 0
    assert not np.any(to_bfloat16(x).view(np.uint32) & 0xFFFF)


def test_bfloat16_ties_go_to_even():
    one, step = 1.0, 2.0 ** -7  # bfloat16 numbers near 1 are 1 + k/128
    for k in range(6):
        tie = np.float32(one + (k + 0.5) * step)  # exactly half-way between k and k+1
        expected = one + (k if k % 2 == 0 else k + 1) * step
        assert float(to_bfloat16(tie)) == expected, k
        assert float(to_bfloat16(-tie)) == -expected
        just_above = np.nextafter(tie, np.float32(2))
        assert float(to_bfloat16(just_above)) == one + (k + 1) * step


def test_bfloat16_specials_inf_nan_zero_subnormal_and_overflow():
    f32 = np.finfo(np.float32)
    bits = np.array([0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FFFFFFF, 0xFFFFFFFF], np.uint32)
    nans = bits.view(np.float32)  # quiet, negative, signalling and all-ones NaNs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(to_bfloat16(nans)).all()
        got = to_bfloat16(np.array([np.inf, -np.inf, 0.0, -0.0, f32.max, -f32.max,
                                    FORMATS["bfloat16"][1], f32.smallest_subnormal], np.float32))
    assert got[0] == np.inf and got[1] == -np.inf
    assert got[2] == 0 and not np.signbit(got[2]) and np.signbit(got[3])
    assert got[4] == np.inf and got[5] == -np.inf  # past the largest bfloat16 + half a unit
    assert got[6] == FORMATS["bfloat16"][1]  # the largest bfloat16 is kept
    assert got[7] == 0  # float32's smallest subnormal is below half of bfloat16's
    assert float(to_bfloat16(2.0 ** -133)) == 2.0 ** -133  # a bfloat16 subnormal is kept
    assert to_bfloat16(1.0).dtype == np.float32 and np.ndim(to_bfloat16(1.0)) == 0
    with pytest.raises(TypeError):
        to_bfloat16("1.0")


def test_bfloat16_error_is_at_most_half_a_unit():
    x = np.random.default_rng(1).uniform(-100, 100, 10_000).astype(np.float32)
    rel = np.abs(to_bfloat16(x).astype(np.float64) - x) / np.abs(x)
    assert rel.max() <= 2.0 ** -8 and rel.max() > 0.9 * 2.0 ** -8


def test_round_to_each_format():
    x = np.array([0.1, 1.0 + 2 ** -9, 70000.0, -np.inf, np.nan])
    h = round_to(x, "float16")
    assert h.dtype == np.float32 and h[2] == np.inf and h[0] == np.float32(np.float16(0.1))
    assert round_to(x, "bfloat16")[2] == 70144.0 and round_to(x, "bfloat16")[1] == 1.0
    assert round_to(x, "float64") is not x and round_to(x, "float64")[1] == 1.0 + 2 ** -9
    assert np.isnan(round_to(x, "float32")[-1])
    for fmt, (eps, big, tiny) in FORMATS.items():
        assert float(round_to(1.0 + eps, fmt)) == 1.0 + eps  # eps is the spacing at 1
        assert float(round_to(big, fmt)) == big and float(round_to(tiny, fmt)) == tiny
    with pytest.raises(ValueError, match="bfloat16"):
        round_to(x, "int8")


def test_relerr():
    np.testing.assert_array_equal(relerr([1.5, np.inf, 0.0, 1e-9], [1.0, 2.0, 0.0, 0.0],
                                         floor=None), [0.5, np.inf, 0.0, np.inf])
    assert relerr([1e-9], [0.0], floor=1e-6)[0] == pytest.approx(1e-3)
