package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.random.RandomGenerator;

/**
 * Multi-head attention, as PyTorch's {@code nn.MultiheadAttention} with {@code batch_first}:
 * for queries {@code q [N, Lq, E]}, keys {@code k [N, Lk, E]} and values {@code v [N, Lk, E]},
 * with {@code H} heads of size {@code D = E / H}:
 * {@code Q = q·W_qᵀ + b_q}, {@code K = k·W_kᵀ + b_k}, {@code V = v·W_vᵀ + b_v}, each split into
 * heads {@code [N, H, L, D]}; per head {@code O_h = softmax(Q_h·K_hᵀ / sqrt(D) masked)·V_h}
 * ({@link Attention#scaledDotProductAttention}); the heads are joined to {@code [N, Lq, E]} and
 * the output is {@code out_proj(O) = O·W_oᵀ + b_o}.
 *
 * <p>Parameters under PyTorch's names: {@code in_proj_weight [3E, E]} (rows {@code W_q; W_k;
 * W_v}, Xavier uniform), {@code in_proj_bias [3E]} (zeros), and the sub-layer
 * {@code out_proj} ({@code out_proj.weight [E, E]}, {@code U(-1/sqrt(E), 1/sqrt(E))}, and
 * {@code out_proj.bias [E]}, zeros); without bias, neither bias exists.
 *
 * <p><b>Masks</b> follow PyTorch's convention for this layer, where {@code true} means
 * <em>not allowed</em> (the opposite of {@link Attention#scaledDotProductAttention}'s): a key
 * padding mask {@code [N, Lk]} is true at padding keys; an attention mask {@code [Lq, Lk]} or
 * {@code [N·H, Lq, Lk]} is true where query {@code i} may not attend to key {@code j}. With
 * {@code causal} on, query {@code i} attends to keys {@code j <= i} only. A query left with no
 * key to attend to is an error.
 */
public final class MultiheadAttention extends MultiIoLayer {
  private final int embedDim;
  private final int numHeads;
  private final boolean causal;
  private final Parameter inProjWeight;
  private final Parameter inProjBias; // null without bias
  private final Linear outProj;

  /**
   * With biases, not causal, FLOAT32.
   *
   * @param embedDim E, the size of queries, keys, values and output
   * @param numHeads H, dividing E
   * @param rng the initialization's randomness (in_proj_weight drawn first, then
   *     out_proj.weight)
   * @throws IllegalArgumentException if a size is not positive or H does not divide E
   */
  public MultiheadAttention(int embedDim, int numHeads, RandomGenerator rng) {
    this(embedDim, numHeads, true, false, rng, DType.FLOAT32);
  }

  /**
   * Every option.
   *
   * @param embedDim E, the size of queries, keys, values and output
   * @param numHeads H, dividing E
   * @param bias whether the projections add biases
   * @param causal whether query {@code i} attends to keys {@code j <= i} only (a decoder's
   *     self-attention)
   * @param rng the initialization's randomness (may be null only if every initializer is
   *     deterministic, which the defaults are not)
   * @param dtype the parameters' dtype (floating point)
   * @throws IllegalArgumentException if a size is not positive or H does not divide E
   */
  public MultiheadAttention(int embedDim, int numHeads, boolean bias, boolean causal,
      RandomGenerator rng, DType dtype) {
    this(embedDim, numHeads, bias, causal, Init.xavierUniform(), outProjDefault(embedDim), rng,
        dtype);
  }

  /** PyTorch's out_proj weight init, {@code U(-1/sqrt(E), 1/sqrt(E))} (E checked later). */
  private static Init outProjDefault(int embedDim) {
    double b = 1 / Math.sqrt(Math.max(embedDim, 1));
    return Init.uniform(-b, b);
  }

