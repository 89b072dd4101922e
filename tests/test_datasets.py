"""actlib.datasets: shapes, types, seeding, splits, bad input."""
import numpy as np
import pytest

from actlib import datasets as ds

GENERATORS = [ds.xor, ds.two_moons, ds.spirals, ds.sine]


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_shapes_types_and_seeding(make):
    X, y = make(n_samples=40, noise=0.1, seed=3)
    assert X.dtype == np.float64 and X.ndim == 2 and X.shape[0] == 40
    assert y.shape == (40,)
    assert y.dtype == (np.float64 if make is ds.sine else np.int64)
    X2, y2 = make(n_samples=40, noise=0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(n_samples=40, noise=0.1, seed=4)
    assert not np.array_equal(X, X3)
    assert np.isfinite(X).all() and np.isfinite(y).all()


def test_xor_truth_table():
    X, y = ds.xor()
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))
    X, y = ds.xor(8, noise=0.05)
    np.testing.assert_array_equal(y, [0, 1, 1, 0, 0, 1, 1, 0])
    assert np.abs(X - ds.xor(8)[0]).max() < 0.5


def test_classes_are_balanced():
    for X, y in (ds.two_moons(100), ds.spirals(99, n_classes=3)):
        counts = np.bincount(y)
        assert counts.max() - counts.min() <= 1


def test_spirals_radius_grows_along_each_arm():
    X, y = ds.spirals(300, n_classes=3, noise=0.0)
    r = np.hypot(X[:, 0], X[:, 1])
    for k in range(3):
        assert np.all(np.diff(r[y == k]) > 0)
        assert r[y == k].min() == 0 and r[y == k].max() == pytest.approx(1)


def test_sine_is_sorted_and_noise_has_the_right_size():
    X, y = ds.sine(2000, noise=0.2, seed=1)
    assert np.all(np.diff(X[:, 0]) >= 0) and X.min() >= -np.pi and X.max() <= np.pi
    assert np.std(y - np.sin(X[:, 0])) == pytest.approx(0.2, rel=0.1)


def test_digits_shipped_with_sklearn():
    X, y = ds.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(y)) == set(range(10))


def test_digits_equal_sklearns_loader():
    # digits() reads the shipped CSV itself (importing sklearn.datasets costs ~1 s)
    from sklearn.datasets import load_digits

    X, y = ds.digits()
    data = load_digits()
    np.testing.assert_array_equal(X, data.data / 16.0)
    np.testing.assert_array_equal(y, data.target)
    assert X.dtype == np.float64 and y.dtype == np.int64


def test_train_test_split():
    X, y = ds.digits()
    parts = ds.train_test_split(X, y, test_size=0.2, seed=0)
    X_train, X_test, y_train, y_test = parts
    assert len(X_train) + len(X_test) == len(X) and len(X_test) == 360
    assert len(y_train) == len(X_train) and len(y_test) == len(X_test)
    again = ds.train_test_split(X, y, test_size=0.2, seed=0)
    for a, b in zip(parts, again):
        np.testing.assert_array_equal(a, b)
    other = ds.train_test_split(X, y, test_size=0.2, seed=1)
    assert not np.array_equal(parts[1], other[1])
    with pytest.raises(ValueError, match="same number of rows"):
        ds.train_test_split(X, y[:-1])


@pytest.mark.parametrize("call, message", [
    (lambda: ds.two_moons(0), "n_samples"),
    (lambda: ds.two_moons(noise=-1.0), "noise"),
    (lambda: ds.spirals(n_classes=1), "n_classes"),
    (lambda: ds.sine(low=1.0, high=0.0), "low < high"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_wrong_types_are_type_errors():
    for call in (lambda: ds.xor(2.5), lambda: ds.two_moons(noise="0.1")):
        with pytest.raises(TypeError, match="n_samples|noise"):
            call()


@pytest.mark.parametrize("n, noise, seed", [(2, 0.0, 0), (7, 0.1, 1), (120, 0.2, 2),
                                            (301, 0.15, 12345), (200, 0.0, 7)])
def test_two_moons_equal_sklearns_make_moons(n, noise, seed):
    # two_moons() repeats make_moons' steps itself (importing sklearn costs ~1 s)
    from sklearn.datasets import make_moons

    X, y = ds.two_moons(n, noise=noise, seed=seed)
    X_ref, y_ref = make_moons(n, noise=noise, random_state=seed)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert X.dtype == np.float64 and y.dtype == np.int64


@pytest.mark.parametrize("n, test_size, seed", [(2, 0.5, 0), (10, 0.25, 3), (135, 0.2, 1),
                                                (300, 0.5, 2), (101, 0.33, 99)])
def test_train_test_split_equal_sklearns(n, test_size, seed):
    from sklearn.model_selection import train_test_split

    X = np.arange(3 * n, dtype=float).reshape(n, 3)
    y = np.arange(n) % 3
    ours = ds.train_test_split(X, y, test_size=test_size, seed=seed)
    ref = train_test_split(X, y, test_size=test_size, random_state=seed)
    assert len(ours) == 4
    for a, b in zip(ours, ref):
        np.testing.assert_array_equal(a, b)
