package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link ExactSum}: exact on its window, and the same result for every order and grouping. */
class ExactSumProperties {

  /** Doubles of every kind: wide exponents, both signs, subnormals, zeros, cancelling pairs. */
  @Provide
  Arbitrary<List<Double>> terms() {
    Arbitrary<Double> wide = Combinators.combine(Arbitraries.doubles().between(-2, 2),
        Arbitraries.integers().between(-1074, 1000)).as((m, e) -> Math.scalb(m, e));
    Arbitrary<Double> special = Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        1.0, -1.0, 1e300, -1e300, 0x1p-1022, Math.ulp(1.0));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, wide), net.jqwik.api.Tuple.of(1, special))
        .list().ofMinSize(1).ofMaxSize(40);
  }

  /**
   * Doubles whose leading bits lie within 12 binary places of each other: no bin is dropped, so
   * the sum is exact. Why 12: the window always holds the 65 bits from the top bin's lowest bit
   * down, and each value needs its 53 mantissa bits kept (65 - 53 = 12). A wider spread may drop
   * low bits; {@link #theErrorIsBelow2toMinus64OfTheLargestTerm} bounds what that costs.
   */
  @Provide
  Arbitrary<List<Double>> narrow() {
    // m in [1, 2) with either sign puts each value's leading bit exactly at base + e
    return Arbitraries.integers().between(-1000, 900).flatMap(base -> Combinators.combine(
        Arbitraries.doubles().between(1, 2).filter(m -> m < 2), Arbitraries.of(-1.0, 1.0),
        Arbitraries.integers().between(0, 12))
        .as((m, sign, e) -> sign * Math.scalb(m, base + e)).list().ofMinSize(1).ofMaxSize(40));
  }

  private static double[] sumInOrder(List<Double> xs, long seed) {
    List<Double> order = new ArrayList<>(xs);
    Collections.shuffle(order, new Random(seed));
    // a random tree of merges of random-sized groups
    List<ExactSum> parts = new ArrayList<>();
    Random rng = new Random(seed * 31 + 7);
    ExactSum cur = new ExactSum(1);
    for (double x : order) {
      cur.add(new double[] {x});
      if (rng.nextInt(3) == 0) {
        parts.add(cur);
        cur = new ExactSum(1);
      }
    }
    parts.add(cur);
    while (parts.size() > 1) {
      int i = rng.nextInt(parts.size() - 1);
      ExactSum a = parts.remove(i);
      ExactSum b = parts.remove(i);
      if (rng.nextBoolean()) {
        a.merge(b);
        parts.add(i, a);
      } else {
        b.merge(a);
        parts.add(i, b);
      }
    }
    return parts.get(0).values();
  }

  @Property(tries = 300)
  void everyOrderAndGroupingGivesTheSameBits(@ForAll("terms") List<Double> xs) {
    double[] first = sumInOrder(xs, 1);
    for (long seed = 2; seed < 6; seed++) {
      assertArrayEquals(first, sumInOrder(xs, seed), 0.0);
    }
  }

  @Property(tries = 300)
  void withoutDroppedBinsTheSumIsTheCorrectlyRoundedExactSum(@ForAll("narrow") List<Double> xs) {
    BigDecimal exact = BigDecimal.ZERO;
    for (double x : xs) {
      exact = exact.add(new BigDecimal(x));
    }
    double expected = exact.round(MathContext.DECIMAL128).doubleValue();
    double expectedExact = exact.doubleValue(); // BigDecimal.doubleValue rounds correctly
    double got = sumInOrder(xs, 3)[0];
    assertEquals(expectedExact, got, 0.0, () -> "sum of " + xs + " (~" + expected + ")");
  }

  @Property(tries = 200)
  void theErrorIsBelow2toMinus64OfTheLargestTerm(@ForAll("terms") List<Double> xs) {
    BigDecimal exact = BigDecimal.ZERO;
    double largest = 0;
    for (double x : xs) {
      exact = exact.add(new BigDecimal(x));
      largest = Math.max(largest, Math.abs(x));
    }
    double got = sumInOrder(xs, 5)[0];
    BigDecimal err = new BigDecimal(got).subtract(exact).abs();
    BigDecimal bound = new BigDecimal(Math.ulp(exact.doubleValue()))
        .add(new BigDecimal(Math.scalb(largest, -63)));
    assertTrue(err.compareTo(bound) <= 0, () -> "error " + err + " for " + xs);
  }

  /**
   * Regression: a spread of 2^40 drops the small term's low bits once a large value moves the
   * window up, even when the large values then cancel; the documented bound still holds.
   */
  @Test
  void aLargeCancellingPairCostsAtMostTheBoundOnTheSmallTerm() {
    ExactSum s = new ExactSum(1);
    for (double x : new double[] {0.64, -7.0368744177664E11, 7.0368744177664E11}) {
      s.add(new double[] {x});
    }
    double got = s.values()[0];
    assertTrue(Math.abs(got - 0.64) <= Math.scalb(7.0368744177664E11, -64), () -> "got " + got);
  }

  @Test
  void nonFiniteValuesCombineAsIeeeAdditionDoes() {
    double inf = Double.POSITIVE_INFINITY;
    ExactSum s = new ExactSum(4);
    s.add(new double[] {inf, inf, Double.NaN, -inf});
    s.add(new double[] {1, -inf, 1, -inf});
    assertArrayEquals(new double[] {inf, Double.NaN, Double.NaN, -inf}, s.values(), 0.0);
  }

  @Test
  void cancellingTermsGiveExactlyWhatIsLeft() {
    double big = 0x1p60;
    ExactSum s = new ExactSum(3);
    s.add(new double[] {big, 0.1, 1e300});
    s.add(new double[] {1.5, 0x1p-40, 1.5});
    s.add(new double[] {-big, -0.1, -1e300});
    // 1.5 is kept next to 2^60 (59 bits apart, inside the window) but not next to 1e300 (996
    // bits apart): there the error bound, 2^-64 of the largest term, allows losing it
    assertArrayEquals(new double[] {1.5, 0x1p-40, 0.0}, s.values(), 0.0);
    // plain left-to-right summation loses the 1.5 next to 2^60 too
    assertEquals(0.0, (big + 1.5) - big, 0.0);
  }

  @Test
  void lengthsMustMatch() {
    ExactSum s = new ExactSum(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.add(new double[3]));
    assertEquals("exact_sum: adding 3 values to a sum of 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.merge(new ExactSum(1)));
    assertEquals("exact_sum: merging a sum of 1 into one of 2", e.getMessage());
  }
}