  /**
   * Every option and the weights' initializers (biases start at zero).
   *
   * @param embedDim E
   * @param numHeads H, dividing E
   * @param bias whether the projections add biases
   * @param causal whether query {@code i} attends to keys {@code j <= i} only
   * @param inProjInit makes {@code in_proj_weight [3E, E]}
   * @param outProjInit makes {@code out_proj.weight [E, E]}
   * @param rng the initializers' randomness
   * @param dtype the parameters' dtype (floating point)
   * @throws IllegalArgumentException if a size is not positive or H does not divide E
   */
  public MultiheadAttention(int embedDim, int numHeads, boolean bias, boolean causal,
      Init inProjInit, Init outProjInit, RandomGenerator rng, DType dtype) {
    checkArgument(embedDim > 0 && numHeads > 0, "multihead_attention: embed dim and heads must "
        + "be positive, got %s and %s", embedDim, numHeads);
    checkArgument(embedDim % numHeads == 0, "multihead_attention: embed dim %s is not divisible "
        + "by the number of heads %s", embedDim, numHeads);
    checkArgument(dtype != null && dtype.isFloatingPoint(),
        "multihead_attention: the parameters' dtype must be floating point, got %s", dtype);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.causal = causal;
    this.inProjWeight = registerParameter("in_proj_weight",
        inProjInit.create(rng, dtype, 3 * embedDim, embedDim));
    this.inProjBias = bias
        ? registerParameter("in_proj_bias", Tensor.zeros(dtype, 3 * embedDim)) : null;
    this.outProj = registerLayer("out_proj",
        new Linear(embedDim, embedDim, bias, outProjInit, Init.zeros(), rng, dtype));
  }

  /**
   * Attention of {@code inputs}: {@code (x)} is self-attention ({@code q = k = v = x});
   * {@code (q, k, v)}; {@code (q, k, v, keyPaddingMask)}; or {@code (q, k, v, keyPaddingMask,
   * attnMask)}, where either mask may be null (see the class comment).
   *
   * @param inputs 1, 3, 4 or 5 tensors as above
   * @return {@code {out}}, {@code out [N, Lq, E]}
   * @throws IllegalArgumentException for another number of inputs, or as {@link #attend}
   */
  @Override
  public Tensor[] forward(Tensor... inputs) {
    checkArgument(inputs != null && (inputs.length == 1 || (inputs.length >= 3
        && inputs.length <= 5)), "multihead_attention: takes (x), (q, k, v), (q, k, v, "
        + "keyPaddingMask) or (q, k, v, keyPaddingMask, attnMask), got %s inputs",
        inputs == null ? "null" : inputs.length);
    if (inputs.length == 1) {
      return new Tensor[] {attend(inputs[0], inputs[0], inputs[0], null, null)[0]};
    }
    return new Tensor[] {attend(inputs[0], inputs[1], inputs[2],
        inputs.length > 3 ? inputs[3] : null, inputs.length > 4 ? inputs[4] : null)[0]};
  }

