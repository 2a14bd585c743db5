package dev.jgrad.kernels;

/**
 * Dense linear-algebra kernels on one row-major float64 matrix at a time: LU with partial
 * pivoting, Cholesky, triangular solves, Householder QR, the symmetric eigendecomposition
 * (Householder tridiagonalization and the implicit QL algorithm) and the SVD (one-sided Jacobi).
 * A matrix is read at {@code a[off + i·cols + j]}; batched callers pass each matrix's offset.
 * The loops are sequential and their order fixed, so results are bit-for-bit deterministic.
 * Nothing here knows about tensors or gradients; callers check shapes and report errors.
 *
 * <p>Conventions fixed here (the op layer documents them to users): LU pivots on the first row
 * of largest magnitude; QR has {@code R[i, i] >= 0}; eigenvalues ascend; singular values
 * descend; every eigenvector and every left singular vector has its entry of largest magnitude
 * (the first such one on exact ties) positive, the right singular vector flipped with it.
 */
public final class Linalg {
  private Linalg() {}

  /** Relative threshold below which Jacobi rotations stop (about 4.5 ulps of 1). */
  private static final double JACOBI_EPS = 1e-15;
  /** Sweeps after which one-sided Jacobi stops even if not converged (it takes about 10). */
  private static final int MAX_SWEEPS = 80;

  // ------------------------------------------------------------------ LU

