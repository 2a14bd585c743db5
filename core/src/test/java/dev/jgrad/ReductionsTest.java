package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The reductions vocabulary against closed forms and hand-computed values: products and
 * cumulative products with zeros (values, gradients and Hessians), variance and standard
 * deviation corrections, norms at the zero vector, logcumsumexp at ±1000, and the index
 * semantics of sort, topk, median and max/min with index; plus their error messages.
 */
class ReductionsTest {
  private static final double TOL = 1e-12;

  private static Tensor vec(double... v) {
    return Tensor.of(v);
  }

  /** The gradient of f at x (a fresh leaf). */
  private static double[] grad(Function<Tensor, Tensor> f, double... x) {
    Tensor t = Tensor.of(x).requiresGrad(true);
    return Autograd.grad(f.apply(t), t)[0].toDoubleArray();
  }

  /** The Hessian of f at x, row-major. */
  private static double[] hessian(Function<Tensor, Tensor> f, double... x) {
    return Functional.hessian(f, Tensor.of(x)).toDoubleArray();
  }

  private static void gradcheck(Function<Tensor, Tensor> f, double... x) {
    GradCheck.create().secondOrder(true).forwardMode(true).check(in -> f.apply(in[0]),
        Tensor.of(x));
  }

  private static String message(Executable body) {
    return assertThrows(IllegalArgumentException.class, body).getMessage();
  }

  // ---------------------------------------------------------------- prod

  @Test
  void prodWithoutZerosHasTheProductOfTheOthersAsGradient() {
    assertEquals(24.0, vec(2, 3, 4).prod().item(), 0.0);
    assertArrayEquals(new double[] {12, 8, 6}, grad(Tensor::prod, 2, 3, 4), TOL);
    // H_ij = x_k for the third index k, 0 on the diagonal
    assertArrayEquals(new double[] {0, 4, 3, 4, 0, 2, 3, 2, 0}, hessian(Tensor::prod, 2, 3, 4),
        TOL);
  }

  @Test
  void prodAtOneZeroPassesTheProductOfTheOthersToTheZero() {
    assertEquals(0.0, vec(2, 0, 4).prod().item(), 0.0);
    assertArrayEquals(new double[] {0, 8, 0}, grad(Tensor::prod, 2, 0, 4), TOL);
    assertArrayEquals(new double[] {0, 4, 0, 4, 0, 2, 0, 2, 0}, hessian(Tensor::prod, 2, 0, 4),
        TOL);
    gradcheck(Tensor::prod, 2, 0, 4);
  }

  @Test
  void prodAtTwoZerosHasZeroGradientButNotZeroHessian() {
    assertArrayEquals(new double[] {0, 0, 0}, grad(Tensor::prod, 0, 3, 0), 0.0);
    // d²(x0·x1·x2)/dx0 dx2 = x1 = 3: a rule that returned "0 when two zeros" would lose it
    assertArrayEquals(new double[] {0, 0, 3, 0, 0, 0, 3, 0, 0}, hessian(Tensor::prod, 0, 3, 0),
        TOL);
    gradcheck(Tensor::prod, 0, 3, 0);
    gradcheck(Tensor::prod, 0, 0, 0);
  }

  @Test
  void prodOverAxesWithZeros() {
    Tensor x = Tensor.of(new double[][] {{1, 0}, {2, 3}}).requiresGrad(true);
    Tensor cols = x.prod(new int[] {0}, false);
    assertArrayEquals(new double[] {2, 0}, cols.toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {2, 3, 1, 0},
        Autograd.grad(cols.sum(), x)[0].toDoubleArray(), TOL);
    Tensor all = x.prod(new int[] {-1, 0}, true);
    assertArrayEquals(new int[] {1, 1}, all.shape().dims());
    assertArrayEquals(new double[] {0, 6, 0, 0}, Autograd.grad(all.sum(), x)[0].toDoubleArray(),
        TOL);
    GradCheck.create().secondOrder(true).forwardMode(true)
        .check(in -> in[0].prod(new int[] {0, 2}, false), Tensor.of(
            new double[] {1, 0, 2, 3, 0, 5, 1.5, 2, -1, 0.5, 4, 0}, 2, 3, 2));
  }

