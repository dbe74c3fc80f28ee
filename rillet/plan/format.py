"""Spark's text renderings of values that both plan naming and compute need.

``java_double_to_string`` / ``java_float_to_string`` reproduce ``Double.toString`` and
``Float.toString`` of the JVM Spark runs on (Java 17), whose digit generation is
*not* always the shortest round-trip string (``1e23 -> 9.999999999999999E22``).
Spark prints doubles this way in column names, ``show()`` and ``CAST(x AS STRING)``.
"""

from __future__ import annotations

import math
import struct

__all__ = ["java_double_to_string", "java_float_to_string"]

# ---------------------------------------------------------------------------
# Java 17 Double.toString / Float.toString
# ---------------------------------------------------------------------------
#
# The JDK before 19 develops digits with Steele & White's free-format method as
# written in 1996 (jdk.internal.math.FloatingDecimal): a symmetric stopping test
# around half an ULP, an estimated decimal exponent, an integer shortcut that
# rounds away "insignificant" low digits of large integers, and fixed-width int /
# long arithmetic when the scaled numbers look small enough. Each of these
# choices shows in the output, so each is reproduced below; Python's unbounded
# ints stand in for the JDK's big-number arithmetic, and ``_wrap`` reproduces
# the overflow of the int and long variants.

# About ceil(log2(5**i)), tabulated by the JDK for i < 27 (0 for i == 0).
_N_5_BITS = (0, *((5**i).bit_length() for i in range(1, 27)))
_EXP_SHIFT = 52
_MAX_SMALL_BIN_EXP = 62
_MIN_SMALL_BIN_EXP = -21


def _wrap(value: int, bits: int) -> int:
    """Two's-complement overflow of a Java int (32) or long (64)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _java_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _estimate_dec_exp(fract_bits: int, bin_exp: int) -> int:
    """floor(log10(value)) estimated the JDK's way (sometimes one too high)."""
    d2 = fract_bits / (1 << _EXP_SHIFT)  # the significand, 1 <= d2 < 2, exactly
    d = (d2 - 1.5) * 0.289529654 + 0.176091259 + float(bin_exp) * 0.301029995663981
    return math.floor(d)


def _integer_digits(value: int, insignificant: int) -> tuple[str, int]:
    """Digits of an integer value, after rounding off ``insignificant`` low digits."""
    dec_exp = 0
    if insignificant:
        pow10 = 10**insignificant
        value, residue = divmod(value, pow10)
        dec_exp = insignificant
        if residue >= pow10 >> 1:
            value += 1
    text = str(value)
    return text.rstrip("0"), dec_exp + len(text)


def _fixed_width_digits(
    fract_bits: int,
    b5: int,
    b2: int,
    s5: int,
    s2: int,
    m5: int,
    m2: int,
    dec_exp: int,
    bits: int,
) -> tuple[list[int], int, bool, bool, int]:
    shift_mask = bits - 1
    b = _wrap(_wrap(fract_bits * 5**b5, bits) << (b2 & shift_mask), bits)
    s = _wrap(5**s5 << (s2 & shift_mask), bits)
    m = _wrap(5**m5 << (m2 & shift_mask), bits)
    tens = _wrap(s * 10, bits)
    digits: list[int] = []
    q = _java_div(b, s)
    b = _wrap(10 * (b - q * s), bits)
    m = _wrap(m * 10, bits)
    low = b < m
    high = _wrap(b + m, bits) > tens
    if q == 0 and not high:
        dec_exp -= 1
    else:
        digits.append(q)
    if dec_exp < -3 or dec_exp >= 8:
        low = high = False
    while not low and not high:
        q = _java_div(b, s)
        b = _wrap(10 * (b - q * s), bits)
        m = _wrap(m * 10, bits)
        if m > 0:
            low = b < m
            high = _wrap(b + m, bits) > tens
        else:
            low = high = True
        digits.append(q)
    low_digit_difference = _wrap((b << 1) - tens, bits)
    return digits, dec_exp, low, high, low_digit_difference


def _big_digits(
    fract_bits: int, b5: int, b2: int, s5: int, s2: int, m5: int, m2: int, dec_exp: int
) -> tuple[list[int], int, bool, bool, int]:
    b = fract_bits * 5**b5 << b2
    s = 5**s5 << s2
    m = 5 ** (m5 + 1) << (m2 + 1)  # ten times half an ULP, as the first step leaves it
    tens = s * 10
    digits: list[int] = []
    q, rem = divmod(b, s)
    b = 10 * rem
    low = b < m
    high = b + m >= tens
    if q == 0 and not high:
        dec_exp -= 1
    else:
        digits.append(q)
    if dec_exp < -3 or dec_exp >= 8:
        low = high = False
    while not low and not high:
        q, rem = divmod(b, s)
        b = 10 * rem
        m *= 10
        low = b < m
        high = b + m >= tens
        digits.append(q)
    low_digit_difference = (2 * b > tens) - (2 * b < tens) if (high and low) else 0
    return digits, dec_exp, low, high, low_digit_difference


