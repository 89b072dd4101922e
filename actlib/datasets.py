"""Small data sets for the lessons: generated from a seed or shipped inside scikit-learn.

Every function returns ``(X, y)`` with ``X`` float64 of shape (N, n_features) and ``y`` int64
class labels of shape (N,) (float64 targets for :func:`sine`). Nothing is downloaded. Split
with :func:`train_test_split`.
"""
import numpy as np

from .validate import int_param, real_param

# scikit-learn is imported inside the functions that use it: `import actlib` stays fast.


def _count(n, name="n_samples", low=1):
    return int_param(n, name, low=low)


def _noise(noise):
    return real_param(noise, "noise", low=0.0)


def xor(n_samples=4, noise=0.0, seed=0):
    """The XOR problem: label 1 where exactly one coordinate is 1.

    Parameters
    ----------
    n_samples : int, default 4
        Points, cycling through the corners (0,0), (0,1), (1,0), (1,1).
    noise : float, default 0.0
        Standard deviation of Gaussian noise added to the coordinates.
    seed : int, default 0

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int64, shape (n_samples,)

    Notes
    -----
    No line separates the two classes, so a network without a nonlinearity cannot fit it
    (Minsky and Papert 1969).

    Examples
    --------
    >>> X, y = xor()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    n = _count(n_samples)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X = corners[np.arange(n) % 4]
    noise = _noise(noise)
    if noise:
        X = X + np.random.default_rng(seed).normal(0.0, noise, X.shape)
    y = (np.arange(n) % 4 == 1) | (np.arange(n) % 4 == 2)
    return X, y.astype(np.int64)


def two_moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles (``sklearn.datasets.make_moons``).

    Examples
    --------
    >>> X, y = two_moons(100, seed=1)
    >>> X.shape, np.bincount(y).tolist()
    ((100, 2), [50, 50])
    """
    n, noise = _count(n_samples, low=2), _noise(noise)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        import sklearn.datasets  # a Generator or None as seed: let scikit-learn handle it

        X, y = sklearn.datasets.make_moons(n, noise=noise, random_state=seed)
        return X.astype(np.float64), y.astype(np.int64)
    # make_moons' own steps, with the same RandomState draws (identical arrays, a test checks
    # it), without `import sklearn`: that import alone costs ~1 s of CPU per lesson
    n_out, rs = n // 2, np.random.RandomState(seed)
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n - n_out)
    X = np.column_stack([np.append(np.cos(t_out), 1 - np.cos(t_in)),
                         np.append(np.sin(t_out), 1 - np.sin(t_in) - 0.5)])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n_out, n - n_out])
    order = np.arange(n)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X += rs.normal(scale=noise, size=X.shape)
    return X, y


def spirals(n_samples=300, n_classes=3, noise=0.2, seed=0):
    """Interleaved spiral arms, one per class (the CS231n toy problem).

    Arm ``k`` has radius ``r`` from 0 to 1 and angle ``4 (k + r) + noise * N(0, 1)``
    radians.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int64, labels 0 .. n_classes-1 in near-equal numbers

    Examples
    --------
    >>> X, y = spirals(90, n_classes=3)
    >>> X.shape, np.bincount(y).tolist()
    ((90, 2), [30, 30, 30])
    """
    n, k = _count(n_samples), _count(n_classes, "n_classes", low=2)
    rng = np.random.default_rng(seed)
    y = np.arange(n) * k // n  # class blocks of near-equal size
    start = np.searchsorted(y, y)  # first index of each point's class
    size = np.bincount(y, minlength=k)[y]
    r = (np.arange(n) - start) / np.maximum(size - 1, 1)  # 0 .. 1 along each arm
    t = 4.0 * (y + r) + _noise(noise) * rng.standard_normal(n)
    return np.column_stack([r * np.sin(t), r * np.cos(t)]), y.astype(np.int64)


def sine(n_samples=100, noise=0.1, low=-np.pi, high=np.pi, seed=0):
    """A 1-D regression problem: ``y = sin(x) + noise * N(0, 1)``, x uniform in [low, high].

    Returns
    -------
    X : ndarray, shape (n_samples, 1), sorted (so a line plot of predictions looks right)
    y : ndarray of float64, shape (n_samples,)

    Examples
    --------
    >>> X, y = sine(50, noise=0.0)
    >>> X.shape, y.shape, bool(np.allclose(y, np.sin(X[:, 0])))
    ((50, 1), (50,), True)
    """
    n = _count(n_samples)
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"need finite low < high; got low={low!r}, high={high!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, n))
    return x[:, None], np.sin(x) + _noise(noise) * rng.standard_normal(n)


def digits():
    """The 1797 8x8 handwritten digits shipped with scikit-learn, pixels scaled to [0, 1].

    Returns
    -------
    X : ndarray, shape (1797, 64)
        Grey levels 0..16 divided by 16.
    y : ndarray of int64, shape (1797,)
        The digit, 0..9.

    References
    ----------
    Alpaydin and Kaynak (1998), UCI "Optical Recognition of Handwritten Digits" (the test
    part), via ``sklearn.datasets.load_digits``.
    https://doi.org/10.24432/C50P49, licensed CC BY 4.0.

    Examples
    --------
    >>> X, y = digits()
    >>> X.shape, float(X.max()), sorted(set(y.tolist())) == list(range(10))
    ((1797, 64), 1.0, True)
    """
    # Read scikit-learn's shipped CSV directly: `import sklearn.datasets` alone costs ~1 s of
    # CPU (3-4 s cold), more than every lesson's training runs. find_spec does not import.
    import gzip
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise ImportError("digits() needs scikit-learn installed (it ships the data)")
    with gzip.open(Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz", "rt") as f:
        data = np.loadtxt(f, delimiter=",")
    return data[:, :-1] / 16.0, data[:, -1].astype(np.int64)


def train_test_split(X, y, test_size=0.25, seed=0):
    """Shuffle and split into ``X_train, X_test, y_train, y_test``.

    Parameters
    ----------
    X, y : array_like
        Same number of rows.
    test_size : float in (0, 1) or int, default 0.25
        Fraction (or number) of rows that go to the test set.
    seed : int, default 0

    Examples
    --------
    >>> X, y = two_moons(100)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=0)
    >>> X_train.shape, X_test.shape
    ((80, 2), (20, 2))
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows; got {len(X)} and {len(y)}")
    n = len(X)
    if (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)
            and isinstance(test_size, float) and 0 < test_size < 1 and n >= 2
            and 0 < int(np.ceil(test_size * n)) < n):
        # scikit-learn's ShuffleSplit, same RandomState permutation (a test checks equality),
        # without the ~1 s `import sklearn`
        n_test = int(np.ceil(test_size * n))
        perm = np.random.RandomState(seed).permutation(n)
        test, train = perm[:n_test], perm[n_test:]
        return X[train], X[test], y[train], y[test]
    import sklearn.model_selection  # integer sizes, other seeds, error messages

    return sklearn.model_selection.train_test_split(
        X, y, test_size=test_size, random_state=seed)


__all__ = ["digits", "sine", "spirals", "train_test_split", "two_moons", "xor"]
