package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.Arrays;

/**
 * Scaled dot-product attention (Vaswani et al. 2017), as PyTorch's
 * {@code F.scaled_dot_product_attention}, composed of differentiable core ops (matmul,
 * masked fill, softmax), so gradients of any order follow.
 */
public final class Attention {
  private Attention() {}

  /**
   * {@code softmax(q·kᵀ / sqrt(E) masked) · v}: for queries {@code q [..., Lq, E]}, keys
   * {@code k [..., Lk, E]} and values {@code v [..., Lk, Ev]} (leading axes broadcast),
   * {@code out[..., i, :] = Σ_j a[..., i, j] · v[..., j, :]} with
   * {@code a[..., i, :] = softmax_j(q[..., i, :]·k[..., j, :] / sqrt(E))} over the keys query
   * {@code i} may attend to (the others get weight 0).
   *
   * @param q the queries {@code [..., Lq, E]}, floating point
   * @param k the keys {@code [..., Lk, E]}
   * @param v the values {@code [..., Lk, Ev]}
   * @param mask null, or a BOOL mask broadcasting to {@code [..., Lq, Lk]} that is true where
   *     query {@code i} may attend to key {@code j} (PyTorch's convention for this function)
   * @param causal if true, query {@code i} may also only attend to keys {@code j <= i}
   *     (combined with {@code mask} by "and")
   * @return {@code [..., Lq, Ev]}
   * @throws IllegalArgumentException for ranks below 2, mismatched sizes, a non-BOOL or
   *     mis-shaped mask, or a query that may attend to no key at all (its weights would be
   *     NaN), naming it
   */
  public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask,
      boolean causal) {
    return weights("scaled_dot_product_attention", q, k, v, mask, causal).matmul(v);
  }

  /** The attention weights {@code a [..., Lq, Lk]} of {@link #scaledDotProductAttention}. */
  static Tensor weights(String op, Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
    checkArgument(q.rank() >= 2 && k.rank() >= 2 && v.rank() >= 2,
        "%s: q, k and v need rank >= 2 ([..., L, E]), got %s, %s, %s", op, q.shape(), k.shape(),
        v.shape());
    checkArgument(q.dtype().isFloatingPoint(), "%s: q must be floating point, got %s", op,
        q.dtype());
    int e = q.size(-1);
    int lq = q.size(-2);
    int lk = k.size(-2);
    checkArgument(k.size(-1) == e, "%s: q %s and k %s must have the same last size", op,
        q.shape(), k.shape());
    checkArgument(v.size(-2) == lk, "%s: k %s and v %s must have the same number of keys "
        + "(axis -2)", op, k.shape(), v.shape());
    Tensor scores = q.matmul(k, false, true).mul(1 / Math.sqrt(e)); // [..., Lq, Lk]
    Tensor allowed = null;
    if (mask != null) {
      checkArgument(mask.dtype() == DType.BOOL, "%s: the mask must be BOOL, got %s", op,
          mask.dtype());
      checkArgument(mask.shape().broadcastsTo(scores.shape()), "%s: mask of shape %s does not "
          + "broadcast to the scores [..., Lq, Lk] = %s", op, mask.shape(), scores.shape());
      allowed = mask;
    }
    if (causal) {
      boolean[] c = new boolean[lq * lk];
      for (int i = 0; i < lq; i++) {
        for (int j = 0; j <= i && j < lk; j++) {
          c[i * lk + j] = true;
        }
      }
      Tensor tri = Tensor.of(c, lq, lk);
      allowed = allowed == null ? tri : allowed.logicalAnd(tri);
    }
    if (allowed != null) {
      Tensor full = allowed.broadcastTo(scores.shape().dims());
      boolean[] any = full.any(new int[] {-1}, false).toBooleanArray();
      for (int r = 0; r < any.length; r++) {
        if (!any[r]) {
          int[] lead = Arrays.copyOf(scores.shape().dims(), scores.rank() - 1);
          throw new IllegalArgumentException(String.format("%s: query %s of scores %s may "
              + "attend to no key (every key is masked)", op,
              Arrays.toString(unravel(r, lead)), scores.shape()));
        }
      }
      scores = scores.maskedFill(allowed.logicalNot(), Double.NEGATIVE_INFINITY);
    }
    return scores.softmax(-1);
  }

  private static int[] unravel(int flat, int[] dims) {
    int[] p = new int[dims.length];
    for (int a = dims.length - 1; a >= 0; a--) {
      p[a] = flat % dims[a];
      flat /= dims[a];
    }
    return p;
  }

  /** Whether {@code s} is exactly the given dims. */
  static boolean is(Shape s, int... dims) {
    return Arrays.equals(s.dims(), dims);
  }
}
