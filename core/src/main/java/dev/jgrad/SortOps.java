package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Sort;
import java.util.EnumSet;
import java.util.SplittableRandom;

/**
 * Sorting and selecting along an axis. One primitive, {@code argsort} (a constant: INT64 indices,
 * stable in both directions, NaN last ascending and first descending); sort, topk, median and
 * max/min with their index are built from it (or from argmax/argmin) and {@code gather}, so the
 * values are differentiable through the indices: each value's gradient goes to the element it was
 * taken from, and gather's rules (checked with the op table) are all the derivatives there are.
 */
final class SortOps {
  private SortOps() {}

  /** An argsort call: the (normalized) axis and the direction. */
  record Order(int axis, boolean descending) {
    @Override
    public String toString() {
      return "axis=" + axis + ", descending=" + descending;
    }
  }

  static final Prim<Order> ARGSORT = Prim.<Order>builder("argsort", (o, in) -> {
    Tensor x = in[0];
    long[] out = new long[x.numel()];
    Sort.argsort(x.storage.array(), x.offset, x.strides, x.shape().dimsRef(), o.axis,
        o.descending, out);
    return Tensor.wrap(out, x.shape());
  })
      .format(Order::toString)
      .spec(new Spec(r -> sample(r, false), r -> sample(r, true),
          EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  /** The indices that sort x along the axis (0-d: the 0-d index 0). */
  static Tensor argsort(Tensor x, int axis, boolean descending) {
    int ax = ScanOps.lineAxis("argsort", x.shape(), axis);
    if (x.rank() == 0) {
      return ARGSORT.apply(new Order(0, descending), x.reshape(1)).reshape();
    }
    return ARGSORT.apply(new Order(ax, descending), x);
  }

  static ValuesAndIndices sort(Tensor x, int axis, boolean descending) {
    int ax = ScanOps.lineAxis("sort", x.shape(), axis);
    Tensor v = line(x);
    Tensor idx = ARGSORT.apply(new Order(ax, descending), v);
    return result(x, v.gather(ax, idx), idx, ax, true);
  }

  static ValuesAndIndices topk(Tensor x, int k, int axis, boolean largest) {
    int ax = ScanOps.lineAxis("topk", x.shape(), axis);
    Tensor v = line(x);
    int n = v.shape().dim(ax);
    checkArgument(k >= 0 && k <= n, "topk: k = %s is out of range for axis %s of size %s in "
        + "shape %s (need 0 <= k <= %s)", k, axis, n, x.shape(), n);
    Tensor idx = ARGSORT.apply(new Order(ax, largest), v).slice(ax, 0, k);
    return result(x, v.gather(ax, idx), idx, ax, true);
  }

  /**
   * The lower median (sorted position {@code (n - 1) / 2}) along the axis; where a line holds
   * NaN, the first NaN (as PyTorch).
   */
  static ValuesAndIndices median(Tensor x, int axis, boolean keepdims) {
    int ax = ScanOps.lineAxis("median", x.shape(), axis);
    Tensor v = line(x);
    int n = v.shape().dim(ax);
    checkArgument(n > 0, "median: axis %s has size 0 in shape %s (a median needs an element)",
        axis, x.shape());
    int mid = (n - 1) / 2;
    Tensor idx = ARGSORT.apply(new Order(ax, false), v).slice(ax, mid, mid + 1);
    if (v.dtype().isFloatingPoint()) {
      Tensor nan = v.ne(v);
      if (nan.any().booleanItem()) {
        idx = Tensor.where(nan.any(new int[] {ax}, true), nan.argmax(ax, true), idx);
      }
    }
    return result(x, v.gather(ax, idx), idx, ax, keepdims);
  }

  /** The first largest (or smallest) element along the axis and its index (NaN counts as it). */
  static ValuesAndIndices extremeWithIndex(Tensor x, int axis, boolean keepdims, boolean max) {
    String op = max ? "maxWithIndex" : "minWithIndex";
    int ax = ScanOps.lineAxis(op, x.shape(), axis);
    Tensor v = line(x);
    checkArgument(v.shape().dim(ax) > 0, "%s: axis %s has size 0 in shape %s (no extreme)", op,
        axis, x.shape());
    Tensor idx = ReduceOps.argExtreme(max, v, ax, true);
    return result(x, v.gather(ax, idx), idx, ax, keepdims);
  }

  /** x, or a 0-d x as one line of one element. */
  private static Tensor line(Tensor x) {
    return x.rank() == 0 ? x.reshape(1) : x;
  }

  /** Drops the size-1 axis unless kept; a 0-d input gives 0-d results. */
  private static ValuesAndIndices result(Tensor x, Tensor values, Tensor idx, int ax,
      boolean keep) {
    if (x.rank() == 0) {
      return values.numel() == 1 ? new ValuesAndIndices(values.reshape(), idx.reshape())
          : new ValuesAndIndices(values, idx);
    }
    if (!keep) {
      return new ValuesAndIndices(values.squeeze(ax), idx.squeeze(ax));
    }
    return new ValuesAndIndices(values, idx);
  }

  // ------------------------------------------------------------------ samples and references

  /**
   * Calls that return argsort's indices: argsort, sort, topk and median, either direction. Float
   * samples are tie-free; integer samples have ties (values in [-3, 3], or 0/1 as BOOL), which
   * the stable order resolves by position.
   */
  private static Spec.Sample sample(SplittableRandom r, boolean ints) {
    int[] shape = Samples.shape(r, 0, 3);
    Tensor x = ints ? Samples.integers(r, shape, -3, 3) : Samples.distinct(r, shape);
    int rank = shape.length;
    int ax = rank == 0 ? 0 : r.nextInt(rank);
    int axis = rank == 0 ? (r.nextBoolean() ? 0 : -1) : r.nextBoolean() ? ax : ax - rank;
    int n = rank == 0 ? 1 : shape[ax];
    boolean down = r.nextBoolean();
    String on = ints ? " on integers" : "";
    switch (r.nextInt(4)) {
      case 0:
        return new Spec.Sample("argsort(x, " + axis + ", descending=" + down + ")" + on,
            in -> in[0].argsort(axis, down),
            in -> Samples.alongAxis(ax, l -> sortedPositions(l[0], down), in), x);
      case 1:
        return new Spec.Sample("sort(x, " + axis + ", descending=" + down + ").indices" + on,
            in -> in[0].sort(axis, down).indices(),
            in -> Samples.alongAxis(ax, l -> sortedPositions(l[0], down), in), x);
      case 2: {
        int k = r.nextInt(n + 1);
        return new Spec.Sample("topk(x, " + k + ", " + axis + ", largest=" + down + ").indices"
            + on, in -> in[0].topk(k, axis, down).indices(),
            in -> {
              Tensor t = Samples.alongAxis(ax, l -> java.util.Arrays.copyOf(
                  sortedPositions(l[0], down), k), in);
              return rank == 0 && k == 1 ? t.reshape() : t;
            }, x);
      }
      default: {
        boolean keep = r.nextBoolean();
        return new Spec.Sample("median(x, " + axis + ", keepdims=" + keep + ").indices" + on,
            in -> in[0].median(axis, keep).indices(),
            in -> {
              Tensor t = Samples.alongAxis(ax,
                  l -> new double[] {sortedPositions(l[0], false)[(l[0].length - 1) / 2]}, in);
              return keep || rank == 0 ? t : t.squeeze(ax);
            }, x);
      }
    }
  }

  /**
   * The stable sorting permutation of a line by ranks: element j goes to position
   * {@code #{i : v[i] before v[j]} + #{i < j : v[i] == v[j]}}.
   */
  static double[] sortedPositions(double[] v, boolean descending) {
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      int rank = 0;
      for (int i = 0; i < v.length; i++) {
        boolean before = descending ? v[i] > v[j] : v[i] < v[j];
        if (before || (v[i] == v[j] && i < j)) {
          rank++;
        }
      }
      out[rank] = j;
    }
    return out;
  }
}
