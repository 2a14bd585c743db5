package dev.jgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MatMul#gemm} (both the dense overwrite form and the leading-dimension + accumulate form,
 * float64 and float32) against a naive float64 reference over a grid of shapes chosen to hit
 * every kernel regime: GEMV ({@code n == 1} or {@code m == 1}), small n/m, sizes either side of
 * register tiles and vector widths, long K (split-K candidates), and the shapes of the course's
 * training step. Written against the public kernel contract only, so it judges any rewrite:
 * <ul>
 *   <li>{@code C[i, j] (+)= Σ_p op(A)[i, p]·op(B)[p, j]} within a rounding bound;</li>
 *   <li>elements of {@code c} outside the {@code n x m} window are never written;</li>
 *   <li>padding of {@code a}, {@code b} (before the offset, between rows, after the end) is
 *       NaN and must never reach a result;</li>
 *   <li>{@code accumulate = false} ignores C's contents (NaN in C must vanish: BLAS beta = 0);
 *       {@code accumulate = true} adds to them; {@code k == 0} gives 0 or leaves C as it was;</li>
 *   <li>results do not depend on the thread count (bit for bit).</li>
 * </ul>
 * Runs both with the Vector API and without (the core pom's {@code without-vector-api}
 * execution).
 *
 * <p>Tolerance. A sum of k rounded products computed in any order has error at most about
 * {@code k·u·Σ_p |a_ip·b_pj|} (u the unit roundoff), but that worst case needs every rounding
 * error to have the same sign; with these random-sign inputs, and with the blocked / lane-split
 * sums real kernels use, the errors largely cancel (a random walk) and stay within a few
 * {@code u·Σ|terms|}. So the check is
 * {@code |got - ref| <= tol·(|c0| + Σ_p |a_ip·b_pj|) + tiny}, with tol = 1e-12 for float64
 * (u = 1.1e-16: ~10⁴ u of headroom) and tol = 1e-5 for float32 (u = 6e-8: ~170 u). Even a
 * plain sequential sum passes for the longest k here (12288: random-walk error ~sqrt(k)·u, about
 * 7e-6 in float32 at worst), while a wrong index, a dropped or doubled term, or a sum in lower
 * precision fails by orders of magnitude. Inputs are floats (exactly representable in both
 * precisions, their products exact in float64), so one float64 reference serves both dtypes.
 */
class MatMulShapesTest {

  static final double TOL_D = 1e-12;
  static final double TOL_F = 1e-5;
  /** Absolute slack for results that are exactly 0 (k == 0). */
  static final double TINY = 1e-300;
  /** What the elements of c outside the window hold; must survive every call bit for bit. */
  static final double C_SENTINEL = -12345.625;

  static final int[] NM = {1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 33, 64, 65, 100};
  static final int[] KS = {0, 1, 2, 7, 16, 33, 257, 300};

  // ---------------------------------------------------------------------------------------
  // Problems and layouts

  /** op(A) [n, k] and op(B) [k, m] as dense row-major float64 matrices, plus the reference. */
  static final class Problem {
    final int n;
    final int k;
    final int m;
    final boolean ta;
    final boolean tb;
    /** op(A), row-major [n, k]. */
    final double[] opA;
    /** op(B) transposed, row-major [m, k], so the reference reads both contiguously. */
    final double[] opBt;
    /** Σ_p op(A)[i, p]·op(B)[p, j] and Σ_p |op(A)[i, p]·op(B)[p, j]|, row-major [n, m]. */
    final double[] ref;
    final double[] absRef;

