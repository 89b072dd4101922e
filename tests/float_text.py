"""Find floats printed at full precision in text that a test compares.

numpy chooses its SIMD kernels (AVX2, AVX-512, ...) when it is imported, and exp, tanh, log1p
and friends differ in the last bit between them: 4.248354255291589e-18 on one CPU is
4.24835425529159e-18 on another. A doctest, a stored notebook output or a checker message that
prints such a number at full precision passes on the machine that wrote it and fails elsewhere.
Printed rounded (4 to 8 significant digits) it reads the same everywhere.
"""
import re

# A decimal number, possibly in exponent form, not part of a name or a longer token.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")

MAX_DIGITS = 11  # 8 are plenty for a learner; full precision is 15 to 17


def significant_digits(token):
    """How many significant digits a decimal token such as '-0.00123400e5' shows (here 4)."""
    mantissa = re.split(r"[eE]", token)[0].lstrip("+-").replace(".", "")
    return len(mantissa.strip("0"))


def long_floats(text, max_digits=MAX_DIGITS):
    """Every decimal number in ``text`` printed with more than ``max_digits`` significant digits.

    >>> long_floats("sigmoid(-40) = 4.248354255291589e-18, rounded 4.2484e-18, x = 12345.0")
    ['4.248354255291589e-18']
    """
    return [m.group(0) for m in _NUMBER.finditer(text)
            if significant_digits(m.group(0)) > max_digits]