  @Test
  void prodOfIntegersIsInt64AndTheEmptyProductIsOne() {
    Tensor p = Tensor.of(new int[] {2, -3, 4}).prod();
    assertEquals(DType.INT64, p.dtype());
    assertEquals(-24L, p.longItem());
    assertEquals(0L, Tensor.of(new boolean[] {true, false}).prod().longItem());
    assertEquals(1.0, Tensor.zeros(DType.FLOAT64, 0).prod().item(), 0.0);
    assertArrayEquals(new double[] {1, 1}, Tensor.zeros(DType.FLOAT32, 0, 2)
        .prod(new int[] {0}, false).toDoubleArray(), 0.0);
  }

  // ---------------------------------------------------------------- var and std

  @Test
  void varianceCorrections() {
    Tensor x = vec(1, 2, 3, 4); // mean 2.5, Σ(x - mean)² = 5
    assertEquals(5.0 / 3, x.var().item(), TOL);
    assertEquals(1.25, x.var(new int[0], 0, false).item(), TOL);
    assertEquals(2.5, x.var(new int[0], 2, false).item(), TOL);
    assertEquals(Math.sqrt(5.0 / 3), x.std().item(), TOL);
    assertEquals(Math.sqrt(1.25), x.std(new int[0], 0, false).item(), TOL);
    Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 5}});
    assertArrayEquals(new double[] {0.5, 2}, m.var(new int[] {1}, 1, false).toDoubleArray(), TOL);
    assertArrayEquals(new double[] {2, 4.5}, m.var(new int[] {-2}, 1, true).toDoubleArray(), TOL);
    assertArrayEquals(new int[] {1, 2}, m.var(new int[] {-2}, 1, true).shape().dims());
    // one element with correction 1: 0 / 0, as PyTorch
    assertTrue(Double.isNaN(vec(7).var().item()));
  }

  @Test
  void varianceAndStdGradients() {
    // d var / dx = 2(x - mean) / (N - correction)
    assertArrayEquals(new double[] {-1, -1.0 / 3, 1.0 / 3, 1}, grad(Tensor::var, 1, 2, 3, 4),
        TOL);
    double s = Math.sqrt(5.0 / 3);
    assertArrayEquals(new double[] {-1.5 / (3 * s), -0.5 / (3 * s), 0.5 / (3 * s),
        1.5 / (3 * s)}, grad(Tensor::std, 1, 2, 3, 4), TOL);
    gradcheck(x -> x.var(new int[0], 0, false), 0.5, -1, 2);
    gradcheck(Tensor::std, 0.5, -1, 2);
  }

  @Test
  void stdOfEqualElementsHasZeroGradientAsPyTorch() {
    assertEquals(0.0, vec(2, 2, 2).std().item(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0}, grad(Tensor::std, 2, 2, 2), 0.0);
    for (double h : hessian(Tensor::std, 2, 2, 2)) {
      assertTrue(Double.isFinite(h), "second order stays finite");
    }
  }

  // ---------------------------------------------------------------- norm

  @Test
  void normsOfThreeFour() {
    assertEquals(5.0, vec(3, -4).norm().item(), TOL);
    assertArrayEquals(new double[] {0.6, -0.8}, grad(Tensor::norm, 3, -4), TOL);
    assertEquals(7.0, vec(3, -4).norm(1).item(), TOL);
    assertArrayEquals(new double[] {1, -1}, grad(x -> x.norm(1), 3, -4), TOL);
    assertEquals(4.0, vec(3, -4).norm(Double.POSITIVE_INFINITY).item(), TOL);
    assertArrayEquals(new double[] {0, -1}, grad(x -> x.norm(Double.POSITIVE_INFINITY), 3, -4),
        TOL);
    double n3 = Math.cbrt(91);
    assertEquals(n3, vec(3, -4).norm(3).item(), TOL);
    // d‖x‖₃/dx = sign(x)·x² / ‖x‖₃²
    assertArrayEquals(new double[] {9 / (n3 * n3), -16 / (n3 * n3)}, grad(x -> x.norm(3), 3, -4),
        TOL);
    gradcheck(x -> x.norm(3), 3, -4, 0.5);
    gradcheck(x -> x.norm(0.5), 3, -4, 0.5);
    gradcheck(Tensor::norm, 3, -4, 0);
  }

  @Test
  void theNormOfTheZeroVectorHasZeroGradientNotNaN() {
    for (double p : new double[] {1, 2, 3, 1.5, 0.5, Double.POSITIVE_INFINITY}) {
      assertEquals(0.0, vec(0, 0, 0).norm(p).item(), 0.0, "p = " + p);
      assertArrayEquals(new double[] {0, 0, 0}, grad(x -> x.norm(p), 0, 0, 0), 0.0, "p = " + p);
    }
    // second order stays finite: the Hessian of the 2-norm at 0 is taken as 0
    assertArrayEquals(new double[4], hessian(Tensor::norm, 0, 0), 0.0);
    // a zero row among others
    Tensor m = Tensor.of(new double[][] {{0, 0}, {3, 4}}).requiresGrad(true);
    Tensor rows = m.norm(2, new int[] {1}, false);
    assertArrayEquals(new double[] {0, 5}, rows.toDoubleArray(), TOL);
    assertArrayEquals(new double[] {0, 0, 0.6, 0.8}, Autograd.grad(rows.sum(), m)[0]
        .toDoubleArray(), TOL);
  }

  @Test
  void frobeniusNormOverTwoAxesAndNoOverflowOrUnderflow() {
    Tensor m = Tensor.of(new double[][] {{1, 2}, {2, 4}});
    assertEquals(5.0, m.norm(2, new int[] {0, 1}, false).item(), TOL);
    assertEquals(5.0, m.norm().item(), TOL);
    // float32 squares of these would underflow to 0 and overflow to Inf
    assertEquals(5e-30f, Tensor.of(new float[] {3e-30f, 4e-30f}).norm().item(), 1e-36);
    assertEquals(5e30f, Tensor.of(new float[] {3e30f, 4e30f}).norm().item(), 1e24);
    assertEquals(Math.pow(2 * Math.pow(1e30, 3), 1.0 / 3),
        Tensor.of(new float[] {1e30f, -1e30f}).norm(3).item(), 1e25);
    assertEquals(Double.POSITIVE_INFINITY, vec(1, Double.POSITIVE_INFINITY).norm().item());
    assertTrue(Double.isNaN(vec(1, Double.NaN).norm().item()));
  }

  // ---------------------------------------------------------------- scans

  @Test
  void cumsumAndIntegerScans() {
    assertArrayEquals(new double[] {1, 3, 6}, vec(1, 2, 3).cumsum(0).toDoubleArray(), 0.0);
    Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    assertArrayEquals(new double[] {1, 2, 4, 6}, m.cumsum(0).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {1, 3, 3, 7}, m.cumsum(-1).toDoubleArray(), 0.0);
    Tensor c = Tensor.of(new int[] {5, -2, 7}).cumsum(0);
    assertEquals(DType.INT64, c.dtype());
    assertArrayEquals(new long[] {5, 3, 10}, c.toLongArray());
    assertArrayEquals(new long[] {1, 1, 2},
        Tensor.of(new boolean[] {true, false, true}).cumsum(0).toLongArray());
    assertArrayEquals(new long[] {2, -6, -24},
        Tensor.of(new long[] {2, -3, 4}).cumprod(0).toLongArray());
    // gradient of Σ cumsum: element i appears in n - i prefixes
    assertArrayEquals(new double[] {3, 2, 1}, grad(x -> x.cumsum(0).sum(), 1, 2, 3), 0.0);
    assertEquals(2.5, Tensor.scalar(2.5).cumsum(-1).item(), 0.0);
    assertEquals(0, Tensor.scalar(2.5).cumsum(0).rank());
  }

  @Test
  void cumprodWithZeros() {
    assertArrayEquals(new double[] {2, 0, 0, 0}, vec(2, 0, 3, 4).cumprod(0).toDoubleArray(), 0.0);
    // d Σ cumprod / dx_k = Σ_{i >= k} Π_{j <= i, j != k} x_j
    assertArrayEquals(new double[] {1, 2 + 6 + 24, 0, 0},
        grad(x -> x.cumprod(0).sum(), 2, 0, 3, 4), TOL);
    assertArrayEquals(new double[] {1, 2 + 6, 0, 0}, grad(x -> x.cumprod(0).sum(), 2, 0, 3, 0),
        TOL);
    assertArrayEquals(new double[] {1 + 1 + 3 + 12, 0, 0, 0},
        grad(x -> x.cumprod(0).sum(), 0, 1, 3, 4), TOL);
    gradcheck(x -> x.cumprod(0), 2, 0, 3, 4);
    gradcheck(x -> x.cumprod(0), 0, 2, 0, 3);
    gradcheck(x -> x.cumprod(0), 0, 0, 0);
  }

  @Test
  void logcumsumexpIsExactAtPlusMinusAThousand() {
    double ln2 = Math.log(2);
    assertArrayEquals(new double[] {1000, 1000, 1000 + ln2, 1000 + ln2},
        vec(1000, -1000, 1000, 0).logcumsumexp(0).toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {-1000, 1000}, vec(-1000, 1000).logcumsumexp(0)
        .toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {-1000, -1000 + ln2}, vec(-1000, -1000).logcumsumexp(0)
        .toDoubleArray(), 1e-12);
    assertArrayEquals(new float[] {-1000f, 1000f, 1000f + (float) ln2},
        Tensor.of(new float[] {-1000f, 1000f, 1000f}).logcumsumexp(0).toFloatArray(), 1e-4f);
    // d Σ y / dx_j = Σ_{i >= j} exp(x_j - y_i): [1 + 0, 1]
    assertArrayEquals(new double[] {1, 1}, grad(x -> x.logcumsumexp(0).sum(), -1000, 1000),
        1e-12);
    assertArrayEquals(new double[] {1.5, 0.5}, grad(x -> x.logcumsumexp(0).sum(), 1000, 1000),
        1e-12);
    gradcheck(x -> x.logcumsumexp(0), 1000, -1000, 999.5, 0);
    // -Inf prefixes: -Inf, then the first finite element exactly
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 3, 3 + ln2},
        vec(Double.NEGATIVE_INFINITY, 3, 3).logcumsumexp(0).toDoubleArray(), 1e-12);
    // a -Inf after finite values adds nothing and gets a zero gradient
    double inf = Double.POSITIVE_INFINITY;
    assertArrayEquals(new double[] {1, 1, Math.log(Math.E + Math.exp(2))},
        vec(1, -inf, 2).logcumsumexp(0).toDoubleArray(), 1e-12);
    double e = 1 / (1 + Math.E); // exp(1 - y2)
    assertArrayEquals(new double[] {2 + e, 0, 1 - e}, grad(x -> x.logcumsumexp(0).sum(), 1, -inf,
        2), 1e-12);
    assertArrayEquals(new double[] {1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
        vec(1, Double.POSITIVE_INFINITY, 2).logcumsumexp(0).toDoubleArray(), 0.0);
  }

  // ---------------------------------------------------------------- sort, topk, median, extremes

  @Test
  void sortIsStableInBothDirections() {
    ValuesAndIndices up = vec(3, 1, 2, 1).sort(0, false);
    assertArrayEquals(new double[] {1, 1, 2, 3}, up.values().toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {1, 3, 2, 0}, up.indices().toLongArray());
    assertEquals(DType.INT64, up.indices().dtype());
    ValuesAndIndices down = vec(3, 1, 2, 1).sort(0, true);
    assertArrayEquals(new double[] {3, 2, 1, 1}, down.values().toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {0, 2, 1, 3}, down.indices().toLongArray());
    // NaN is largest: last ascending, first descending; ties among NaN stay in order
    double nan = Double.NaN;
    assertArrayEquals(new long[] {3, 1, 0, 2}, vec(nan, 1, nan, 0).argsort(0, false)
        .toLongArray());
    assertArrayEquals(new long[] {0, 2, 1, 3}, vec(nan, 1, nan, 0).argsort(0, true)
        .toLongArray());
    // rows of a matrix, a long line (merge sort beyond the insertion-sort runs), integers
    Tensor m = Tensor.of(new double[][] {{2, 1, 3}, {0, 5, 4}});
    assertArrayEquals(new long[] {1, 0, 2, 0, 2, 1}, m.argsort(1, false).toLongArray());
    assertArrayEquals(new long[] {1, 0, 0, 0, 1, 1}, m.argsort(0, false).toLongArray());
    double[] big = new double[100];
    for (int i = 0; i < big.length; i++) big[i] = (i * 37) % 10;
    long[] order = vec(big).argsort(0, false).toLongArray();
    for (int k = 1; k < order.length; k++) {
      double a = big[(int) order[k - 1]];
      double b = big[(int) order[k]];
      assertTrue(a < b || (a == b && order[k - 1] < order[k]), "stable at " + k);
    }
    long[] largestFirst = vec(big).argsort(0, true).toLongArray();
    for (int k = 1; k < largestFirst.length; k++) {
      double a = big[(int) largestFirst[k - 1]];
      double b = big[(int) largestFirst[k]];
      assertTrue(a > b || (a == b && largestFirst[k - 1] < largestFirst[k]),
          "stable descending at " + k);
    }
    ValuesAndIndices ints = Tensor.of(new int[] {3, 1, 2}).sort(0, false);
    assertEquals(DType.INT32, ints.values().dtype());
    assertArrayEquals(new int[] {1, 2, 3}, ints.values().toIntArray());
  }

  @Test
  void sortedValuesPassTheirGradientToWhereTheyCameFrom() {
    Tensor x = vec(3, 1, 2).requiresGrad(true);
    ValuesAndIndices s = x.sort(0, false);
    Tensor g = Autograd.grad(s.values().mul(vec(10, 20, 30)).sum(), x)[0];
    assertArrayEquals(new double[] {30, 10, 20}, g.toDoubleArray(), 0.0);
    assertFalse(s.indices().requiresGrad());
    gradcheck(t -> t.sort(0, true).values(), 0.3, -1.2, 2.5, 0.9);
  }

  @Test
  void topkLargestAndSmallest() {
    ValuesAndIndices top = vec(1, 3, 3, 2).topk(2, 0, true);
    assertArrayEquals(new double[] {3, 3}, top.values().toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {1, 2}, top.indices().toLongArray());
    ValuesAndIndices low = vec(1, 3, 3, 2).topk(2, 0, false);
    assertArrayEquals(new double[] {1, 2}, low.values().toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {0, 3}, low.indices().toLongArray());
    assertArrayEquals(new int[] {0}, vec(1, 2).topk(0, 0, true).values().shape().dims());
    Tensor m = Tensor.of(new double[][] {{5, 1, 4}, {2, 6, 3}});
    assertArrayEquals(new long[] {0, 2, 1, 2}, m.topk(2, -1, true).indices().toLongArray());
    assertArrayEquals(new int[] {2, 2}, m.topk(2, -1, true).values().shape().dims());
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0},
        grad(t -> t.reshape(2, 3).topk(1, 1, true).values().sum(), 5, 1, 4, 2, 6, 3), 0.0);
  }

  @Test
  void lowerMedianAndItsIndex() {
    assertEquals(2.0, vec(3, 1, 4, 2).median().item(), 0.0); // sorted 1 2 3 4: the lower middle
    assertEquals(3.0, vec(3, 1, 4, 2, 5).median().item(), 0.0);
    ValuesAndIndices m = vec(3, 1, 4, 2).median(0, false);
    assertEquals(3L, m.indices().longItem());
    assertEquals(0, m.indices().rank());
    assertArrayEquals(new double[] {0, 0, 0, 1}, grad(Tensor::median, 3, 1, 4, 2), 0.0);
    Tensor rows = Tensor.of(new double[][] {{9, 7, 8}, {1, 3, 2}});
    ValuesAndIndices r = rows.median(1, true);
    assertArrayEquals(new double[] {8, 2}, r.values().toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {2, 2}, r.indices().toLongArray());
    assertArrayEquals(new int[] {2, 1}, r.indices().shape().dims());
    // NaN propagates, with the index of the first NaN
    ValuesAndIndices n = vec(1, Double.NaN, 2, Double.NaN).median(0, false);
    assertTrue(Double.isNaN(n.values().item()));
    assertEquals(1L, n.indices().longItem());
    assertTrue(Double.isNaN(vec(1, Double.NaN, 2).median().item()));
    assertEquals(DType.INT64, Tensor.of(new long[] {4, 2, 9}).median(0, false).values().dtype());
    assertEquals(4L, Tensor.of(new long[] {4, 2, 9}).median(0, false).values().longItem());
  }

  @Test
  void maxAndMinWithIndexSendTheGradientToTheIndexedElement() {
    ValuesAndIndices mx = vec(1, 5, 5).maxWithIndex(0, false);
    assertEquals(5.0, mx.values().item(), 0.0);
    assertEquals(1L, mx.indices().longItem());
    assertArrayEquals(new double[] {0, 1, 0}, grad(x -> x.maxWithIndex(0, false).values(),
        1, 5, 5), 0.0);
    // max over axes splits among ties instead
    assertArrayEquals(new double[] {0, 0.5, 0.5}, grad(x -> x.max(0), 1, 5, 5), 0.0);
    Tensor m = Tensor.of(new double[][] {{1, 7}, {4, 2}});
    ValuesAndIndices rows = m.minWithIndex(1, true);
    assertArrayEquals(new double[] {1, 2}, rows.values().toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {0, 1}, rows.indices().toLongArray());
    assertArrayEquals(new int[] {2, 1}, rows.values().shape().dims());
    ValuesAndIndices cols = m.maxWithIndex(-2, false);
    assertArrayEquals(new double[] {4, 7}, cols.values().toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {1, 0}, cols.indices().toLongArray());
    ValuesAndIndices s = Tensor.scalar(3.0).maxWithIndex(0, true);
    assertEquals(0, s.values().rank());
    assertEquals(0L, s.indices().longItem());
  }

  // ---------------------------------------------------------------- errors

  @Test
  void errorsNameTheOpTheShapeAndTheAxis() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
    assertEquals("topk: k = 4 is out of range for axis 1 of size 3 in shape [2, 3] (need 0 <= "
        + "k <= 3)", message(() -> x.topk(4, 1, true)));
    assertEquals("median: axis 0 has size 0 in shape [0, 3] (a median needs an element)",
        message(() -> Tensor.zeros(DType.FLOAT64, 0, 3).median(0, false)));
    assertEquals("maxWithIndex: axis -1 has size 0 in shape [2, 0] (no extreme)",
        message(() -> Tensor.zeros(DType.FLOAT64, 2, 0).maxWithIndex(-1, false)));
    assertEquals("cumsum: axis 2 is out of range for shape [2, 3] (rank 2)",
        message(() -> x.cumsum(2)));
    assertEquals("cumprod: axis 1 is out of range for a 0-d tensor (use 0 or -1)",
        message(() -> Tensor.scalar(1.0).cumprod(1)));
    assertEquals("sort: axis -3 is out of range for shape [2, 3] (rank 2)",
        message(() -> x.sort(-3, false)));
    assertEquals("norm: p must be > 0 (or infinity), got 0.0", message(() -> x.norm(0)));
    assertEquals("norm: p must be > 0 (or infinity), got NaN", message(() -> x.norm(Double.NaN)));
    assertEquals("norm: needs a floating-point tensor, got int64 (convert with "
        + "to(DType.FLOAT64))", message(() -> Tensor.of(new long[] {3, 4}).norm()));
    assertEquals("norm: the infinity norm over axes [0] of shape [0, 3] has no identity for an "
        + "empty axis", message(() -> Tensor.zeros(DType.FLOAT64, 0, 3)
            .norm(Double.POSITIVE_INFINITY, new int[] {0}, false)));
    assertEquals("var: needs a floating-point tensor, got int32 (convert with "
        + "to(DType.FLOAT64))", message(() -> Tensor.of(new int[] {1, 2}).var()));
    assertEquals("std: correction must be finite and >= 0, got -1.0",
        message(() -> x.std(new int[0], -1, false)));
    assertEquals("prod: axis -2 is repeated in [0, -2] for shape [2, 3]",
        message(() -> x.prod(0, -2)));
  }
}
