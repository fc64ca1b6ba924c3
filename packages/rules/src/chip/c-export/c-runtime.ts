/**
 * The fixed-point runtime of the exported C library: exact int64 helpers that reproduce
 * `number-format.ts`'s rounding (nearest-even or stochastic on core's mulberry32 stream),
 * saturation, integer divides rounded to nearest and the integer square root. C99, no libc
 * beyond <stdint.h>; the signed right shift is written out so no implementation-defined
 * behaviour is relied on.
 */

/** The helpers, as C source (static functions of olrd.c). */
export const C_RUNTIME = String.raw`
static uint32_t olrd_random_state;

/* mulberry32, as @olrd/core's uniformGenerator: the stochastic-rounding stream. */
static uint32_t olrd_random(void) {
  uint32_t z;
  olrd_random_state += 0x6d2b79f5u;
  z = olrd_random_state;
  z = (z ^ (z >> 15)) * (z | 1u);
  z ^= z + (z ^ (z >> 7)) * (z | 61u);
  return z ^ (z >> 14);
}

/* floor(v / 2^s) for s > 0, without relying on >> of negative numbers. */
static int64_t olrd_floor_shift(int64_t v, int s) {
  return v >= 0 ? v >> s : -(((-v) - 1) >> s) - 1;
}

/* v * 2^s for s >= 0 (a multiply: << of a negative number is undefined in C99). */
static int64_t olrd_align(int64_t v, int s) {
  return v * ((int64_t)1 << s);
}

/*
 * A raw value v with 'from' fraction bits, brought to 'to' fraction bits: rounded to nearest
 * (ties to even) or stochastically (up when one draw is below the fraction's top 32 bits; a draw
 * is taken even when v is exact), then saturated to [lo, hi].
 */
static int64_t olrd_round(int64_t v, int from, int to, int64_t lo, int64_t hi, int stochastic) {
  int s = from - to;
  int64_t r;
  if (s <= 0) {
    if (stochastic) (void)olrd_random();
    r = olrd_align(v, -s);
  } else {
    int64_t q = olrd_floor_shift(v, s);
    int64_t rem = v - olrd_align(q, s);
    if (stochastic) {
      uint64_t draw = olrd_random();
      uint64_t fraction = s <= 32 ? (uint64_t)rem << (32 - s) : (uint64_t)rem >> (s - 32);
      r = draw < fraction ? q + 1 : q;
    } else {
      int64_t half = (int64_t)1 << (s - 1);
      r = rem > half ? q + 1 : rem < half ? q : (q & 1) ? q + 1 : q;
    }
  }
  return r < lo ? lo : r > hi ? hi : r;
}

/* a / b rounded to nearest, ties to even (b > 0). */
static int64_t olrd_divide(int64_t a, int64_t b) {
  int64_t q = a / b;
  int64_t r;
  if (a % b != 0 && a < 0) q -= 1;
  r = a - q * b;
  if (2 * r > b) return q + 1;
  if (2 * r < b) return q;
  return (q & 1) ? q + 1 : q;
}

/* floor(sqrt(v)) for v >= 0. */
static int64_t olrd_sqrt(int64_t v) {
  uint64_t x = (uint64_t)v;
  uint64_t root = 0;
  uint64_t bit = (uint64_t)1 << 62;
  while (bit > x) bit >>= 2;
  while (bit != 0) {
    if (x >= root + bit) {
      x -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return (int64_t)root;
}

static int64_t olrd_clamp(int64_t v, int64_t lo, int64_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

#define OLRD_MAX(a, b) ((a) > (b) ? (a) : (b))
`;
