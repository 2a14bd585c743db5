package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Reduce;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.function.BiFunction;

/**
 * Reductions over any set of axes (negative axes count from the end; no axes means all), with
 * or without keeping the reduced axes as size 1, and the arg-reductions. Floating point
 * accumulates in double along every axis; integer and BOOL sums are exact INT64.
 */
final class ReduceOps {
  private ReduceOps() {}

  /** A reduction call: which axes of the input are reduced and whether they are kept. */
  record Axes(boolean[] reduced, boolean keepdims) {
    int[] list() {
      return axesOf(reduced);
    }

    @Override
    public String toString() {
      return "axes=" + Arrays.toString(list()) + ", keepdims=" + keepdims;
    }
  }

  private static Spec.Sampler sampler(String name, boolean distinct,
      BiFunction<Tensor, Axes, Tensor> call, Reference ref) {
    return r -> {
      int[] shape = Samples.shape(r, 0, 3);
      Tensor x = distinct ? Samples.distinct(r, shape) : Samples.real(r, shape);
      int[] axes = Samples.axes(r, shape.length);
      boolean keep = r.nextBoolean();
      Axes a = new Axes(reducedAxes(name, x.shape(), axes), keep);
      return new Spec.Sample(name + "(x, axes=" + Arrays.toString(axes) + ", keepdims=" + keep
          + ")", in -> call.apply(in[0], a), in -> ref.apply(in[0], axes, keep), x);
    };
  }

  private static Spec.Sampler intSampler(String name, BiFunction<Tensor, Axes, Tensor> call,
      Reference ref) {
    return r -> {
      int[] shape = Samples.shape(r, 0, 3);
      Tensor x = Samples.integers(r, shape, -3, 3);
      int[] axes = Samples.axes(r, shape.length);
      boolean keep = r.nextBoolean();
      Axes a = new Axes(reducedAxes(name, x.shape(), axes), keep);
      return new Spec.Sample(name + " on integers", in -> call.apply(in[0], a),
          in -> ref.apply(in[0], axes, keep), x);
    };
  }

  interface Reference {
    Tensor apply(Tensor x, int[] axes, boolean keepdims);
  }

  /** Σ over the axes: gradient spreads g back (a view); tangent sums likewise. */
  static final Prim<Axes> SUM = Prim.<Axes>builder("sum", (a, in) -> run(Reduce.SUM, in[0], a))
      .vjp((s, g) -> new Tensor[] {g.reshape(keptDims(s.shape(0), s.a().reduced))
          .expand(s.shape(0).dims())})
      .jvp((s, t) -> t[0].sum(s.a().list(), s.a().keepdims))
      .format(Axes::toString)
      .spec(new Spec(sampler("sum", false, (x, a) -> x.sum(a.list(), a.keepdims),
          (x, axes, k) -> Samples.reduce(x, axes, k, 0, (acc, v) -> acc + v)),
          intSampler("sum", (x, a) -> x.sum(a.list(), a.keepdims),
              (x, axes, k) -> Samples.reduce(x, axes, k, 0, (acc, v) -> acc + v)),
          EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  /**
   * Π over the axes. The gradient at each element is g times the product of the others in its
   * group ({@link ScanOps#productOfOthers}: exclusive running products from both ends, no
   * division), so it is exact with zeros: at a single zero it is the product of the others, with
   * two or more zeros it is 0, and every higher derivative is as exact. The tangent is
   * {@code Σ others·ṫ}. Integer and BOOL inputs give INT64.
   */
  static final Prim<Axes> PROD = Prim.<Axes>builder("prod", (a, in) -> run(Reduce.PROD, in[0], a))
      .vjp((s, g) -> new Tensor[] {g.reshape(keptDims(s.shape(0), s.a().reduced))
          .mul(ScanOps.productOfOthers(s.x(0), s.a().reduced))})
      .jvp((s, t) -> ScanOps.productOfOthers(s.x(0), s.a().reduced).mul(t[0])
          .sum(s.a().list(), s.a().keepdims))
      .format(Axes::toString)
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 0, 3);
        boolean zeros = r.nextBoolean();
        Tensor x = zeros ? ScanOps.withZeros(r, shape) : Samples.real(r, shape);
        int[] axes = Samples.axes(r, shape.length);
        boolean keep = r.nextBoolean();
        Axes a = new Axes(reducedAxes("prod", x.shape(), axes), keep);
        return new Spec.Sample("prod(x, axes=" + Arrays.toString(axes) + ", keepdims=" + keep
            + ")" + (zeros ? " with zeros" : ""), in -> in[0].prod(a.list(), a.keepdims),
            in -> Samples.reduce(in[0], axes, keep, 1, (acc, v) -> acc * v), x);
      }, intSampler("prod", (x, a) -> x.prod(a.list(), a.keepdims),
          (x, axes, k) -> Samples.reduce(x, axes, k, 1, (acc, v) -> acc * v)),
          EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  /**
   * The elements equal to the extreme get the gradient, split evenly among ties (as PyTorch's
   * amax); the tangent is the same weighted sum of the input tangents.
   */
  private static Tensor share(Saved<Axes> s) {
    int[] kept = keptDims(s.shape(0), s.a().reduced);
    Tensor hit = s.x(0).eq(s.y().reshape(kept));
    Tensor count = hit.sum(s.a().list(), true);
    return hit.to(s.dtype(0)).div(count.to(s.dtype(0)));
  }

