package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;

/**
 * Element-wise sums of double vectors whose result does not depend on the order or grouping in
 * which the vectors are added or merged: {@code sum(a, b, c) == sum(c, a, b)} and
 * {@code merge(merge(a, b), c) == merge(a, merge(b, c))} bit for bit.
 *
 * <p>Why: Spark's {@code treeAggregate} combines partition results in the order tasks finish and
 * shuffle blocks arrive, and floating-point addition is not associative, so summing gradients
 * with {@code +} would make two identical runs differ in the last bits. Here every element is
 * kept as integers on a fixed binary grid (a "binned" accumulator, as in Demmel and Nguyen's
 * reproducible summation), where addition is exact and so associative.
 *
 * <p>The math. Every finite double is an integer multiple of {@code 2^-1074}. Its bits are cut at
 * fixed absolute positions into 32-bit <i>bins</i> (bin {@code j} holds the bits of weight
 * {@code 2^(32j - 1074)} to {@code 2^(32j - 1043)}). Per element the accumulator keeps the
 * signed sums of the {@value #WINDOW} bins below and including the highest bin any added value
 * reaches; lower bins are dropped. Since the window only moves up and a bin is either kept with
 * the exact sum of all its chunks or dropped, the kept content is the same for every order. The
 * largest value is always kept exactly (53 bits span at most 3 bins), so the result's error is
 * below {@code 2^-64} times the largest added magnitude (plain summation of n values: about
 * {@code n·2^-53}). {@link #values()} rounds the kept integer to the nearest double.
 *
 * <p>Non-finite values are tracked apart: an element that saw NaN, or both +∞ and −∞, is NaN; one
 * that saw only +∞ (−∞) is +∞ (−∞), as IEEE addition gives in any order.
 *
 * <p>Memory: 3 longs and an int per element. Up to 2^31 vectors can be added into one sum.
 * Not thread-safe.
 */
