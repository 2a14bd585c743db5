package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Index;
import java.util.Arrays;

/**
 * Index-driven primitives: gather / scatter-add (one index per element, e.g. picking each row's
 * class from log-probabilities) and index-select / index-add (whole slices, e.g. a mini-batch of
 * rows). Each pair are adjoints, so each is the other's backward.
 */
final class IndexOps {
  private IndexOps() {}

  static final OpInfo GATHER = OpInfo.smooth("gather", 1);
  static final OpInfo SCATTER_ADD = OpInfo.smooth("scatter_add", 1);
  static final OpInfo INDEX_SELECT = OpInfo.smooth("index_select", 1);
  static final OpInfo INDEX_ADD = OpInfo.smooth("index_add", 1);

  /** {@code [outer, n, inner]} sizes of a shape around an axis. */
  private static int[] split(Shape s, int axis) {
    int outer = 1;
    int inner = 1;
    for (int i = 0; i < axis; i++) outer *= s.dim(i);
    for (int i = axis + 1; i < s.rank(); i++) inner *= s.dim(i);
    return new int[] {outer, s.rank() == 0 ? 1 : s.dim(axis), inner};
  }

  /** Reads an index tensor's values as ints, checking each is an integer in {@code [0, n)}. */
  static int[] indices(String op, Tensor index, int n, int axis, Shape x) {
    double[] v = index.toDoubleArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      checkArgument(v[i] == Math.rint(v[i]), "%s: index %s at flat position %s is not an integer",
          op, v[i], i);
      checkArgument(v[i] >= 0 && v[i] < n,
          "%s: index %s at flat position %s is out of range for axis %s of size %s (shape %s)",
          op, (long) v[i], i, axis, n, x);
      out[i] = (int) v[i];
    }
    return out;
  }

  /**
   * {@code y[..., i, ...] = x[..., index[..., i, ...], ...]} along {@code axis}; index has x's
   * rank and x's sizes on every other axis.
   */
  static Tensor gather(Tensor x, int axis, Tensor index) {
    int ax = x.shape().axis("gather", axis);
    Shape is = index.shape();
    boolean ok = is.rank() == x.shape().rank();
    for (int d = 0; ok && d < is.rank(); d++) {
      ok = d == ax || is.dim(d) == x.shape().dim(d);
    }
    checkArgument(ok, "gather: index shape %s must match input shape %s on every axis but %s",
        is, x.shape(), ax);
    int[] idx = indices("gather", index, x.shape().dim(ax), ax, x.shape());
    return gather(x, ax, idx, is);
  }

  private static Tensor gather(Tensor x, int ax, int[] idx, Shape is) {
    int[] xs = split(x.shape(), ax);
    Tensor y = Tensor.empty(x.dtype(), is);
    Index.gather(x.data(), xs[1], idx, y.data(), xs[0], is.dim(ax), xs[2]);
    Shape full = x.shape();
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return GATHER;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {scatterAdd(g, ax, idx, full)};
      }

      @Override
      String attributes() {
        return "axis=" + ax;
      }
    }, y, x);
  }

  /** Adjoint of gather: zeros of {@code full} shape with {@code src} added at the indices. */
  private static Tensor scatterAdd(Tensor src, int ax, int[] idx, Shape full) {
    int[] fs = split(full, ax);
    Tensor y = Tensor.zeros(src.dtype(), full.dims());
    Index.scatterAdd(src.data(), src.shape().dim(ax), idx, y.data(), fs[0], fs[1], fs[2]);
    Shape is = src.shape();
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return SCATTER_ADD;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {gather(g, ax, idx, is)};
      }

      @Override
      String attributes() {
        return "axis=" + ax + ", shape=" + full;
      }
    }, y, src);
  }

  /** {@code y = x} restricted to the listed positions along {@code axis} (repeats allowed). */
  static Tensor indexSelect(Tensor x, int axis, int[] indices) {
    int ax = x.shape().axis("index_select", axis);
    int n = x.shape().dim(ax);
    for (int i = 0; i < indices.length; i++) {
      checkArgument(indices[i] >= 0 && indices[i] < n,
          "index_select: index %s at position %s is out of range for axis %s of size %s (shape %s)",
          indices[i], i, ax, n, x.shape());
    }
    return select(x, ax, indices.clone());
  }

  /** index_select on a normalized axis with validated indices (also index_add's backward). */
  private static Tensor select(Tensor x, int ax, int[] idx) {
    int[] xs = split(x.shape(), ax);
    int[] dims = x.shape().dims();
    dims[ax] = idx.length;
    Tensor y = Tensor.empty(x.dtype(), Shape.of(dims));
    Index.select(x.data(), xs[1], idx, y.data(), xs[0], xs[2]);
    Shape full = x.shape();
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return INDEX_SELECT;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {indexAdd(g, ax, idx, full)};
      }

      @Override
      String attributes() {
        return "axis=" + ax + ", indices=" + Arrays.toString(idx);
      }
    }, y, x);
  }

  /** Adjoint of index-select: zeros of {@code full} shape with slices of src added. */
  private static Tensor indexAdd(Tensor src, int ax, int[] idx, Shape full) {
    int[] fs = split(full, ax);
    Tensor y = Tensor.zeros(src.dtype(), full.dims());
    Index.selectAdd(src.data(), idx, y.data(), fs[0], fs[1], fs[2]);
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return INDEX_ADD;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {select(g, ax, idx)};
      }

      @Override
      String attributes() {
        return "axis=" + ax + ", shape=" + full;
      }
    }, y, src);
  }
}
