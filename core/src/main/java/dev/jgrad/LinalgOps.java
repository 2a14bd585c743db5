package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Linalg;
import java.util.Arrays;

/**
 * The linear-algebra primitives: {@code det}, {@code slogdet}, {@code inverse}, {@code solve},
 * {@code cholesky}, {@code solve_triangular}, {@code qr}, {@code eigh} and {@code svd}, each over
 * a stack of matrices {@code [..., m, n]} (batch dims broadcast between the operands of the
 * two-operand ops, as in matmul). Forward values come from {@link Linalg}; float32 inputs are
 * factored in float64 and the results rounded once, so they are as accurate as float32 can hold
 * at the same O(n³) cost. Every VJP and JVP is written in differentiable tensor ops (matmul,
 * these primitives themselves, masks), so both modes differentiate again to any order.
 *
 * <p><b>Several outputs, one primitive.</b> A primitive has one output, so {@code slogdet},
 * {@code qr}, {@code eigh} and {@code svd} write theirs side by side into one packed tensor and
 * their {@link Tensor} methods return O(1) slice views of it: {@code slogdet} packs
 * {@code [..., 2] = (sign, log|det|)}; {@code qr} packs {@code [..., k, m + n] = [Qᵀ | R]};
 * {@code eigh} packs {@code [..., n + 1, n]} (row 0 the eigenvalues, then V); {@code svd} packs
 * {@code [..., k, m + 1 + n] = [Uᵀ | s | Vᵀ]}. Gradients of the views meet in the packed
 * gradient, which the VJP splits again.
 *
 * <p><b>Symmetric inputs.</b> {@code cholesky} and {@code eigh} read only the lower triangle
 * (LAPACK's {@code uplo = 'L'}, as PyTorch). Their derivatives treat the input as a symmetric
 * matrix, as PyTorch does: the gradient is symmetric (for a loss of a symmetric argument {@code S}
 * built from {@code X}, such as {@code (X + Xᵀ)/2}, it is then exact) and the JVP uses the
 * symmetric part {@code (dA + dAᵀ)/2} of the tangent, so the two modes agree.
 *
 * <p><b>Degenerate inputs.</b> Exactly singular matrices make {@code inverse}, {@code solve} and
 * {@code solve_triangular} throw (naming the matrix and the zero pivot), and with them the
 * gradients of {@code det} and {@code slogdet}, which need {@code A⁻¹} (the value of {@code det}
 * is 0 and of log|det| −∞). Eigenvector and singular-vector derivatives have terms
 * {@code 1/(λ_j − λ_i)} and {@code 1/(s_j² − s_i²)}: near-repeated values make them large, as they
 * truly are. For exactly equal values (and for {@code 1/s} at {@code s = 0} when {@code m ≠ n}),
 * where the vectors are not differentiable, those terms are taken as zero: the result is then the
 * exact gradient for losses of the eigen/singular values only (or invariant within each repeated
 * space), and finite but meaningless otherwise. {@code qr}'s derivatives need the leading
 * {@code k x k} block of {@code A} invertible (full rank).
 *
 * <p>References for the rules: M. Giles, "Collected matrix derivative results for forward and
 * reverse mode algorithmic differentiation" (2008) for det, inverse, solve and the eigen rules;
 * I. Murray, "Differentiation of the Cholesky decomposition" (2016); M. Seeger, A. Hetzel, Z. Dai,
 * E. Meissner, N. Lawrence, "Auto-differentiating linear algebra" (2017) and H.-J. Liao et al.,
 * "Differentiable programming tensor networks" (2019) for QR; J. Townsend, "Differentiating the
 * singular value decomposition" (2016) for the SVD; PyTorch's {@code FunctionsManual.cpp}
 * (linalg_qr_backward, svd_backward, linalg_eig_backward, cholesky_backward and their JVPs) for
 * the batched forms.
 */
final class LinalgOps {
  private LinalgOps() {}

  // ------------------------------------------------------------------ det, slogdet

