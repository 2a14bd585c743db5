package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.MatMul;
import java.util.Arrays;

/**
 * Fused primitives for the passes a training step repeats over the same data.
 *
 * <ul>
 *   <li>{@code cross_entropy}: per-row softmax cross-entropy {@code l_n = logsumexp(z_n) -
 *       z_n[y_n]} of logits {@code [N, C]} in one kernel per row, instead of logSoftmax's five
 *       [N, C] temporaries and a gather; its VJP is {@code cross_entropy_grad}, {@code (softmax(z)
 *       - onehot(y))·g_n} in one kernel per row, whose own VJP and JVP are written with
 *       differentiable ops (so the loss is differentiable to any order).
 *   <li>{@code linear}: {@code y = f(x·Wᵀ + b)} as one GEMM (W read transposed in place) and one
 *       pass over the output for the bias and the activation; backward forms {@code dZ = g·f'}
 *       once (from y) and then {@code dX = dZ·W}, {@code dW = dZᵀ·x} (a transposed view, read in
 *       place by the GEMM), {@code db = Σ_n dZ}, all with differentiable ops.
 * </ul>
 *
 * The class labels are attributes (validated once, like {@link IndexOps}' indices), not inputs.
 */
final class FusedOps {
  private FusedOps() {}

  // ------------------------------------------------------------------ softmax cross-entropy

  /** The validated class label of each row, and the class count. */
  record Labels(int[] y, int classes) {
    @Override
    public String toString() {
      return "rows=" + y.length + ", classes=" + classes;
    }
  }

  static final Prim<Labels> CROSS_ENTROPY = Prim.<Labels>builder("cross_entropy",
      (a, in) -> crossEntropyForward(a, in[0]))
      .vjp((s, g) -> new Tensor[] {FusedOps.CROSS_ENTROPY_GRAD.apply(s.a(), s.x(0), g)})
      .jvp((s, t) -> s.x(0).softmax(1).sub(oneHot(s.a(), s.dtype(0))).mul(t[0]).sum(1))
      .format(Labels::toString)
      .spec(Spec.of(r -> {
        Labels a = sampleLabels(r);
        Tensor labels = labelTensor(a);
        return new Spec.Sample("cross_entropy(z, " + Arrays.toString(a.y) + ")",
            in -> in[0].crossEntropy(labels), in -> crossEntropyReference(a, in[0], null),
            Samples.real(r, new int[] {a.y.length, a.classes}));
      }))
      .build();

  /** The VJP of cross_entropy: {@code dz[n, c] = (softmax(z_n)_c - [c = y_n])·g[n]}. */
  static final Prim<Labels> CROSS_ENTROPY_GRAD = Prim.<Labels>builder("cross_entropy_grad",
      (a, in) -> crossEntropyGradForward(a, in[0], in[1]))
      .vjp((s, u) -> {
        Tensor p = s.x(0).softmax(1);
        Tensor dz = null;
        Tensor dg = null;
        if (s.needs(0)) { // the softmax Jacobian p ⊙ (w - <w, p>) applied to w = u·g
          Tensor w = u.mul(s.x(1).unsqueeze(1));
          dz = p.mul(w.sub(w.mul(p).sum(new int[] {1}, true)));
        }
        if (s.needs(1)) {
          dg = u.mul(p.sub(oneHot(s.a(), s.dtype(0)))).sum(1);
        }
        return new Tensor[] {dz, dg};
      })
      .jvp((s, t) -> {
        Tensor p = s.x(0).softmax(1);
        Tensor dz = t[0] == null ? null : p.mul(t[0].sub(p.mul(t[0]).sum(new int[] {1}, true)))
            .mul(s.x(1).unsqueeze(1));
        Tensor dg = t[1] == null ? null
            : p.sub(oneHot(s.a(), s.dtype(0))).mul(t[1].unsqueeze(1));
        return BinaryOps.plus(dz, dg);
      })
      .format(Labels::toString)
      .spec(Spec.of(r -> {
        Labels a = sampleLabels(r);
        return new Spec.Sample("cross_entropy_grad(z, g, " + Arrays.toString(a.y) + ")",
            in -> FusedOps.CROSS_ENTROPY_GRAD.apply(a, in[0], in[1]),
            in -> crossEntropyReference(a, in[0], in[1]),
            Samples.real(r, new int[] {a.y.length, a.classes}),
            Samples.real(r, new int[] {a.y.length}));
      }))
      .build();

