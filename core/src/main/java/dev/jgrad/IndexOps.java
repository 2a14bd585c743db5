package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Index;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * Index-driven primitives: gather / scatter-add (one index per element, e.g. picking each row's
 * class from log-probabilities) and index-select / index-add (whole slices, e.g. a mini-batch of
 * rows or embedding lookups). Each pair are adjoints, so each is the other's backward; the JVP of
 * each is the same movement of the tangent. Indices are INT32/INT64 tensors or int arrays,
 * validated once (a float index tensor is an error).
 */
final class IndexOps {
  private IndexOps() {}

  /** A call: the axis, the validated indices, the full (source) shape and the index shape. */
  record Call(int axis, int[] idx, Shape full, Shape indexShape) {
    @Override
    public String toString() {
      return "axis=" + axis + ", shape=" + full;
    }
  }

  /** {@code [outer, n, inner]} sizes of a shape around an axis. */
  private static int[] split(Shape s, int axis) {
    int outer = 1;
    int inner = 1;
    for (int i = 0; i < axis; i++) outer *= s.dim(i);
    for (int i = axis + 1; i < s.rank(); i++) inner *= s.dim(i);
    return new int[] {outer, s.rank() == 0 ? 1 : s.dim(axis), inner};
  }

  /**
   * Reads an index tensor as ints, checking each is in {@code [0, n)}.
   *
   * @throws IllegalArgumentException for a non-integer dtype or an out-of-range index, naming
   *     the op, the value, its flat position, the axis and the shape
   */
  static int[] indices(String op, Tensor index, int n, int axis, Shape x) {
    checkArgument(index.dtype().isInteger(), "%s: index must be an int32 or int64 tensor, got %s"
        + " (convert with to(DType.INT64))", op, index.dtype());
    long[] v = index.toLongArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      long k = v[i];
      if (k < 0 || k >= n) { // plain check: a varargs message per element would box
        throw new IllegalArgumentException(String.format("%s: index %s at flat position %s is out "
            + "of range for axis %s of size %s (shape %s)", op, k, i, axis, n, x));
      }
      out[i] = (int) k;
    }
    return out;
  }

  static final Prim<Call> GATHER = Prim.<Call>builder("gather", (c, in) -> {
    Tensor x = in[0];
    int[] xs = split(x.shape(), c.axis);
    Tensor y = Tensor.empty(x.dtype(), c.indexShape);
    Index.gather(x.denseArray(), xs[1], c.idx, y.storage.array(), xs[0],
        c.indexShape.rank() == 0 ? 1 : c.indexShape.dim(c.axis), xs[2]);
    return y;
  })
      .vjp((s, g) -> new Tensor[] {IndexOps.SCATTER_ADD.apply(s.a(), g)})
      .jvp((s, t) -> IndexOps.GATHER.apply(s.a(), t[0]))
      .format(Call::toString)
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 1, 3);
        int axis = r.nextInt(shape.length);
        int[] is = shape.clone();
        is[axis] = 1 + r.nextInt(3);
        long[] idx = new long[Shape.of(is).numel()];
        for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(shape[axis]);
        Tensor index = Tensor.of(idx, is);
        return new Spec.Sample("gather(x, " + axis + ", " + Arrays.toString(idx) + ")",
            in -> in[0].gather(axis, index), in -> gatherReference(in[0], axis, index),
            Samples.real(r, shape));
      }, r -> {
        int[] shape = Samples.shape(r, 1, 2);
        long[] idx = new long[Shape.of(shape).numel()];
        for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(shape[0]);
        Tensor index = Tensor.of(idx, shape);
        return new Spec.Sample("gather on integers", in -> in[0].gather(0, index),
            in -> gatherReference(in[0], 0, index), Samples.integers(r, shape, -3, 3));
      }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  /** Adjoint of gather: zeros of the full shape with the input added at the indices. */
  static final Prim<Call> SCATTER_ADD = Prim.<Call>builder("scatter_add", (c, in) -> {
    Tensor src = in[0];
    int[] fs = split(c.full, c.axis);
    Tensor y = Tensor.zeros(src.dtype(), c.full.dims());
    Index.scatterAdd(src.denseArray(), c.indexShape.rank() == 0 ? 1
        : c.indexShape.dim(c.axis), c.idx, y.storage.array(), fs[0], fs[1], fs[2]);
    return y;
  })
      .vjp((s, g) -> new Tensor[] {IndexOps.GATHER.apply(s.a(), g)})
      .jvp((s, t) -> IndexOps.SCATTER_ADD.apply(s.a(), t[0]))
      .format(Call::toString)
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        int m = 1 + r.nextInt(4);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = r.nextInt(n);
        Call c = new Call(0, idx, Shape.of(n), Shape.of(m));
        return new Spec.Sample("scatter_add(x, " + Arrays.toString(idx) + ")",
            in -> IndexOps.SCATTER_ADD.apply(c, in[0]), in -> {
              double[] v = in[0].toDoubleArray();
              double[] out = new double[n];
              for (int i = 0; i < m; i++) out[idx[i]] += v[i];
              return Tensor.of(out);
            }, Samples.real(r, new int[] {m}));
      }))
      .build();

  static Tensor gather(Tensor x, int axis, Tensor index) {
    checkArgument(x.rank() > 0, "gather: cannot gather from a 0-d tensor");
    int ax = x.shape().axis("gather", axis);
    Shape is = index.shape();
    boolean ok = is.rank() == x.shape().rank();
    for (int d = 0; ok && d < is.rank(); d++) {
      ok = d == ax || is.dim(d) == x.shape().dim(d);
    }
    checkArgument(ok, "gather: index shape %s must match input shape %s on every axis but %s",
        is, x.shape(), ax);
    int[] idx = indices("gather", index, x.shape().dim(ax), ax, x.shape());
    return IndexOps.GATHER.apply(new Call(ax, idx, x.shape(), is), x);
  }

  private static Tensor gatherReference(Tensor x, int axis, Tensor index) {
    long[] idx = index.toLongArray();
    double[] v = x.toDoubleArray();
    double[] out = new double[idx.length];
    int[] pos = new int[index.rank()];
    for (int k = 0; k < idx.length; k++) {
      Samples.unravel(k, index.shape(), pos);
      pos[axis] = (int) idx[k];
      int flat = 0;
      for (int i = 0; i < pos.length; i++) {
        flat = flat * x.shape().dim(i) + pos[i];
      }
      out[k] = v[flat];
    }
    return Tensor.of(out, index.shape().dims());
  }

  static final Prim<Call> INDEX_SELECT = Prim.<Call>builder("index_select", (c, in) -> {
    Tensor x = in[0];
    int[] xs = split(x.shape(), c.axis);
    int[] dims = x.shape().dims();
    dims[c.axis] = c.idx.length;
    Tensor y = Tensor.empty(x.dtype(), Shape.of(dims));
    Index.select(x.denseArray(), xs[1], c.idx, y.storage.array(), xs[0], xs[2]);
    return y;
  })
      .vjp((s, g) -> new Tensor[] {IndexOps.INDEX_ADD.apply(s.a(), g)})
      .jvp((s, t) -> IndexOps.INDEX_SELECT.apply(s.a(), t[0]))
      .format(c -> "axis=" + c.axis + ", indices=" + Arrays.toString(c.idx))
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 1, 3);
        int axis = r.nextInt(shape.length);
        int[] idx = new int[1 + r.nextInt(4)];
        for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(shape[axis]);
        return new Spec.Sample("index_select(x, " + axis + ", " + Arrays.toString(idx) + ")",
            in -> in[0].indexSelect(axis, idx), in -> selectReference(in[0], axis, idx),
            Samples.real(r, shape));
      }, r -> {
        int[] shape = Samples.shape(r, 1, 2);
        int[] idx = {0, 0};
        return new Spec.Sample("index_select on integers", in -> in[0].indexSelect(0, idx),
            in -> selectReference(in[0], 0, idx), Samples.integers(r, shape, -3, 3));
      }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  /** Adjoint of index-select: zeros of the full shape with slices of the input added. */
  static final Prim<Call> INDEX_ADD = Prim.<Call>builder("index_add", (c, in) -> {
    Tensor src = in[0];
    int[] fs = split(c.full, c.axis);
    Tensor y = Tensor.zeros(src.dtype(), c.full.dims());
    Index.selectAdd(src.denseArray(), c.idx, y.storage.array(), fs[0], fs[1], fs[2]);
    return y;
  })
      .vjp((s, g) -> new Tensor[] {IndexOps.INDEX_SELECT.apply(s.a(), g)})
      .jvp((s, t) -> IndexOps.INDEX_ADD.apply(s.a(), t[0]))
      .format(c -> "axis=" + c.axis + ", shape=" + c.full)
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        int[] idx = new int[1 + r.nextInt(4)];
        for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(n);
        int cols = 1 + r.nextInt(2);
        Call c = new Call(0, idx, Shape.of(n, cols), Shape.of(idx.length));
        return new Spec.Sample("index_add(x, " + Arrays.toString(idx) + ")",
            in -> IndexOps.INDEX_ADD.apply(c, in[0]), in -> {
              double[] v = in[0].toDoubleArray();
              double[] out = new double[n * cols];
              for (int i = 0; i < idx.length; i++) {
                for (int j = 0; j < cols; j++) out[idx[i] * cols + j] += v[i * cols + j];
              }
              return Tensor.of(out, n, cols);
            }, Samples.real(r, new int[] {idx.length, cols}));
      }))
      .build();

  static Tensor indexSelect(Tensor x, int axis, int[] indices) {
    checkArgument(x.rank() > 0, "index_select: cannot select from a 0-d tensor");
    int ax = x.shape().axis("index_select", axis);
    int n = x.shape().dim(ax);
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= n) {
        throw new IllegalArgumentException(String.format("index_select: index %s at position %s "
            + "is out of range for axis %s of size %s (shape %s)", indices[i], i, ax, n,
            x.shape()));
      }
    }
    return IndexOps.INDEX_SELECT.apply(new Call(ax, indices.clone(), x.shape(),
        Shape.of(indices.length)), x);
  }

  private static Tensor selectReference(Tensor x, int axis, int[] idx) {
    int[] dims = x.shape().dims();
    int[] out = dims.clone();
    out[axis] = idx.length;
    Shape os = Shape.of(out);
    double[] v = x.toDoubleArray();
    double[] res = new double[os.numel()];
    int[] pos = new int[dims.length];
    for (int k = 0; k < res.length; k++) {
      Samples.unravel(k, os, pos);
      pos[axis] = idx[pos[axis]];
      int flat = 0;
      for (int i = 0; i < dims.length; i++) {
        flat = flat * dims[i] + pos[i];
      }
      res[k] = v[flat];
    }
    return Tensor.of(res, out);
  }
}