  /**
   * The output and the attention weights averaged over the heads (PyTorch's
   * {@code need_weights=True, average_attn_weights=True}).
   *
   * @param q queries {@code [N, Lq, E]}
   * @param k keys {@code [N, Lk, E]}
   * @param v values {@code [N, Lk, E]}
   * @param keyPaddingMask null or BOOL {@code [N, Lk]}, true at keys to ignore
   * @param attnMask null or BOOL {@code [Lq, Lk]} or {@code [N·H, Lq, Lk]}, true where a query
   *     may not attend to a key
   * @return {@code {out [N, Lq, E], weights [N, Lq, Lk]}}
   * @throws IllegalArgumentException naming the shapes, for inputs that are not {@code [N, L, E]}
   *     with matching N and the layer's E, keys and values of different lengths, masks that are
   *     not BOOL or of another shape, or a query that may attend to no key
   */
  public Tensor[] attend(Tensor q, Tensor k, Tensor v, Tensor keyPaddingMask, Tensor attnMask) {
    String op = "multihead_attention";
    checkArgument(q.rank() == 3 && k.rank() == 3 && v.rank() == 3 && q.size(2) == embedDim
        && k.size(2) == embedDim && v.size(2) == embedDim && k.size(0) == q.size(0)
        && v.size(0) == q.size(0) && v.size(1) == k.size(1), "%s: expected q [N, Lq, %s], k and "
        + "v [N, Lk, %s], got q %s, k %s, v %s", op, embedDim, embedDim, q.shape(), k.shape(),
        v.shape());
    int n = q.size(0);
    int lq = q.size(1);
    int lk = k.size(1);
    int h = numHeads;
    int d = embedDim / h;
    Tensor allowed = null;
    if (keyPaddingMask != null) {
      checkArgument(keyPaddingMask.dtype() == DType.BOOL
          && Attention.is(keyPaddingMask.shape(), n, lk), "%s: the key padding mask must be BOOL "
          + "[N, Lk] = [%s, %s], got %s %s", op, n, lk, keyPaddingMask.dtype(),
          keyPaddingMask.shape());
      allowed = keyPaddingMask.logicalNot().reshape(n, 1, 1, lk);
    }
    if (attnMask != null) {
      boolean twoD = Attention.is(attnMask.shape(), lq, lk);
      checkArgument(attnMask.dtype() == DType.BOOL
          && (twoD || Attention.is(attnMask.shape(), n * h, lq, lk)), "%s: the attention mask "
          + "must be BOOL [Lq, Lk] = [%s, %s] or [N·H, Lq, Lk] = [%s, %s, %s], got %s %s", op, lq,
          lk, n * h, lq, lk, attnMask.dtype(), attnMask.shape());
      Tensor a = attnMask.logicalNot();
      a = twoD ? a : a.reshape(n, h, lq, lk);
      allowed = allowed == null ? a : allowed.logicalAnd(a);
    }
    Tensor w = inProjWeight.value();
    Tensor b = inProjBias == null ? null : inProjBias.value();
    Tensor qh = heads(project(q, w, b, 0), n, lq, h, d);
    Tensor kh = heads(project(k, w, b, 1), n, lk, h, d);
    Tensor vh = heads(project(v, w, b, 2), n, lk, h, d);
    Tensor a = Attention.weights(op, qh, kh, vh, allowed, causal); // [N, H, Lq, Lk]
    Tensor o = a.matmul(vh).permute(0, 2, 1, 3).reshape(n, lq, embedDim);
    return new Tensor[] {outProj.forward(o), a.mean(1)};
  }

  /** {@code x · W_iᵀ + b_i} with the i-th block of rows of the packed projection. */
  private Tensor project(Tensor x, Tensor w, Tensor b, int i) {
    int e = embedDim;
    Tensor y = x.matmul(w.slice(0, i * e, (i + 1) * e), false, true);
    return b == null ? y : y.add(b.slice(0, i * e, (i + 1) * e));
  }

  /** {@code [N, L, E] -> [N, H, L, D]}. */
  private static Tensor heads(Tensor x, int n, int l, int h, int d) {
    return x.reshape(n, l, h, d).permute(0, 2, 1, 3);
  }

  /**
   * The embedding size E.
   *
   * @return E
   */
  public int embedDim() {
    return embedDim;
  }

  /**
   * The number of heads H.
   *
   * @return H
   */
  public int numHeads() {
    return numHeads;
  }

  /**
   * Whether queries attend only to keys at or before their position.
   *
   * @return true if causal
   */
  public boolean causal() {
    return causal;
  }

  /**
   * Whether the projections add biases.
   *
   * @return true with biases
   */
  public boolean hasBias() {
    return inProjBias != null;
  }

  @Override
  protected String extraRepr() {
    return "embed_dim=" + embedDim + ", heads=" + numHeads + ", bias=" + (inProjBias != null)
        + ", causal=" + causal;
  }
}