    Problem(int n, int k, int m, boolean ta, boolean tb, long seed) {
      this.n = n;
      this.k = k;
      this.m = m;
      this.ta = ta;
      this.tb = tb;
      SplittableRandom r = new SplittableRandom(seed);
      opA = randomFloats(r, n * k);
      opBt = randomFloats(r, m * k);
      ref = new double[n * m];
      absRef = new double[n * m];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          double s = 0;
          double sa = 0;
          int ai = i * k;
          int bj = j * k;
          for (int p = 0; p < k; p++) {
            double t = opA[ai + p] * opBt[bj + p];  // exact: a product of two floats
            s += t;
            sa += Math.abs(t);
          }
          ref[i * m + j] = s;
          absRef[i * m + j] = sa;
        }
      }
    }

    @Override
    public String toString() {
      return "[" + n + "," + k + "]x[" + k + "," + m + "] ta=" + ta + " tb=" + tb;
    }
  }

  static double[] randomFloats(SplittableRandom r, int len) {
    double[] v = new double[len];
    for (int i = 0; i < len; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    return v;
  }

  /**
   * Where the operands live: offsets and the extra row stride beyond the dense one ({@code 0}:
   * lda/ldb/ldc equal to the dense stride).
   */
  enum Layout {
    /** Old API: dense, offsets 0 for A/B, C at offset 1, C window pre-filled with NaN. */
    DENSE_OLD_API(0, 0, 1, 0, false, true),
    /** Leading-dimension API, tight strides but nonzero offsets, accumulate into random C. */
    TIGHT_ACCUMULATE(3, 0, 2, 0, true, false),
    /** Padded strides and offsets, overwrite a C window full of NaN. */
    PADDED_OVERWRITE(5, 3, 7, 2, false, true),
    /** Padded strides and offsets, accumulate into random C. */
    PADDED_ACCUMULATE(2, 1, 4, 5, true, false);

    final int off;
    final int pad;
    final int cOff;
    final int cPad;
    final boolean accumulate;
    final boolean nanInC;

    Layout(int off, int pad, int cOff, int cPad, boolean accumulate, boolean nanInC) {
      this.off = off;
      this.pad = pad;
      this.cOff = cOff;
      this.cPad = cPad;
      this.accumulate = accumulate;
      this.nanInC = nanInC;
    }
  }

  /** Stored operands and output for one problem in one layout (float64 values). */
  static final class Stored {
    final Problem pr;
    final Layout lay;
    final int ao;
    final int lda;
    final int bo;
    final int ldb;
    final int co;
    final int ldc;
    final double[] a;
    final double[] b;
    /** c before the call. */
    final double[] c0;

    Stored(Problem pr, Layout lay, SplittableRandom r) {
      this.pr = pr;
      this.lay = lay;
      int n = pr.n;
      int k = pr.k;
      int m = pr.m;
      // A stored [n, k], or [k, n] when transposed; rows of lda >= row length.
      int aRows = pr.ta ? k : n;
      lda = (pr.ta ? n : k) + lay.pad;
      ao = lay.off;
      a = new double[ao + aRows * lda + 3];
      Arrays.fill(a, Double.NaN);
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < k; p++) {
          a[pr.ta ? ao + p * lda + i : ao + i * lda + p] = pr.opA[i * k + p];
        }
      }
      int bRows = pr.tb ? m : k;
      ldb = (pr.tb ? k : m) + lay.pad + (lay.pad > 0 ? 1 : 0);  // differs from lda's padding
      bo = lay.off + 1;
      b = new double[bo + bRows * ldb + 2];
      Arrays.fill(b, Double.NaN);
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < m; j++) {
          b[pr.tb ? bo + j * ldb + p : bo + p * ldb + j] = pr.opBt[j * k + p];
        }
      }
      ldc = m + lay.cPad;
      co = lay.cOff;
      c0 = new double[co + n * ldc + 3];
      Arrays.fill(c0, C_SENTINEL);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          c0[co + i * ldc + j] = lay.nanInC ? Double.NaN : (float) r.nextDouble(-4, 4);
        }
      }
    }

    double[] runD() {
      double[] c = c0.clone();
      if (lay == Layout.DENSE_OLD_API) {
        MatMul.gemm(a, ao, pr.ta, b, bo, pr.tb, c, co, pr.n, pr.k, pr.m);
      } else {
        MatMul.gemm(a, ao, lda, pr.ta, b, bo, ldb, pr.tb, c, co, ldc, pr.n, pr.k, pr.m,
            lay.accumulate);
      }
      return c;
    }

    float[] runF() {
      float[] af = toFloat(a);
      float[] bf = toFloat(b);
      float[] c = toFloat(c0);
      if (lay == Layout.DENSE_OLD_API) {
        MatMul.gemm(af, ao, pr.ta, bf, bo, pr.tb, c, co, pr.n, pr.k, pr.m);
      } else {
        MatMul.gemm(af, ao, lda, pr.ta, bf, bo, ldb, pr.tb, c, co, ldc, pr.n, pr.k, pr.m,
            lay.accumulate);
      }
      return c;
    }

    /** Null if {@code got} (c after the call, as float64) is right, else what is wrong. */
    String check(double[] got, double tol, String dtype) {
      int n = pr.n;
      int m = pr.m;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          int at = co + i * ldc + j;
          double base = lay.accumulate ? c0[at] : 0;
          double want = base + pr.ref[i * m + j];
          double bound = tol * (Math.abs(base) + pr.absRef[i * m + j]) + TINY;
          if (!(Math.abs(got[at] - want) <= bound)) {  // NaN fails too
            return where(dtype) + ": C[" + i + "," + j + "] = " + got[at] + ", want " + want
                + " ± " + bound;
          }
        }
      }
      for (int x = 0; x < got.length; x++) {
        boolean inWindow = x >= co && x < co + n * ldc && (x - co) % ldc < m;
        if (!inWindow && Double.doubleToRawLongBits(got[x])
            != Double.doubleToRawLongBits(c0[x])) {
          return where(dtype) + ": c[" + x + "] outside the window changed from " + c0[x]
              + " to " + got[x];
        }
      }
      return null;
    }

    String where(String dtype) {
      return dtype + " " + pr + " " + lay + " ao=" + ao + " lda=" + lda + " bo=" + bo + " ldb="
          + ldb + " co=" + co + " ldc=" + ldc;
    }
  }

  static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** Runs the problem in every layout and both dtypes; adds what failed to {@code failures}. */
  static void checkAllLayouts(Problem pr, List<String> failures) {
    SplittableRandom r = new SplittableRandom(pr.n * 1_000_003L + pr.k * 1009L + pr.m);
    for (Layout lay : Layout.values()) {
      Stored s = new Stored(pr, lay, r);
      String d = s.check(s.runD(), TOL_D, "f64");
      if (d != null) {
        failures.add(d);
      }
      String f = s.check(toDouble(s.runF()), TOL_F, "f32");
      if (f != null) {
        failures.add(f);
      }
    }
  }

  static void assertNoFailures(List<String> failures) {
    if (!failures.isEmpty()) {
      fail(failures.size() + " failure(s); first ones:\n  "
          + String.join("\n  ", failures.subList(0, Math.min(10, failures.size()))));
    }
  }

  // ---------------------------------------------------------------------------------------
  // The shape grid

  static Stream<Arguments> transposesAndK() {
    List<Arguments> cases = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      for (int k : KS) {
        cases.add(Arguments.of((v & 2) != 0, (v & 1) != 0, k));
      }
    }
    return cases.stream();
  }

  /**
   * Every n x m in {@link #NM}, for one transpose variant and one k of {@link #KS}, in every
   * {@link Layout}, float64 and float32.
   */
  @ParameterizedTest(name = "ta={0} tb={1} k={2}")
  @MethodSource("transposesAndK")
  void gridOfShapesMatchesTheReference(boolean ta, boolean tb, int k) {
    List<String> failures = new ArrayList<>();
    for (int n : NM) {
      for (int m : NM) {
        checkAllLayouts(new Problem(n, k, m, ta, tb, 31L * n + 17L * m + k), failures);
      }
    }
    assertNoFailures(failures);
  }

  // ---------------------------------------------------------------------------------------
  // The training step's shapes (course: X [12288, 209], W1 [20, 12288], 20 hidden units)

  static Stream<Arguments> trainingShapes() {
    return Stream.of(
        // logistic-regression forward wᵀX: w stored [12288, 1] (ta), or as a row
        Arguments.of(1, 12288, 209, false, false),
        Arguments.of(1, 12288, 209, true, false),
        // its weight gradient X·dZᵀ, dZ stored [1, 209] (tb), or as a column
        Arguments.of(12288, 209, 1, false, false),
        Arguments.of(12288, 209, 1, false, true),
        // hidden-layer forward W1·X
        Arguments.of(20, 12288, 209, false, false),
        // dW1 = dZ1·Xᵀ: B stored [209, 12288] (already transposed) and as X itself (tb)
        Arguments.of(20, 209, 12288, false, false),
        Arguments.of(20, 209, 12288, false, true),
        // dX = W1ᵀ·dZ1: W1 stored [20, 12288] (ta), or W1ᵀ dense
        Arguments.of(12288, 20, 209, true, false),
        Arguments.of(12288, 20, 209, false, false),
        // MNIST-sized linear layer x·Wᵀ with W stored [256, 784]
        Arguments.of(128, 784, 256, false, true),
        // long K, tiny output: the split-K case
        Arguments.of(2, 5000, 3, false, false),
        Arguments.of(2, 5000, 3, true, true),
        Arguments.of(512, 512, 512, false, false),
        Arguments.of(512, 512, 512, true, true),
        // the plain kernel's blocks: a partial last column block in both dtypes (float64 blocks
        // 128 columns, float32 256) and k = 296 + 4, nine full k blocks, a short one, a tail
        Arguments.of(9, 300, 300, false, false),
        Arguments.of(9, 300, 300, true, true),
        Arguments.of(9, 300, 300, false, true));
  }

  /** The training step's shapes in every layout, float64 and float32. */
  @ParameterizedTest(name = "[{0},{1}]x[{1},{2}] ta={3} tb={4}")
  @MethodSource("trainingShapes")
  void trainingShapesMatchTheReference(int n, int k, int m, boolean ta, boolean tb) {
    List<String> failures = new ArrayList<>();
    checkAllLayouts(new Problem(n, k, m, ta, tb, n + 7L * k + 13L * m), failures);
    assertNoFailures(failures);
  }

  // ---------------------------------------------------------------------------------------
  // Contract edge cases with exact values

  /** A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0], [0, 1], [1, 1]]: A·B = [[4, 5], [10, 11]]. */
  static final double[] SMALL_A = {1, 2, 3, 4, 5, 6};
  static final double[] SMALL_B = {1, 0, 0, 1, 1, 1};
  static final double[] SMALL_AB = {4, 5, 10, 11};

  @Test
  void accumulateAddsToExistingCAndOverwriteIgnoresNaNAndInfinityInC() {
    for (boolean accumulate : new boolean[] {false, true}) {
      // C [2, 2] at offset 1 with ldc 3; the start holds 100, 200, ..., window [NaN, inf] rows
      // for overwrite, [10, 20], [30, 40] for accumulate.
      double[] c = {-1, 0, 0, -2, 0, 0, -3, -4};
      double[] start = accumulate ? new double[] {10, 20, 30, 40}
          : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NaN,
              Double.NEGATIVE_INFINITY};
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          c[1 + i * 3 + j] = start[i * 2 + j];
        }
      }
      double[] cf64 = c.clone();
      MatMul.gemm(SMALL_A, 0, 3, false, SMALL_B, 0, 2, false, cf64, 1, 3, 2, 3, 2, accumulate);
      float[] cf32 = toFloat(c);
      MatMul.gemm(toFloat(SMALL_A), 0, 3, false, toFloat(SMALL_B), 0, 2, false, cf32, 1, 3, 2, 3,
          2, accumulate);
      double[] want = c.clone();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          want[1 + i * 3 + j] = SMALL_AB[i * 2 + j] + (accumulate ? start[i * 2 + j] : 0);
        }
      }
      assertArrayEquals(want, cf64, "f64 accumulate=" + accumulate);
      assertArrayEquals(toFloat(want), cf32, "f32 accumulate=" + accumulate);
    }
  }

  @Test
  void oldApiOverwritesNaNInC() {
    double[] c = {7, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 8};
    MatMul.gemm(SMALL_A, 0, false, SMALL_B, 0, false, c, 1, 2, 3, 2);
    assertArrayEquals(new double[] {7, 4, 5, 10, 11, 8}, c);
    float[] cf = toFloat(new double[] {7, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 8});
    MatMul.gemm(toFloat(SMALL_A), 0, false, toFloat(SMALL_B), 0, false, cf, 1, 2, 3, 2);
    assertArrayEquals(new float[] {7, 4, 5, 10, 11, 8}, cf);
  }

  /** k == 0: the empty sum. Overwrite writes 0 (even over NaN); accumulate leaves C alone. */
  @Test
  void kZeroGivesZeroOrLeavesCUnchanged() {
    int n = 3;
    int m = 4;
    int ldc = 6;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        // Operands with no elements, in arrays full of NaN that must not be read.
        double[] a = new double[9];
        double[] b = new double[9];
        Arrays.fill(a, Double.NaN);
        Arrays.fill(b, Double.NaN);
        int lda = ta ? n + 1 : 2;
        int ldb = tb ? 2 : m + 1;
        double[] c = new double[2 + n * ldc];
        for (int x = 0; x < c.length; x++) {
          c[x] = x % 3 == 0 ? Double.NaN : x;
        }
        double[] acc = c.clone();
        MatMul.gemm(a, 1, lda, ta, b, 1, ldb, tb, acc, 2, ldc, n, 0, m, true);
        assertArrayEquals(c, acc, "accumulate ta=" + ta + " tb=" + tb);
        float[] accF = toFloat(c);
        MatMul.gemm(toFloat(a), 1, lda, ta, toFloat(b), 1, ldb, tb, accF, 2, ldc, n, 0, m, true);
        assertArrayEquals(toFloat(c), accF, "f32 accumulate ta=" + ta + " tb=" + tb);

        double[] want = c.clone();
        for (int i = 0; i < n; i++) {
          Arrays.fill(want, 2 + i * ldc, 2 + i * ldc + m, 0.0);
        }
        double[] over = c.clone();
        MatMul.gemm(a, 1, lda, ta, b, 1, ldb, tb, over, 2, ldc, n, 0, m, false);
        assertArrayEquals(want, over, "overwrite ta=" + ta + " tb=" + tb);
        float[] overF = toFloat(c);
        MatMul.gemm(toFloat(a), 1, lda, ta, toFloat(b), 1, ldb, tb, overF, 2, ldc, n, 0, m,
            false);
        assertArrayEquals(toFloat(want), overF, "f32 overwrite ta=" + ta + " tb=" + tb);
      }
    }
  }

  /** n == 0 or m == 0: nothing to write, and nothing outside the (empty) window changes. */
  @Test
  void emptyOutputWritesNothing() {
    double[] a = {Double.NaN, 1, 2, 3, 4, 5, 6};
    double[] b = {Double.NaN, 1, 2, 3, 4, 5, 6};
    for (int[] nm : new int[][] {{0, 3}, {3, 0}, {0, 0}}) {
      for (boolean accumulate : new boolean[] {false, true}) {
        double[] c = {1, 2, 3, 4};
        MatMul.gemm(a, 1, 2, false, b, 1, 3, false, c, 1, 3, nm[0], 2, nm[1], accumulate);
        assertArrayEquals(new double[] {1, 2, 3, 4}, c, Arrays.toString(nm));
        float[] cf = {1, 2, 3, 4};
        MatMul.gemm(toFloat(a), 1, 2, false, toFloat(b), 1, 3, false, cf, 1, 3, nm[0], 2, nm[1],
            accumulate);
        assertArrayEquals(new float[] {1, 2, 3, 4}, cf, Arrays.toString(nm));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Thread-count independence

  static Stream<Arguments> parallelShapes() {
    return Stream.of(
        Arguments.of(512, 512, 512, false, false),
        Arguments.of(20, 12288, 209, false, false),
        Arguments.of(1, 12288, 209, false, false),
        Arguments.of(2, 5000, 3, false, false),
        Arguments.of(12288, 209, 1, false, true),
        Arguments.of(20, 209, 12288, false, false),
        Arguments.of(20, 209, 12288, false, true),
        Arguments.of(12288, 20, 209, true, false));
  }

  /**
   * Shapes large enough that kernels split them across threads give bit-identical results with
   * 1, 2 and 3 threads (3 splits unevenly on a 2-core machine too): a split that changes the
   * order of a sum (split-K reduced in thread order, a partition that depends on the count)
   * would make training runs irreproducible. Both APIs; the leading-dimension one accumulating.
   */
  @ParameterizedTest(name = "[{0},{1}]x[{1},{2}] ta={3} tb={4}")
  @MethodSource("parallelShapes")
  void resultsDoNotDependOnTheThreadCount(int n, int k, int m, boolean ta, boolean tb) {
    Problem pr = new Problem(n, k, m, ta, tb, 99);
    SplittableRandom r = new SplittableRandom(4);
    Stored dense = new Stored(pr, Layout.DENSE_OLD_API, r);
    Stored padded = new Stored(pr, Layout.PADDED_ACCUMULATE, r);
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      double[] denseD = dense.runD();
      float[] denseF = dense.runF();
      double[] paddedD = padded.runD();
      float[] paddedF = padded.runF();
      // Sanity: the single-thread result is right, so equality below is not vacuous.
      assertNull(dense.check(denseD, TOL_D, "f64"));
      assertNull(padded.check(toDouble(paddedF), TOL_F, "f32"));
      for (int t = 2; t <= 3; t++) {
        Parallel.setThreads(t);
        assertArrayEquals(denseD, dense.runD(), "f64 dense, threads=" + t);
        assertArrayEquals(denseF, dense.runF(), "f32 dense, threads=" + t);
        assertArrayEquals(paddedD, padded.runD(), "f64 padded accumulate, threads=" + t);
        assertArrayEquals(paddedF, padded.runF(), "f32 padded accumulate, threads=" + t);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Layout independence

  static Stream<Arguments> layoutShapes() {
    return Stream.of(
        Arguments.of(1, 1, 1), Arguments.of(1, 300, 1), Arguments.of(1, 12288, 209),
        Arguments.of(12288, 209, 1), Arguments.of(5, 33, 1), Arguments.of(1, 33, 7),
        Arguments.of(20, 12288, 209), Arguments.of(20, 209, 12288), Arguments.of(12288, 20, 209),
        Arguments.of(2, 5000, 3), Arguments.of(17, 33, 65), Arguments.of(3, 7, 5),
        Arguments.of(128, 784, 256), Arguments.of(100, 257, 9),
        Arguments.of(1, 70, 600), Arguments.of(600, 70, 1));
  }

  /**
   * The same op(A), op(B) values stored plainly or transposed (which sends the kernel choice
   * down other packing and GEMV paths) give bit-identical products: the sum's order depends
   * on the shape only, so a tensor and its transposed view multiply alike.
   */
  @ParameterizedTest(name = "[{0},{1}]x[{1},{2}]")
  @MethodSource("layoutShapes")
  void resultsDoNotDependOnTheOperandLayout(int n, int k, int m) {
    SplittableRandom r = new SplittableRandom(5);
    double[] d0 = null;
    float[] f0 = null;
    for (int t = 0; t < 4; t++) {
      Problem pr = new Problem(n, k, m, (t & 1) != 0, (t & 2) != 0, 7);
      Stored st = new Stored(pr, Layout.DENSE_OLD_API, r);
      double[] d = st.runD();
      float[] f = st.runF();
      if (t == 0) {
        assertNull(st.check(d, TOL_D, "f64"));
        d0 = d;
        f0 = f;
      } else {
        assertArrayEquals(d0, d, "f64 " + pr);
        assertArrayEquals(f0, f, "f32 " + pr);
      }
    }
  }
}