  static Prim<Axes> extreme(String name, Reduce kernel, boolean max) {
    Reference ref = (x, axes, k) -> Samples.reduce(x, axes, k,
        max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY,
        (acc, v) -> max ? Math.max(acc, v) : Math.min(acc, v));
    BiFunction<Tensor, Axes, Tensor> call = (x, a) -> max ? x.max(a.list(), a.keepdims)
        : x.min(a.list(), a.keepdims);
    return Prim.<Axes>builder(name, (a, in) -> run(kernel, in[0], a))
        .vjp((s, g) -> new Tensor[] {share(s).mul(g.reshape(keptDims(s.shape(0),
            s.a().reduced)))})
        .jvp((s, t) -> share(s).mul(t[0]).sum(s.a().list(), s.a().keepdims))
        .format(Axes::toString)
        .spec(new Spec(sampler(name, true, call, ref), intSampler(name, call, ref),
            EnumSet.of(DType.INT32, DType.INT64)))
        .build();
  }

  static final Prim<Axes> MAX = extreme("max", Reduce.MAX, true);
  static final Prim<Axes> MIN = extreme("min", Reduce.MIN, false);

  static Prim<Axes> logical(String name, Reduce kernel, boolean any) {
    Reference ref = (x, axes, k) -> Samples.reduce(x, axes, k, any ? 0 : 1,
        (acc, v) -> any ? (acc != 0 || v != 0 ? 1 : 0) : (acc != 0 && v != 0 ? 1 : 0));
    BiFunction<Tensor, Axes, Tensor> call = (x, a) -> any ? x.any(a.list(), a.keepdims)
        : x.all(a.list(), a.keepdims);
    return Prim.<Axes>builder(name, (a, in) -> run(kernel, in[0], a))
        .format(Axes::toString)
        .spec(new Spec(r -> {
          int[] shape = Samples.shape(r, 0, 3);
          Tensor x = Samples.integers(r, shape, -1, 1).mul(0.5);
          int[] axes = Samples.axes(r, shape.length);
          boolean keep = r.nextBoolean();
          Axes a = new Axes(reducedAxes(name, x.shape(), axes), keep);
          return new Spec.Sample(name + "(x)", in -> call.apply(in[0], a),
              in -> ref.apply(in[0], axes, keep), x);
        }, intSampler(name, call, ref), EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
        .build();
  }

  static final Prim<Axes> ANY = logical("any", Reduce.ANY, true);
  static final Prim<Axes> ALL = logical("all", Reduce.ALL, false);

  // ------------------------------------------------------------------ composites

  /**
   * {@code Σ (x - mean)² / max(0, N - correction)} over the axes, N the number of elements
   * reduced; two passes (the mean first), so no cancellation.
   */
  static Tensor variance(String op, Tensor x, int[] axes, double correction, boolean keepdims) {
    checkArgument(x.dtype().isFloatingPoint(), "%s: needs a floating-point tensor, got %s "
        + "(convert with to(DType.FLOAT64))", op, x.dtype());
    checkArgument(correction >= 0 && correction < Double.POSITIVE_INFINITY, "%s: correction "
        + "must be finite and >= 0, got %s", op, correction);
    boolean[] reduced = reducedAxes(op, x.shape(), axes);
    long n = 1;
    for (int i = 0; i < reduced.length; i++) {
      n *= reduced[i] ? x.shape().dim(i) : 1;
    }
    Tensor c = x.sub(x.mean(axes, true));
    return c.mul(c).sum(axes, keepdims).div(Math.max(0.0, n - correction));
  }

  /**
   * {@code ‖x‖_p} over the axes. p = 1 sums |x|, p = ∞ takes max |x| (the gradient split among
   * ties, as max's); any other p scales by the largest |x| of each group first (a constant: the
   * norm is homogeneous, so value and derivatives are unchanged, and nothing overflows or
   * underflows) and takes powers and the root with {@link #powOrZero}/{@link #rootOrZero}, so
   * the gradient at the zero vector and at zero elements is 0, never NaN, and second order stays
   * finite. p = 2 squares x itself (not |x|), keeping its Hessian exact at zero elements.
   */
  static Tensor norm(Tensor x, double p, int[] axes, boolean keepdims) {
    checkArgument(x.dtype().isFloatingPoint(), "norm: needs a floating-point tensor, got %s "
        + "(convert with to(DType.FLOAT64))", x.dtype());
    checkArgument(p > 0, "norm: p must be > 0 (or infinity), got %s", p);
    boolean[] reduced = reducedAxes("norm", x.shape(), axes);
    boolean emptyGroup = false;
    for (int i = 0; i < reduced.length; i++) {
      emptyGroup |= reduced[i] && x.shape().dim(i) == 0;
    }
    Tensor a = x.abs();
    if (p == Double.POSITIVE_INFINITY) {
      checkArgument(!emptyGroup, "norm: the infinity norm over axes %s of shape %s has no "
          + "identity for an empty axis", Arrays.toString(axes), x.shape());
      return a.max(axes, keepdims);
    }
    if (p == 1 || emptyGroup) {
      return a.sum(axes, keepdims);
    }
    Tensor m = a.max(axes, true).detach();
    Tensor scale = Tensor.where(m.gt(0.0).logicalAnd(m.lt(Double.POSITIVE_INFINITY)), m,
        Tensor.scalar(x.dtype(), 1.0));
    Tensor s;
    if (p == 2) {
      Tensor r = x.div(scale);
      s = r.mul(r).sum(axes, true);
    } else {
      s = powOrZero(a.div(scale), p).sum(axes, true);
    }
    Tensor n = rootOrZero(s, p).mul(scale);
    return keepdims ? n : n.reshape(outDims(x.shape(), reduced, false));
  }

  /**
   * {@code s^(1/p)}, with value and every derivative 0 where {@code s = 0}: the double-where
   * pattern. The inner where moves the root's argument away from 0 (where its derivative is
   * infinite) and the outer one selects 0 there, so what reaches s is {@code 0·finite = 0}, not
   * {@code 0·∞ = NaN}.
   */
  static Tensor rootOrZero(Tensor s, double p) {
    Tensor zero = s.eq(0.0);
    return Tensor.where(zero, Tensor.scalar(s.dtype(), 0.0),
        Tensor.where(zero, Tensor.scalar(s.dtype(), 1.0), s).pow(1.0 / p));
  }

  /** {@code r^p} for {@code r >= 0}, with every derivative 0 where {@code r = 0} (double where). */
  static Tensor powOrZero(Tensor r, double p) {
    Tensor zero = r.eq(0.0);
    return Tensor.where(zero, Tensor.scalar(r.dtype(), 0.0),
        Tensor.where(zero, Tensor.scalar(r.dtype(), 1.0), r).pow(p));
  }

  /** Which axes of {@code shape} are reduced; an empty {@code axes} means all of them. */
  static boolean[] reducedAxes(String op, Shape shape, int[] axes) {
    boolean[] r = new boolean[shape.rank()];
    if (axes.length == 0) {
      Arrays.fill(r, true);
      return r;
    }
    for (int a : axes) {
      int ax = shape.axis(op, a);
      checkArgument(!r[ax], "%s: axis %s is repeated in %s for shape %s", op, a,
          Arrays.toString(axes), shape);
      r[ax] = true;
    }
    return r;
  }

  static int[] axesOf(boolean[] reduced) {
    int n = 0;
    int[] out = new int[reduced.length];
    for (int i = 0; i < reduced.length; i++) {
      if (reduced[i]) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  static int[] keptDims(Shape shape, boolean[] reduced) {
    int[] d = shape.dims();
    for (int i = 0; i < d.length; i++) {
      if (reduced[i]) {
        d[i] = 1;
      }
    }
    return d;
  }

  private static int[] outDims(Shape shape, boolean[] reduced, boolean keepdims) {
    if (keepdims) {
      return keptDims(shape, reduced);
    }
    int[] d = new int[shape.rank()];
    int n = 0;
    for (int i = 0; i < d.length; i++) {
      if (!reduced[i]) {
        d[n++] = shape.dim(i);
      }
    }
    return Arrays.copyOf(d, n);
  }

  /** Validates a reduction call and applies the primitive. */
  static Tensor reduce(Prim<Axes> prim, Tensor x, int[] axes, boolean keepdims) {
    String op = prim.name;
    boolean[] reduced = reducedAxes(op, x.shape(), axes);
    if (prim == MAX || prim == MIN) {
      for (int i = 0; i < reduced.length; i++) {
        checkArgument(!reduced[i] || x.shape().dim(i) > 0,
            "%s: cannot reduce axis %s of size 0 in shape %s (no identity)", op, i, x.shape());
      }
    }
    return prim.apply(new Axes(reduced, keepdims), x);
  }

  private static Tensor run(Reduce kernel, Tensor x, Axes a) {
    DType in = x.dtype();
    DType out;
    if (kernel == Reduce.ANY || kernel == Reduce.ALL) {
      out = DType.BOOL;
    } else if (kernel == Reduce.SUM || kernel == Reduce.PROD) {
      out = in.isFloatingPoint() ? in : DType.INT64;
    } else {
      out = in;
    }
    Tensor y = Tensor.empty(out, Shape.of(outDims(x.shape(), a.reduced, a.keepdims)));
    Shape kept = Shape.of(keptDims(x.shape(), a.reduced));
    kernel.apply(x.storage.array(), x.offset, x.strides, x.shape().dimsRef(),
        kept.broadcastStrides(x.shape()), y.storage.array());
    return y;
  }

  /** Arg-reduction attributes: the normalized axis (-1: over the flattened tensor), keepdims. */
  record Arg(int axis, boolean keepdims) {
    @Override
    public String toString() {
      return (axis < 0 ? "flattened" : "axis=" + axis) + ", keepdims=" + keepdims;
    }
  }

  static Prim<Arg> arg(String name, boolean max) {
    return Prim.<Arg>builder(name, (a, in) -> {
      Tensor x = in[0];
      Tensor src = a.axis < 0 ? x.contiguous().reshape(x.numel()) : x.contiguous();
      int ax = a.axis < 0 ? 0 : a.axis;
      int n = src.shape().dim(ax);
      int outer = 1;
      int inner = 1;
      for (int i = 0; i < ax; i++) outer *= src.shape().dim(i);
      for (int i = ax + 1; i < src.rank(); i++) inner *= src.shape().dim(i);
      long[] idx = new long[outer * inner];
      Reduce.argExtreme(src.denseArray(), outer, n, inner, max, idx);
      int[] dims;
      if (a.axis < 0) {
        dims = a.keepdims ? keptDims(x.shape(), reducedAxes(name, x.shape(), new int[0]))
            : new int[0];
      } else {
        boolean[] reduced = new boolean[x.rank()];
        reduced[ax] = true;
        dims = outDims(x.shape(), reduced, a.keepdims);
      }
      return Tensor.wrap(idx, Shape.of(dims));
    }).format(Arg::toString).spec(new Spec(r -> {
      int[] shape = Samples.shape(r, 0, 3);
      Tensor x = Samples.distinct(r, shape);
      Integer axis = shape.length == 0 || r.nextInt(4) == 0 ? null : r.nextInt(shape.length);
      boolean keep = r.nextBoolean();
      return new Spec.Sample(name + "(x, axis=" + axis + ")",
          in -> axis == null ? (max ? in[0].argmax() : in[0].argmin())
              : max ? in[0].argmax(axis, keep) : in[0].argmin(axis, keep),
          in -> argReference(in[0], axis, axis != null && keep, max), x);
    }, r -> {
      int[] shape = Samples.shape(r, 1, 3);
      Tensor x = Samples.integers(r, shape, -3, 3);
      int axis = r.nextInt(shape.length);
      return new Spec.Sample(name + " on integers", in -> max ? in[0].argmax(axis)
          : in[0].argmin(axis), in -> argReference(in[0], axis, false, max), x);
    }, EnumSet.of(DType.INT32, DType.INT64))).build();
  }

  static final Prim<Arg> ARGMAX = arg("argmax", true);
  static final Prim<Arg> ARGMIN = arg("argmin", false);

  /** Index of the extreme element along one axis (first wins ties), or over the flattened x. */
  static Tensor argExtreme(boolean max, Tensor x, Integer axis, boolean keepdims) {
    String op = max ? "argmax" : "argmin";
    int ax = -1;
    if (axis != null) {
      checkArgument(x.rank() > 0, "%s: axis %s given for a 0-d tensor", op, axis);
      ax = x.shape().axis(op, axis);
      checkArgument(x.shape().dim(ax) > 0, "%s: axis %s has size 0 in shape %s", op, ax,
          x.shape());
    } else {
      checkArgument(x.numel() > 0, "%s: axis 0 has size 0 in shape %s", op, x.shape());
    }
    return (max ? ARGMAX : ARGMIN).apply(new Arg(ax, keepdims), x);
  }

  /** Plain-loop reference: the first index of the extreme along the axis. */
  private static Tensor argReference(Tensor x, Integer axis, boolean keep, boolean max) {
    if (axis == null) {
      double[] v = x.toDoubleArray();
      int best = 0;
      for (int i = 1; i < v.length; i++) {
        if (max ? v[i] > v[best] : v[i] < v[best]) {
          best = i;
        }
      }
      int[] dims = new int[keep ? x.rank() : 0];
      Arrays.fill(dims, 1);
      return Tensor.of(new double[] {best}, dims);
    }
    int[] axes = {axis};
    // Fold (best value, best index) pairs encoded in the order the reference visits elements.
    Tensor values = Samples.reduce(x, axes, true, Double.NaN,
        (acc, v) -> acc != acc ? v : (max ? Math.max(acc, v) : Math.min(acc, v)));
    double[] ext = values.toDoubleArray();
    double[] v = x.toDoubleArray();
    double[] out = new double[ext.length];
    Arrays.fill(out, -1);
    int[] idx = new int[x.rank()];
    int[] kept = keptDims(x.shape(), reducedAxes("argmax", x.shape(), axes));
    for (int k = 0; k < v.length; k++) {
      Samples.unravel(k, x.shape(), idx);
      int o = 0;
      for (int i = 0; i < idx.length; i++) {
        o = o * kept[i] + (i == axis ? 0 : idx[i]);
      }
      if (out[o] < 0 && v[k] == ext[o]) {
        out[o] = idx[axis];
      }
    }
    Tensor t = Tensor.of(out, kept);
    return keep ? t : t.squeeze(axis);
  }
}