  /**
   * LU factorization with partial pivoting, {@code P·A = L·U}, in place: afterwards the strict
   * lower triangle holds L (unit diagonal, not stored) and the upper triangle U. A column with no
   * nonzero pivot is skipped, leaving {@code U[k, k] = 0} (LAPACK's getrf does the same).
   *
   * @param a the matrix, overwritten by its factors
   * @param off offset of element (0, 0)
   * @param n the order
   * @param perm out: {@code perm[i]} is the row of A that became row i of {@code P·A}
   * @return the sign of the permutation, +1 or -1
   */
  public static int lu(double[] a, int off, int n, int[] perm) {
    int sign = 1;
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int k = 0; k < n; k++) {
      int p = k;
      double best = Math.abs(a[off + k * n + k]);
      for (int i = k + 1; i < n; i++) {
        double v = Math.abs(a[off + i * n + k]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (p != k) {
        int rk = off + k * n;
        int rp = off + p * n;
        for (int j = 0; j < n; j++) {
          double t = a[rk + j];
          a[rk + j] = a[rp + j];
          a[rp + j] = t;
        }
        int t = perm[k];
        perm[k] = perm[p];
        perm[p] = t;
        sign = -sign;
      }
      double pivot = a[off + k * n + k];
      if (pivot == 0) {
        continue;
      }
      int rk = off + k * n;
      for (int i = k + 1; i < n; i++) {
        int ri = off + i * n;
        double f = a[ri + k] / pivot;
        a[ri + k] = f;
        if (f != 0) {
          for (int j = k + 1; j < n; j++) {
            a[ri + j] -= f * a[rk + j];
          }
        }
      }
    }
    return sign;
  }

  /**
   * The first exactly zero diagonal entry of an LU factor (a singular matrix), or -1.
   *
   * @param lu the factors from {@link #lu}
   * @param off offset of element (0, 0)
   * @param n the order
   * @return the index of the first zero pivot, or -1 if there is none
   */
  public static int zeroPivot(double[] lu, int off, int n) {
    for (int i = 0; i < n; i++) {
      if (lu[off + i * n + i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Solves {@code A·X = B} from the factors of {@link #lu}; B ({@code n x nrhs}, row-major) is
   * overwritten by X. The factors must have no zero pivot.
   *
   * @param lu the factors
   * @param off offset of the factors' element (0, 0)
   * @param n the order
   * @param perm the permutation from {@link #lu}
   * @param b the right-hand sides, overwritten by the solution
   * @param boff offset of B's element (0, 0)
   * @param nrhs the number of columns of B
   */
  public static void luSolve(double[] lu, int off, int n, int[] perm, double[] b, int boff,
      int nrhs) {
    double[] x = new double[n * nrhs];
    for (int i = 0; i < n; i++) {
      System.arraycopy(b, boff + perm[i] * nrhs, x, i * nrhs, nrhs);
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < i; k++) {
        double l = lu[off + i * n + k];
        if (l != 0) {
          for (int j = 0; j < nrhs; j++) {
            x[i * nrhs + j] -= l * x[k * nrhs + j];
          }
        }
      }
    }
    backSubstitute(lu, off, n, x, nrhs);
    System.arraycopy(x, 0, b, boff, n * nrhs);
  }

  /** Overwrites x ({@code n x nrhs}) by {@code U⁻¹·x} for the upper triangle U of {@code a}. */
  private static void backSubstitute(double[] a, int off, int n, double[] x, int nrhs) {
    for (int i = n - 1; i >= 0; i--) {
      for (int k = i + 1; k < n; k++) {
        double u = a[off + i * n + k];
        if (u != 0) {
          for (int j = 0; j < nrhs; j++) {
            x[i * nrhs + j] -= u * x[k * nrhs + j];
          }
        }
      }
      double d = a[off + i * n + i];
      for (int j = 0; j < nrhs; j++) {
        x[i * nrhs + j] /= d;
      }
    }
  }

  // ------------------------------------------------------------------ Cholesky

  /**
   * Cholesky factorization {@code A = L·Lᵀ} in place, reading only the lower triangle of A
   * (row by row, Cholesky–Banachiewicz); afterwards the lower triangle holds L and the strict
   * upper triangle zeros. Stops at the first pivot {@code d = A[j, j] - Σ_k L[j, k]²} that is not
   * positive (or NaN) and leaves d on the diagonal at {@code (j, j)}.
   *
   * @param a the matrix, overwritten by L
   * @param off offset of element (0, 0)
   * @param n the order
   * @return -1 on success, else the index j of the failing pivot
   */
  public static int cholesky(double[] a, int off, int n) {
    for (int i = 0; i < n; i++) {
      int ri = off + i * n;
      for (int j = 0; j <= i; j++) {
        int rj = off + j * n;
        double s = a[ri + j];
        for (int k = 0; k < j; k++) {
          s -= a[ri + k] * a[rj + k];
        }
        if (j < i) {
          a[ri + j] = s / a[rj + j];
        } else if (s > 0) {
          a[ri + i] = Math.sqrt(s);
        } else {
          a[ri + i] = s;
          return i;
        }
      }
      for (int j = i + 1; j < n; j++) {
        a[ri + j] = 0;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------ triangular solve

  /**
   * Solves {@code op(T)·X = B} in place of B ({@code n x nrhs}, row-major), where T is the upper
   * or lower triangle of A (only that triangle is read; with {@code unit} not even its diagonal,
   * taken as ones) and {@code op(T)} is T or, with {@code transpose}, Tᵀ. The caller checks that
   * no used diagonal entry is zero.
   *
   * @param a the matrix holding T
   * @param off offset of A's element (0, 0)
   * @param n the order
   * @param upper T is the upper triangle (else the lower)
   * @param transpose solve with Tᵀ
   * @param unit the diagonal of T is taken as ones
   * @param b the right-hand sides, overwritten by the solution
   * @param boff offset of B's element (0, 0)
   * @param nrhs the number of columns of B
   */
  public static void triangularSolve(double[] a, int off, int n, boolean upper,
      boolean transpose, boolean unit, double[] b, int boff, int nrhs) {
    // op(T)[i, k] is A[i, k], or A[k, i] when transposed; op(T) is lower iff upper == transpose.
    int si = transpose ? 1 : n;
    int sk = transpose ? n : 1;
    boolean forward = upper == transpose;
    for (int step = 0; step < n; step++) {
      int i = forward ? step : n - 1 - step;
      int kFrom = forward ? 0 : i + 1;
      int kTo = forward ? i : n;
      int ri = boff + i * nrhs;
      for (int k = kFrom; k < kTo; k++) {
        double t = a[off + i * si + k * sk];
        if (t != 0) {
          int rk = boff + k * nrhs;
          for (int j = 0; j < nrhs; j++) {
            b[ri + j] -= t * b[rk + j];
          }
        }
      }
      if (!unit) {
        double d = a[off + i * n + i];
        for (int j = 0; j < nrhs; j++) {
          b[ri + j] /= d;
        }
      }
    }
  }

  // ------------------------------------------------------------------ QR

  /**
   * Reduced QR factorization {@code A = Q·R} by Householder reflections, {@code k = min(m, n)}:
   * Q ({@code m x k}) has orthonormal columns, R ({@code k x n}) is upper triangular with
   * {@code R[i, i] >= 0} (rows of R and columns of Q are flipped together to make it so, which
   * makes the factorization unique when A has full rank).
   *
   * @param a the matrix ({@code m x n}, not modified)
   * @param off offset of A's element (0, 0)
   * @param m rows of A
   * @param n columns of A
   * @param q out: Q, row-major {@code m x k}
   * @param qoff offset of Q's element (0, 0)
   * @param r out: R, row-major {@code k x n}
   * @param roff offset of R's element (0, 0)
   */
  public static void qr(double[] a, int off, int m, int n, double[] q, int qoff, double[] r,
      int roff) {
    int k = Math.min(m, n);
    double[] w = new double[m * n];
    for (int i = 0; i < m; i++) {
      System.arraycopy(a, off + i * n, w, i * n, n);
    }
    double[][] vs = new double[k][];
    double[] betas = new double[k];
    double[] dots = new double[n];
    for (int j = 0; j < k; j++) {
      double norm = 0;
      for (int i = j; i < m; i++) {
        norm = Math.hypot(norm, w[i * n + j]);
      }
      double[] v = new double[m];
      if (norm == 0) {
        vs[j] = v; // nothing to annihilate: the reflector is the identity (beta 0)
        continue;
      }
      double alpha = w[j * n + j] > 0 ? -norm : norm; // reflect away from x to avoid cancellation
      for (int i = j; i < m; i++) {
        v[i] = w[i * n + j];
      }
      v[j] -= alpha;
      double vv = 0;
      for (int i = j; i < m; i++) {
        vv += v[i] * v[i];
      }
      double beta = vv == 0 ? 0 : 2 / vv;
      vs[j] = v;
      betas[j] = beta;
      reflect(w, n, v, beta, j, m, j, n, dots);
    }
    // Q = H_0 · H_1 ... H_{k-1} applied to the first k columns of the identity.
    double[] qm = new double[m * k];
    for (int i = 0; i < k; i++) {
      qm[i * k + i] = 1;
    }
    double[] qdots = new double[k];
    for (int j = k - 1; j >= 0; j--) {
      reflect(qm, k, vs[j], betas[j], j, m, 0, k, qdots);
    }
    for (int i = 0; i < k; i++) {
      boolean flip = w[i * n + i] < 0;
      for (int c = 0; c < n; c++) {
        double v = c < i ? 0 : w[i * n + c];
        r[roff + i * n + c] = flip ? -v : v;
      }
      for (int row = 0; row < m; row++) {
        double v = qm[row * k + i];
        qm[row * k + i] = flip ? -v : v;
      }
    }
    System.arraycopy(qm, 0, q, qoff, m * k);
  }

  /**
   * {@code X[r0:r1, c0:c1] -= beta · v · (vᵀ · X[r0:r1, c0:c1])} for a row-major X with
   * {@code cols} columns (v indexed by row); {@code dots} is scratch of at least c1 entries.
   */
  private static void reflect(double[] x, int cols, double[] v, double beta, int r0, int r1,
      int c0, int c1, double[] dots) {
    if (beta == 0) {
      return;
    }
    for (int c = c0; c < c1; c++) {
      dots[c] = 0;
    }
    for (int i = r0; i < r1; i++) {
      double vi = v[i];
      if (vi != 0) {
        int ri = i * cols;
        for (int c = c0; c < c1; c++) {
          dots[c] += vi * x[ri + c];
        }
      }
    }
    for (int i = r0; i < r1; i++) {
      double f = beta * v[i];
      if (f != 0) {
        int ri = i * cols;
        for (int c = c0; c < c1; c++) {
          x[ri + c] -= f * dots[c];
        }
      }
    }
  }

  // ------------------------------------------------------------------ symmetric eigen

  /**
   * Eigendecomposition {@code A = V·diag(w)·Vᵀ} of the symmetric matrix whose lower triangle is
   * A's (the upper triangle is not read): Householder reduction to tridiagonal form and the
   * implicit QL algorithm shifted by an eigenvalue of the leading 2x2 block — EISPACK's tred2
   * and tql2 (Martin, Reinsch and Wilkinson; Bowdler, Martin, Reinsch and Wilkinson; in
   * Wilkinson and Reinsch, Handbook for Automatic Computation II, 1971). Eigenvalues
   * ascend; eigenvector columns of V are orthonormal and signed as the class documents. All
   * entries of the lower triangle must be finite (the caller checks).
   *
   * @param a the matrix ({@code n x n}, not modified)
   * @param off offset of A's element (0, 0)
   * @param n the order
   * @param w out: the eigenvalues, ascending
   * @param woff offset of the first eigenvalue
   * @param v out: the eigenvectors as columns, row-major {@code n x n}
   * @param voff offset of V's element (0, 0)
   */
  public static void eigh(double[] a, int off, int n, double[] w, int woff, double[] v,
      int voff) {
    if (n == 0) {
      return;
    }
    double[] z = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        z[i * n + j] = a[off + i * n + j];
        z[j * n + i] = a[off + i * n + j];
      }
    }
    double[] d = new double[n];
    double[] e = new double[n];
    // Both stages run on the transpose (z is symmetric on entry): their inner loops then walk
    // rows, contiguous in memory, and QL's rotations of column pairs become rotations of rows.
    tridiagonalize(z, n, d, e);
    tridiagonalQl(z, n, d, e);
    transposeSquare(z, n);
    // Selection sort ascending: stable for equal values, n swaps at most.
    for (int i = 0; i < n - 1; i++) {
      int k = i;
      for (int j = i + 1; j < n; j++) {
        if (d[j] < d[k]) {
          k = j;
        }
      }
      if (k != i) {
        double t = d[k];
        d[k] = d[i];
        d[i] = t;
        for (int r = 0; r < n; r++) {
          t = z[r * n + i];
          z[r * n + i] = z[r * n + k];
          z[r * n + k] = t;
        }
      }
    }
    for (int j = 0; j < n; j++) {
      if (largestIsNegative(z, j, n, n)) {
        for (int r = 0; r < n; r++) {
          z[r * n + j] = -z[r * n + j];
        }
      }
    }
    System.arraycopy(d, 0, w, woff, n);
    System.arraycopy(z, 0, v, voff, n * n);
  }

  private static void transposeSquare(double[] z, int n) {
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double t = z[i * n + j];
        z[i * n + j] = z[j * n + i];
        z[j * n + i] = t;
      }
    }
  }

  /** Whether column j of a row-major {@code rows x cols} matrix has its largest entry negative. */
  private static boolean largestIsNegative(double[] x, int j, int rows, int cols) {
    double best = -1;
    boolean negative = false;
    for (int r = 0; r < rows; r++) {
      double t = x[r * cols + j];
      if (Math.abs(t) > best) {
        best = Math.abs(t);
        negative = t < 0;
      }
    }
    return negative;
  }

  /**
   * tred2, indexed on the transpose: reduces the symmetric z to tridiagonal form by Householder
   * similarity transforms, leaving the diagonal in d, the subdiagonal in e[1..n-1] (e[0] = 0)
   * and the transpose of the accumulated orthogonal transform in z.
   */
  private static void tridiagonalize(double[] z, int n, double[] d, double[] e) {
    for (int j = 0; j < n; j++) {
      d[j] = z[j * n + n - 1];
    }
    for (int i = n - 1; i > 0; i--) {
      double scale = 0;
      double h = 0;
      for (int k = 0; k < i; k++) {
        scale += Math.abs(d[k]);
      }
      if (scale == 0) {
        e[i] = d[i - 1];
        for (int j = 0; j < i; j++) {
          d[j] = z[j * n + i - 1];
          z[j * n + i] = 0;
          z[i * n + j] = 0;
        }
      } else {
        for (int k = 0; k < i; k++) {
          d[k] /= scale;
          h += d[k] * d[k];
        }
        double f = d[i - 1];
        double g = Math.sqrt(h);
        if (f > 0) {
          g = -g;
        }
        e[i] = scale * g;
        h -= f * g;
        d[i - 1] = f - g;
        for (int j = 0; j < i; j++) {
          e[j] = 0;
        }
        for (int j = 0; j < i; j++) {
          f = d[j];
          z[i * n + j] = f;
          g = e[j] + z[j * n + j] * f;
          for (int k = j + 1; k <= i - 1; k++) {
            g += z[j * n + k] * d[k];
            e[k] += z[j * n + k] * f;
          }
          e[j] = g;
        }
        f = 0;
        for (int j = 0; j < i; j++) {
          e[j] /= h;
          f += e[j] * d[j];
        }
        double hh = f / (h + h);
        for (int j = 0; j < i; j++) {
          e[j] -= hh * d[j];
        }
        for (int j = 0; j < i; j++) {
          f = d[j];
          g = e[j];
          for (int k = j; k <= i - 1; k++) {
            z[j * n + k] -= f * e[k] + g * d[k];
          }
          d[j] = z[j * n + i - 1];
          z[j * n + i] = 0;
        }
      }
      d[i] = h;
    }
    // Accumulate the transformations.
    for (int i = 0; i < n - 1; i++) {
      z[i * n + n - 1] = z[i * n + i];
      z[i * n + i] = 1;
      double h = d[i + 1];
      if (h != 0) {
        for (int k = 0; k <= i; k++) {
          d[k] = z[(i + 1) * n + k] / h;
        }
        for (int j = 0; j <= i; j++) {
          double g = 0;
          for (int k = 0; k <= i; k++) {
            g += z[(i + 1) * n + k] * z[j * n + k];
          }
          for (int k = 0; k <= i; k++) {
            z[j * n + k] -= g * d[k];
          }
        }
      }
      for (int k = 0; k <= i; k++) {
        z[(i + 1) * n + k] = 0;
      }
    }
    for (int j = 0; j < n; j++) {
      d[j] = z[j * n + n - 1];
      z[j * n + n - 1] = 0;
    }
    z[(n - 1) * n + n - 1] = 1;
    e[0] = 0;
  }

  /**
   * tql2: the eigenvalues (into d, unsorted) and eigenvectors (rows of zt, which holds the
   * transpose of the tridiagonalizing transform on entry) of the symmetric tridiagonal matrix
   * (d, e).
   */
  private static void tridiagonalQl(double[] z, int n, double[] d, double[] e) {
    for (int i = 1; i < n; i++) {
      e[i - 1] = e[i];
    }
    e[n - 1] = 0;
    double f = 0;
    double tst1 = 0;
    double eps = Math.ulp(1.0);
    for (int l = 0; l < n; l++) {
      tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
      int m = l;
      while (m < n - 1 && Math.abs(e[m]) > eps * tst1) {
        m++; // e[n-1] is 0, so the search always stops inside the matrix
      }
      if (m > l) {
        for (int iter = 0; ; iter++) {
          if (iter > 60 * n) {
            throw new IllegalStateException("eigh: the QL iteration did not converge");
          }
          double g = d[l];
          double p = (d[l + 1] - g) / (2 * e[l]);
          double r = Math.hypot(p, 1);
          if (p < 0) {
            r = -r;
          }
          d[l] = e[l] / (p + r);
          d[l + 1] = e[l] * (p + r);
          double dl1 = d[l + 1];
          double h = g - d[l];
          for (int i = l + 2; i < n; i++) {
            d[i] -= h;
          }
          f += h;
          p = d[m];
          double c = 1;
          double c2 = c;
          double c3 = c;
          double el1 = e[l + 1];
          double s = 0;
          double s2 = 0;
          for (int i = m - 1; i >= l; i--) {
            c3 = c2;
            c2 = c;
            s2 = s;
            g = c * e[i];
            h = c * p;
            r = Math.hypot(p, e[i]);
            e[i + 1] = s * r;
            s = e[i] / r;
            c = p / r;
            p = c * d[i] - s * g;
            d[i + 1] = h + s * (c * g + s * d[i]);
            int ri = i * n;
            int rj = ri + n;
            for (int k = 0; k < n; k++) {
              h = z[rj + k];
              z[rj + k] = s * z[ri + k] + c * h;
              z[ri + k] = c * z[ri + k] - s * h;
            }
          }
          p = -s * s2 * c3 * el1 * e[l] / dl1;
          e[l] = s * p;
          d[l] = c * p;
          if (Math.abs(e[l]) <= eps * tst1) {
            break;
          }
        }
      }
      d[l] += f;
      e[l] = 0;
    }
  }

  // ------------------------------------------------------------------ SVD

  /**
   * Reduced singular value decomposition {@code A = U·diag(s)·Vᵀ}, {@code k = min(m, n)}, by
   * one-sided Jacobi (Hestenes 1958; Demmel and Veselić 1992) on the columns of A, or of Aᵀ when
   * {@code m < n}: pairs of columns are rotated until all are orthogonal to working precision;
   * the column norms are the singular values (descending). Left singular vectors of zero
   * singular values are completed to an orthonormal set deterministically. Signs as the class
   * documents. All entries must be finite (the caller checks).
   *
   * @param a the matrix ({@code m x n}, not modified)
   * @param off offset of A's element (0, 0)
   * @param m rows of A
   * @param n columns of A
   * @param u out: U, row-major {@code m x k}
   * @param uoff offset of U's element (0, 0)
   * @param s out: the singular values, descending
   * @param soff offset of the first singular value
   * @param vt out: Vᵀ, row-major {@code k x n}
   * @param vtoff offset of Vᵀ's element (0, 0)
   */
  public static void svd(double[] a, int off, int m, int n, double[] u, int uoff, double[] s,
      int soff, double[] vt, int vtoff) {
    boolean tall = m >= n;
    int rows = tall ? m : n; // the working matrix B is A or Aᵀ, rows x cols with rows >= cols
    int cols = tall ? n : m;
    int k = cols;
    // Columns of B stored one after another (column-major), so rotations stream contiguously.
    double[] b = new double[rows * cols];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double x = a[off + i * n + j];
        if (tall) {
          b[j * rows + i] = x;
        } else {
          b[i * rows + j] = x;
        }
      }
    }
    double[] w = new double[cols * cols]; // right vectors of B as columns, column-major
    for (int j = 0; j < cols; j++) {
      w[j * cols + j] = 1;
    }
    double[] sq = new double[cols]; // squared column norms, updated by each rotation
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      for (int j = 0; j < cols; j++) {
        double t = 0;
        for (int i = 0; i < rows; i++) {
          t += b[j * rows + i] * b[j * rows + i];
        }
        sq[j] = t; // recomputed each sweep so the updates' rounding cannot accumulate
      }
      boolean rotated = false;
      for (int p = 0; p < cols - 1; p++) {
        for (int q = p + 1; q < cols; q++) {
          rotated |= rotate(b, rows, p, q, w, cols, sq);
        }
      }
      if (!rotated) {
        break;
      }
    }
    double[] norms = new double[cols];
    double max = 0;
    for (int j = 0; j < cols; j++) {
      double t = 0;
      for (int i = 0; i < rows; i++) {
        t = Math.hypot(t, b[j * rows + i]);
      }
      norms[j] = t;
      max = Math.max(max, t);
    }
    // Descending order; stable on ties so equal values keep their column order.
    Integer[] order = new Integer[cols];
    for (int j = 0; j < cols; j++) {
      order[j] = j;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
    double tiny = max * rows * Math.ulp(1.0);
    double[] left = new double[rows * k]; // left vectors of B as columns, column-major
    boolean[] set = new boolean[k];
    for (int c = 0; c < k; c++) {
      int j = order[c];
      if (norms[j] > tiny) {
        for (int i = 0; i < rows; i++) {
          left[c * rows + i] = b[j * rows + i] / norms[j];
        }
        set[c] = true;
      }
    }
    for (int c = 0; c < k; c++) {
      if (!set[c]) {
        complete(left, rows, c, set);
        set[c] = true;
      }
    }
    // B = L·diag(norms)·Wᵀ. For A = B: U = L, V = W. For A = Bᵀ: U = W, V = L.
    for (int c = 0; c < k; c++) {
      int j = order[c];
      double sv = norms[j] > tiny ? norms[j] : 0;
      s[soff + c] = sv;
      double[] uCol = new double[m];
      double[] vCol = new double[n];
      for (int i = 0; i < rows; i++) {
        if (tall) {
          uCol[i] = left[c * rows + i];
        } else {
          vCol[i] = left[c * rows + i];
        }
      }
      for (int i = 0; i < cols; i++) {
        if (tall) {
          vCol[i] = w[j * cols + i];
        } else {
          uCol[i] = w[j * cols + i];
        }
      }
      double sign = largestIsNegative(uCol, 0, m, 1) ? -1 : 1;
      for (int i = 0; i < m; i++) {
        u[uoff + i * k + c] = sign * uCol[i];
      }
      for (int i = 0; i < n; i++) {
        vt[vtoff + c * n + i] = sign * vCol[i];
      }
    }
  }

  /**
   * Rotates columns p and q of the column-major b (and of w) to make them orthogonal, updating
   * their squared norms in sq (Rutishauser: {@code α' = α - tγ}, {@code β' = β + tγ}); returns
   * whether they were not already orthogonal to working precision.
   */
  private static boolean rotate(double[] b, int rows, int p, int q, double[] w, int cols,
      double[] sq) {
    int op = p * rows;
    int oq = q * rows;
    double alpha = sq[p];
    double beta = sq[q];
    double gamma = 0;
    for (int i = 0; i < rows; i++) {
      gamma += b[op + i] * b[oq + i];
    }
    if (gamma == 0 || !(Math.abs(gamma) > JACOBI_EPS * Math.sqrt(alpha * beta))) {
      return false;
    }
    double zeta = (beta - alpha) / (2 * gamma);
    double t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
    sq[p] = alpha - t * gamma;
    sq[q] = beta + t * gamma;
    double c = 1 / Math.sqrt(1 + t * t);
    double sn = c * t;
    for (int i = 0; i < rows; i++) {
      double x = b[op + i];
      double y = b[oq + i];
      b[op + i] = c * x - sn * y;
      b[oq + i] = sn * x + c * y;
    }
    int wp = p * cols;
    int wq = q * cols;
    for (int i = 0; i < cols; i++) {
      double x = w[wp + i];
      double y = w[wq + i];
      w[wp + i] = c * x - sn * y;
      w[wq + i] = sn * x + c * y;
    }
    return true;
  }

  /**
   * Fills column c of the column-major {@code rows x k} matrix {@code left} with a unit vector
   * orthogonal to every column already set: the standard basis vector with the largest
   * component outside their span, orthogonalized twice (Gram-Schmidt with reorthogonalization).
   */
  private static void complete(double[] left, int rows, int c, boolean[] set) {
    int k = set.length;
    double[] best = null;
    double bestNorm = -1;
    for (int e = 0; e < rows; e++) {
      double[] x = new double[rows];
      x[e] = 1;
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < k; j++) {
          if (set[j]) {
            double dot = 0;
            for (int i = 0; i < rows; i++) {
              dot += left[j * rows + i] * x[i];
            }
            for (int i = 0; i < rows; i++) {
              x[i] -= dot * left[j * rows + i];
            }
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < rows; i++) {
        norm = Math.hypot(norm, x[i]);
      }
      if (norm > bestNorm + 1e-12) {
        bestNorm = norm;
        best = x;
      }
    }
    for (int i = 0; i < rows; i++) {
      left[c * rows + i] = best[i] / bestNorm;
    }
  }
}
