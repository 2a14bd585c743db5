package dev.jgrad.kernels;

/**
 * Dense matrix multiply {@code C[n, m] = op(A) · op(B)} where {@code op(A)} is {@code A} stored
 * {@code [n, k]} or, with {@code transA}, {@code Aᵀ} of {@code A} stored {@code [k, n]} (likewise
 * {@code B}: {@code [k, m]} or {@code [m, k]}). Transposed operands are read in place, never
 * materialized as tensors. C is overwritten. Cache-blocked over k and written as
 * {@code c_row += a_ip * b_row} on separate row arrays, which C2 vectorizes.
 */
public final class MatMul {
  private MatMul() {}

  private static final int KB = 256;
  /** Below this many multiply-adds packing costs more than it saves. */
  private static final long VECTOR_MIN = 4096;
  /** Above this many multiply-adds a product is split across threads. */
  private static final long PARALLEL_MIN = 1L << 20;

  /** Float64 GEMM at the given offsets (batched callers pass each matrix's offset). */
  public static void gemm(double[] a, int ao, boolean transA, double[] b, int bo, boolean transB,
      double[] c, int co, int n, int k, int m) {
    long work = (long) n * k * m;
    if (Simd.AVAILABLE && work >= VECTOR_MIN) {
      double[] bp = VectorGemmD.packB(b, bo, transB, k, m, work >= PARALLEL_MIN);
      if (work >= PARALLEL_MIN) {
        Parallel.forRange(n, VectorGemmD.MR, (r0, r1) -> {
          VectorGemmD.rows(a, ao, transA, bp, c, co, n, k, m, r0, r1);
          return 0;
        });
      } else {
        VectorGemmD.rows(a, ao, transA, bp, c, co, n, k, m, 0, n);
      }
      return;
    }
    scalar(a, ao, transA, b, bo, transB, c, co, n, k, m);
  }

  /** Float32 GEMM; same contract as the float64 one. */
  public static void gemm(float[] a, int ao, boolean transA, float[] b, int bo, boolean transB,
      float[] c, int co, int n, int k, int m) {
    long work = (long) n * k * m;
    if (Simd.AVAILABLE && work >= VECTOR_MIN) {
      float[] bp = VectorGemmF.packB(b, bo, transB, k, m, work >= PARALLEL_MIN);
      if (work >= PARALLEL_MIN) {
        Parallel.forRange(n, VectorGemmF.MR, (r0, r1) -> {
          VectorGemmF.rows(a, ao, transA, bp, c, co, n, k, m, r0, r1);
          return 0;
        });
      } else {
        VectorGemmF.rows(a, ao, transA, bp, c, co, n, k, m, 0, n);
      }
      return;
    }
    scalar(a, ao, transA, b, bo, transB, c, co, n, k, m);
  }

  /** Plain-Java fallback (float64): k-blocked, row-at-a-time so C2 vectorizes the inner loop. */
  static void scalar(double[] a, int ao, boolean transA, double[] b, int bo, boolean transB,
      double[] c, int co, int n, int k, int m) {
    // Row-major op(B) panel; packing also removes the transposed read pattern from the hot loop.
    // op(B) rows as separate arrays: `crow[j] += a * brow[j]` with both at offset 0 is the
    // form C2 vectorizes (offsets into one flat array may alias, which blocks it).
    double[][] bp = new double[Math.min(k, KB)][m];
    double[] crow = new double[m];
    for (int k0 = 0; k0 < k; k0 += KB) {
      int kb = Math.min(KB, k - k0);
      for (int p = 0; p < kb; p++) {
        for (int j = 0; j < m; j++) {
          bp[p][j] = transB ? b[bo + j * k + k0 + p] : b[bo + (k0 + p) * m + j];
        }
      }
      for (int i = 0; i < n; i++) {
        if (k0 == 0) {
          java.util.Arrays.fill(crow, 0);
        } else {
          System.arraycopy(c, co + i * m, crow, 0, m);
        }
        for (int p = 0; p < kb; p++) {
          double aip = transA ? a[ao + (k0 + p) * n + i] : a[ao + i * k + k0 + p];
          double[] brow = bp[p];
          for (int j = 0; j < m; j++) {
            crow[j] += aip * brow[j];
          }
        }
        System.arraycopy(crow, 0, c, co + i * m, m);
      }
    }
    if (k == 0) {
      java.util.Arrays.fill(c, co, co + n * m, 0);
    }
  }

