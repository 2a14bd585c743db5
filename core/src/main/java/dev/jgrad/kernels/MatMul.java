package dev.jgrad.kernels;

/**
 * Dense matrix multiply {@code C[n, m] (+)= op(A)·op(B)}, the one entry point for every matrix
 * product in jgrad. {@code op(A)} is {@code A} stored {@code [n, k]} or, transposed, {@code Aᵀ}
 * of {@code A} stored {@code [k, n]} (likewise {@code B}: {@code [k, m]} or {@code [m, k]});
 * transposed and strided operands are read in place, never copied whole. The facade picks the
 * kernel from the shape (GEMV for a vector operand, split K for a long K and a small output, a
 * blocked GEMM otherwise, see {@code GemmD}); callers never choose. Results depend on the shape
 * only: bit-identical for every thread count and for every run.
 */
public final class MatMul {
  private MatMul() {}

  /** Below this many multiply-adds the vector GEMM's packing costs more than it saves. */
  static final long VECTOR_MIN = 4096;
  /** A GEMM with fewer multiply-adds stays on one thread (handing out a range costs µs). */
  static final long PARALLEL_MIN = 1L << 20;
  /** A GEMV reads each matrix element once; memory-bound, it splits from fewer elements. */
  static final long PARALLEL_MIN_GEMV = 1L << 20;
  /** n at most this (and below m) computes {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: rows are the long side. */
  static final int SMALL = 32;

  /**
   * Float64 {@code C[n, m] = op(A)·op(B)}, dense operands at the given offsets (batched callers
   * pass each matrix's offset): {@code lda = transA ? n : k}, {@code ldb = transB ? k : m},
   * {@code ldc = m}. C is overwritten.
   *
   * @throws IllegalArgumentException if a size is negative or an operand does not fit its array
   */
  public static void gemm(double[] a, int ao, boolean transA, double[] b, int bo, boolean transB,
      double[] c, int co, int n, int k, int m) {
    gemm(a, ao, transA ? n : k, transA, b, bo, transB ? k : m, transB, c, co, m, n, k, m, false);
  }

  /** Float32 version of {@link #gemm(double[], int, boolean, double[], int, boolean, double[],
   * int, int, int, int)}. */
  public static void gemm(float[] a, int ao, boolean transA, float[] b, int bo, boolean transB,
      float[] c, int co, int n, int k, int m) {
    gemm(a, ao, transA ? n : k, transA, b, bo, transB ? k : m, transB, c, co, m, n, k, m, false);
  }

  /**
   * Float32 {@code C[n, m] = op(A)·op(B)}, plus C's previous values when {@code accumulate}
   * (else C's previous values, even NaN, are ignored), with leading dimensions:
   * {@code op(A)[i, p] = ta ? a[ao + p·lda + i] : a[ao + i·lda + p]},
   * {@code op(B)[p, j] = tb ? b[bo + j·ldb + p] : b[bo + p·ldb + j]},
   * {@code C[i, j] = c[co + i·ldc + j]}. Only the n x m window of C is written.
   *
   * @throws IllegalArgumentException if a size is negative, a leading dimension is shorter than
   *     its row, or an operand does not fit its array
   */
  public static void gemm(float[] a, int ao, int lda, boolean ta, float[] b, int bo, int ldb,
      boolean tb, float[] c, int co, int ldc, int n, int k, int m, boolean accumulate) {
    check(a.length, ao, lda, ta, b.length, bo, ldb, tb, c.length, co, ldc, n, k, m);
    GemmF.gemm(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, accumulate);
  }

  /** Float64 version of the leading-dimension GEMM; same contract as the float32 one. */
  public static void gemm(double[] a, int ao, int lda, boolean ta, double[] b, int bo, int ldb,
      boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean accumulate) {
    check(a.length, ao, lda, ta, b.length, bo, ldb, tb, c.length, co, ldc, n, k, m);
    GemmD.gemm(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, accumulate);
  }

  private static void check(int alen, int ao, int lda, boolean ta, int blen, int bo, int ldb,
      boolean tb, int clen, int co, int ldc, int n, int k, int m) {
    if (n < 0 || k < 0 || m < 0) {
      throw new IllegalArgumentException(String.format(
          "gemm: sizes must be >= 0, got n=%d k=%d m=%d", n, k, m));
    }
    fits("A", alen, ao, lda, ta ? k : n, ta ? n : k);
    fits("B", blen, bo, ldb, tb ? m : k, tb ? k : m);
    fits("C", clen, co, ldc, n, m);
  }

  /** A stored block of {@code rows x cols} at offset o with row stride ld lies inside len. */
  private static void fits(String name, int len, int o, int ld, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = o + (long) (rows - 1) * ld + cols - 1;
    if (o < 0 || ld < cols || last >= len) {
      throw new IllegalArgumentException(String.format(
          "gemm: %s stored [%d, %d] at offset %d with leading dimension %d does not fit an "
              + "array of %d", name, rows, cols, o, ld, len));
    }
  }

  /** Whether a product of this shape is divided among threads (the shape decides, not load). */
  static boolean parallel(int n, int k, int m) {
    long work = (long) n * k * m;
    return work >= (n == 1 || m == 1 ? PARALLEL_MIN_GEMV : PARALLEL_MIN);
  }

  /**
   * Number of K chunks for a long-K product with a small output (1 = no split): outputs alone
   * cannot keep two threads busy, so K is divided into at most 8 chunks of at least 1024, a
   * number fixed by the shape so the summation order never depends on the thread count.
   */
  static int kChunks(int n, int k, int m) {
    if ((long) n * m > 256 || k < 4096 || !parallel(n, k, m)) {
      return 1;
    }
    return Math.min(8, k / 1024);
  }
}
