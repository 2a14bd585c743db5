package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Reduce;
import java.util.Arrays;

/**
 * Reductions over any set of axes (negative axes count from the end; no axes means all), with
 * or without keeping the reduced axes as size 1.
 */
final class ReduceOps {
  private ReduceOps() {}

  static final OpInfo SUM = OpInfo.smooth("sum", 1);
  /** Kink: ties for the extreme value (the gradient is split evenly among them). */
  static final OpInfo MAX = OpInfo.smooth("max", 1);
  static final OpInfo MIN = OpInfo.smooth("min", 1);
  static final OpInfo ARGMAX = OpInfo.constant("argmax", 1);
  static final OpInfo ARGMIN = OpInfo.constant("argmin", 1);

  /** A reduction call: which axes and whether they are kept. */
  private static final class Call extends Op {
    final OpInfo info;
    final boolean[] reduced;
    final boolean keepdims;

    Call(OpInfo info, boolean[] reduced, boolean keepdims) {
      this.info = info;
      this.reduced = reduced;
      this.keepdims = keepdims;
    }

    @Override
    OpInfo info() {
      return info;
    }

    @Override
    Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      int[] kept = keptDims(x.shape(), reduced);
      Tensor gk = g.reshape(kept);
      if (info == SUM) {
        // d sum / dx = 1 for every element: spread g over the reduced axes.
        return new Tensor[] {gk.broadcastTo(x.shape().dims())};
      }
      // max/min: only the elements equal to the extreme get gradient, split evenly among ties.
      Tensor hit = x.eq(node.output.reshape(kept));
      Tensor count = hit.sum(axesOf(reduced), true);
      return new Tensor[] {hit.div(count).mul(gk)};
    }

    @Override
    String attributes() {
      return "axes=" + Arrays.toString(axesOf(reduced)) + ", keepdims=" + keepdims;
    }
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

  static Tensor reduce(OpInfo info, Tensor x, int[] axes, boolean keepdims) {
    String op = info.name();
    boolean[] reduced = reducedAxes(op, x.shape(), axes);
    if (info != SUM) {
      for (int i = 0; i < reduced.length; i++) {
        checkArgument(!reduced[i] || x.shape().dim(i) > 0,
            "%s: cannot reduce axis %s of size 0 in shape %s (no identity)", op, i, x.shape());
      }
    }
    Tensor y = Tensor.empty(x.dtype(), Shape.of(outDims(x.shape(), reduced, keepdims)));
    Shape kept = Shape.of(keptDims(x.shape(), reduced));
    Reduce kernel = info == SUM ? Reduce.SUM : info == MAX ? Reduce.MAX : Reduce.MIN;
    kernel.apply(x.data(), x.shape().dims(), kept.broadcastStrides(x.shape()), y.data());
    return Engine.record(new Call(info, reduced, keepdims), y, x);
  }

  /**
   * Index of the extreme element along one axis (first wins ties), or over the flattened tensor
   * when {@code axis} is null. Returns integral values in x's dtype; never differentiable.
   */
  static Tensor argExtreme(boolean max, Tensor x, Integer axis, boolean keepdims) {
    String op = max ? "argmax" : "argmin";
    Tensor src = axis == null ? x.reshape(x.shape().numel()) : x;
    int ax = src.shape().axis(op, axis == null ? 0 : axis);
    int n = src.shape().dim(ax);
    checkArgument(n > 0, "%s: axis %s has size 0 in shape %s", op, ax, x.shape());
    int outer = 1;
    int inner = 1;
    for (int i = 0; i < ax; i++) outer *= src.shape().dim(i);
    for (int i = ax + 1; i < src.shape().rank(); i++) inner *= src.shape().dim(i);
    double[] idx = new double[outer * inner];
    Reduce.argExtreme(src.data(), outer, n, inner, max, idx);
    boolean[] reduced = new boolean[src.shape().rank()];
    reduced[ax] = true;
    int[] dims = axis == null
        ? (keepdims ? keptDims(x.shape(), reducedAxes(op, x.shape(), new int[0])) : new int[0])
        : outDims(src.shape(), reduced, keepdims);
    Tensor t = Tensor.wrap(idx, Shape.of(dims));
    return t.dtype() == x.dtype() ? t : t.to(x.dtype());
  }
}
