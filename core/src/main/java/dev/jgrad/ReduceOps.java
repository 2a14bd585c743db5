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
