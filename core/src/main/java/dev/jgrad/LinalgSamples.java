package dev.jgrad;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sample matrices for the linear-algebra declarations ({@link LinalgOps}) and their independent
 * float64 references, which share no code with {@link dev.jgrad.kernels.Linalg}: determinants by
 * the Leibniz permutation expansion, inverses by cofactors, solves by Cramer's rule, Cholesky
 * factors from Gaussian elimination without pivoting ({@code A = L·D·Lᵀ}), QR by modified
 * Gram-Schmidt with reorthogonalization, symmetric eigendecompositions by cyclic Jacobi rotations
 * and SVDs from the eigendecomposition of {@code [[0, A], [Aᵀ, 0]]}. They are meant for the small
 * matrices of the samples (n &lt;= 4), and fix the same conventions the kernels document
 * ({@code R[i, i] > 0}, eigenvalues ascending, singular values descending, the largest entry of
 * each eigenvector and left singular vector positive).
 *
 * <p>The generators keep every sample well inside the ops' domains: general matrices are
 * strictly diagonally dominant by a margin of 1 before a random row permutation and row signs
 * (so {@code ‖A⁻¹‖∞ <= 1} and the determinant takes either sign); SPD matrices are
 * {@code BᵀB + I}; symmetric and SVD samples are redrawn until adjacent eigen/singular values are
 * {@link #GAP} apart (singular values also from 0) and the sign convention is decided by a clear
 * margin, so neither the values nor the gradients come near a degenerate case.
 */
final class LinalgSamples {
  private LinalgSamples() {}

  /** Least gap between eigenvalues (singular values, and from 0) of the eigh and svd samples. */
  static final double GAP = 0.2;

  /** A batch shape: none (most often), one axis, or two with a broadcastable 1. */
  static int[] batch(SplittableRandom r) {
    int[][] b = {{}, {}, {2}, {1, 2}};
    return b[r.nextInt(b.length)];
  }

  private static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** Well-conditioned square matrices with determinants of either sign. */
  static Tensor general(SplittableRandom r, int[] batch, int n) {
    int count = Shape.of(batch).numel();
    double[] v = new double[count * n * n];
    for (int t = 0; t < count; t++) {
      double[] m = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          m[i * n + j] = uniform(r, -1, 1) + (i == j ? n + 1 : 0);
        }
      }
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int x = perm[i];
        perm[i] = perm[j];
        perm[j] = x;
      }
      for (int i = 0; i < n; i++) {
        double sign = r.nextBoolean() ? 1 : -1;
        for (int j = 0; j < n; j++) {
          v[t * n * n + i * n + j] = sign * m[perm[i] * n + j];
        }
      }
    }
    return Tensor.of(v, LinalgOps.withTail(Shape.of(batch), n, n));
  }

  /** Exactly symmetric positive definite matrices {@code BᵀB + I} (eigenvalues >= 1). */
  static Tensor spd(SplittableRandom r, int[] batch, int n) {
    int count = Shape.of(batch).numel();
    double[] v = new double[count * n * n];
    for (int t = 0; t < count; t++) {
      double[] b = new double[n * n];
      for (int i = 0; i < b.length; i++) {
        b[i] = uniform(r, -1, 1);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          double s = i == j ? 1 : 0;
          for (int k = 0; k < n; k++) {
            s += b[k * n + i] * b[k * n + j];
          }
          v[t * n * n + i * n + j] = s;
          v[t * n * n + j * n + i] = s;
        }
      }
    }
    return Tensor.of(v, LinalgOps.withTail(Shape.of(batch), n, n));
  }

  /**
   * Matrices whose triangles (either one, with or without the diagonal) are well conditioned:
   * off-diagonal entries in [-1, 1], diagonal entries of magnitude in [n + 1, n + 2].
   */
  static Tensor triangularHost(SplittableRandom r, int[] batch, int n) {
    int count = Shape.of(batch).numel();
    double[] v = new double[count * n * n];
    for (int t = 0; t < count; t++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          v[t * n * n + i * n + j] = i == j ? (r.nextBoolean() ? 1 : -1) * uniform(r, n + 1, n + 2)
              : uniform(r, -1, 1);
        }
      }
    }
    return Tensor.of(v, LinalgOps.withTail(Shape.of(batch), n, n));
  }

  /** {@code m x n} matrices whose leading {@code k x k} block is well conditioned. */
  static Tensor fullRank(SplittableRandom r, int[] batch, int m, int n) {
    int count = Shape.of(batch).numel();
    double[] v = new double[count * m * n];
    for (int t = 0; t < count; t++) {
      double[] colSign = new double[n];
      for (int j = 0; j < n; j++) {
        colSign[j] = r.nextBoolean() ? 1 : -1;
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          v[t * m * n + i * n + j] = colSign[j] * (uniform(r, -1, 1) + (i == j ? 2.5 : 0));
        }
      }
    }
    return Tensor.of(v, LinalgOps.withTail(Shape.of(batch), m, n));
  }

  /** Exactly symmetric matrices with eigenvalues GAP apart and clearly signed eigenvectors. */
  static Tensor symmetricDistinct(SplittableRandom r, int[] batch, int n) {
    int count = Shape.of(batch).numel();
    double[] v = new double[count * n * n];
    double[] s = new double[n * n];
    for (int t = 0; t < count; t++) {
      do {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j <= i; j++) {
            s[i * n + j] = uniform(r, -2, 2);
            s[j * n + i] = s[i * n + j];
          }
        }
      } while (!clear(jacobi(s, n), n, n, n));
      System.arraycopy(s, 0, v, t * n * n, n * n);
    }
    return Tensor.of(v, LinalgOps.withTail(Shape.of(batch), n, n));
  }

  /** {@code m x n} matrices with singular values GAP apart and from 0, clearly signed. */
  static Tensor svdFriendly(SplittableRandom r, int[] batch, int m, int n) {
    int count = Shape.of(batch).numel();
    int k = Math.min(m, n);
    double[] v = new double[count * m * n];
    double[] a = new double[m * n];
    for (int t = 0; t < count; t++) {
      double[][] usv;
      do {
        for (int i = 0; i < a.length; i++) {
          a[i] = uniform(r, -2, 2);
        }
        usv = svdOf(a, m, n);
      } while (!(usv[1][k - 1] >= GAP && clear(new double[][] {reversed(usv[1]), usv[0]}, m, k,
          k)));
      System.arraycopy(a, 0, v, t * m * n, m * n);
    }
    return Tensor.of(v, LinalgOps.withTail(Shape.of(batch), m, n));
  }

  private static double[] reversed(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[x.length - 1 - i];
    }
    return y;
  }

  /**
   * Whether the ascending values {@code wv[0]} are GAP apart and every column of the row-major
   * {@code rows x cols} vectors {@code wv[1]} has its largest magnitude 0.05 above the next one.
   */
  private static boolean clear(double[][] wv, int rows, int cols, int count) {
    for (int i = 1; i < count; i++) {
      if (wv[0][i] - wv[0][i - 1] < GAP) {
        return false;
      }
    }
    for (int j = 0; j < cols; j++) {
      double first = 0;
      double second = 0;
      for (int i = 0; i < rows; i++) {
        double x = Math.abs(wv[1][i * cols + j]);
        if (x > first) {
          second = first;
          first = x;
        } else if (x > second) {
          second = x;
        }
      }
      if (rows > 1 && first - second < 0.05) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ references

  /** {@code det A = Σ_σ sgn(σ) Π_i A[i, σ(i)]} over all index tuples that are permutations. */
  static double leibniz(double[] a, int off, int n) {
    double total = 0;
    int tuples = 1;
    for (int i = 0; i < n; i++) {
      tuples *= n;
    }
    int[] s = new int[n];
    for (int code = 0; code < tuples; code++) {
      int c = code;
      for (int i = 0; i < n; i++) {
        s[i] = c % n;
        c /= n;
      }
      boolean perm = true;
      int inversions = 0;
      for (int i = 0; i < n && perm; i++) {
        for (int j = i + 1; j < n; j++) {
          perm &= s[i] != s[j];
          inversions += s[i] > s[j] ? 1 : 0;
        }
      }
      if (perm) {
        double p = inversions % 2 == 0 ? 1 : -1;
        for (int i = 0; i < n; i++) {
          p *= a[off + i * n + s[i]];
        }
        total += p;
      }
    }
    return total;
  }

  private static int matrices(Tensor a) {
    return LinalgOps.batchOf(a.shape()).numel();
  }

  static Tensor det(Tensor a) {
    int n = a.shape().dim(-1);
    double[] v = a.toDoubleArray();
    double[] out = new double[matrices(a)];
    for (int t = 0; t < out.length; t++) {
      out[t] = leibniz(v, t * n * n, n);
    }
    return Tensor.of(out, LinalgOps.batchOf(a.shape()).dims());
  }

  static Tensor slogdet(Tensor a) {
    double[] d = det(a).toDoubleArray();
    double[] out = new double[2 * d.length];
    for (int t = 0; t < d.length; t++) {
      out[2 * t] = Math.signum(d[t]);
      out[2 * t + 1] = Math.log(Math.abs(d[t]));
    }
    return Tensor.of(out, LinalgOps.withTail(LinalgOps.batchOf(a.shape()), 2));
  }

  /** The matrix without row r and column c. */
  private static double[] minor(double[] a, int off, int n, int r, int c) {
    double[] m = new double[(n - 1) * (n - 1)];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != r && j != c) {
          m[k++] = a[off + i * n + j];
        }
      }
    }
    return m;
  }

  /** {@code A⁻¹[i, j] = (-1)^(i+j) det(minor(j, i)) / det A}. */
  static Tensor inverse(Tensor a) {
    int n = a.shape().dim(-1);
    double[] v = a.toDoubleArray();
    double[] out = new double[v.length];
    for (int t = 0; t < matrices(a); t++) {
      int off = t * n * n;
      double d = leibniz(v, off, n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double cof = leibniz(minor(v, off, n, j, i), 0, n - 1);
          out[off + i * n + j] = ((i + j) % 2 == 0 ? cof : -cof) / d;
        }
      }
    }
    return Tensor.of(out, a.shape().dims());
  }

  /** Cramer's rule: {@code x_i = det(A with column i replaced by b) / det A}. */
  private static double[] cramer(double[] m, int n, double[] b, int k) {
    double d = leibniz(m, 0, n);
    double[] x = new double[n * k];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        double[] mi = m.clone();
        for (int row = 0; row < n; row++) {
          mi[row * n + i] = b[row * k + c];
        }
        x[i * k + c] = leibniz(mi, 0, n) / d;
      }
    }
    return x;
  }

  /**
   * A·X = B over the broadcast batch; B is a vector if 1-d or shaped like A without its last
   * axis (the documented rule), else a matrix.
   */
  static Tensor solve(Tensor a, Tensor b) {
    boolean vector = b.rank() == 1 || (b.rank() == a.rank() - 1
        && Arrays.equals(b.shape().dims(), Arrays.copyOf(a.shape().dims(), a.rank() - 1)));
    Tensor bm = vector ? b.unsqueeze(-1) : b;
    Tensor x = solveEach(a, bm, (m, n) -> m);
    return vector ? x.squeeze(-1) : x;
  }

  /** Builds the matrix actually solved with from one matrix of A. */
  private interface SystemMatrix {
    double[] of(double[] a, int n);
  }

  private static Tensor solveEach(Tensor a, Tensor b, SystemMatrix sys) {
    int n = a.shape().dim(-1);
    int k = b.shape().dim(-1);
    Shape ba = LinalgOps.batchOf(a.shape());
    Shape bb = LinalgOps.batchOf(b.shape());
    Shape batch = Shape.broadcast("reference", ba, bb);
    double[] av = a.toDoubleArray();
    double[] bv = b.toDoubleArray();
    double[] out = new double[batch.numel() * n * k];
    int[] idx = new int[batch.rank()];
    for (int t = 0; t < batch.numel(); t++) {
      Samples.unravel(t, batch, idx);
      int pa = Samples.broadcastIndex(idx, batch, ba);
      int pb = Samples.broadcastIndex(idx, batch, bb);
      double[] m = sys.of(Arrays.copyOfRange(av, pa * n * n, (pa + 1) * n * n), n);
      double[] x = cramer(m, n, Arrays.copyOfRange(bv, pb * n * k, (pb + 1) * n * k), k);
      System.arraycopy(x, 0, out, t * n * k, n * k);
    }
    return Tensor.of(out, LinalgOps.withTail(batch, n, k));
  }

  /** The explicit {@code op(T)} of a triangular solve, then Cramer's rule. */
  static Tensor solveTriangular(Tensor a, Tensor b, LinalgOps.Tri tri) {
    return solveEach(a, b, (m, n) -> {
      double[] op = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          boolean inTriangle = tri.upper() ? j >= i : j <= i;
          double x = i == j && tri.unit() ? 1 : inTriangle ? m[i * n + j] : 0;
          if (tri.transpose()) {
            op[j * n + i] = x;
          } else {
            op[i * n + j] = x;
          }
        }
      }
      return op;
    });
  }

  /** {@code (x + xᵀ)/2} of one row-major matrix. */
  private static double[] sym(double[] v, int off, int n) {
    double[] s = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        s[i * n + j] = 0.5 * (v[off + i * n + j] + v[off + j * n + i]);
      }
    }
    return s;
  }

  /**
   * Cholesky of {@code (x + xᵀ)/2}: Gaussian elimination without pivoting leaves
   * {@code U = D·Lᵀ} (L unit lower), and the factor is {@code L·√D}, i.e.
   * {@code C[i, j] = U[j, i] / √U[j, j]}.
   */
  static Tensor cholesky(Tensor x) {
    int n = x.shape().dim(-1);
    double[] v = x.toDoubleArray();
    double[] out = new double[v.length];
    for (int t = 0; t < matrices(x); t++) {
      double[] u = sym(v, t * n * n, n);
      for (int k = 0; k < n; k++) {
        for (int i = k + 1; i < n; i++) {
          double f = u[i * n + k] / u[k * n + k];
          for (int j = 0; j < n; j++) {
            u[i * n + j] -= f * u[k * n + j];
          }
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          out[t * n * n + i * n + j] = u[j * n + i] / Math.sqrt(u[j * n + j]);
        }
      }
    }
    return Tensor.of(out, x.shape().dims());
  }

  /** Packed {@code [Qᵀ | R]} by modified Gram-Schmidt (twice) on the first k columns. */
  static Tensor qr(Tensor a) {
    int m = a.shape().dim(-2);
    int n = a.shape().dim(-1);
    int k = Math.min(m, n);
    double[] v = a.toDoubleArray();
    double[] out = new double[matrices(a) * k * (m + n)];
    for (int t = 0; t < matrices(a); t++) {
      double[][] q = new double[k][m];
      for (int j = 0; j < k; j++) {
        for (int i = 0; i < m; i++) {
          q[j][i] = v[t * m * n + i * n + j];
        }
        for (int pass = 0; pass < 2; pass++) {
          for (int p = 0; p < j; p++) {
            double dot = 0;
            for (int i = 0; i < m; i++) {
              dot += q[p][i] * q[j][i];
            }
            for (int i = 0; i < m; i++) {
              q[j][i] -= dot * q[p][i];
            }
          }
        }
        double norm = 0;
        for (int i = 0; i < m; i++) {
          norm += q[j][i] * q[j][i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < m; i++) {
          q[j][i] /= norm;
        }
      }
      int o = t * k * (m + n);
      for (int i = 0; i < k; i++) {
        for (int r = 0; r < m; r++) {
          out[o + i * (m + n) + r] = q[i][r];
        }
        for (int j = i; j < n; j++) {
          double dot = 0;
          for (int r = 0; r < m; r++) {
            dot += q[i][r] * v[t * m * n + r * n + j];
          }
          out[o + i * (m + n) + m + j] = dot;
        }
      }
    }
    return Tensor.of(out, LinalgOps.withTail(LinalgOps.batchOf(a.shape()), k, m + n));
  }

  /**
   * Cyclic Jacobi on a symmetric matrix: rotations {@code A ← JᵀAJ} zero each off-diagonal entry
   * in turn for a fixed 40 sweeps (quadratic convergence needs a handful for n &lt;= 8). Returns
   * {eigenvalues ascending, eigenvectors as columns (row-major), each signed so its entry of
   * largest magnitude is positive}.
   */
  static double[][] jacobi(double[] s, int n) {
    double[] a = s.clone();
    double[] v = new double[n * n];
    for (int i = 0; i < n; i++) {
      v[i * n + i] = 1;
    }
    for (int sweep = 0; sweep < 40; sweep++) {
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = a[p * n + q];
          if (apq == 0) {
            continue;
          }
          double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
          double tan = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          double c = 1 / Math.sqrt(tan * tan + 1);
          double sn = tan * c;
          for (int r = 0; r < n; r++) { // A·J: columns p and q
            double x = a[r * n + p];
            double y = a[r * n + q];
            a[r * n + p] = c * x - sn * y;
            a[r * n + q] = sn * x + c * y;
          }
          for (int col = 0; col < n; col++) { // Jᵀ·(A·J): rows p and q
            double x = a[p * n + col];
            double y = a[q * n + col];
            a[p * n + col] = c * x - sn * y;
            a[q * n + col] = sn * x + c * y;
          }
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          for (int r = 0; r < n; r++) {
            double x = v[r * n + p];
            double y = v[r * n + q];
            v[r * n + p] = c * x - sn * y;
            v[r * n + q] = sn * x + c * y;
          }
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(a[x * n + x], a[y * n + y]));
    double[] w = new double[n];
    double[] vs = new double[n * n];
    for (int c = 0; c < n; c++) {
      int j = order[c];
      w[c] = a[j * n + j];
      int big = 0;
      for (int r = 1; r < n; r++) {
        if (Math.abs(v[r * n + j]) > Math.abs(v[big * n + j])) {
          big = r;
        }
      }
      double sign = v[big * n + j] < 0 ? -1 : 1;
      for (int r = 0; r < n; r++) {
        vs[r * n + c] = sign * v[r * n + j];
      }
    }
    return new double[][] {w, vs};
  }

  /** Packed {@code [w; V]} of the symmetric part of each matrix, by Jacobi. */
  static Tensor eigh(Tensor x) {
    int n = x.shape().dim(-1);
    double[] v = x.toDoubleArray();
    double[] out = new double[matrices(x) * (n + 1) * n];
    for (int t = 0; t < matrices(x); t++) {
      double[][] wv = jacobi(sym(v, t * n * n, n), n);
      System.arraycopy(wv[0], 0, out, t * (n + 1) * n, n);
      System.arraycopy(wv[1], 0, out, t * (n + 1) * n + n, n * n);
    }
    return Tensor.of(out, LinalgOps.withTail(LinalgOps.batchOf(x.shape()), n + 1, n));
  }

  /**
   * The SVD of one {@code m x n} matrix from the eigenpairs of {@code H = [[0, A], [Aᵀ, 0]]},
   * whose eigenvalues are {@code ±s_i} (and zeros) with eigenvectors {@code (u_i; ±v_i)/√2}.
   * Returns {U row-major m x k, s descending, Vᵀ row-major k x n}.
   */
  static double[][] svdOf(double[] a, int m, int n) {
    int k = Math.min(m, n);
    int h = m + n;
    double[] big = new double[h * h];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        big[i * h + m + j] = a[i * n + j];
        big[(m + j) * h + i] = a[i * n + j];
      }
    }
    double[][] wv = jacobi(big, h);
    double[] u = new double[m * k];
    double[] s = new double[k];
    double[] vt = new double[k * n];
    for (int c = 0; c < k; c++) {
      int col = h - 1 - c;
      s[c] = wv[0][col];
      int best = 0;
      for (int i = 1; i < m; i++) {
        if (Math.abs(wv[1][i * h + col]) > Math.abs(wv[1][best * h + col])) {
          best = i;
        }
      }
      double sign = wv[1][best * h + col] < 0 ? -Math.sqrt(2) : Math.sqrt(2);
      for (int i = 0; i < m; i++) {
        u[i * k + c] = sign * wv[1][i * h + col];
      }
      for (int j = 0; j < n; j++) {
        vt[c * n + j] = sign * wv[1][(m + j) * h + col];
      }
    }
    return new double[][] {u, s, vt};
  }

  /** Packed {@code [Uᵀ | s | Vᵀ]} of each matrix. */
  static Tensor svd(Tensor a) {
    int m = a.shape().dim(-2);
    int n = a.shape().dim(-1);
    int k = Math.min(m, n);
    int w = m + 1 + n;
    double[] v = a.toDoubleArray();
    double[] out = new double[matrices(a) * k * w];
    for (int t = 0; t < matrices(a); t++) {
      double[][] usv = svdOf(Arrays.copyOfRange(v, t * m * n, (t + 1) * m * n), m, n);
      int o = t * k * w;
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < m; j++) {
          out[o + i * w + j] = usv[0][j * k + i];
        }
        out[o + i * w + m] = usv[1][i];
        for (int j = 0; j < n; j++) {
          out[o + i * w + m + 1 + j] = usv[2][i * n + j];
        }
      }
    }
    return Tensor.of(out, LinalgOps.withTail(LinalgOps.batchOf(a.shape()), k, w));
  }
}
