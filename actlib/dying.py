"""A ReLU network that dies in training, and how to measure it (exercise 09 and its checker).

``DYING_SETUP`` trains a 2-32-32-32-2 ReLU net on two moons with plain SGD at a learning rate
that is too high: most hidden units end up dead (zero gradient on every training point) and
the net is no better than a coin. :func:`run_setup` trains a setup (that one, or one with a
change) on a few seeds and measures the dead fraction and the test accuracy, so the exercise
and the checker measure the same thing the same way.
"""
import numpy as np

from .datasets import train_test_split, two_moons
from .diagnostics import layer_stats
from .nn import MLP, train

#: The setup that dies; every key is something one can change (``run_setup`` takes no other).
DYING_SETUP = {"activation": "relu", "init": "he", "bias_init": 0.0, "optimizer": "sgd",
               "lr": 2.0}
HIDDEN = (32, 32, 32)
EPOCHS, BATCH_SIZE = 20, 32
SEEDS = (0, 1, 2)


def _data():
    X, y = two_moons(200, noise=0.1, seed=0)
    return train_test_split(X, y, seed=0)


def run_setup(setup, seeds=SEEDS):
    """Train the setup once per seed; measure dead units and test accuracy.

    Parameters
    ----------
    setup : dict
        The keys of :data:`DYING_SETUP` (missing keys take its values): ``activation`` (a
        registry name or "prelu"), ``init``, ``bias_init``, ``optimizer`` ("sgd" or "adam")
        and ``lr``.
    seeds : sequence of int, default (0, 1, 2)
        Each seed gives another initial network and another order of the mini-batches.

    Returns
    -------
    dict
        ``dead``: per seed, the fraction of hidden units (all layers) whose derivative is 0
        on every training point after training; ``accuracy``: per seed, the test accuracy;
        ``diverged``: per seed, whether the loss became inf or NaN (then dead and accuracy
        are NaN). Arrays of floats, and an array of bools.

    Examples
    --------
    >>> r = run_setup({"lr": 0.1}, seeds=(0,))
    >>> float(r["dead"][0]) < 0.2, float(r["accuracy"][0]) > 0.9, bool(r["diverged"][0])
    (True, True, False)
    """
    unknown = sorted(set(setup) - set(DYING_SETUP))
    if unknown:
        raise KeyError(f"unknown setting {unknown[0]!r}; a setup has the keys "
                       f"{', '.join(DYING_SETUP)}")
    s = {**DYING_SETUP, **setup}
    X_train, X_test, y_train, y_test = _data()
    dead, acc, diverged = [], [], []
    for seed in seeds:
        net = MLP([2, *HIDDEN, 2], s["activation"], s["init"], seed=seed,
                  bias_init=s["bias_init"])
        try:
            train(net, X_train, y_train, optimizer=s["optimizer"], lr=s["lr"], epochs=EPOCHS,
                  batch_size=BATCH_SIZE, seed=seed)
        except FloatingPointError:
            dead.append(np.nan)
            acc.append(np.nan)
            diverged.append(True)
            continue
        dead.append(float(np.mean([st.dead for st in layer_stats(net, X_train)])))
        acc.append(float(np.mean(net.predict(X_test) == y_test)))
        diverged.append(False)
    return {"dead": np.array(dead), "accuracy": np.array(acc), "diverged": np.array(diverged)}