  static final Prim<Void> DET = Prim.<Void>builder("det", (x, in) -> {
    Tensor a = in[0];
    int n = a.shape().dim(-1);
    int count = batchOf(a.shape()).numel();
    double[] v = a.toDoubleArray();
    double[] out = new double[count];
    int[] perm = new int[n];
    for (int t = 0; t < count; t++) {
      int off = t * n * n;
      double d = Linalg.lu(v, off, n, perm);
      for (int i = 0; i < n; i++) {
        d *= v[off + i * n + i];
      }
      out[t] = d;
    }
    return result(a.dtype(), out, batchOf(a.shape()).dims());
  })
      // d det = det · tr(A⁻¹ dA) (Jacobi's formula; Giles 2008)
      .vjp((s, g) -> new Tensor[] {g.mul(s.y()).unsqueeze(-1).unsqueeze(-1)
          .mul(s.x(0).inverse().transpose())})
      .jvp((s, t) -> s.y().mul(traceOfInverseTimes(s.x(0), t[0])))
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(4);
        int[] batch = LinalgSamples.batch(r);
        Tensor a = LinalgSamples.general(r, batch, n);
        return new Spec.Sample("det(a" + a.shape() + ")", in -> in[0].det(),
            in -> LinalgSamples.det(in[0]), a);
      }))
      .build();

  /** {@code tr(A⁻¹·dA) = Σ (A⁻ᵀ ∘ dA)} over the last two axes. */
  private static Tensor traceOfInverseTimes(Tensor a, Tensor da) {
    return a.inverse().transpose().mul(da).sum(new int[] {-2, -1}, false);
  }

  static final Prim<Void> SLOGDET = Prim.<Void>builder("slogdet", (x, in) -> {
    Tensor a = in[0];
    int n = a.shape().dim(-1);
    int count = batchOf(a.shape()).numel();
    double[] v = a.toDoubleArray();
    double[] out = new double[2 * count];
    int[] perm = new int[n];
    for (int t = 0; t < count; t++) {
      int off = t * n * n;
      double sign = Linalg.lu(v, off, n, perm);
      double log = 0;
      for (int i = 0; i < n; i++) {
        double u = v[off + i * n + i];
        sign *= Math.signum(u);
        log += Math.log(Math.abs(u)); // a sum of logs: no overflow where det itself would
      }
      out[2 * t] = sign == 0 ? 0 : sign; // +0, not -0 from a negative permutation sign
      out[2 * t + 1] = sign == 0 ? Double.NEGATIVE_INFINITY : log;
    }
    return result(a.dtype(), out, withTail(batchOf(a.shape()), 2));
  })
      // d log|det A| = tr(A⁻¹ dA); the sign is locally constant.
      .vjp((s, g) -> new Tensor[] {g.slice(-1, 1, 2).unsqueeze(-1)
          .mul(s.x(0).inverse().transpose())})
      .jvp((s, t) -> traceOfInverseTimes(s.x(0), t[0]).unsqueeze(-1)
          .mul(Tensor.of(new double[] {0, 1}).to(s.dtype(0))))
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(4);
        int[] batch = LinalgSamples.batch(r);
        Tensor a = LinalgSamples.general(r, batch, n);
        return new Spec.Sample("slogdet(a" + a.shape() + ")", in -> {
          Tensor[] sl = in[0].slogdet();
          return Tensor.stack(-1, sl[0], sl[1]);
        }, in -> LinalgSamples.slogdet(in[0]), a);
      }))
      .build();

  static Tensor det(Tensor a) {
    checkSquare("det", a);
    return DET.apply(a);
  }

  static Tensor[] slogdet(Tensor a) {
    checkSquare("slogdet", a);
    Tensor p = SLOGDET.apply(a);
    return new Tensor[] {p.slice(-1, 0, 1).squeeze(-1).detach(), p.slice(-1, 1, 2).squeeze(-1)};
  }

  static Tensor logdet(Tensor a) {
    checkSquare("logdet", a);
    Tensor[] sl = slogdet(a);
    return Tensor.where(sl[0].lt(0.0), Tensor.scalar(a.dtype(), Double.NaN), sl[1]);
  }

  // ------------------------------------------------------------------ inverse, solve

  static final Prim<Void> INVERSE = Prim.<Void>builder("inverse", (x, in) -> {
    Tensor a = in[0];
    int n = a.shape().dim(-1);
    int count = batchOf(a.shape()).numel();
    double[] v = a.toDoubleArray();
    double[] out = new double[count * n * n];
    int[] perm = new int[n];
    for (int t = 0; t < count; t++) {
      int off = t * n * n;
      factor("inverse", a.shape(), t, v, off, n, perm);
      for (int i = 0; i < n; i++) {
        out[off + i * n + i] = 1;
      }
      Linalg.luSolve(v, off, n, perm, out, off, n);
    }
    return result(a.dtype(), out, a.shape().dims());
  })
      // Y = A⁻¹: dY = -Y·dA·Y, so gA = -Yᵀ·g·Yᵀ (Giles 2008)
      .vjp((s, g) -> {
        Tensor yt = s.y().transpose();
        return new Tensor[] {yt.matmul(g).matmul(yt).neg()};
      })
      .jvp((s, t) -> s.y().matmul(t[0]).matmul(s.y()).neg())
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        Tensor a = LinalgSamples.general(r, LinalgSamples.batch(r), n);
        return new Spec.Sample("inverse(a" + a.shape() + ")", in -> in[0].inverse(),
            in -> LinalgSamples.inverse(in[0]), a);
      }))
      .build();

  static Tensor inverse(Tensor a) {
    checkSquare("inverse", a);
    return INVERSE.apply(a);
  }

  static final Prim<Void> SOLVE = Prim.<Void>builder("solve", (x, in) -> {
    Tensor a = in[0];
    Tensor b = in[1];
    int n = a.shape().dim(-1);
    int k = b.shape().dim(-1);
    Shape ba = batchOf(a.shape());
    Shape bb = batchOf(b.shape());
    Shape batch = Shape.broadcast("solve", ba, bb);
    double[] av = a.toDoubleArray();
    double[] bv = b.toDoubleArray();
    int[][] perms = new int[ba.numel()][n];
    for (int t = 0; t < perms.length; t++) {
      factor("solve", a.shape(), t, av, t * n * n, n, perms[t]); // each matrix of A once
    }
    int[] sa = sources(batch, ba);
    int[] sb = sources(batch, bb);
    double[] out = new double[batch.numel() * n * k];
    for (int t = 0; t < sa.length; t++) {
      System.arraycopy(bv, sb[t] * n * k, out, t * n * k, n * k);
      Linalg.luSolve(av, sa[t] * n * n, n, perms[sa[t]], out, t * n * k, k);
    }
    return result(a.dtype(), out, withTail(batch, n, k));
  })
      // X = A⁻¹B: dX = A⁻¹(dB - dA·X), so gB = A⁻ᵀg and gA = -gB·Xᵀ (Giles 2008)
      .vjp((s, g) -> {
        Tensor gb = solveMatrix(s.x(0).transpose(), g);
        return new Tensor[] {s.needs(0) ? gb.matmul(s.y().transpose()).neg() : null, gb};
      })
      .jvp((s, t) -> {
        Tensor rhs = t[0] == null ? t[1] : t[0].matmul(s.y()).neg();
        if (t[0] != null && t[1] != null) {
          rhs = t[1].add(rhs);
        }
        return solveMatrix(s.x(0), rhs);
      })
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(2);
        int[][][] batches = {{{}, {}}, {{2}, {2}}, {{2}, {}}, {{}, {2}}, {{2, 1}, {3}}};
        int[][] pair = batches[r.nextInt(batches.length)];
        boolean vector = r.nextInt(3) == 0;
        Tensor a = LinalgSamples.general(r, pair[0], n);
        int[] bs = vector ? (pair[1].length == 0 ? new int[] {n} : withTail(Shape.of(pair[0]), n))
            : withTail(Shape.of(pair[1]), n, k);
        Tensor b = Samples.real(r, bs);
        return new Spec.Sample("solve(a" + a.shape() + ", b" + b.shape() + ")",
            in -> in[0].solve(in[1]), in -> LinalgSamples.solve(in[0], in[1]), a, b);
      }))
      .build();

  /** The primitive on a matrix right-hand side (rules call it so no vector rule applies). */
  private static Tensor solveMatrix(Tensor a, Tensor b) {
    return SOLVE.apply(a, b);
  }

  static Tensor solve(Tensor a, Tensor b) {
    checkSquare("solve", a);
    checkArgument(b.rank() >= 1, "solve: B must be a vector or a matrix, got shape %s",
        b.shape());
    DType t = DType.resultType(a, b); // floating, since A is
    int n = a.shape().dim(-1);
    // PyTorch's rule: B is a (batch of) vector(s) if 1-d or shaped like A without its last axis.
    boolean vector = b.rank() == 1 || (b.rank() == a.rank() - 1
        && Arrays.equals(b.shape().dims(), Arrays.copyOf(a.shape().dims(), a.rank() - 1)));
    Tensor bm = vector ? b.unsqueeze(-1) : b;
    checkArgument(bm.rank() >= 2 && bm.shape().dim(-2) == n, "solve: expected A [..., n, n] and "
        + "B [..., n, k] or [..., n], got A %s and B %s", a.shape(), b.shape());
    checkBatches("solve", a, bm, b);
    Tensor x = SOLVE.apply(a.to(t), bm.to(t));
    return vector ? x.squeeze(-1) : x;
  }

  // ------------------------------------------------------------------ cholesky

  static final Prim<Void> CHOLESKY = Prim.<Void>builder("cholesky", (x, in) -> {
    Tensor a = in[0];
    int n = a.shape().dim(-1);
    int count = batchOf(a.shape()).numel();
    double[] v = a.toDoubleArray();
    for (int t = 0; t < count; t++) {
      int off = t * n * n;
      int bad = Linalg.cholesky(v, off, n);
      if (bad >= 0) {
        throw new IllegalArgumentException(String.format("cholesky: %s is not positive definite "
            + "(pivot %d is %s)", which(a.shape(), t), bad, number(v[off + bad * n + bad])));
      }
    }
    return result(a.dtype(), v, a.shape().dims());
  })
      // Murray 2016: gA = L⁻ᵀ·sym(Φ(Lᵀ·gL))·L⁻¹, dL = L·Φ(L⁻¹·sym(dA)·L⁻ᵀ), Φ = lower triangle
      // with the diagonal halved.
      .vjp((s, g) -> {
        Tensor l = s.y();
        Tensor mid = sym(phi(l.transpose().matmul(g)));
        Tensor left = solveTriangular(l, mid, false, true, false);
        return new Tensor[] {solveTriangular(l, left.transpose(), false, true, false)
            .transpose()};
      })
      .jvp((s, t) -> {
        Tensor l = s.y();
        Tensor w = solveTriangular(l, sym(t[0]), false, false, false);
        Tensor k = solveTriangular(l, w.transpose(), false, false, false).transpose();
        return l.matmul(phi(k));
      })
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        Tensor a = LinalgSamples.spd(r, LinalgSamples.batch(r), n);
        return new Spec.Sample("cholesky(sym(a" + a.shape() + "))",
            in -> sym(in[0]).cholesky(), in -> LinalgSamples.cholesky(in[0]), a);
      }))
      .build();

  static Tensor cholesky(Tensor a) {
    checkSquare("cholesky", a);
    return CHOLESKY.apply(a);
  }

  // ------------------------------------------------------------------ triangular solve

  /** Which triangle of A is T, whether to solve with Tᵀ, whether T's diagonal is taken as 1. */
  record Tri(boolean upper, boolean transpose, boolean unit) {
    @Override
    public String toString() {
      return "upper=" + upper + ", transpose=" + transpose + ", unit=" + unit;
    }

    /** The mask of the entries of A that T reads. */
    Tensor mask(DType t, int n) {
      return LinalgOps.mask(t, n, n, (i, j) -> (upper ? j - i : i - j) >= (unit ? 1 : 0) ? 1 : 0);
    }
  }

  static final Prim<Tri> SOLVE_TRIANGULAR = Prim.<Tri>builder("solve_triangular", (tri, in) -> {
    Tensor a = in[0];
    Tensor b = in[1];
    int n = a.shape().dim(-1);
    int k = b.shape().dim(-1);
    Shape ba = batchOf(a.shape());
    Shape bb = batchOf(b.shape());
    Shape batch = Shape.broadcast("solve_triangular", ba, bb);
    double[] av = a.toDoubleArray();
    if (!tri.unit) {
      for (int t = 0; t < ba.numel(); t++) {
        for (int i = 0; i < n; i++) {
          if (av[t * n * n + i * n + i] == 0) {
            throw new IllegalArgumentException(String.format("solve_triangular: %s is singular "
                + "(diagonal entry %d is 0)", which(a.shape(), t), i));
          }
        }
      }
    }
    double[] bv = b.toDoubleArray();
    int[] sa = sources(batch, ba);
    int[] sb = sources(batch, bb);
    double[] out = new double[batch.numel() * n * k];
    for (int t = 0; t < sa.length; t++) {
      System.arraycopy(bv, sb[t] * n * k, out, t * n * k, n * k);
      Linalg.triangularSolve(av, sa[t] * n * n, n, tri.upper, tri.transpose, tri.unit, out,
          t * n * k, k);
    }
    return result(a.dtype(), out, withTail(batch, n, k));
  })
      // X = op(T)⁻¹B: gB = op(T)⁻ᵀg, g_op(T) = -gB·Xᵀ, masked to the entries of A that T reads;
      // dX = op(T)⁻¹(dB - op(dT)·X).
      .vjp((s, g) -> {
        Tri tri = s.a();
        Tensor gb = LinalgOps.SOLVE_TRIANGULAR.apply(new Tri(tri.upper, !tri.transpose, tri.unit),
            s.x(0), g);
        Tensor ga = null;
        if (s.needs(0)) {
          Tensor gop = gb.matmul(s.y().transpose()).neg();
          ga = (tri.transpose ? gop.transpose() : gop)
              .mul(tri.mask(s.dtype(0), s.shape(0).dim(-1)));
        }
        return new Tensor[] {ga, gb};
      })
      .jvp((s, t) -> {
        Tri tri = s.a();
        Tensor rhs = t[1];
        if (t[0] != null) {
          Tensor dt = t[0].mul(tri.mask(s.dtype(0), s.shape(0).dim(-1)));
          Tensor prod = (tri.transpose ? dt.transpose() : dt).matmul(s.y()).neg();
          rhs = rhs == null ? prod : rhs.add(prod);
        }
        return LinalgOps.SOLVE_TRIANGULAR.apply(tri, s.x(0), rhs);
      })
      .format(Tri::toString)
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(2);
        Tri tri = new Tri(r.nextBoolean(), r.nextBoolean(), r.nextInt(3) == 0);
        int[][][] batches = {{{}, {}}, {{2}, {2}}, {{2}, {}}, {{}, {2}}};
        int[][] pair = batches[r.nextInt(batches.length)];
        Tensor a = LinalgSamples.triangularHost(r, pair[0], n);
        Tensor b = Samples.real(r, withTail(Shape.of(pair[1]), n, k));
        return new Spec.Sample("solve_triangular(a" + a.shape() + ", b" + b.shape() + ", " + tri
            + ")", in -> in[0].solveTriangular(in[1], tri.upper, tri.transpose, tri.unit),
            in -> LinalgSamples.solveTriangular(in[0], in[1], tri), a, b);
      }))
      .build();

  static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean transpose,
      boolean unit) {
    checkSquare("solve_triangular", a);
    DType t = DType.resultType(a, b); // floating, since A is
    int n = a.shape().dim(-1);
    checkArgument(b.rank() >= 2 && b.shape().dim(-2) == n, "solve_triangular: expected A "
        + "[..., n, n] and B [..., n, k], got A %s and B %s", a.shape(), b.shape());
    checkBatches("solve_triangular", a, b, b);
    return SOLVE_TRIANGULAR.apply(new Tri(upper, transpose, unit), a.to(t), b.to(t));
  }

  // ------------------------------------------------------------------ qr

  static final Prim<Void> QR = Prim.<Void>builder("qr", (x, in) -> {
    Tensor a = in[0];
    int m = a.shape().dim(-2);
    int n = a.shape().dim(-1);
    int k = Math.min(m, n);
    int count = batchOf(a.shape()).numel();
    double[] v = a.toDoubleArray();
    double[] q = new double[m * k];
    double[] r = new double[k * n];
    double[] out = new double[count * k * (m + n)];
    for (int t = 0; t < count; t++) {
      Linalg.qr(v, t * m * n, m, n, q, 0, r, 0);
      int o = t * k * (m + n);
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < m; j++) {
          out[o + i * (m + n) + j] = q[j * k + i];
        }
        System.arraycopy(r, i * n, out, o + i * (m + n) + m, n);
      }
    }
    return result(a.dtype(), out, withTail(batchOf(a.shape()), k, m + n));
  })
      .vjp((s, g) -> {
        int m = s.shape(0).dim(-2);
        int n = s.shape(0).dim(-1);
        Tensor p = s.y();
        Tensor q = p.slice(-1, 0, m).transpose();
        Tensor r = p.slice(-1, m, m + n);
        Tensor gq = g.slice(-1, 0, m).transpose();
        Tensor gr = g.slice(-1, m, m + n);
        if (m >= n) {
          return new Tensor[] {qrVjp(q, r, gq, gr)};
        }
        // A = [X | Y] with X = Q·U square and Y = Q·V: V's gradient reaches Q through Y·gVᵀ.
        Tensor y = s.x(0).slice(-1, m, n);
        Tensor gv = gr.slice(-1, m, n);
        Tensor gx = qrVjp(q, r.slice(-1, 0, m), gq.add(y.matmul(gv.transpose())),
            gr.slice(-1, 0, m));
        return new Tensor[] {Tensor.concat(-1, gx, q.matmul(gv))};
      })
      .jvp((s, t) -> {
        int m = s.shape(0).dim(-2);
        int n = s.shape(0).dim(-1);
        Tensor p = s.y();
        Tensor q = p.slice(-1, 0, m).transpose();
        Tensor r = p.slice(-1, m, m + n);
        if (m >= n) {
          Tensor[] d = qrJvp(q, r, t[0]);
          return Tensor.concat(-1, d[0].transpose(), d[1]);
        }
        Tensor[] d = qrJvp(q, r.slice(-1, 0, m), t[0].slice(-1, 0, m));
        Tensor dv = d[0].transpose().matmul(s.x(0).slice(-1, m, n))
            .add(q.transpose().matmul(t[0].slice(-1, m, n)));
        return Tensor.concat(-1, d[0].transpose(), d[1], dv);
      })
      .spec(Spec.of(r -> {
        int m = 1 + r.nextInt(3);
        int n = 1 + r.nextInt(3);
        Tensor a = LinalgSamples.fullRank(r, LinalgSamples.batch(r), m, n);
        return new Spec.Sample("qr(a" + a.shape() + ")", in -> {
          Tensor[] qr = in[0].qr();
          return Tensor.concat(-1, qr[0].transpose(), qr[1]);
        }, in -> LinalgSamples.qr(in[0]), a);
      }))
      .build();

  /**
   * The QR VJP for {@code m >= n} (Q {@code m x n}, R {@code n x n}):
   * {@code gA = (gQ + Q·copyltu(M))·R⁻ᵀ} with {@code M = gR·Rᵀ - Qᵀ·gQ} and
   * {@code copyltu(M) = triu(M) + triu(M, 1)ᵀ} (Seeger et al. 2017; Liao et al. 2019).
   */
  private static Tensor qrVjp(Tensor q, Tensor r, Tensor gq, Tensor gr) {
    Tensor m = gr.matmul(r.transpose()).sub(q.transpose().matmul(gq));
    Tensor copy = triu(m, 0).add(triu(m, 1).transpose());
    Tensor y = gq.add(q.matmul(copy));
    return solveTriangular(r, y.transpose(), true, false, false).transpose();
  }

  /**
   * The QR JVP for {@code m >= n}: with {@code D = dA·R⁻¹} and {@code C = Qᵀ·D}, the
   * antisymmetric {@code Ω = Qᵀ·dQ} is {@code tril(C, -1) - tril(C, -1)ᵀ}, {@code dR = (C - Ω)·R}
   * and {@code dQ = D - Q·(C - Ω)}. Returns {dQ, dR}.
   */
  private static Tensor[] qrJvp(Tensor q, Tensor r, Tensor da) {
    Tensor d = solveTriangular(r, da.transpose(), true, true, false).transpose();
    Tensor c = q.transpose().matmul(d);
    Tensor lower = tril(c, -1);
    Tensor upper = c.sub(lower).add(lower.transpose());
    return new Tensor[] {d.sub(q.matmul(upper)), upper.matmul(r)};
  }

  static Tensor[] qr(Tensor a) {
    checkMatrix("qr", a);
    int m = a.shape().dim(-2);
    int n = a.shape().dim(-1);
    Tensor p = QR.apply(a);
    return new Tensor[] {p.slice(-1, 0, m).transpose(), p.slice(-1, m, m + n)};
  }

  // ------------------------------------------------------------------ eigh

  static final Prim<Void> EIGH = Prim.<Void>builder("eigh", (x, in) -> {
    Tensor a = in[0];
    int n = a.shape().dim(-1);
    int count = batchOf(a.shape()).numel();
    double[] v = a.toDoubleArray();
    checkFinite("eigh", a.shape(), v, true);
    double[] out = new double[count * (n + 1) * n];
    for (int t = 0; t < count; t++) {
      int o = t * (n + 1) * n;
      Linalg.eigh(v, t * n * n, n, out, o, out, o + n);
    }
    return result(a.dtype(), out, withTail(batchOf(a.shape()), n + 1, n));
  })
      // Giles 2008: dΛ = diag(Vᵀ·S·V), dV = V·(F ∘ Vᵀ·S·V), F_ij = 1/(λ_j - λ_i) (0 on the
      // diagonal and for equal λ), S the symmetric tangent; the VJP is the adjoint, symmetrized.
      .vjp((s, g) -> {
        int n = s.shape(0).dim(-1);
        Tensor p = s.y();
        Tensor w = p.slice(-2, 0, 1).squeeze(-2);
        Tensor v = p.slice(-2, 1, n + 1);
        Tensor gv = g.slice(-2, 1, n + 1);
        Tensor k = v.transpose().matmul(gv);
        Tensor inner = k.sub(k.transpose()).mul(0.5).mul(gapReciprocals(w))
            .add(diagEmbed(g.slice(-2, 0, 1).squeeze(-2)));
        return new Tensor[] {v.matmul(inner).matmul(v.transpose())};
      })
      .jvp((s, t) -> {
        int n = s.shape(0).dim(-1);
        Tensor p = s.y();
        Tensor w = p.slice(-2, 0, 1).squeeze(-2);
        Tensor v = p.slice(-2, 1, n + 1);
        Tensor k = v.transpose().matmul(sym(t[0])).matmul(v);
        Tensor dv = v.matmul(k.mul(gapReciprocals(w)));
        return Tensor.concat(-2, diagonal(k).unsqueeze(-2), dv);
      })
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        Tensor a = LinalgSamples.symmetricDistinct(r, LinalgSamples.batch(r), n);
        return new Spec.Sample("eigh(sym(a" + a.shape() + "))", in -> {
          Tensor[] e = sym(in[0]).eigh();
          return Tensor.concat(-2, e[0].unsqueeze(-2), e[1]);
        }, in -> LinalgSamples.eigh(in[0]), a);
      }))
      .build();

  /** {@code F[..., i, j] = 1/(w_j - w_i)}, 0 where {@code w_i == w_j} (the diagonal included). */
  private static Tensor gapReciprocals(Tensor w) {
    return safeReciprocal(w.unsqueeze(-2).sub(w.unsqueeze(-1)));
  }

  static Tensor[] eigh(Tensor a) {
    checkSquare("eigh", a);
    int n = a.shape().dim(-1);
    Tensor p = EIGH.apply(a);
    return new Tensor[] {p.slice(-2, 0, 1).squeeze(-2), p.slice(-2, 1, n + 1)};
  }

  // ------------------------------------------------------------------ svd

  static final Prim<Void> SVD = Prim.<Void>builder("svd", (x, in) -> {
    Tensor a = in[0];
    int m = a.shape().dim(-2);
    int n = a.shape().dim(-1);
    int k = Math.min(m, n);
    int count = batchOf(a.shape()).numel();
    double[] v = a.toDoubleArray();
    checkFinite("svd", a.shape(), v, false);
    double[] u = new double[m * k];
    double[] sv = new double[k];
    double[] vt = new double[k * n];
    int w = m + 1 + n;
    double[] out = new double[count * k * w];
    for (int t = 0; t < count; t++) {
      Linalg.svd(v, t * m * n, m, n, u, 0, sv, 0, vt, 0);
      int o = t * k * w;
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < m; j++) {
          out[o + i * w + j] = u[j * k + i];
        }
        out[o + i * w + m] = sv[i];
        System.arraycopy(vt, i * n, out, o + i * w + m + 1, n);
      }
    }
    return result(a.dtype(), out, withTail(batchOf(a.shape()), k, w));
  })
      // Townsend 2016 and PyTorch's svd_backward, with F_jk = 1/(s_k² - s_j²) (0 for equal s):
      // gA = U·[F ∘ (J·S + S·K) + diag(gS)]·Vᵀ + (I - UUᵀ)·gU·S⁻¹·Vᵀ + U·S⁻¹·gVᵀ·(I - VVᵀ),
      // J = UᵀgU - gUᵀU, K = VᵀgV - gVᵀV (the last two terms only for m > k, n > k).
      .vjp((s, g) -> {
        int m = s.shape(0).dim(-2);
        int n = s.shape(0).dim(-1);
        int k = Math.min(m, n);
        Tensor p = s.y();
        Tensor u = p.slice(-1, 0, m).transpose();
        Tensor sv = p.slice(-1, m, m + 1).squeeze(-1);
        Tensor vh = p.slice(-1, m + 1, m + 1 + n);
        Tensor v = vh.transpose();
        Tensor gu = g.slice(-1, 0, m).transpose();
        Tensor gv = g.slice(-1, m + 1, m + 1 + n).transpose();
        Tensor j = u.transpose().matmul(gu);
        Tensor kk = v.transpose().matmul(gv);
        Tensor inner = j.sub(j.transpose()).mul(sv.unsqueeze(-2))
            .add(sv.unsqueeze(-1).mul(kk.sub(kk.transpose())))
            .mul(gapReciprocals(sv.mul(sv)))
            .add(diagEmbed(g.slice(-1, m, m + 1).squeeze(-1)));
        Tensor ga = u.matmul(inner).matmul(vh);
        Tensor sinv = safeReciprocal(sv).unsqueeze(-2);
        if (m > k) {
          Tensor gus = gu.mul(sinv);
          ga = ga.add(gus.sub(u.matmul(u.transpose().matmul(gus))).matmul(vh));
        }
        if (n > k) {
          Tensor gvs = gv.mul(sinv).transpose();
          ga = ga.add(u.matmul(gvs.sub(gvs.matmul(v).matmul(vh))));
        }
        return new Tensor[] {ga};
      })
      // dP = Uᵀ·dA·V, dS = diag(dP), dX = dP - diag(dS): dU = U·(F ∘ (dX·S + (dX·S)ᵀ))
      // + (I - UUᵀ)·dA·V·S⁻¹ and dV = V·(F ∘ (S·dX + (S·dX)ᵀ)) + (I - VVᵀ)·dAᵀ·U·S⁻¹.
      .jvp((s, t) -> {
        int m = s.shape(0).dim(-2);
        int n = s.shape(0).dim(-1);
        int k = Math.min(m, n);
        Tensor p = s.y();
        Tensor u = p.slice(-1, 0, m).transpose();
        Tensor sv = p.slice(-1, m, m + 1).squeeze(-1);
        Tensor v = p.slice(-1, m + 1, m + 1 + n).transpose();
        Tensor da = t[0];
        Tensor dp = u.transpose().matmul(da).matmul(v);
        Tensor ds = diagonal(dp);
        Tensor dx = dp.sub(diagEmbed(ds));
        Tensor f = gapReciprocals(sv.mul(sv));
        Tensor dxs = dx.mul(sv.unsqueeze(-2));
        Tensor sdx = sv.unsqueeze(-1).mul(dx);
        Tensor du = u.matmul(dxs.add(dxs.transpose()).mul(f));
        Tensor dv = v.matmul(sdx.add(sdx.transpose()).mul(f));
        Tensor sinv = safeReciprocal(sv).unsqueeze(-2);
        if (m > k) {
          Tensor y = da.matmul(v).mul(sinv);
          du = du.add(y.sub(u.matmul(u.transpose().matmul(y))));
        }
        if (n > k) {
          Tensor y = da.transpose().matmul(u).mul(sinv);
          dv = dv.add(y.sub(v.matmul(v.transpose().matmul(y))));
        }
        return Tensor.concat(-1, du.transpose(), ds.unsqueeze(-1), dv.transpose());
      })
      .spec(Spec.of(r -> {
        int m = 1 + r.nextInt(3);
        int n = 1 + r.nextInt(3);
        Tensor a = LinalgSamples.svdFriendly(r, LinalgSamples.batch(r), m, n);
        return new Spec.Sample("svd(a" + a.shape() + ")", in -> {
          Tensor[] usv = in[0].svd();
          return Tensor.concat(-1, usv[0].transpose(), usv[1].unsqueeze(-1), usv[2]);
        }, in -> LinalgSamples.svd(in[0]), a);
      }))
      .build();

  static Tensor[] svd(Tensor a) {
    checkMatrix("svd", a);
    int m = a.shape().dim(-2);
    int n = a.shape().dim(-1);
    Tensor p = SVD.apply(a);
    return new Tensor[] {p.slice(-1, 0, m).transpose(), p.slice(-1, m, m + 1).squeeze(-1),
        p.slice(-1, m + 1, m + 1 + n)};
  }

  // ------------------------------------------------------------------ composites

  static Tensor outer(Tensor a, Tensor b) {
    checkArgument(a.rank() == 1 && b.rank() == 1, "outer: expects two vectors, got shapes %s "
        + "and %s", a.shape(), b.shape());
    return a.unsqueeze(1).mul(b.unsqueeze(0));
  }

  static Tensor trace(Tensor a) {
    checkArgument(a.rank() >= 2, "trace: expects a matrix or a batch of them [..., m, n], got "
        + "shape %s", a.shape());
    return a.diagonal(0, -2, -1).sum(new int[] {-1}, false);
  }

  // ------------------------------------------------------------------ tensor helpers of rules

  /** {@code (x + xᵀ)/2} over the last two axes. */
  static Tensor sym(Tensor x) {
    return x.add(x.transpose()).mul(0.5);
  }

  /** Murray's Φ: the lower triangle with the diagonal halved. */
  private static Tensor phi(Tensor x) {
    int n = x.shape().dim(-1);
    return x.mul(mask(x.dtype(), n, n, (i, j) -> i > j ? 1 : i == j ? 0.5 : 0));
  }

  /** Entries on and below the k-th diagonal (above it are zeroed). */
  private static Tensor tril(Tensor x, int k) {
    return x.mul(mask(x.dtype(), x.shape().dim(-2), x.shape().dim(-1),
        (i, j) -> j - i <= k ? 1 : 0));
  }

  /** Entries on and above the k-th diagonal. */
  private static Tensor triu(Tensor x, int k) {
    return x.mul(mask(x.dtype(), x.shape().dim(-2), x.shape().dim(-1),
        (i, j) -> j - i >= k ? 1 : 0));
  }

  private static Tensor diagonal(Tensor x) {
    return x.diagonal(0, -2, -1);
  }

  /** {@code [..., n] -> [..., n, n]} with the vector on the diagonal. */
  private static Tensor diagEmbed(Tensor v) {
    return v.unsqueeze(-1).mul(Tensor.eye(v.dtype(), v.shape().dim(-1)));
  }

  /**
   * {@code 1/x}, and 0 where {@code x == 0}; both branches stay finite, so no 0·∞ appears when
   * the result is differentiated again.
   */
  private static Tensor safeReciprocal(Tensor x) {
    Tensor zero = x.eq(0.0);
    return Tensor.where(zero, Tensor.scalar(x.dtype(), 0.0),
        Tensor.where(zero, Tensor.scalar(x.dtype(), 1.0), x).reciprocal());
  }

  /** Entry values of a constant mask. */
  interface Entry {
    double at(int i, int j);
  }

  /** A constant {@code rows x cols} matrix of dtype t. */
  static Tensor mask(DType t, int rows, int cols, Entry e) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        v[i * cols + j] = e.at(i, j);
      }
    }
    return result(t, v, new int[] {rows, cols});
  }

  // ------------------------------------------------------------------ checks and plumbing

  private static void checkFloat(String op, Tensor x) {
    checkArgument(x.dtype().isFloatingPoint(), "%s: needs a floating-point matrix, got %s "
        + "(convert with to(DType))", op, x.dtype());
  }

  static void checkMatrix(String op, Tensor x) {
    checkFloat(op, x);
    checkArgument(x.rank() >= 2, "%s: expected a matrix or a batch of them [..., m, n], got "
        + "shape %s", op, x.shape());
  }

  static void checkSquare(String op, Tensor x) {
    checkFloat(op, x);
    checkArgument(x.rank() >= 2 && x.shape().dim(-1) == x.shape().dim(-2), "%s: expected a "
        + "square matrix or a batch of them [..., n, n], got shape %s", op, x.shape());
  }

  private static void checkBatches(String op, Tensor a, Tensor bm, Tensor given) {
    try {
      Shape.broadcast(op, batchOf(a.shape()), batchOf(bm.shape()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(String.format("%s: batch dims of A %s and B %s do not "
          + "broadcast (%s)", op, a.shape(), given.shape(), e.getMessage()), e);
    }
  }

  /** LU-factors one matrix in place, refusing a singular one by its first zero pivot. */
  private static void factor(String op, Shape shape, int t, double[] v, int off, int n,
      int[] perm) {
    Linalg.lu(v, off, n, perm);
    int zero = Linalg.zeroPivot(v, off, n);
    if (zero >= 0) {
      throw new IllegalArgumentException(String.format("%s: %s is singular (pivot %d is 0)", op,
          which(shape, t), zero));
    }
  }

  /** Refuses NaN and infinities, which the iterative eigen/SVD kernels cannot converge on. */
  private static void checkFinite(String op, Shape shape, double[] v, boolean lowerOnly) {
    int m = shape.dim(-2);
    int n = shape.dim(-1);
    for (int p = 0; p < v.length; p++) {
      int i = (p / n) % m;
      int j = p % n;
      if (!Double.isFinite(v[p]) && (!lowerOnly || j <= i)) {
        int t = p / (m * n);
        throw new IllegalArgumentException(String.format("%s: %s has a non-finite entry %s at "
            + "[%d, %d]", op, which(shape, t), v[p], i, j));
      }
    }
  }

  /** {@code matrix [3, 3]}, or {@code matrix [1, 0] of the batch [2, 2, 3, 3]}, for errors. */
  static String which(Shape shape, int t) {
    Shape batch = batchOf(shape);
    if (batch.rank() == 0) {
      return "matrix " + shape;
    }
    int[] idx = new int[batch.rank()];
    for (int i = idx.length - 1; i >= 0; i--) {
      idx[i] = t % batch.dim(i);
      t /= batch.dim(i);
    }
    return "matrix " + Arrays.toString(idx) + " of the batch " + shape;
  }

  /** A pivot value as text: integers without a fraction ({@code 0}, {@code -2}). */
  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** All dims but the last two. */
  static Shape batchOf(Shape s) {
    return Shape.of(Arrays.copyOf(s.dims(), s.rank() - 2));
  }

  static int[] withTail(Shape batch, int... tail) {
    int[] d = Arrays.copyOf(batch.dims(), batch.rank() + tail.length);
    System.arraycopy(tail, 0, d, batch.rank(), tail.length);
    return d;
  }

  /** For each matrix of the broadcast batch, the row-major index of the matrix of {@code of}. */
  private static int[] sources(Shape batch, Shape of) {
    int[] out = new int[batch.numel()];
    int[] idx = new int[batch.rank()];
    int lead = batch.rank() - of.rank();
    for (int t = 0; t < out.length; t++) {
      int src = 0;
      for (int i = 0; i < of.rank(); i++) {
        src = src * of.dim(i) + (of.dim(i) == 1 ? 0 : idx[i + lead]);
      }
      out[t] = src;
      for (int d = idx.length - 1; d >= 0 && ++idx[d] == batch.dim(d); d--) {
        idx[d] = 0;
      }
    }
    return out;
  }

  /** A tensor of dtype t over float64 values (rounded once for float32). */
  static Tensor result(DType t, double[] v, int[] dims) {
    if (t == DType.FLOAT64) {
      return Tensor.wrap(v, Shape.of(dims));
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return Tensor.wrap(f, Shape.of(dims));
  }
}