final class ExactSum implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Bins kept per element. */
  static final int WINDOW = 3;
  private static final long MAX_TERMS = 1L << 31;
  private static final byte NAN = 1;
  private static final byte POS_INF = 2;
  private static final byte NEG_INF = 4;

  private final int length;
  /** Per element, the top bin of its window, or -1 while it has seen only zeros. */
  private final int[] top;
  /** Per element {@code e}, the sums of bins {@code top[e] - k} at {@code e * WINDOW + k}. */
  private final long[] bins;
  /** Non-finite flags per element, allocated on the first non-finite value. */
  private byte[] special;
  private long terms;

  /**
   * An all-zero sum of {@code length} elements.
   *
   * @throws IllegalArgumentException if the length is negative or too large
   */
  ExactSum(int length) {
    checkArgument(length >= 0 && length <= Integer.MAX_VALUE / WINDOW,
        "exact_sum: length %s is negative or too large", length);
    this.length = length;
    this.top = new int[length];
    java.util.Arrays.fill(top, -1);
    this.bins = new long[length * WINDOW];
  }

  /** Number of elements. */
  int length() {
    return length;
  }

  /**
   * Adds {@code values} element-wise.
   *
   * @throws IllegalArgumentException if the length differs
   * @throws IllegalStateException after 2^31 added vectors (the bins could overflow)
   */
  void add(double[] values) {
    checkArgument(values.length == length, "exact_sum: adding %s values to a sum of %s",
        values.length, length);
    countTerms(1);
    for (int e = 0; e < length; e++) {
      addOne(e, values[e]);
    }
  }

  /**
   * Adds another sum into this one (the other is unchanged).
   *
   * @throws IllegalArgumentException if the lengths differ
   * @throws IllegalStateException if together they hold more than 2^31 vectors
   */
  void merge(ExactSum other) {
    checkArgument(other.length == length, "exact_sum: merging a sum of %s into one of %s",
        other.length, length);
    countTerms(other.terms);
    for (int e = 0; e < length; e++) {
      int t = other.top[e];
      if (t < 0) {
        continue;
      }
      raise(e, t);
      int shift = top[e] - t; // other's bin t - k lands at our index shift + k
      for (int k = 0; k + shift < WINDOW; k++) {
        bins[e * WINDOW + shift + k] += other.bins[e * WINDOW + k];
      }
    }
    if (other.special != null) {
      for (int e = 0; e < length; e++) {
        if (other.special[e] != 0) {
          special()[e] |= other.special[e];
        }
      }
    }
  }

  private void countTerms(long n) {
    if (terms + n > MAX_TERMS) {
      throw new IllegalStateException("exact_sum: more than 2^31 vectors added into one sum");
    }
    terms += n;
  }

  private byte[] special() {
    if (special == null) {
      special = new byte[length];
    }
    return special;
  }

  private void addOne(int e, double x) {
    if (x == 0) {
      return;
    }
    if (!Double.isFinite(x)) {
      special()[e] |= Double.isNaN(x) ? NAN : x > 0 ? POS_INF : NEG_INF;
      return;
    }
    long raw = Double.doubleToRawLongBits(x);
    int exp = (int) ((raw >>> 52) & 0x7FF);
    long mant = raw & ((1L << 52) - 1);
    int low; // bit position (in units of 2^-1074) of the mantissa's least significant bit
    if (exp == 0) {
      low = 0; // subnormal: mant * 2^-1074
    } else {
      mant |= 1L << 52;
      low = exp - 1;
    }
    int topBit = low + 63 - Long.numberOfLeadingZeros(mant);
    raise(e, topBit >>> 5);
    int t = top[e];
    long sign = raw < 0 ? -1 : 1;
    for (int k = 0; k < WINDOW; k++) {
      int shift = 32 * (t - k) - low; // position of the bin's lowest bit in the mantissa
      long chunk;
      if (shift >= 64) {
        chunk = 0;
      } else if (shift >= 0) {
        chunk = (mant >>> shift) & 0xFFFFFFFFL;
      } else if (shift > -32) {
        chunk = (mant << -shift) & 0xFFFFFFFFL;
      } else {
        break; // this bin and all lower ones lie below the mantissa
      }
      bins[e * WINDOW + k] += sign * chunk;
    }
  }

  /** Moves element {@code e}'s window up so its top bin is at least {@code t}, dropping bins. */
  private void raise(int e, int t) {
    int old = top[e];
    if (old >= t) {
      return;
    }
    top[e] = t;
    if (old < 0) {
      return;
    }
    int shift = t - old;
    int base = e * WINDOW;
    for (int k = WINDOW - 1; k >= 0; k--) {
      bins[base + k] = k - shift >= 0 ? bins[base + k - shift] : 0;
    }
  }

  /** The sums, each rounded to the nearest double (see the class comment). */
  double[] values() {
    double[] out = new double[length];
    // Limbs of a two's-complement integer over the window, two zero limbs below it and two
    // above it (room for the carries of up to 2^31 terms): limb i has weight bin (top-W+1)+i-2.
    long[] limb = new long[WINDOW + 4];
    for (int e = 0; e < length; e++) {
      if (special != null && special[e] != 0) {
        byte s = special[e];
        out[e] = (s & NAN) != 0 || s == (POS_INF | NEG_INF) ? Double.NaN
            : s == POS_INF ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      } else if (top[e] >= 0) {
        out[e] = round(e, limb);
      }
    }
    return out;
  }

  private double round(int e, long[] limb) {
    java.util.Arrays.fill(limb, 0);
    for (int k = 0; k < WINDOW; k++) {
      limb[2 + WINDOW - 1 - k] = bins[e * WINDOW + k];
    }
    // Normalize: every limb to [0, 2^32) with the carry moved up; the last limb keeps the sign.
    for (int i = 0; i < limb.length - 1; i++) {
      long carry = limb[i] >> 32;
      limb[i] -= carry << 32;
      limb[i + 1] += carry;
    }
    boolean negative = limb[limb.length - 1] < 0;
    if (negative) { // magnitude = two's complement negation over all limbs
      long carry = 1;
      for (int i = 0; i < limb.length; i++) {
        long v = (~limb[i] & 0xFFFFFFFFL) + carry;
        limb[i] = v & 0xFFFFFFFFL;
        carry = v >>> 32;
      }
    }
    int h = limb.length - 1;
    while (h >= 2 && limb[h] == 0) {
      h--;
    }
    if (h < 2 || (h == 2 && limb[2] == 0)) {
      return 0.0; // only possible when the terms cancelled exactly
    }
    // 62 significant bits from limbs h, h-1, h-2 and a sticky bit below them: converting that
    // long rounds correctly, because the sticky bit sits below the double's rounding position.
    int nb = 64 - Long.numberOfLeadingZeros(limb[h]); // 1..32
    int s = nb + 2; // 96-bit window shifted right by s keeps 62 bits
    long m = limb[h] << (62 - nb);
    m |= s <= 32 ? limb[h - 1] << (32 - s) : limb[h - 1] >>> (s - 32);
    boolean sticky = s > 32 && (limb[h - 1] & ((1L << (s - 32)) - 1)) != 0;
    if (s < 32) {
      m |= limb[h - 2] >>> s;
      sticky |= (limb[h - 2] & ((1L << s) - 1)) != 0;
    } else {
      sticky |= limb[h - 2] != 0;
    }
    for (int i = h - 3; i >= 0 && !sticky; i--) {
      sticky = limb[i] != 0;
    }
    if (sticky) {
      m |= 1;
    }
    int bottomBin = top[e] - WINDOW + 1 - 2; // weight of limb 0
    int exponent = 32 * (bottomBin + h - 2) + s - 1074;
    double v = Math.scalb((double) m, exponent);
    return negative ? -v : v;
  }
}
