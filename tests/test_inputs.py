"""The input contract of every public array function: dtypes, Python inputs, bad inputs, and
the promise never to modify (or hand back a view of) what the caller passed in."""
import numpy as np
import pytest

import actlib

ELEMENTWISE = []
for _act in actlib.activations.variants():  # each activation at its defaults and its examples
    _name = repr(_act) if _act.params else _act.name
    ELEMENTWISE += [(_name, _act.f), (_name + "_grad", _act.df)]

VECTOR = [("softmax", actlib.softmax), ("softmax(T=0.5)", lambda x: actlib.softmax(x, temperature=0.5)),
          ("log_softmax", actlib.log_softmax), ("logsumexp", actlib.logsumexp),
          ("maxout", lambda x: actlib.maxout(x, 1)), ("softmax_axis0", lambda x: actlib.softmax(x, 0))]
ALL = ELEMENTWISE + VECTOR + [("softmax_jacobian", actlib.softmax_jacobian)]

elementwise = pytest.mark.parametrize("name, fn", ELEMENTWISE, ids=[n for n, _ in ELEMENTWISE])
vector = pytest.mark.parametrize("name, fn", VECTOR, ids=[n for n, _ in VECTOR])
every = pytest.mark.parametrize("name, fn", ALL, ids=[n for n, _ in ALL])

DTYPES = [np.float16, np.float32, np.float64]


@every
def test_float_dtypes_are_kept(name, fn):
    for dtype in DTYPES:
        x = np.linspace(-3, 3, 6, dtype=dtype)
        assert fn(x).dtype == dtype, dtype
        if name != "softmax_jacobian":
            assert fn(x.reshape(2, 3)).dtype == dtype, dtype


PYTHON_INPUTS = {"list": [-2, 0, 3], "int8": np.array([-2, 0, 3], np.int8),
                 "uint64": np.array([1, 0, 3], np.uint64), "bool": np.array([True, False, True]),
                 "tuple": (1.5, -0.5, 2.0)}


@every
def test_ints_bools_lists_become_float64(name, fn):
    for kind, x in PYTHON_INPUTS.items():
        out = fn(x)
        assert out.dtype == np.float64, kind
        np.testing.assert_array_equal(out, fn(np.asarray(x, dtype=np.float64)), err_msg=kind)


@elementwise
def test_scalar_in_numpy_scalar_out(name, fn):
    for x in (2, -1.5, True, np.int32(3), np.float64(0.25)):
        out = fn(x)
        assert isinstance(out, np.float64) and np.ndim(out) == 0, repr(x)
        assert out == fn(np.array([x], dtype=np.float64))[0]
    for dtype in DTYPES:  # a typed scalar keeps its type
        assert type(fn(dtype(0.5))) is dtype
        assert fn(np.array(0.5, dtype)).shape == ()


BAD = [("a string", "str"), (b"bytes", "bytes"), (None, "NoneType"), ([1 + 2j], "complex"),
       (np.array([1.0, None], dtype=object), "object"), (["a", "b"], "str"),
       (np.array([1.0], np.complex64), "complex"), ({1: 2}, "object"),
       (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64")]


@every
def test_non_real_input_is_a_type_error_saying_what_was_received(name, fn):
    for bad, what in BAD:
        with pytest.raises(TypeError) as err:
            fn(bad)
        msg = str(err.value)
        assert "real numbers" in msg and what in msg, msg


@every
def test_input_is_never_modified_nor_shared(name, fn):
    for dtype in (np.float16, np.float32, np.float64, np.int64):
        x = (np.linspace(-4, 4, 12) * (1 if dtype != np.int64 else 3)).astype(dtype)
        x[3] = 0
        before = x.copy()
        out = fn(x)
        np.testing.assert_array_equal(x, before)
        assert not np.shares_memory(out, x)
        if isinstance(out, np.ndarray):  # logsumexp of a vector is a scalar
            out[...] = 7  # writing to the result must not reach the caller's array
            np.testing.assert_array_equal(x, before)


@elementwise
def test_empty_arrays(name, fn):
    for shape in [(0,), (0, 3), (2, 0)]:
        out = fn(np.zeros(shape))
        assert out.shape == shape and out.dtype == np.float64


@vector
def test_empty_arrays_vector(name, fn):
    for shape in [(0, 3), (3, 0), (0,)]:
        out = fn(np.zeros(shape))
        assert np.asarray(out).dtype == np.float64


def test_reductions_over_an_empty_axis():
    # the sum of no terms is 0: logsumexp is -inf, as in scipy.special.logsumexp
    np.testing.assert_array_equal(actlib.logsumexp(np.zeros((3, 0))), [-np.inf] * 3)
    assert actlib.logsumexp(np.zeros(0)) == -np.inf
    assert actlib.softmax(np.zeros((3, 0))).shape == (3, 0)


def test_read_only_input_is_fine():
    x = np.linspace(-2, 2, 5)
    x.setflags(write=False)
    for _, fn in ALL:
        fn(x)


def test_longdouble_is_accepted():
    x = np.linspace(-2, 2, 5).astype(np.longdouble)
    assert actlib.sigmoid(x).dtype == np.longdouble
    np.testing.assert_allclose(actlib.sigmoid(x).astype(float), actlib.sigmoid(x.astype(float)))
