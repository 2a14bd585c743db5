package dev.jgrad.kernels;

import java.util.Arrays;

/**
 * Float64 matrix products: the kernel choice behind {@link MatMul} and the plain-Java kernels.
 * The float32 file, {@code ...F}, is generated from the float64 one, {@code ...D}, by
 * {@code core/gen-float-kernels.sh}: edit the {@code D} file and run it.
 *
 * <p>Computes {@code C[n, m] (+)= op(A)·op(B)} with
 * {@code op(A)[i, p] = ta ? a[ao + p·lda + i] : a[ao + i·lda + p]},
 * {@code op(B)[p, j] = tb ? b[bo + j·ldb + p] : b[bo + p·ldb + j]} and
 * {@code C[i, j] = c[co + i·ldc + j]}. The choice depends on the shape only, never on the thread
 * count, and threads only divide outputs (or fixed K chunks) among themselves, so results are
 * bit-identical for every thread count:
 * <ul>
 *   <li>n = 1 or m = 1: GEMV with no packing, as dot products when the matrix's rows run along
 *       k, else as axpy passes over the output;</li>
 *   <li>small output and long k: split K into chunks fixed by the shape, summed in order;</li>
 *   <li>otherwise a blocked GEMM (see {@link #blocked}); when n is small, m larger and B stored
 *       transposed it computes {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} instead, so the long side is the one
 *       divided into row tiles and neither operand needs a transposing pack.</li>
 * </ul>
 */
final class GemmD {
  private GemmD() {}

  /**
   * Plain-Java GEMM: k block and column block of the copied op(B) block, 32 KB so it stays in
   * L1 while every row of A passes over it (a 256 KB block, read from L2, was 20-40% slower).
   * KB stays a multiple of 8 for the eight-step loop.
   */
  private static final int KB = 32;
  private static final int JB = (32 << 10) / (KB * Double.BYTES);
  /** Largest transposed op(B) column block (elements, 512 KB) copied for all of k at once. */
  private static final int WHOLE_TB = (512 << 10) / Double.BYTES;

  /** {@link MatMul}'s leading-dimension GEMM; n, k, m >= 0. */
  static void gemm(double[] a, int ao, int lda, boolean ta, double[] b, int bo, int ldb,
      boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean acc) {
    if (n == 0 || m == 0) {
      return;
    }
    if (k == 0) {
      if (!acc) {
        for (int i = 0; i < n; i++) Arrays.fill(c, co + i * ldc, co + i * ldc + m, 0.0);
      }
      return;
    }
    int chunks = MatMul.kChunks(n, k, m);
    if (chunks > 1) {
      splitK(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, acc, chunks);
    } else {
      run(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, acc, MatMul.parallel(n, k, m));
    }
  }

  private static void run(double[] a, int ao, int lda, boolean ta, double[] b, int bo, int ldb,
      boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean acc,
      boolean parallel) {
    if (m == 1) { // C is a column: y = op(A)·x with x = op(B)[:, 0]
      gemv(a, ao, lda, !ta, b, bo, tb ? 1 : ldb, c, co, ldc, n, k, acc, parallel);
    } else if (n == 1) { // C is a row: yᵀ = xᵀ·op(B) with x = op(A)[0, :]
      gemv(b, bo, ldb, tb, a, ao, ta ? lda : 1, c, co, 1, m, k, acc, parallel);
    } else if (Simd.AVAILABLE && (long) n * k * m >= MatMul.VECTOR_MIN) {
      if (n < m && n <= MatMul.SMALL && tb) { // Cᵀ = op(B)ᵀ·op(A)ᵀ: C at strides (1, ldc)
        blocked(b, bo, ldb, !tb, a, ao, lda, !ta, c, co, 1, ldc, m, k, n, acc, parallel);
      } else {
        blocked(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, 1, n, k, m, acc, parallel);
      }
    } else {
      scalar(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, acc, parallel);
    }
  }

