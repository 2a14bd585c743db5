package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.MatMul;

/**
 * Batched matrix product {@code C[..., n, m] = op(A)[..., n, k] · op(B)[..., k, m]} with NumPy
 * broadcasting of the batch dims, where {@code op} optionally transposes the last two axes in
 * place (no copy). The four transpose variants are closed under differentiation:
 *
 * <pre>
 *   C = A·B    dA = G·Bᵀ   dB = Aᵀ·G
 *   C = A·Bᵀ   dA = G·B    dB = Gᵀ·A
 *   C = Aᵀ·B   dA = B·Gᵀ   dB = A·G
 *   C = Aᵀ·Bᵀ  dA = Bᵀ·Gᵀ  dB = Gᵀ·Aᵀ
 * </pre>
 *
 * Gradients come back with the broadcast batch shape; the engine sums them to each input's.
 */
final class MatmulOp extends Op {
  static final OpInfo INFO = OpInfo.smooth("matmul", 2);

  private final boolean ta;
  private final boolean tb;

  private MatmulOp(boolean ta, boolean tb) {
    this.ta = ta;
    this.tb = tb;
  }

  private static final MatmulOp[] VARIANTS = {new MatmulOp(false, false),
      new MatmulOp(false, true), new MatmulOp(true, false), new MatmulOp(true, true)};

  @Override
  OpInfo info() {
    return INFO;
  }

  @Override
  String attributes() {
    return ta || tb ? "transA=" + ta + ", transB=" + tb : "";
  }

  @Override
  Tensor[] vjp(Node node, Tensor g) {
    Tensor a = node.input(0);
    Tensor b = node.input(1);
    Tensor da = null;
    Tensor db = null;
    if (node.needsGrad(0)) {
      da = !ta ? apply(g, b, false, !tb) : apply(b, g, tb, true);
    }
    if (node.needsGrad(1)) {
      db = !tb ? apply(a, g, !ta, false) : apply(g, a, true, ta);
    }
    return new Tensor[] {da, db};
  }

  /** {@code op(a) · op(b)} for inputs of rank >= 2 sharing a dtype. */
  static Tensor apply(Tensor a, Tensor b, boolean ta, boolean tb) {
    Shape as = a.shape();
    Shape bs = b.shape();
    int ra = as.rank();
    int rb = bs.rank();
    int n = ta ? as.dim(ra - 1) : as.dim(ra - 2);
    int k = ta ? as.dim(ra - 2) : as.dim(ra - 1);
    int kb = tb ? bs.dim(rb - 1) : bs.dim(rb - 2);
    int m = tb ? bs.dim(rb - 2) : bs.dim(rb - 1);
    checkArgument(k == kb, "matmul: expected [n, k] @ [k, m], got %s%s @ %s%s", as,
        ta ? "ᵀ" : "", bs, tb ? "ᵀ" : "");
    Shape batchA = Shape.of(java.util.Arrays.copyOf(as.dims(), ra - 2));
    Shape batchB = Shape.of(java.util.Arrays.copyOf(bs.dims(), rb - 2));
    Shape batch;
    try {
      batch = Shape.broadcast("matmul", batchA, batchB);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(String.format(
          "matmul: batch dims of %s and %s do not broadcast (%s)", as, bs, e.getMessage()), e);
    }
    int[] out = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
    out[batch.rank()] = n;
    out[batch.rank() + 1] = m;
    Tensor c = Tensor.empty(a.dtype(), Shape.of(out));
    int[] sa = batchA.broadcastStrides(batch);
    int[] sb = batchB.broadcastStrides(batch);
    int count = batch.numel();
    int[] idx = new int[batch.rank()];
    int[] bdims = batch.dims();
    for (int t = 0; t < count; t++) {
      int oa = 0;
      int ob = 0;
      for (int d = 0; d < idx.length; d++) {
        oa += idx[d] * sa[d];
        ob += idx[d] * sb[d];
      }
      oa *= n * k;
      ob *= k * m;
      if (c.f != null) {
        MatMul.gemm(a.f, oa, ta, b.f, ob, tb, c.f, t * n * m, n, k, m);
      } else {
        MatMul.gemm(a.d, oa, ta, b.d, ob, tb, c.d, t * n * m, n, k, m);
      }
      for (int d = idx.length - 1; d >= 0 && ++idx[d] == bdims[d]; d--) {
        idx[d] = 0;
      }
    }
    return Engine.record(VARIANTS[(ta ? 2 : 0) + (tb ? 1 : 0)], c, a, b);
  }
}