  /** Plain-Java fallback (float32). */
  static void scalar(float[] a, int ao, boolean transA, float[] b, int bo, boolean transB,
      float[] c, int co, int n, int k, int m) {
    // op(B) rows as separate arrays: `crow[j] += a * brow[j]` with both at offset 0 is the
    // form C2 vectorizes (offsets into one flat array may alias, which blocks it).
    float[][] bp = new float[Math.min(k, KB)][m];
    float[] crow = new float[m];
    for (int k0 = 0; k0 < k; k0 += KB) {
      int kb = Math.min(KB, k - k0);
      for (int p = 0; p < kb; p++) {
        for (int j = 0; j < m; j++) {
          bp[p][j] = transB ? b[bo + j * k + k0 + p] : b[bo + (k0 + p) * m + j];
        }
      }
      for (int i = 0; i < n; i++) {
        if (k0 == 0) {
          java.util.Arrays.fill(crow, 0);
        } else {
          System.arraycopy(c, co + i * m, crow, 0, m);
        }
        for (int p = 0; p < kb; p++) {
          float aip = transA ? a[ao + (k0 + p) * n + i] : a[ao + i * k + k0 + p];
          float[] brow = bp[p];
          for (int j = 0; j < m; j++) {
            crow[j] += aip * brow[j];
          }
        }
        System.arraycopy(crow, 0, c, co + i * m, m);
      }
    }
    if (k == 0) {
      java.util.Arrays.fill(c, co, co + n * m, 0f);
    }
  }

  /**
   * {@code C[n, m] = op(A)·op(B)} (plus C when {@code accumulate}) with leading dimensions:
   * {@code op(A)[i, p] = ta ? a[ao + p·lda + i] : a[ao + i·lda + p]}, likewise B, and
   * {@code C[i, j] = c[co + i·ldc + j]}.
   */
  public static void gemm(float[] a, int ao, int lda, boolean ta, float[] b, int bo, int ldb,
      boolean tb, float[] c, int co, int ldc, int n, int k, int m, boolean accumulate) {
    if (n == 0 || m == 0) {
      return;
    }
    // Bridge until the leading-dimension kernels land: pack strided operands densely.
    float[] ad = a;
    int aoff = ao;
    if (lda != (ta ? n : k)) {
      ad = new float[n * k];
      for (int i = 0; i < (ta ? k : n); i++) {
        System.arraycopy(a, ao + i * lda, ad, i * (ta ? n : k), ta ? n : k);
      }
      aoff = 0;
    }
    float[] bd = b;
    int boff = bo;
    if (ldb != (tb ? k : m)) {
      bd = new float[k * m];
      for (int i = 0; i < (tb ? m : k); i++) {
        System.arraycopy(b, bo + i * ldb, bd, i * (tb ? k : m), tb ? k : m);
      }
      boff = 0;
    }
    if (!accumulate && ldc == m) {
      gemm(ad, aoff, ta, bd, boff, tb, c, co, n, k, m);
      return;
    }
    float[] t = new float[n * m];
    gemm(ad, aoff, ta, bd, boff, tb, t, 0, n, k, m);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        c[co + i * ldc + j] = accumulate ? c[co + i * ldc + j] + t[i * m + j] : t[i * m + j];
      }
    }
  }

  /** Float64 version of the leading-dimension GEMM. */
  public static void gemm(double[] a, int ao, int lda, boolean ta, double[] b, int bo, int ldb,
      boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean accumulate) {
    if (n == 0 || m == 0) {
      return;
    }
    double[] ad = a;
    int aoff = ao;
    if (lda != (ta ? n : k)) {
      ad = new double[n * k];
      for (int i = 0; i < (ta ? k : n); i++) {
        System.arraycopy(a, ao + i * lda, ad, i * (ta ? n : k), ta ? n : k);
      }
      aoff = 0;
    }
    double[] bd = b;
    int boff = bo;
    if (ldb != (tb ? k : m)) {
      bd = new double[k * m];
      for (int i = 0; i < (tb ? m : k); i++) {
        System.arraycopy(b, bo + i * ldb, bd, i * (tb ? k : m), tb ? k : m);
      }
      boff = 0;
    }
    if (!accumulate && ldc == m) {
      gemm(ad, aoff, ta, bd, boff, tb, c, co, n, k, m);
      return;
    }
    double[] t = new double[n * m];
    gemm(ad, aoff, ta, bd, boff, tb, t, 0, n, k, m);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        c[co + i * ldc + j] = accumulate ? c[co + i * ldc + j] + t[i * m + j] : t[i * m + j];
      }
    }
  }
}