  /**
   * {@code y[i·incy] (+)= Σ_p M(i, p)·x[p·incx]} for i in [0, len): M(i, p) is
   * {@code mat[mo + i·ldm + p]} when {@code rowsAlongK} (dot form), else
   * {@code mat[mo + p·ldm + i]} (axpy form). Both forms sum in the same order, so the layout
   * does not change the result.
   */
  private static void gemv(double[] mat, int mo, int ldm, boolean rowsAlongK, double[] x, int xo,
      int incx, double[] y, int yo, int incy, int len, int k, boolean acc, boolean parallel) {
    double[] xs = x;
    int xso = xo;
    if (incx != 1) { // gather x once: both forms read it len times
      xs = Scratch.doubles(2, k);
      for (int p = 0; p < k; p++) xs[p] = x[xo + p * incx];
      xso = 0;
    }
    boolean vec = Simd.AVAILABLE;
    double[] xv = xs;
    int xvo = xso;
    if (!parallel) {
      gemvRange(vec, rowsAlongK, mat, mo, ldm, xv, xvo, y, yo, incy, k, acc, 0, len);
    } else {
      Parallel.forRange(len, rowsAlongK ? 4 : 64, (i0, i1) -> {
        gemvRange(vec, rowsAlongK, mat, mo, ldm, xv, xvo, y, yo, incy, k, acc, i0, i1);
        return 0;
      });
    }
  }

  private static void gemvRange(boolean vec, boolean rowsAlongK, double[] mat, int mo, int ldm,
      double[] x, int xo, double[] y, int yo, int incy, int k, boolean acc, int i0, int i1) {
    if (vec && rowsAlongK) {
      VectorGemmD.dot(mat, mo, ldm, x, xo, y, yo, incy, k, acc, i0, i1);
    } else if (vec) {
      VectorGemmD.axpy(mat, mo, ldm, x, xo, y, yo, incy, k, acc, i0, i1);
    } else if (rowsAlongK) {
      dot(mat, mo, ldm, x, xo, y, yo, incy, k, acc, i0, i1);
    } else {
      axpy(mat, mo, ldm, x, xo, y, yo, incy, k, acc, i0, i1);
    }
  }

  /**
   * Plain-Java dot form: each row's sum a chain over p from 0 in steps of four,
   * {@code d += (M[p]·x[p] + M[p+1]·x[p+1]) + (M[p+2]·x[p+2] + M[p+3]·x[p+3])}, then
   * {@code d += M[p]·x[p]} for the last {@code k mod 4}, as {@link #axpy} computes it (Java never
   * fuses the multiply and add, so both round alike). Four rows at a time keep four chains in
   * flight, and each chain waits for one add per four terms.
   */
  private static void dot(double[] mat, int mo, int ldm, double[] x, int xo, double[] y, int yo,
      int incy, int k, boolean acc, int r0, int r1) {
    int k4 = k & ~3;
    int i = r0;
    for (; i + 4 <= r1; i += 4) {
      int m0 = mo + i * ldm;
      int m1 = m0 + ldm;
      int m2 = m1 + ldm;
      int m3 = m2 + ldm;
      double d0 = 0.0;
      double d1 = 0.0;
      double d2 = 0.0;
      double d3 = 0.0;
      for (int p = 0; p < k4; p += 4) {
        double x0 = x[xo + p];
        double x1 = x[xo + p + 1];
        double x2 = x[xo + p + 2];
        double x3 = x[xo + p + 3];
        d0 += (mat[m0 + p] * x0 + mat[m0 + p + 1] * x1) + (mat[m0 + p + 2] * x2
            + mat[m0 + p + 3] * x3);
        d1 += (mat[m1 + p] * x0 + mat[m1 + p + 1] * x1) + (mat[m1 + p + 2] * x2
            + mat[m1 + p + 3] * x3);
        d2 += (mat[m2 + p] * x0 + mat[m2 + p + 1] * x1) + (mat[m2 + p + 2] * x2
            + mat[m2 + p + 3] * x3);
        d3 += (mat[m3 + p] * x0 + mat[m3 + p + 1] * x1) + (mat[m3 + p + 2] * x2
            + mat[m3 + p + 3] * x3);
      }
      for (int p = k4; p < k; p++) {
        double xp = x[xo + p];
        d0 += mat[m0 + p] * xp;
        d1 += mat[m1 + p] * xp;
        d2 += mat[m2 + p] * xp;
        d3 += mat[m3 + p] * xp;
      }
      store(y, yo + i * incy, d0, acc);
      store(y, yo + (i + 1) * incy, d1, acc);
      store(y, yo + (i + 2) * incy, d2, acc);
      store(y, yo + (i + 3) * incy, d3, acc);
    }
    for (; i < r1; i++) {
      int m0 = mo + i * ldm;
      double d0 = 0.0;
      for (int p = 0; p < k4; p += 4) {
        d0 += (mat[m0 + p] * x[xo + p] + mat[m0 + p + 1] * x[xo + p + 1])
            + (mat[m0 + p + 2] * x[xo + p + 2] + mat[m0 + p + 3] * x[xo + p + 3]);
      }
      for (int p = k4; p < k; p++) {
        d0 += mat[m0 + p] * x[xo + p];
      }
      store(y, yo + i * incy, d0, acc);
    }
  }

