# Prints reference vectors for tests/unit/stdlib_decimal_reference_test.cpp from Python decimal/fractions,
# following the scale rules documented in include/syncloom/stdlib/decimal.hpp. Usage: python3 gen_decimal_vectors.py
import random
from decimal import (Decimal, getcontext, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_UP, ROUND_DOWN,
                     ROUND_CEILING, ROUND_FLOOR)
from fractions import Fraction
getcontext().prec = 300
random.seed(20261126)
MODES = [ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_UP, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR]

def rand_dec():
    n = random.choice([1, 2, 3, 5, 8, 12, 18, 19, 20, 25, 30, 37, 38])
    digits = ''.join(random.choice('0123456789') for _ in range(n))
    scale = random.choice([0, 0, 1, 2, 2, 4, 6, min(n, 18), min(n + 3, 38), 20, 38])
    s = ('-' if random.random() < 0.4 else '') + digits.lstrip('0').rjust(1, '0')
    coeff = int(s)
    return coeff, scale

def fmt(c, s):
    neg = c < 0; d = str(abs(c)).rjust(s + 1, '0')
    r = d if s == 0 else d[:-s] + '.' + d[-s:]
    return ('-' if neg and c != 0 else '') + r

def fits(c, s): return abs(c) < 10**38 and 0 <= s <= 38

def quant(fr, s, mode):  # round Fraction fr to scale s
    d = Decimal(fr.numerator) / Decimal(fr.denominator)
    q = d.quantize(Decimal(1).scaleb(-s), rounding=mode)
    return int(q.scaleb(s))

def result(c, s):
    return fmt(c, s) if fits(c, s) else 'OVERFLOW'

def add(a, b, sign=1):
    s = max(a[1], b[1]); c = a[0] * 10**(s - a[1]) + sign * b[0] * 10**(s - b[1]); return result(c, s)

def mul(a, b):
    s = a[1] + b[1]; c = a[0] * b[0]
    if fits(c, s): return fmt(c, s)
    t = max(18, a[1], b[1])
    if t >= s: return 'OVERFLOW'
    return result(quant(Fraction(c, 10**s), t, ROUND_HALF_EVEN), t)

def div(a, b):
    if b[0] == 0: return 'DIV_BY_ZERO'
    q = Fraction(a[0], 10**a[1]) / Fraction(b[0], 10**b[1])
    t = max(18, a[1], b[1]); p = max(a[1] - b[1], 0)
    for m in range(0, t + 1):
        if (q * 10**m).denominator == 1:
            s = max(m, p); return result(int(q * 10**s), s)
    return result(quant(q, t, ROUND_HALF_EVEN), t)

def rem(a, b):  # truncated division: the sign of a, like int64 %
    if b[0] == 0: return 'DIV_BY_ZERO'
    q = Fraction(a[0], 10**a[1]) / Fraction(b[0], 10**b[1])
    t = abs(q.numerator) // q.denominator * (1 if q >= 0 else -1)
    s = max(a[1], b[1])
    return result(int((Fraction(a[0], 10**a[1]) - t * Fraction(b[0], 10**b[1])) * 10**s), s)

def rnd(a, s, mode):
    if s > 38: return 'INVALID'  # a scale outside 0..38 is an argument error
    return result(quant(Fraction(a[0], 10**a[1]), s, mode), s)

rows = []
for _ in range(40):
    a, b = rand_dec(), rand_dec()
    if random.random() < 0.15: b = (0, b[1])
    rows.append(('add', fmt(*a), fmt(*b), add(a, b)))
    rows.append(('sub', fmt(*a), fmt(*b), add(a, b, -1)))
    rows.append(('mul', fmt(*a), fmt(*b), mul(a, b)))
    rows.append(('div', fmt(*a), fmt(*b), div(a, b)))
    rows.append(('rem', fmt(*a), fmt(*b), rem(a, b)))
    s = random.choice([0, 1, 2, 4, max(a[1] - 1, 0), a[1] + 2]); mi = random.randrange(7)
    rows.append(('round', fmt(*a), f'{s}:{mi}', rnd(a, s, MODES[mi])))
for op, x, y, r in rows:
    print(f'    {{"{op}", "{x}", "{y}", "{r}"}},')