def _java_digits(
    fract_bits: int, bin_exp: int, n_significant_bits: int
) -> tuple[str, int]:
    """Digits and exponent (value = 0.d1d2... * 10**exp) as the JDK 17 develops them.

    ``fract_bits`` holds the significand with its leading one at bit 52, ``bin_exp``
    is the unbiased binary exponent, ``n_significant_bits`` the precision (53 or 24
    for normal numbers, fewer for subnormals).
    """
    tail_zeros = (fract_bits & -fract_bits).bit_length() - 1
    n_fract_bits = _EXP_SHIFT + 1 - tail_zeros
    n_tiny_bits = max(0, n_fract_bits - bin_exp - 1)
    if _MIN_SMALL_BIN_EXP <= bin_exp <= _MAX_SMALL_BIN_EXP and n_tiny_bits == 0:
        # An integer that fits in a long: print it, minus digits below the precision.
        # Digits of 2**p2 are below the precision of the value: round them away.
        p2 = bin_exp - n_significant_bits - 1
        insignificant = (
            len(str(1 << p2)) - 1 if bin_exp > n_significant_bits and p2 > 1 else 0
        )
        if bin_exp >= _EXP_SHIFT:
            value = fract_bits << (bin_exp - _EXP_SHIFT)
        else:
            value = fract_bits >> (_EXP_SHIFT - bin_exp)
        return _integer_digits(value, insignificant)

    dec_exp = _estimate_dec_exp(fract_bits, bin_exp)
    b5 = max(0, -dec_exp)
    b2 = b5 + n_tiny_bits + bin_exp
    s5 = max(0, dec_exp)
    s2 = s5 + n_tiny_bits
    m5 = b5
    m2 = b2 - n_significant_bits
    fract_bits >>= tail_zeros
    b2 -= n_fract_bits - 1
    common = min(b2, s2)
    b2 -= common
    s2 -= common
    m2 -= common
    if n_fract_bits == 1:
        # A power of two: its neighbour below is closer (the only asymmetry the JDK
        # allows for; the stopping test stays symmetric).
        m2 -= 1
    if m2 < 0:
        b2 -= m2
        s2 -= m2
        m2 = 0

    b_bits = n_fract_bits + b2 + (_N_5_BITS[b5] if b5 < len(_N_5_BITS) else b5 * 3)
    ten_s_bits = (
        s2 + 1 + (_N_5_BITS[s5 + 1] if s5 + 1 < len(_N_5_BITS) else (s5 + 1) * 3)
    )
    if b_bits < 64 and ten_s_bits < 64:
        width = 32 if (b_bits < 32 and ten_s_bits < 32) else 64
        digits, dec_exp, low, high, ldd = _fixed_width_digits(
            fract_bits, b5, b2, s5, s2, m5, m2, dec_exp, width
        )
    else:
        digits, dec_exp, low, high, ldd = _big_digits(
            fract_bits, b5, b2, s5, s2, m5, m2, dec_exp
        )

    exponent = dec_exp + 1
    if high and (not low or ldd > 0 or (ldd == 0 and digits[-1] & 1)):
        exponent += _round_up(digits)
    return "".join(map(str, digits)), exponent


def _round_up(digits: list[int]) -> int:
    """Add one to the last digit in place; return 1 if it carried out of the first."""
    i = len(digits) - 1
    while digits[i] == 9 and i > 0:
        digits[i] = 0
        i -= 1
    if digits[i] == 9:
        digits[0] = 1  # the JDK keeps the (now zero) digits after it
        return 1
    digits[i] += 1
    return 0


def _java_layout(negative: bool, digits: str, exponent: int) -> str:
    """Lay digits out as Java does: plain for 1e-3 <= |x| < 1e7, else ``d.dddE±n``."""
    sign = "-" if negative else ""
    n = len(digits)
    if 0 < exponent < 8:
        if n <= exponent:
            return f"{sign}{digits}{'0' * (exponent - n)}.0"
        return f"{sign}{digits[:exponent]}.{digits[exponent:]}"
    if -3 < exponent <= 0:
        return f"{sign}0.{'0' * -exponent}{digits}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent - 1}"


def java_double_to_string(x: float) -> str:
    """Java 17's ``Double.toString``: ``1.0``, ``0.001``, ``1.0E7``, ``1.0E-5``.

    >>> java_double_to_string(0.1 + 0.2)
    '0.30000000000000004'
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    negative = bits < 0
    fract_bits = bits & ((1 << _EXP_SHIFT) - 1)
    bin_exp = (bits >> _EXP_SHIFT) & 0x7FF
    if bin_exp == 0:
        if fract_bits == 0:
            return "-0.0" if negative else "0.0"
        n_significant_bits = fract_bits.bit_length()
        shift = _EXP_SHIFT + 1 - n_significant_bits
        fract_bits <<= shift
        bin_exp = 1 - shift
    else:
        fract_bits |= 1 << _EXP_SHIFT
        n_significant_bits = _EXP_SHIFT + 1
    digits, exponent = _java_digits(fract_bits, bin_exp - 1023, n_significant_bits)
    return _java_layout(negative, digits, exponent)


def java_float_to_string(x: float) -> str:
    """Java 17's ``Float.toString`` of ``x`` as a float32: ``0.1``, ``1.6777216E7``.

    >>> java_float_to_string(0.1 + 0.2)
    '0.3'
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    try:
        bits = struct.unpack("<i", struct.pack("<f", x))[0]
    except OverflowError:  # beyond float range: Java's (float) cast gives an infinity
        return "Infinity" if x > 0 else "-Infinity"
    negative = bits < 0
    fract_bits = bits & ((1 << 23) - 1)
    bin_exp = (bits >> 23) & 0xFF
    if bin_exp == 0:
        if fract_bits == 0:
            return "-0.0" if negative else "0.0"
        n_significant_bits = fract_bits.bit_length()
        shift = 24 - n_significant_bits
        fract_bits <<= shift
        bin_exp = 1 - shift
    else:
        fract_bits |= 1 << 23
        n_significant_bits = 24
    digits, exponent = _java_digits(
        fract_bits << (_EXP_SHIFT - 23), bin_exp - 127, n_significant_bits
    )
    return _java_layout(negative, digits, exponent)