  private static void store(double[] y, int i, double v, boolean acc) {
    y[i] = acc ? y[i] + v : v;
  }

  /** Plain-Java axpy: outputs per column block (four copied row pieces of it stay in L1). */
  private static final int AW = 512;

  /**
   * Plain-Java axpy form, in {@link #dot}'s order: four rows of M at a time,
   * {@code s[j] += (M[p, j]·x[p] + M[p+1, j]·x[p+1]) + (M[p+2, j]·x[p+2] + M[p+3, j]·x[p+3])}
   * into a zeroed buffer, then the last rows one at a time, then y; AW outputs at a time. The
   * four row pieces are copied into their own arrays first: C2 does not vectorize a loop that
   * stores to one array and loads another at a different offset (they might be one array), and
   * the copy is an intrinsic, so this runs about twice as fast as reading M in place.
   */
  private static void axpy(double[] mat, int mo, int ldm, double[] x, int xo, double[] y, int yo,
      int incy, int k, boolean acc, int j0, int j1) {
    int bw = Math.min(AW, j1 - j0);
    double[] s = new double[bw];
    double[] r0 = new double[bw];
    double[] r1 = new double[bw];
    double[] r2 = new double[bw];
    double[] r3 = new double[bw];
    int k4 = k & ~3;
    for (int jb = j0; jb < j1; jb += AW) {
      int w = Math.min(AW, j1 - jb);
      Arrays.fill(s, 0, w, 0.0);
      for (int p = 0; p < k4; p += 4) {
        int m0 = mo + p * ldm + jb;
        System.arraycopy(mat, m0, r0, 0, w);
        System.arraycopy(mat, m0 + ldm, r1, 0, w);
        System.arraycopy(mat, m0 + 2 * ldm, r2, 0, w);
        System.arraycopy(mat, m0 + 3 * ldm, r3, 0, w);
        double x0 = x[xo + p];
        double x1 = x[xo + p + 1];
        double x2 = x[xo + p + 2];
        double x3 = x[xo + p + 3];
        for (int j = 0; j < w; j++) {
          s[j] += (r0[j] * x0 + r1[j] * x1) + (r2[j] * x2 + r3[j] * x3);
        }
      }
      for (int p = k4; p < k; p++) {
        int mr = mo + p * ldm + jb;
        double xp = x[xo + p];
        for (int j = 0; j < w; j++) {
          s[j] += mat[mr + j] * xp;
        }
      }
      for (int j = 0; j < w; j++) store(y, yo + (jb + j) * incy, s[j], acc);
    }
  }

  /**
   * The Goto/BLIS product on the vector kernels; C[i, j] at {@code c[co + i·rsc + j·csc]}.
   * Threads that divide rows share one packing of all of op(B); a single thread, or threads
   * that divide column panels, pack their own B blocks as they go. A's slivers are read in
   * place when there are few columns to share their packing.
   */
  private static void blocked(double[] a, int ao, int lda, boolean ta, double[] b, int bo,
      int ldb, boolean tb, double[] c, int co, int rsc, int csc, int n, int k, int m,
      boolean acc, boolean parallel) {
    boolean directA = !ta && m <= MatMul.SMALL;
    int panels = (m + VectorGemmD.NR - 1) / VectorGemmD.NR;
    int rowTiles = (n + VectorGemmD.MR - 1) / VectorGemmD.MR;
    if (!parallel) {
      VectorGemmD.block(a, ao, lda, ta, directA, b, bo, ldb, tb, null, n, k, m, c, co, rsc, csc,
          acc, 0, n, 0, panels);
    } else if (rowTiles >= panels) {
      double[] bp = VectorGemmD.packB(b, bo, ldb, tb, k, m, true);
      Parallel.forRange(n, VectorGemmD.MR, (r0, r1) -> {
        VectorGemmD.block(a, ao, lda, ta, directA, b, bo, ldb, tb, bp, n, k, m, c, co, rsc, csc,
            acc, r0, r1, 0, panels);
        return 0;
      });
    } else { // few row tiles: divide the column panels instead
      Parallel.forRange(panels, 1, (p0, p1) -> {
        VectorGemmD.block(a, ao, lda, ta, directA, b, bo, ldb, tb, null, n, k, m, c, co, rsc,
            csc, acc, 0, n, p0, p1);
        return 0;
      });
    }
  }