  /**
   * Validates and applies cross_entropy ({@link Tensor#crossEntropy}).
   *
   * @throws IllegalArgumentException naming the op and the shapes, dtypes, row and label
   */
  static Tensor crossEntropy(Tensor logits, Tensor labels) {
    checkArgument(labels != null, "cross_entropy: labels are null");
    checkArgument(logits.rank() == 2, "cross_entropy: logits must be [N, C], got shape %s",
        logits.shape());
    checkArgument(logits.dtype().isFloatingPoint(), "cross_entropy: logits must be float32 or "
        + "float64, got %s", logits.dtype());
    checkArgument(labels.dtype().isInteger(), "cross_entropy: labels must be an int64 or int32 "
        + "tensor of class indices, got %s (convert with to(DType.INT64))", labels.dtype());
    int n = logits.shape().dim(0);
    int c = logits.shape().dim(1);
    checkArgument(labels.shape().equals(Shape.of(n)), "cross_entropy: labels must be [%s] (one "
        + "per row of logits %s), got shape %s", n, logits.shape(), labels.shape());
    long[] v = labels.toLongArray();
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      if (v[i] < 0 || v[i] >= c) { // plain check: a varargs message per row would box
        throw new IllegalArgumentException(String.format("cross_entropy: label %s at row %s is "
            + "out of range for %s classes", v[i], i, c));
      }
      y[i] = (int) v[i];
    }
    return CROSS_ENTROPY.apply(new Labels(y, c), logits);
  }

  /** One row's max (NaN if any is NaN) and the shift used for exp: 0 when the max is ±Inf. */
  private static double shift(double[] row, int c) {
    double m = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < c; j++) {
      double v = row[j];
      if (v > m || v != v) {
        m = v;
        if (v != v) {
          break;
        }
      }
    }
    return Double.isInfinite(m) ? 0 : m; // all -Inf: -Inf, not NaN (as logsumexp)
  }

  /** Row i of a dense float32 or float64 [N, C] array, widened into {@code row}. */
  private static void readRow(Object z, int i, int c, double[] row) {
    if (z instanceof float[]) {
      float[] f = (float[]) z;
      for (int j = 0; j < c; j++) {
        row[j] = f[i * c + j];
      }
    } else {
      System.arraycopy((double[]) z, i * c, row, 0, c);
    }
  }

  private static Tensor crossEntropyForward(Labels a, Tensor z) {
    int n = a.y.length;
    int c = a.classes;
    Tensor out = Tensor.empty(z.dtype(), Shape.of(n));
    Object zv = z.denseArray();
    double[] row = new double[c];
    for (int i = 0; i < n; i++) {
      readRow(zv, i, c, row);
      double m = shift(row, c);
      double s = 0;
      for (int j = 0; j < c; j++) {
        s += Math.exp(row[j] - m);
      }
      out.storage.setDouble(i, m + Math.log(s) - row[a.y[i]]);
    }
    return out;
  }

  private static Tensor crossEntropyGradForward(Labels a, Tensor z, Tensor g) {
    int n = a.y.length;
    int c = a.classes;
    Tensor out = Tensor.empty(z.dtype(), Shape.of(n, c));
    Object zv = z.denseArray();
    double[] gv = g.toDoubleArray();
    double[] row = new double[c];
    float[] of = out.storage.f;
    double[] od = out.storage.d;
    for (int i = 0; i < n; i++) {
      readRow(zv, i, c, row);
      double m = shift(row, c);
      double s = 0;
      for (int j = 0; j < c; j++) {
        row[j] = Math.exp(row[j] - m);
        s += row[j];
      }
      double gi = gv[i];
      int label = a.y[i];
      for (int j = 0; j < c; j++) {
        double d = (row[j] / s - (j == label ? 1 : 0)) * gi;
        if (of != null) {
          of[i * c + j] = (float) d;
        } else {
          od[i * c + j] = d;
        }
      }
    }
    return out;
  }

  /** The constant one-hot matrix of the labels, {@code [N, C]}. */
  private static Tensor oneHot(Labels a, DType t) {
    double[] v = new double[a.y.length * a.classes];
    for (int i = 0; i < a.y.length; i++) {
      v[i * a.classes + a.y[i]] = 1;
    }
    return Tensor.of(v, a.y.length, a.classes).to(t);
  }

  private static Labels sampleLabels(java.util.SplittableRandom r) {
    int n = 1 + r.nextInt(3);
    int c = 1 + r.nextInt(4);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(c);
    }
    return new Labels(y, c);
  }

  private static Tensor labelTensor(Labels a) {
    long[] v = new long[a.y.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.y[i];
    }
    return Tensor.of(v, v.length);
  }

  /**
   * Plain-loop float64 reference: the losses {@code log Σ_c exp z_nc - z_n,y_n} (g null), or
   * {@code (exp z_nc / Σ exp z_n - [c = y_n])·g_n}.
   */
  private static Tensor crossEntropyReference(Labels a, Tensor z, Tensor g) {
    int n = a.y.length;
    int c = a.classes;
    double[] v = z.toDoubleArray();
    double[] out = new double[g == null ? n : n * c];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < c; j++) {
        s += StrictMath.exp(v[i * c + j]);
      }
      if (g == null) {
        out[i] = StrictMath.log(s) - v[i * c + a.y[i]];
      } else {
        double gi = g.toDoubleArray()[i];
        for (int j = 0; j < c; j++) {
          out[i * c + j] = (StrictMath.exp(v[i * c + j]) / s - (j == a.y[i] ? 1 : 0)) * gi;
        }
      }
    }
    return g == null ? Tensor.of(out, n) : Tensor.of(out, n, c);
  }

  // ------------------------------------------------------------------ fused linear

  /** The activation and whether a bias is the third input. */
  record LinearCall(LinearActivation activation, boolean bias) {
    @Override
    public String toString() {
      return "activation=" + activation + (bias ? "" : ", bias=false");
    }
  }

  static final Prim<LinearCall> LINEAR = Prim.<LinearCall>builder("linear",
      (a, in) -> linearForward(a, in))
      .vjp((s, g) -> {
        Tensor dz = activationGrad(s.a().activation(), s, g);
        Tensor[] grads = new Tensor[s.arity()];
        if (s.needs(0)) {
          grads[0] = dz.matmul(s.x(1));
        }
        if (s.needs(1)) {
          Tensor into = s.into(1); // the weight's zeroed .grad, when the engine offers it
          grads[1] = into != null ? MatmulOp.addProduct(dz.transpose(), s.x(0), into)
              : dz.transpose().matmul(s.x(0));
        }
        if (s.a().bias() && s.needs(2)) {
          grads[2] = dz.sum(0);
        }
        return grads;
      })
      .addsInto(1)
      .jvp((s, t) -> {
        Tensor tz = BinaryOps.plus(t[0] == null ? null : t[0].matmul(s.x(1).transpose()),
            t[1] == null ? null : s.x(0).matmul(t[1].transpose()));
        if (s.a().bias()) {
          tz = BinaryOps.plus(tz, t[2]);
        }
        return activationGrad(s.a().activation(), s, tz);
      })
      .format(LinearCall::toString)
      .spec(Spec.of(r -> {
        while (true) {
          int n = 1 + r.nextInt(3);
          int k = 1 + r.nextInt(3);
          int m = 1 + r.nextInt(3);
          LinearActivation act = LinearActivation.values()[r.nextInt(4)];
          boolean bias = r.nextBoolean();
          Tensor x = Samples.real(r, new int[] {n, k});
          Tensor w = Samples.real(r, new int[] {m, k});
          Tensor b = Samples.real(r, new int[] {m});
          Tensor[] in = bias ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
          if (act == LinearActivation.RELU) { // away from relu's kink
            double[] z = linearReference(LinearActivation.NONE, in).toDoubleArray();
            if (Arrays.stream(z).anyMatch(v -> Math.abs(v) < Samples.MARGIN)) {
              continue;
            }
          }
          return new Spec.Sample("linear(x[" + n + ", " + k + "], w[" + m + ", " + k + "]"
              + (bias ? ", b" : "") + ", " + act + ")",
              v -> v[0].linear(v[1], bias ? v[2] : null, act), v -> linearReference(act, v), in);
        }
      }))
      .build();

  /**
   * Validates and applies linear ({@link Tensor#linear}): leading axes of x are flattened into
   * rows around the 2-d primitive and restored after.
   *
   * @throws IllegalArgumentException naming the op and the shapes or dtypes
   */
  static Tensor linear(Tensor x, Tensor weight, Tensor bias, LinearActivation activation) {
    checkArgument(weight != null, "linear: weight is null");
    checkArgument(activation != null, "linear: activation is null");
    boolean ok = x.rank() >= 1 && weight.rank() == 2 && x.shape().dim(-1) == weight.size(1)
        && (bias == null || bias.shape().equals(Shape.of(weight.size(0))));
    if (!ok) {
      throw new IllegalArgumentException(String.format("linear: expected x [..., k], weight "
          + "[m, k]%s, got %s, %s%s", bias == null ? "" : ", bias [m]", x.shape(),
          weight.shape(), bias == null ? "" : ", " + bias.shape()));
    }
    DType t = bias == null ? DType.resultType(x, weight)
        : DType.resultType(new Tensor[] {x, weight, bias});
    checkArgument(t.isFloatingPoint(), "linear: needs floating-point operands, got x %s, weight "
        + "%s%s", x.dtype(), weight.dtype(), bias == null ? "" : ", bias " + bias.dtype());
    int k = weight.size(1);
    int m = weight.size(0);
    int[] dims = x.shape().dims();
    int rows = 1;
    for (int i = 0; i < dims.length - 1; i++) {
      rows *= dims[i];
    }
    Tensor x2 = x.to(t);
    x2 = x2.rank() == 2 ? x2 : x2.reshape(rows, k);
    LinearCall call = new LinearCall(activation, bias != null);
    Tensor y = bias == null ? LINEAR.apply(call, x2, weight.to(t))
        : LINEAR.apply(call, x2, weight.to(t), bias.to(t));
    if (x.rank() == 2) {
      return y;
    }
    dims[dims.length - 1] = m;
    return y.reshape(dims);
  }

  /** {@code v·f'(z)} from the output y (f' as {@link LinearActivation} states it). */
  private static Tensor activationGrad(LinearActivation act, Saved<LinearCall> s, Tensor v) {
    switch (act) {
      case RELU:
        return v.mul(s.y().step()); // y > 0 exactly where z > 0: relu's own rule
      case TANH:
        return v.mul(s.y().square().neg().add(1.0));
      case SIGMOID:
        return v.mul(s.y().mul(s.y().neg().add(1.0)));
      default:
        return v;
    }
  }

  private static Tensor linearForward(LinearCall a, Tensor[] in) {
    Tensor x = in[0];
    Tensor w = in[1];
    int n = x.shape().dim(0);
    int k = x.shape().dim(1);
    int m = w.shape().dim(0);
    Tensor y = Tensor.empty(x.dtype(), Shape.of(n, m));
    boolean product = (long) n * k * m > 0; // k = 0 leaves the zeros Tensor.empty holds
    if (y.storage.f != null) {
      float[] ya = y.storage.f;
      if (product) {
        MatMul.gemm((float[]) x.denseArray(), 0, false, (float[]) w.denseArray(), 0, true, ya, 0,
            n, k, m);
      }
      float[] b = a.bias() ? (float[]) in[2].denseArray() : null;
      LinearActivation act = a.activation();
      for (int i = 0; i < n; i++) {
        int o = i * m;
        if (b != null) {
          for (int j = 0; j < m; j++) ya[o + j] += b[j];
        }
        if (act == LinearActivation.RELU) { // max keeps NaN and maps -0 to +0, as relu does
          for (int j = 0; j < m; j++) ya[o + j] = Math.max(ya[o + j], 0f);
        } else if (act != LinearActivation.NONE) {
          for (int j = 0; j < m; j++) ya[o + j] = (float) activate(act, ya[o + j]);
        }
      }
    } else {
      double[] ya = y.storage.d;
      if (product) {
        MatMul.gemm((double[]) x.denseArray(), 0, false, (double[]) w.denseArray(), 0, true, ya,
            0, n, k, m);
      }
      double[] b = a.bias() ? (double[]) in[2].denseArray() : null;
      LinearActivation act = a.activation();
      for (int i = 0; i < n; i++) {
        int o = i * m;
        if (b != null) {
          for (int j = 0; j < m; j++) ya[o + j] += b[j];
        }
        if (act == LinearActivation.RELU) {
          for (int j = 0; j < m; j++) ya[o + j] = Math.max(ya[o + j], 0.0);
        } else if (act != LinearActivation.NONE) {
          for (int j = 0; j < m; j++) ya[o + j] = activate(act, ya[o + j]);
        }
      }
    }
    return y;
  }

  /** The scalar activations, the kernels of the unfused ops (relu keeps NaN). */
  private static double activate(LinearActivation act, double z) {
    switch (act) {
      case RELU:
        return z > 0 || z != z ? z : 0.0;
      case TANH:
        return Math.tanh(z);
      case SIGMOID:
        return ElementwiseOps.sigmoid(z);
      default:
        return z;
    }
  }

  /** Plain-loop float64 reference {@code f(Σ_p x[i, p]·w[j, p] + b[j])}. */
  private static Tensor linearReference(LinearActivation act, Tensor[] in) {
    double[] x = in[0].toDoubleArray();
    double[] w = in[1].toDoubleArray();
    double[] b = in.length > 2 ? in[2].toDoubleArray() : null;
    int n = in[0].shape().dim(0);
    int k = in[0].shape().dim(1);
    int m = in[1].shape().dim(0);
    double[] out = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double z = b == null ? 0 : b[j];
        for (int p = 0; p < k; p++) {
          z += x[i * k + p] * w[j * k + p];
        }
        out[i * m + j] = act == LinearActivation.RELU ? Math.max(z, 0)
            : act == LinearActivation.TANH ? StrictMath.tanh(z)
            : act == LinearActivation.SIGMOID ? 1 / (1 + StrictMath.exp(-z)) : z;
      }
    }
    return Tensor.of(out, n, m);
  }
}
