package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.kernels.Special;
import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * erf, erfc and erfinv against an independent ground truth: the Taylor series of erf summed in
 * {@code BigDecimal} with enough digits to absorb its cancellation (up to about 650 for erfc in
 * its far tail), π from Machin's formula. The same ground truth checks the float64 references
 * the op declarations use (positive-term series, continued fraction, bisection), and tabulated
 * values check the ground truth itself.
 */
class SpecialFunctionsTest {
  private static final int MAX_DIGITS = 700;
  private static final BigDecimal TWO_OVER_SQRT_PI = BigDecimal.valueOf(2)
      .divide(pi(new MathContext(MAX_DIGITS)).sqrt(new MathContext(MAX_DIGITS)),
          new MathContext(MAX_DIGITS));

  /** π = 16·atan(1/5) - 4·atan(1/239). */
  private static BigDecimal pi(MathContext mc) {
    return atanInverse(5, mc).multiply(BigDecimal.valueOf(16))
        .subtract(atanInverse(239, mc).multiply(BigDecimal.valueOf(4)), mc);
  }

  /** atan(1/k) by its alternating series. */
  private static BigDecimal atanInverse(int k, MathContext mc) {
    BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(k), mc);
    BigDecimal x2 = x.multiply(x, mc);
    BigDecimal power = x;
    BigDecimal sum = x;
    BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
    for (int n = 1; power.compareTo(eps) > 0; n++) {
      power = power.multiply(x2, mc);
      BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), mc);
      sum = n % 2 == 1 ? sum.subtract(term, mc) : sum.add(term, mc);
    }
    return sum;
  }

  /**
   * erf(x) = 2/√π Σ (-1)ⁿ x^(2n+1) / (n! (2n+1)). The largest term is about e^(x²), and erfc(x)
   * about e^(-x²), so 0.87·x² + 40 digits leave at least 20 correct ones in 1 - erf as well.
   */
  static BigDecimal erfExact(double xd) {
    int digits = (int) (0.8686 * xd * xd) + 40;
    MathContext mc = new MathContext(digits);
    BigDecimal x = new BigDecimal(xd);
    BigDecimal x2 = x.multiply(x, mc);
    BigDecimal power = x;
    BigDecimal sum = x;
    BigDecimal eps = BigDecimal.ONE.movePointLeft(digits);
    for (int n = 1; ; n++) {
      power = power.multiply(x2, mc).divide(BigDecimal.valueOf(-n), mc);
      BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), mc);
      sum = sum.add(term, mc);
      if (n > x2.doubleValue() && term.abs().compareTo(eps) < 0) {
        return sum.multiply(TWO_OVER_SQRT_PI, mc);
      }
    }
  }

  static double erfcExact(double x) {
    return BigDecimal.ONE.subtract(erfExact(x)).doubleValue();
  }

  /** |got - expected| in units of the last place of expected. */
  private static double ulps(double got, double expected) {
    return Math.abs(got - expected) / Math.ulp(expected);
  }

  /** Points of [lo, hi] at an irrational stride, plus the kernel's interval boundaries. */
  private static double[] grid(double lo, double hi, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = lo + (hi - lo) * ((i * 0.6180339887498949) % 1.0);
    }
    return x;
  }

  private static final double[] BOUNDARIES = {0.46875, Math.nextUp(0.46875), 4.0,
      Math.nextUp(4.0), -0.46875, Math.nextDown(-0.46875), -4.0, Math.nextDown(-4.0)};

  // ------------------------------------------------------------------ the ground truth

  @Test
  void theGroundTruthAgreesWithTabulatedValues() {
    // Abramowitz and Stegun / DLMF values, rounded to double.
    assertEquals(0.8427007929497149, erfExact(1.0).doubleValue(), 0.0);
    assertEquals(0.5204998778130465, erfExact(0.5).doubleValue(), 0.0);
    assertEquals(0.004677734981047266, erfcExact(2.0), 0.0);
    assertEquals(1.5374597944280349e-12, erfcExact(5.0), Math.ulp(1.5374597944280349e-12));
    assertEquals(2.0884875837625448e-45, erfcExact(10.0), Math.ulp(2.0884875837625448e-45));
  }

  // ------------------------------------------------------------------ erf, erfc

  @Test
  void erfIsWithinFourUlpsEverywhere() {
    double[] xs = grid(-6.5, 6.5, 250);
    for (double x : concat(xs, BOUNDARIES)) {
      double expected = erfExact(x).doubleValue();
      double got = Special.erf(x);
      assertTrue(ulps(got, expected) <= 4, () -> "erf(" + x + ") = " + got + ", exact "
          + expected + " (" + ulps(got, expected) + " ulps)");
    }
  }

  @Test
  void erfcKeepsItsRelativeAccuracyInTheTail() {
    double[] tail = {5, 6.25, 8, 10, 12.5, 15, 17.75, 20, 22.5, 25, 26, 26.5};
    for (double x : concat(grid(-6, 6, 200), concat(tail, BOUNDARIES))) {
      double expected = erfcExact(x);
      double got = Special.erfc(x);
      assertTrue(ulps(got, expected) <= 6, () -> "erfc(" + x + ") = " + got + ", exact "
          + expected + " (" + ulps(got, expected) + " ulps)");
    }
    // Beyond 26.543 erfc is below 5e-308 and is flushed to 0; 1 - erf(x) is 0 from x = 6.
    assertEquals(0.0, Special.erfc(26.6), 0.0);
    assertEquals(0.0, 1 - Special.erf(6.0), 0.0);
  }

  @Test
  void specialValues() {
    assertEquals(0.0, Special.erf(0.0), 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Special.erf(-0.0)));
    assertEquals(1.0, Special.erf(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(-1.0, Special.erf(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(1.0, Special.erfc(0.0), 0.0);
    assertEquals(0.0, Special.erfc(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(2.0, Special.erfc(Double.NEGATIVE_INFINITY), 0.0);
    assertTrue(Double.isNaN(Special.erf(Double.NaN)));
    assertTrue(Double.isNaN(Special.erfc(Double.NaN)));
    // Tiny arguments: erf(x) = 2x/√π to the last bit, also for subnormals.
    assertEquals(1.1283791670955126e-300, Special.erf(1e-300), Math.ulp(1.1283791670955126e-300));
    assertEquals(2 * Double.MIN_VALUE, Special.erf(2 * Double.MIN_VALUE), Double.MIN_VALUE);
    assertEquals(0.0, Special.erfinv(0.0), 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(Special.erfinv(-0.0)));
    assertEquals(Double.POSITIVE_INFINITY, Special.erfinv(1.0), 0.0);
    assertEquals(Double.NEGATIVE_INFINITY, Special.erfinv(-1.0), 0.0);
    assertTrue(Double.isNaN(Special.erfinv(1.5)));
    assertTrue(Double.isNaN(Special.erfinv(-1.0000000000000002)));
    assertTrue(Double.isNaN(Special.erfinv(Double.NaN)));
    // The "probable error" constant erfinv(1/2) = 0.47693627620446987338..., within the 2 ulps
    // that erf's own error near 0.48 allows (see erfinvIsAccurateToTheConditioningOfErf).
    assertEquals(0.4769362762044699, Special.erfinv(0.5), 2 * Math.ulp(0.4769362762044699));
  }

  // ------------------------------------------------------------------ erfinv

  /**
   * The error of erfinv(y) measured exactly: x̂ - x = (erf(x̂) - y) / erf'(x̂) to first order.
   * Given y exactly, no method can beat the conditioning of erf: an error of a few ulps of erf's
   * value (of y, or of 1 - |y| for the tail, computed through erfc) becomes that divided by
   * erf'(x). The bound allows 2 ulps of x plus 6 ulps of the erf (erfc) value.
   */
  @Test
  void erfinvIsAccurateToTheConditioningOfErf() {
    double[] ys = concat(grid(-0.999999, 0.999999, 300),
        new double[] {1e-300, 1e-20, 1e-8, 0.25, 0.5, Math.nextUp(0.5), 0.9, 0.99,
            1 - 1e-6, 1 - 1e-10, 1 - 1e-15, Math.nextDown(1.0), -Math.nextDown(1.0)});
    for (double y : ys) {
      double x = Special.erfinv(y);
      double a = Math.abs(y);
      double slope = Special.TWO_OVER_SQRT_PI * Math.exp(-x * x);
      double residual = a <= 0.5 ? erfExact(x).subtract(new BigDecimal(y)).doubleValue()
          : new BigDecimal(1 - a).subtract(BigDecimal.ONE.subtract(erfExact(Math.abs(x))))
              .doubleValue();
      double error = Math.abs(residual) / slope;
      double bound = 2 * Math.ulp(x) + 6 * Math.ulp(a <= 0.5 ? a : 1 - a) / slope;
      assertTrue(error <= bound, () -> "erfinv(" + y + ") = " + x + " is off by " + error
          + " > " + bound);
    }
  }

  @Test
  void erfinvInvertsErfTo1e15() {
    for (double x : concat(grid(-1, 1, 400), new double[] {-1, 1, 0.3, -0.7})) {
      double back = Special.erfinv(Special.erf(x));
      assertEquals(x, back, 1e-15, () -> "erfinv(erf(" + x + "))");
    }
    // And in the tail through erfc: erfc(erfinv(1 - t)) = t relative to t.
    for (double t : new double[] {1e-3, 1e-6, 1e-10, 1e-14, 0x1p-52, 0x1p-53}) {
      double y = 1 - t;
      double exact = 1 - y; // the t that y really carries
      assertEquals(exact, Special.erfc(Special.erfinv(y)), 1e-13 * exact, "t = " + t);
    }
  }

  // ------------------------------------------------------------------ the declared references

  @Test
  void theReferencesOfTheOpDeclarationsAreRight() {
    for (double x : grid(-4.5, 4.5, 120)) {
      double erf = erfExact(x).doubleValue();
      double erfc = erfcExact(x);
      assertEquals(erf, MathOps.erfSeries(x), 1e-14 * Math.max(1, Math.abs(erf)), "erf " + x);
      assertEquals(erfc, MathOps.erfcReference(x), 1e-14 * erfc, "erfc " + x);
    }
    for (double y : grid(-0.95, 0.95, 60)) {
      assertEquals(Special.erfinv(y), MathOps.erfinvReference(y), 1e-14, "erfinv " + y);
    }
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