  /**
   * Split K: chunk q (of {@code chunks}, fixed by the shape) computes its partial product into
   * its own buffer; the partials are then added to C in chunk order.
   */
  private static void splitK(double[] a, int ao, int lda, boolean ta, double[] b, int bo,
      int ldb, boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean acc,
      int chunks) {
    int per = (k + chunks - 1) / chunks;
    double[] parts = new double[chunks * n * m];
    Parallel.forRange(chunks, 1, (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        int p0 = q * per;
        int kq = Math.min(k, p0 + per) - p0;
        int aq = ta ? ao + p0 * lda : ao + p0;
        int bq = tb ? bo + p0 : bo + p0 * ldb;
        run(a, aq, lda, ta, b, bq, ldb, tb, parts, q * n * m, m, n, kq, m, false, false);
      }
      return 0;
    });
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = acc ? c[co + i * ldc + j] : 0.0;
        for (int q = 0; q < chunks; q++) s += parts[q * n * m + i * m + j];
        c[co + i * ldc + j] = s;
      }
    }
  }

  /**
   * Plain-Java GEMM: op(B) is packed in {@code KB x JB} blocks into separate row arrays, and
   * each C row is updated eight steps of p at a time as
   * {@code crow[j] += ((a0·b0[j] + a1·b1[j]) + (a2·b2[j] + a3·b3[j])) + (...a7·b7[j])}, the form
   * C2 vectorizes (rows of one flat array might alias, which blocks it; four C rows at once do
   * not vectorize either), so each C value is loaded and stored once per eight multiply-adds.
   * The last {@code k mod 8} steps are a separate pass ({@link #scalarTail}): loops for them
   * inside the eight-step method made C2 compile its main loop about three times slower.
   * Threads divide column blocks, or rows when there is only one column block.
   */
  private static void scalar(double[] a, int ao, int lda, boolean ta, double[] b, int bo,
      int ldb, boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean acc,
      boolean parallel) {
    int colBlocks = (m + JB - 1) / JB;
    if (!parallel) {
      scalarRange(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, acc, 0, n, 0, colBlocks);
    } else if (colBlocks > 1) {
      Parallel.forRange(colBlocks, 1, (q0, q1) -> {
        scalarRange(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, acc, 0, n, q0, q1);
        return 0;
      });
    } else {
      Parallel.forRange(n, 1, (r0, r1) -> {
        scalarRange(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k, m, acc, r0, r1, 0, 1);
        return 0;
      });
    }
  }

  /** Rows [r0, r1), column blocks [q0, q1) of {@link #scalar}: 8 steps at a time, then the rest. */
  private static void scalarRange(double[] a, int ao, int lda, boolean ta, double[] b, int bo,
      int ldb, boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean acc,
      int r0, int r1, int q0, int q1) {
    int k8 = k & ~7;
    if (k8 > 0) {
      scalarBlock(a, ao, lda, ta, b, bo, ldb, tb, c, co, ldc, n, k8, m, acc, r0, r1, q0, q1);
    }
    if (k8 < k) {
      int at = ta ? ao + k8 * lda : ao + k8;
      int bt = tb ? bo + k8 : bo + k8 * ldb;
      scalarTail(a, at, lda, ta, b, bt, ldb, tb, c, co, ldc, k - k8, m, acc || k8 > 0, r0, r1,
          q0, q1);
    }
  }

  /** {@link #scalar}'s eight-step pass; k is a multiple of 8. */
  private static void scalarBlock(double[] a, int ao, int lda, boolean ta, double[] b, int bo,
      int ldb, boolean tb, double[] c, int co, int ldc, int n, int k, int m, boolean acc,
      int r0, int r1, int q0, int q1) {
    // A transposed op(B) is copied for all of k at once when that fits in L2: the copy then
    // reads B's rows in order (a column block's rows are one run of memory), where copying
    // block by block read a few values of each row per block, latency-bound (25% of the time).
    boolean whole = tb && (long) k * Math.min(m, JB) <= WHOLE_TB;
    double[][] bp = new double[whole ? k : Math.min(k, KB)][Math.min(m, JB)];
    double[] crow = new double[Math.min(m, JB)];
    double[] arow = new double[Math.min(k, KB)];
    for (int q = q0; q < q1; q++) {
      int j0 = q * JB;
      int jb = Math.min(JB, m - j0);
      if (whole) { // copyRows' loop, written out: a second call inlined here cost C2 half the speed
        for (int j = 0; j < jb; j++) {
          int src = bo + (j0 + j) * ldb;
          for (int p = 0; p < k; p++) bp[p][j] = b[src + p];
        }
      }
      for (int k0 = 0; k0 < k; k0 += KB) {
        int kb = Math.min(KB, k - k0);
        int po = whole ? k0 : 0; // bp's row for step k0 + p is po + p
        if (!whole) {
          copyRows(b, bo, ldb, tb, k0, kb, j0, jb, bp);
        }
        for (int i = r0; i < r1; i++) {
          int ci = co + i * ldc + j0;
          if (k0 == 0 && !acc) {
            Arrays.fill(crow, 0, jb, 0.0);
          } else {
            System.arraycopy(c, ci, crow, 0, jb);
          }
          for (int p = 0; p < kb; p++) {
            arow[p] = ta ? a[ao + (k0 + p) * lda + i] : a[ao + i * lda + k0 + p];
          }
          // `p + 8 <= kb`, not `p < kb`: C2 compiled the latter form about three times slower.
          int p = 0;
          for (; p + 8 <= kb; p += 8) {
            double a0 = arow[p];
            double a1 = arow[p + 1];
            double a2 = arow[p + 2];
            double a3 = arow[p + 3];
            double a4 = arow[p + 4];
            double a5 = arow[p + 5];
            double a6 = arow[p + 6];
            double a7 = arow[p + 7];
            double[] b0 = bp[po + p];
            double[] b1 = bp[po + p + 1];
            double[] b2 = bp[po + p + 2];
            double[] b3 = bp[po + p + 3];
            double[] b4 = bp[po + p + 4];
            double[] b5 = bp[po + p + 5];
            double[] b6 = bp[po + p + 6];
            double[] b7 = bp[po + p + 7];
            for (int j = 0; j < jb; j++) {
              crow[j] += ((a0 * b0[j] + a1 * b1[j]) + (a2 * b2[j] + a3 * b3[j]))
                  + ((a4 * b4[j] + a5 * b5[j]) + (a6 * b6[j] + a7 * b7[j]));
            }
          }
          System.arraycopy(crow, 0, c, ci, jb);
        }
      }
    }
  }

  /**
   * Adds the last {@code kt < 8} steps, one at a time: {@code C[i, j] (+)= Σ_p op(A)[i, p]·
   * op(B)[p, j]} for p in [0, kt) of operands already offset to them; overwrites C when
   * {@code !acc}. op(B)'s rows are copied out per column block so the row update vectorizes.
   */
  private static void scalarTail(double[] a, int ao, int lda, boolean ta, double[] b, int bo,
      int ldb, boolean tb, double[] c, int co, int ldc, int kt, int m, boolean acc, int r0,
      int r1, int q0, int q1) {
    double[][] bp = new double[kt][Math.min(m, JB)];
    for (int q = q0; q < q1; q++) {
      int j0 = q * JB;
      int jb = Math.min(JB, m - j0);
      copyRows(b, bo, ldb, tb, 0, kt, j0, jb, bp);
      for (int i = r0; i < r1; i++) {
        int ci = co + i * ldc + j0;
        if (!acc) {
          Arrays.fill(c, ci, ci + jb, 0.0);
        }
        for (int p = 0; p < kt; p++) {
          double ap = ta ? a[ao + p * lda + i] : a[ao + i * lda + p];
          double[] row = bp[p];
          for (int j = 0; j < jb; j++) {
            c[ci + j] += ap * row[j];
          }
        }
      }
    }
  }

  /** Copies op(B)[p0 + p, j0 + j] for p < kp, j < jb into {@code bp[p][j]}. */
  private static void copyRows(double[] b, int bo, int ldb, boolean tb, int p0, int kp, int j0,
      int jb, double[][] bp) {
    if (tb) { // along B's rows, runs of kp values in memory (twice as fast on long-K shapes)
      for (int j = 0; j < jb; j++) {
        int src = bo + (j0 + j) * ldb + p0;
        for (int p = 0; p < kp; p++) bp[p][j] = b[src + p];
      }
    } else {
      for (int p = 0; p < kp; p++) System.arraycopy(b, bo + (p0 + p) * ldb + j0, bp[p], 0, jb);
    }
  }
}
