package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.MatMul;
import java.util.Arrays;

/**
 * Batched matrix product {@code C[..., n, m] = A[..., n, k] · B[..., k, m]} with NumPy
 * broadcasting of the batch dims. Operands are read through their strides: a matrix whose last
 * axis is contiguous is read row-major, one whose second-to-last axis is contiguous (a transposed
 * view such as {@code w.transpose()}) is read transposed in place, anything else is copied first.
 * {@code dA = G·Bᵀ} and {@code dB = Aᵀ·G} use transposed views, so backward never materializes a
 * transpose either, and an operand stored transposed gets its gradient in its own layout (see
 * {@link #readTransposed}); the tangent is {@code dA·B + A·dB}. Gradients come back with the
 * broadcast batch shape; the engine sums them to each input's. Vector operands
 * ({@link Tensor#matmul}) are handled around this primitive by unsqueezing and squeezing.
 */
final class MatmulOp {
  private MatmulOp() {}

  static final Prim<Void> MATMUL = Prim.<Void>builder("matmul", (x, in) -> product(in[0], in[1]))
      .vjp((s, g) -> new Tensor[] {
          !s.needs(0) ? null : gradA(s, g), !s.needs(1) ? null : gradB(s, g)})
      .addsInto(0, 1)
      .jvp((s, t) -> BinaryOps.plus(t[0] == null ? null : t[0].matmul(s.x(1)),
          t[1] == null ? null : s.x(0).matmul(t[1])))
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(3);
        int m = 1 + r.nextInt(3);
        int[][] batches = {{}, {2}, {1}, {2, 1}};
        int[] ba = batches[r.nextInt(batches.length)];
        int[] bb = r.nextBoolean() ? ba : batches[r.nextInt(2)];
        boolean tb = r.nextBoolean();
        int[] as = concat(ba, n, k);
        int[] bs = tb ? concat(bb, m, k) : concat(bb, k, m);
        Tensor a = Samples.real(r, as);
        Tensor b = Samples.real(r, bs);
        return new Spec.Sample("matmul(a" + Arrays.toString(as) + ", b" + Arrays.toString(bs)
            + (tb ? "ᵀ" : "") + ")", in -> in[0].matmul(tb ? in[1].transpose() : in[1]),
            in -> reference(in[0], tb ? in[1].transpose().copy() : in[1]), a, b);
      }))
      .build();

  /**
   * {@code dA = G·Bᵀ}; added into the leaf's zeroed {@code .grad} when the engine offers it and
   * the product has no batch dims (a leaf operand of a batched product gets its gradient summed
   * over the batch by the engine instead).
   */
  private static Tensor gradA(Saved<Void> s, Tensor g) {
    Tensor into = g.rank() == 2 ? s.into(0) : null;
    if (into != null) {
      return addProduct(g, s.x(1).transpose(), into);
    }
    return readTransposed(s.x(0), g) ? s.x(1).matmul(g.transpose()).transpose()
        : g.matmul(s.x(1).transpose());
  }

  /** {@code dB = Aᵀ·G}, added into an offered buffer as {@link #gradA} does. */
  private static Tensor gradB(Saved<Void> s, Tensor g) {
    Tensor into = g.rank() == 2 ? s.into(1) : null;
    if (into != null) {
      return addProduct(s.x(0).transpose(), g, into);
    }
    return readTransposed(s.x(1), g) ? g.transpose().matmul(s.x(0)).transpose()
        : s.x(0).transpose().matmul(g);
  }

  /**
   * Whether operand x is a plain matrix stored transposed (such as a linear layer's {@code Wᵀ});
   * its gradient is then computed as the product's transpose, {@code dA = (B·Gᵀ)ᵀ} or
   * {@code dB = (Gᵀ·A)ᵀ}, densely, and returned as a transposed view: undoing x's view on the
   * way to the leaf yields a dense gradient, which the engine stores without copying.
   */
  private static boolean readTransposed(Tensor x, Tensor g) {
    return x.rank() == 2 && g.rank() == 2 && !x.isContiguous() && x.transpose().isContiguous();
  }

  private static int[] concat(int[] batch, int rows, int cols) {
    int[] d = Arrays.copyOf(batch, batch.length + 2);
    d[batch.length] = rows;
    d[batch.length + 1] = cols;
    return d;
  }

  /** NumPy matmul rules around the primitive, with errors naming the shapes as given. */
  static Tensor matmul(Tensor x, Tensor y) {
    checkArgument(x.rank() > 0 && y.rank() > 0, "matmul: operands must be at least 1-d, got "
        + "%s @ %s", x.shape(), y.shape());
    checkArgument(x.dtype().isFloatingPoint() || y.dtype().isFloatingPoint(),
        "matmul: needs floating-point operands, got %s @ %s (convert with to(DType))", x.dtype(),
        y.dtype());
    DType t = DType.resultType(x, y);
    Tensor a = x.to(t);
    Tensor b = y.to(t);
    int k1 = a.shape().dim(-1);
    int k2 = b.rank() == 1 ? b.shape().dim(0) : b.shape().dim(-2);
    if (k1 != k2) {
      String left = a.rank() == 1 ? "[k]" : a.rank() == 2 ? "[n, k]" : "[..., n, k]";
      String right = b.rank() == 1 ? "[k]" : b.rank() == 2 ? "[k, m]" : "[..., k, m]";
      throw new IllegalArgumentException(String.format("matmul: expected %s @ %s, got %s @ %s",
          left, right, x.shape(), y.shape()));
    }
    Tensor a2 = a.rank() == 1 ? a.unsqueeze(0) : a;
    Tensor b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
    Shape batchA = Shape.of(Arrays.copyOf(a2.shape().dims(), a2.rank() - 2));
    Shape batchB = Shape.of(Arrays.copyOf(b2.shape().dims(), b2.rank() - 2));
    try {
      Shape.broadcast("matmul", batchA, batchB);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(String.format(
          "matmul: batch dims of %s and %s do not broadcast (%s)", x.shape(), y.shape(),
          e.getMessage()), e);
    }
    Tensor c = MATMUL.apply(a2, b2);
    if (b.rank() == 1) {
      c = c.squeeze(-1);
    }
    if (a.rank() == 1) {
      c = c.squeeze(b.rank() == 1 ? -1 : -2);
    }
    return c;
  }

  /** How one matrix of a batch is read: offset of element (0, 0), leading dim, transposed. */
  private static final class Layout {
    final Tensor t;
    final int lead;
    final boolean trans;

    Layout(Tensor t, int lead, boolean trans) {
      this.t = t;
      this.lead = lead;
      this.trans = trans;
    }

    /** Reads x as stored, or a contiguous copy when neither of its last two axes is unit-stride. */
    static Layout of(Tensor x) {
      int r = x.rank();
      int rows = x.shape().dim(r - 2);
      int cols = x.shape().dim(r - 1);
      int sr = x.strides[r - 2];
      int sc = x.strides[r - 1];
      if ((sc == 1 || cols <= 1) && (sr >= cols || rows <= 1)) {
        return new Layout(x, rows <= 1 ? Math.max(cols, 1) : sr, false);
      }
      if ((sr == 1 || rows <= 1) && (sc >= rows || cols <= 1)) {
        return new Layout(x, cols <= 1 ? Math.max(rows, 1) : sc, true);
      }
      Tensor c = Tensor.wrap(x.denseArray(), x.shape());
      return new Layout(c, Math.max(cols, 1), false);
    }
  }

  /** The forward: C = A·B over the broadcast batch, with operands read in place. */
  static Tensor product(Tensor a, Tensor b) {
    int ra = a.rank();
    int rb = b.rank();
    int n = a.shape().dim(ra - 2);
    int k = a.shape().dim(ra - 1);
    int m = b.shape().dim(rb - 1);
    Shape batchA = Shape.of(Arrays.copyOf(a.shape().dims(), ra - 2));
    Shape batchB = Shape.of(Arrays.copyOf(b.shape().dims(), rb - 2));
    Shape batch = Shape.broadcast("matmul", batchA, batchB);
    int[] out = Arrays.copyOf(batch.dims(), batch.rank() + 2);
    out[batch.rank()] = n;
    out[batch.rank() + 1] = m;
    Tensor c = Tensor.empty(a.dtype(), Shape.of(out));
    Layout la = Layout.of(a);
    Layout lb = Layout.of(b);
    int[] sa = batchStrides(la.t, batch);
    int[] sb = batchStrides(lb.t, batch);
    int count = batch.numel();
    int[] idx = new int[batch.rank()];
    int[] bdims = batch.dims();
    for (int t = 0; t < count; t++) {
      int oa = la.t.offset;
      int ob = lb.t.offset;
      for (int d = 0; d < idx.length; d++) {
        oa += idx[d] * sa[d];
        ob += idx[d] * sb[d];
      }
      gemm(la, oa, lb, ob, c, t * n * m, n, k, m, false);
      for (int d = idx.length - 1; d >= 0 && ++idx[d] == bdims[d]; d--) {
        idx[d] = 0;
      }
    }
    return c;
  }

  /**
   * {@code dst += a·b} in place for matrices a [n, k], b [k, m] and a dense dst [n, m] of their
   * dtype that shares storage with neither (engine-offered gradient buffers); operands are read
   * in place as {@link #product} reads them. Bumps dst's version.
   *
   * @return dst
   */
  static Tensor addProduct(Tensor a, Tensor b, Tensor dst) {
    int n = a.shape().dim(0);
    int k = a.shape().dim(1);
    int m = b.shape().dim(1);
    Layout la = Layout.of(a);
    Layout lb = Layout.of(b);
    gemm(la, la.t.offset, lb, lb.t.offset, dst, 0, n, k, m, true);
    dst.storage.version++;
    return dst;
  }

  /** Batch strides of x aligned to the broadcast batch shape (0 where broadcast). */
  private static int[] batchStrides(Tensor x, Shape batch) {
    int nb = x.rank() - 2;
    int[] s = new int[batch.rank()];
    int off = batch.rank() - nb;
    for (int i = 0; i < nb; i++) {
      s[i + off] = x.shape().dim(i) == 1 ? 0 : x.strides[i];
    }
    return s;
  }

  /** C [n, m] at {@code oc} of c's storage (+)= A·B, read through their layouts. */
  private static void gemm(Layout a, int oa, Layout b, int ob, Tensor c, int oc, int n, int k,
      int m, boolean acc) {
    Storage sa = a.t.storage;
    Storage sb = b.t.storage;
    if (c.storage.f != null) {
      MatMul.gemm(sa.f, oa, a.lead, a.trans, sb.f, ob, b.lead, b.trans, c.storage.f, oc, m, n, k,
          m, acc);
    } else {
      MatMul.gemm(sa.d, oa, a.lead, a.trans, sb.d, ob, b.lead, b.trans, c.storage.d, oc, m, n, k,
          m, acc);
    }
  }

  /** Plain triple-loop float64 reference over the broadcast batch (for the samples). */
  static Tensor reference(Tensor a, Tensor b) {
    int n = a.shape().dim(-2);
    int k = a.shape().dim(-1);
    int m = b.shape().dim(-1);
    Shape batchA = Shape.of(Arrays.copyOf(a.shape().dims(), a.rank() - 2));
    Shape batchB = Shape.of(Arrays.copyOf(b.shape().dims(), b.rank() - 2));
    Shape batch = Shape.broadcast("matmul", batchA, batchB);
    double[] av = a.toDoubleArray();
    double[] bv = b.toDoubleArray();
    double[] out = new double[batch.numel() * n * m];
    int[] idx = new int[batch.rank()];
    for (int t = 0; t < batch.numel(); t++) {
      Samples.unravel(t, batch, idx);
      int pa = Samples.broadcastIndex(idx, batch, batchA) * n * k;
      int pb = Samples.broadcastIndex(idx, batch, batchB) * k * m;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          double acc = 0;
          for (int p = 0; p < k; p++) {
            acc += av[pa + i * k + p] * bv[pb + p * m + j];
          }
          out[t * n * m + i * m + j] = acc;
        }
      }
    }
    return Tensor.of(out, concat(batch.dims(), n, m));
  }
}
