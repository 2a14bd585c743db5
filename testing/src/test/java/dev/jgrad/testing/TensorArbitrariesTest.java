package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.testing.ElementValues.Interval;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Shrinkable;
import org.junit.jupiter.api.Test;

/**
 * The value distribution (continuous-looking, no edge values), the allowed intervals around
 * avoided points, and the errors for inconsistent specs.
 */
class TensorArbitrariesTest {

  /** 4,000 draws with a fixed seed, as a property would see them. */
  private static double[] draw(ElementValues values) {
    Random random = new Random(42);
    double[] v = new double[4000];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.next(random).value();
    }
    return v;
  }

  private static double[] draw(Arbitrary<Double> values) {
    var generator = values.generator(1000);
    Random random = new Random(42);
    double[] v = new double[4000];
    for (int i = 0; i < v.length; i++) {
      v[i] = generator.next(random).value();
    }
    return v;
  }

  private static double onHundredthsGrid(double[] v) {
    return Arrays.stream(v).filter(x -> Math.abs(x * 100 - Math.rint(x * 100)) < 1e-9).count()
        / (double) v.length;
  }

  @Example
  void defaultValuesAreUniformOffTheGridAndWithoutEdgeValues() {
    double[] v = draw(new ElementValues(DType.FLOAT64, -2, 2, 1e-3, new double[0]));
    Set<Double> edges = Set.of(0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.01, -0.01);
    assertTrue(Arrays.stream(v).noneMatch(edges::contains), "an edge value was drawn");
    assertTrue(onHundredthsGrid(v) < 0.01, "share on the 0.01 grid: " + onHundredthsGrid(v));
    assertEquals(v.length, Arrays.stream(v).boxed().collect(Collectors.toSet()).size());
    // 8 bins of width 0.5: 500 expected in each (binomial sd 21); a bias toward 0, as jqwik's
    // default distribution has, would crowd the middle bins.
    int[] bins = new int[8];
    for (double x : v) {
      bins[Math.min(7, (int) ((x + 2) / 0.5))]++;
    }
    for (int b : bins) {
      assertTrue(b > 420 && b < 580, Arrays.toString(bins));
    }
  }

  @Example
  void jqwiksDefaultDoublesAreWhatTheDistributionReplaces() {
    // The control for the test above: plain jqwik doubles sit on the 0.01 grid and repeat the
    // edge values, which is what made properties over relu fail at its kink on the first try.
    double[] v = draw(Arbitraries.doubles().between(-2, 2));
    assertTrue(onHundredthsGrid(v) == 1.0);
    assertTrue(Arrays.stream(v).filter(x -> x == 0).count() > 10);
  }

  @Example
  void avoidedNeighbourhoodsAreCutOutOfTheRange() {
    assertEquals(List.of(interval("-2", "-0.001"), interval("0.001", "2")),
        ElementValues.allowed(-2, 2, 1e-3, new double[] {0}));
    // 1.001 - 1 is 0.00099999999999989 in double arithmetic (and -1 + 1.001 likewise): the first
    // grid values that keep the margin as a user's check computes it are one step further.
    assertEquals(List.of(interval("-2", "-1.00100000001"), interval("-0.999", "0.999"),
            interval("1.00100000001", "2")),
        ElementValues.allowed(-2, 2, 1e-3, new double[] {1, -1}));
    // margin 0: only the points go (the grid step is 1e-11 for a range of magnitude 1).
    assertEquals(List.of(interval("0.00000000001", "0.49999999999"),
            interval("0.50000000001", "1")),
        ElementValues.allowed(0, 1, 0, new double[] {0, 0.5}));
    // Points outside the range change nothing.
    assertEquals(List.of(interval("-1", "1")), ElementValues.allowed(-1, 1, 0.5, new double[]
        {7, 1e300}));
  }

  @Example
  void aSingleValueRangeGivesThatValue() {
    double[] v = draw(new ElementValues(DType.FLOAT64, 0.1234567890123456, 0.1234567890123456,
        1e-3, new double[] {1}));
    assertTrue(Arrays.stream(v).allMatch(x -> x == 0.1234567890123456));
  }

  @Example
  void drawsStayInTheAllowedIntervalsInProportionToTheirLength() {
    double[] v = draw(new ElementValues(DType.FLOAT64, -1, 3, 0.5, new double[] {0}));
    long left = Arrays.stream(v).filter(x -> x >= -1 && x <= -0.5).count();
    long right = Arrays.stream(v).filter(x -> x >= 0.5 && x <= 3).count();
    assertEquals(v.length, left + right);
    // lengths 0.5 and 2.5: a sixth of the draws on the left (667 expected, sd 24)
    assertTrue(left > 570 && left < 760, "left " + left);
  }

  @Test
  void inconsistentSpecsAreRejectedNamingWhatIsWrong() {
    assertEquals("TensorSpec: no value in [-1.0, 1.0] is at least 2.0 away from every point of "
        + "avoid [0.0]", assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().between(-1, 1).avoiding(2, 0)).getMessage());
    assertEquals("TensorSpec: [0.1234567890123, 0.1234567890124] is narrower than the grid of "
        + "generated values (12 significant digits); widen it or use min == max",
        assertThrows(IllegalArgumentException.class, () -> TensorArbitraries.tensors()
            .between(0.1234567890123, 0.1234567890124)).getMessage());
    assertEquals("TensorSpec: no value in [1.0, 1.0] is at least 0.0 away from every point of "
        + "avoid [1.0]", assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().between(1, 1).avoiding(0, 1)).getMessage());
    assertEquals("TensorSpec: need finite min <= max, got min 2.0 and max 1.0",
        assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().between(2, 1)).getMessage());
    assertEquals("TensorSpec: need finite min <= max, got min NaN and max 1.0",
        assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().between(Double.NaN, 1)).getMessage());
    assertEquals("TensorSpec: margin must be finite and >= 0, got -0.1",
        assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().avoiding(-0.1, 0)).getMessage());
    assertEquals("TensorSpec: avoided points must be finite, got [0.0, Infinity]",
        assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().avoiding(0.1, 0, Double.POSITIVE_INFINITY))
            .getMessage());
    assertEquals("tensors: need maxRank >= 0 and maxDim >= 1, got 2 and 0",
        assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().shapes(2, 0)).getMessage());
    assertEquals("tensors: shape [2, -1] has a negative dimension",
        assertThrows(IllegalArgumentException.class,
            () -> TensorArbitraries.tensors().shape(2, -1)).getMessage());
  }

  @Test
  void theAnnotationsDefaultsAreTheArbitrarysDefaults() throws ReflectiveOperationException {
    assertEquals(TensorArbitrary.DEFAULT_MAX_RANK, defaultOf("maxRank"));
    assertEquals(TensorArbitrary.DEFAULT_MAX_DIM, defaultOf("maxDim"));
    assertEquals(TensorArbitrary.DEFAULT_MIN, defaultOf("min"));
    assertEquals(TensorArbitrary.DEFAULT_MAX, defaultOf("max"));
    assertEquals(TensorArbitrary.DEFAULT_MARGIN, defaultOf("margin"));
    assertEquals(DType.FLOAT64, defaultOf("dtype"));
    assertEquals(0, ((double[]) defaultOf("avoid")).length);
    assertEquals(0, ((int[]) defaultOf("shape")).length);
  }

  @Example
  void everyValueCallGivesAFreshTensor() {
    Shrinkable<Tensor> s = TensorArbitraries.tensors().shape(3).generator(100)
        .next(new Random(1));
    Tensor a = s.value();
    Tensor b = s.value();
    assertNotSame(a, b);
    a.set(Tensor.of(new double[] {9, 9, 9}));
    assertTrue(Arrays.stream(b.toDoubleArray()).allMatch(x -> x != 9));
    assertTrue(Arrays.equals(s.value().toDoubleArray(), b.toDoubleArray()));
  }

  private static Object defaultOf(String element) throws ReflectiveOperationException {
    return TensorSpec.class.getMethod(element).getDefaultValue();
  }

  private static Interval interval(String lo, String hi) {
    int scale = 11;
    return new Interval(new BigDecimal(lo).setScale(scale), new BigDecimal(hi).setScale(scale));
  }
}
