package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Strided;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * The shape and indexing vocabulary. Two primitives: flip (a copy that reads its input
 * backwards; tensors never hold negative strides, so it cannot be a view) and nonzero (the
 * coordinates of the nonzero elements, a constant). Everything else is built from views and the
 * primitives of {@link ShapeOps} and {@link IndexOps}, so its derivatives in both modes, its
 * dtype support and its view behaviour follow from theirs:
 *
 * <ul>
 *   <li>views (O(1), sharing storage): narrow, split, chunk, unbind and {@code index} are
 *       slices and a reshape that drops or inserts size-1 axes; diag of a matrix is diagonal;
 *   <li>copies: roll is two slices concatenated; repeat/tile reshape an expanded view (its
 *       gradient sums the copies back); tril/triu select with a constant mask; diag of a vector
 *       is diagonal_embed; pad concatenates constant blocks, expanded edge slices or flipped
 *       slices; take_along_axis gathers from broadcast views; masked_select index-selects from
 *       the flattened broadcast input (its adjoint is index_add).
 * </ul>
 */
final class IndexingOps {
  private IndexingOps() {}

  // ------------------------------------------------------------------ flip

  /** Reverses the given (normalized, distinct) axes; self-adjoint, so VJP and JVP are flips. */
  static final Prim<int[]> FLIP = Prim.<int[]>builder("flip", (axes, in) -> {
    Tensor x = in[0];
    int[] st = x.strides.clone();
    int off = x.offset;
    for (int a : axes) {
      // Read the axis from its last element with the stride negated.
      off += Math.max(0, x.shape().dim(a) - 1) * st[a];
      st[a] = -st[a];
    }
    Object out = Storage.newArray(x.dtype(), x.numel());
    Strided.copy(x.storage.array(), off, st, out, 0, x.shape().dimsRef());
    return Tensor.wrap(out, x.shape());
  })
      .vjp((s, g) -> new Tensor[] {IndexingOps.FLIP.apply(s.a(), g)})
      .jvp((s, t) -> IndexingOps.FLIP.apply(s.a(), t[0]))
      .format(a -> "axes=" + Arrays.toString(a))
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 0, 3);
        int[] axes = Samples.axes(r, shape.length);
        return new Spec.Sample("flip(x, " + Arrays.toString(axes) + ")", in -> in[0].flip(axes),
            in -> flipReference(in[0], axes), Samples.real(r, shape));
      }, r -> {
        int[] shape = Samples.shape(r, 1, 3);
        int[] axes = Samples.axes(r, shape.length);
        return new Spec.Sample("flip(x, " + Arrays.toString(axes) + ") on integers",
            in -> in[0].flip(axes), in -> flipReference(in[0], axes),
            Samples.integers(r, shape, -3, 3));
      }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  static Tensor flip(Tensor x, int[] axes) {
    int r = x.rank();
    boolean[] flipped = new boolean[r];
    for (int a : axes) {
      int ax = x.shape().axis("flip", a);
      checkArgument(!flipped[ax], "flip: axis %s repeated in %s", a, Arrays.toString(axes));
      flipped[ax] = true;
    }
    int[] norm = new int[r];
    int n = 0;
    for (int i = 0; i < r; i++) {
      if (flipped[i] || axes.length == 0) {
        norm[n++] = i;
      }
    }
    return FLIP.apply(Arrays.copyOf(norm, n), x);
  }

  /** Reference: each output element read from the mirrored position, by index arithmetic. */
  private static Tensor flipReference(Tensor x, int[] axes) {
    int r = x.rank();
    boolean[] flipped = new boolean[r];
    for (int a : axes) {
      flipped[a < 0 ? a + r : a] = true;
    }
    int[] dims = x.shape().dims();
    double[] v = x.toDoubleArray();
    double[] out = new double[v.length];
    int[] idx = new int[r];
    for (int k = 0; k < out.length; k++) {
      Samples.unravel(k, x.shape(), idx);
      int flat = 0;
      for (int i = 0; i < r; i++) {
        int j = flipped[i] || axes.length == 0 ? dims[i] - 1 - idx[i] : idx[i];
        flat = flat * dims[i] + j;
      }
      out[k] = v[flat];
    }
    return Tensor.of(out, dims);
  }

  // ------------------------------------------------------------------ nonzero

  /** Row i is the index of the i-th nonzero element in row-major order; INT64 {@code [n, rank]}. */
  static final Prim<Void> NONZERO = Prim.<Void>builder("nonzero", (a, in) -> {
    Tensor x = in[0];
    boolean[] nonzero = x.toBooleanArray(); // x != 0, NaN included
    int n = 0;
    for (boolean b : nonzero) {
      n += b ? 1 : 0;
    }
    checkArgument((long) n * x.rank() <= Storage.MAX_ELEMENTS, "nonzero: %s nonzero elements of "
        + "shape %s make more coordinates than a tensor holds", n, x.shape());
    long[] out = dev.jgrad.kernels.Index.coordinates(nonzero, n, x.shape().dimsRef());
    return Tensor.wrap(out, Shape.of(n, x.rank()));
  })
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 0, 3);
        double[] v = Samples.real(r, shape).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
          v[i] = r.nextBoolean() ? 0.0 : v[i];
        }
        return new Spec.Sample("nonzero(x)", in -> in[0].nonzero(), IndexingOps::nonzeroReference,
            Tensor.of(v, shape));
      }, r -> new Spec.Sample("nonzero(x) on integers", in -> in[0].nonzero(),
          IndexingOps::nonzeroReference, Samples.integers(r, Samples.shape(r, 0, 3), -1, 1)),
          EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  private static Tensor nonzeroReference(Tensor[] in) {
    Tensor x = in[0];
    double[] v = x.toDoubleArray();
    int r = x.rank();
    double[] rows = new double[v.length * r];
    int n = 0;
    int[] idx = new int[r];
    for (int k = 0; k < v.length; k++) {
      if (v[k] != 0) {
        Samples.unravel(k, x.shape(), idx);
        for (int i = 0; i < r; i++) {
          rows[n * r + i] = idx[i];
        }
        n++;
      }
    }
    return Tensor.of(Arrays.copyOf(rows, n * r), n, r);
  }

  // ------------------------------------------------------------------ views

  static Tensor narrow(Tensor x, int axis, int start, int length) {
    checkArgument(x.rank() > 0, "narrow: cannot narrow a 0-d tensor");
    int ax = x.shape().axis("narrow", axis);
    int n = x.shape().dim(ax);
    checkArgument(start >= -n && start <= n, "narrow: start %s is out of range for axis %s of "
        + "size %s (shape %s)", start, axis, n, x.shape());
    int s = start < 0 ? start + n : start;
    checkArgument(length >= 0 && (long) s + length <= n, "narrow: start %s and length %s do not "
        + "fit axis %s of size %s (shape %s)", start, length, axis, n, x.shape());
    return ShapeOps.slice(x, ax, s, s + length, 1);
  }

  static Tensor[] split(Tensor x, int size, int axis) {
    checkArgument(x.rank() > 0, "split: cannot split a 0-d tensor");
    int ax = x.shape().axis("split", axis);
    checkArgument(size > 0, "split: size must be positive, got %s (axis %s of shape %s)", size,
        axis, x.shape());
    int n = x.shape().dim(ax);
    int count = Math.max(1, n / size + (n % size == 0 ? 0 : 1));
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      sizes[i] = Math.min(size, n - i * size);
    }
    return pieces(x, ax, sizes);
  }

  static Tensor[] split(Tensor x, int[] sizes, int axis) {
    checkArgument(x.rank() > 0, "split: cannot split a 0-d tensor");
    int ax = x.shape().axis("split", axis);
    long total = 0;
    for (int s : sizes) {
      checkArgument(s >= 0, "split: negative size %s in %s", s, Arrays.toString(sizes));
      total += s;
    }
    checkArgument(total == x.shape().dim(ax), "split: sizes %s sum to %s but axis %s has size %s "
        + "(shape %s)", Arrays.toString(sizes), total, axis, x.shape().dim(ax), x.shape());
    return pieces(x, ax, sizes);
  }

  static Tensor[] chunk(Tensor x, int chunks, int axis) {
    checkArgument(x.rank() > 0, "chunk: cannot chunk a 0-d tensor");
    int ax = x.shape().axis("chunk", axis);
    checkArgument(chunks > 0, "chunk: chunks must be positive, got %s", chunks);
    int n = x.shape().dim(ax);
    if (n == 0) {
      return pieces(x, ax, new int[chunks]); // PyTorch: as many empty pieces as asked for
    }
    return split(x, n / chunks + (n % chunks == 0 ? 0 : 1), ax);
  }

  private static Tensor[] pieces(Tensor x, int ax, int[] sizes) {
    Tensor[] out = new Tensor[sizes.length];
    int off = 0;
    for (int i = 0; i < sizes.length; i++) {
      out[i] = ShapeOps.slice(x, ax, off, off + sizes[i], 1);
      off += sizes[i];
    }
    return out;
  }

  static Tensor[] unbind(Tensor x, int axis) {
    checkArgument(x.rank() > 0, "unbind: cannot unbind a 0-d tensor");
    int ax = x.shape().axis("unbind", axis);
    int[] dims = x.shape().dims();
    int[] rest = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != ax) {
        rest[j++] = dims[i];
      }
    }
    Tensor[] out = new Tensor[dims[ax]];
    for (int i = 0; i < out.length; i++) {
      out[i] = ShapeOps.reshape(ShapeOps.slice(x, ax, i, i + 1, 1), rest);
    }
    return out;
  }

  /**
   * Basic indexing as a view: one slice per indexed axis, then one reshape that drops the axes
   * indexed by a position and inserts the new axes (both of size 1, so the reshape is a view).
   */
  static Tensor index(String op, Tensor x, Index[] index) {
    int consumed = 0;
    int ellipses = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] == null) {
        throw new NullPointerException(op + ": entry " + i + " of " + Arrays.toString(index)
            + " is null");
      }
      consumed += index[i].kind == Index.Kind.AT || index[i].kind == Index.Kind.RANGE ? 1 : 0;
      ellipses += index[i].kind == Index.Kind.ELLIPSIS ? 1 : 0;
    }
    checkArgument(ellipses <= 1, "%s: %s has more than one ellipsis", op, Arrays.toString(index));
    checkArgument(consumed <= x.rank(), "%s: %s indexes %s axes but shape %s has rank %s", op,
        Arrays.toString(index), consumed, x.shape(), x.rank());
    Tensor y = x;
    int axis = 0; // the input axis the next entry indexes (slices keep every axis)
    int[] dims = new int[x.rank() + index.length];
    int nd = 0;
    for (Index e : index) {
      switch (e.kind) {
        case NEW_AXIS:
          dims[nd++] = 1;
          break;
        case ELLIPSIS:
          for (int k = 0; k < x.rank() - consumed; k++) {
            dims[nd++] = x.shape().dim(axis++);
          }
          break;
        case AT: {
          int n = x.shape().dim(axis);
          int i = e.start < 0 ? e.start + n : e.start;
          checkArgument(i >= 0 && i < n, "%s: position %s is out of range for axis %s of size %s "
              + "(index %s, shape %s)", op, e.start, axis, n, Arrays.toString(index), x.shape());
          y = ShapeOps.slice(y, axis++, i, i + 1, 1);
          break;
        }
        default:
          y = ShapeOps.slice(y, axis, e.start, e.end, e.step);
          dims[nd++] = y.shape().dim(axis++);
      }
    }
    while (axis < x.rank()) {
      dims[nd++] = x.shape().dim(axis++);
    }
    return ShapeOps.reshape(y, Arrays.copyOf(dims, nd));
  }

  // ------------------------------------------------------------------ copies

  static Tensor roll(Tensor x, int[] shifts, int[] axes) {
    checkArgument(shifts.length == axes.length, "roll: %s shifts for %s axes; give one shift per "
        + "axis", shifts.length, axes.length);
    checkArgument(axes.length > 0, "roll: no axes given");
    Tensor y = x;
    for (int i = 0; i < axes.length; i++) {
      int ax = x.shape().axis("roll", axes[i]);
      int n = x.shape().dim(ax);
      int s = n == 0 ? 0 : Math.floorMod(shifts[i], n);
      if (s != 0) {
        y = Tensor.concat(ax, ShapeOps.slice(y, ax, n - s, n, 1),
            ShapeOps.slice(y, ax, 0, n - s, 1));
      }
    }
    return y;
  }

  static Tensor repeat(String op, Tensor x, int[] counts) {
    int r = x.rank();
    int m = counts.length;
    checkArgument(m >= r, "%s: %s counts for shape %s (rank %s); give at least one count per axis "
        + "(tile pads them with leading 1s)", op, m, x.shape(), r);
    int[] split = new int[2 * m];
    int[] expanded = new int[2 * m];
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      checkArgument(counts[i] >= 0, "%s: count %s for axis %s is negative (counts %s)", op,
          counts[i], i, Arrays.toString(counts));
      int d = i < m - r ? 1 : x.shape().dim(i - (m - r));
      long size = (long) counts[i] * d;
      checkArgument(size <= Storage.MAX_ELEMENTS, "%s: counts %s make axis %s of size %s, more "
          + "than a tensor holds", op, Arrays.toString(counts), i, size);
      split[2 * i] = 1;
      split[2 * i + 1] = d;
      expanded[2 * i] = counts[i];
      expanded[2 * i + 1] = d;
      out[i] = (int) size;
    }
    Shape.of(out); // refuses a total beyond an int before anything is allocated
    // [.., 1, d, ..] -> [.., count, d, ..] (stride 0) -> [.., count·d, ..]: one copy, and the
    // gradient is the expanded axes summed back.
    return ShapeOps.reshape(ShapeOps.expand(ShapeOps.reshape(x, split), expanded), out)
        .contiguous();
  }

  static Tensor triangle(String op, Tensor x, int diagonal, boolean lower) {
    checkArgument(x.rank() >= 2, "%s: needs a matrix or a stack of matrices (rank >= 2), got "
        + "shape %s", op, x.shape());
    int n = x.shape().dim(-2);
    int m = x.shape().dim(-1);
    boolean[] keep = new boolean[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        long d = (long) j - i;
        keep[i * m + j] = lower ? d <= diagonal : d >= diagonal;
      }
    }
    // where, not a product: elements outside the triangle become 0 even if they are NaN.
    return Tensor.where(Tensor.wrap(keep, Shape.of(n, m)), x, Tensor.scalar(x.dtype(), 0.0));
  }

  static Tensor diag(Tensor x, int offset) {
    if (x.rank() == 2) {
      return ShapeOps.diagonal(x, offset, 0, 1);
    }
    checkArgument(x.rank() == 1, "diag: needs a vector (to build a matrix) or a matrix (to read "
        + "its diagonal), got shape %s", x.shape());
    long n = x.numel() + Math.abs((long) offset);
    checkArgument(n * n <= Storage.MAX_ELEMENTS, "diag: a vector of %s elements on diagonal %s "
        + "makes a %s x %s matrix, more than a tensor holds", x.numel(), offset, n, n);
    Shape full = Shape.of((int) n, (int) n);
    return ShapeOps.DIAG_EMBED.apply(new ShapeOps.Diag(offset, 0, 1, full), x);
  }

  static Tensor pad(Tensor x, int[] padding, PadMode mode, double value) {
    checkArgument(mode != null, "pad: mode is null");
    checkArgument(padding.length % 2 == 0, "pad: padding %s has odd length %s; give (before, "
        + "after) pairs, last axis first", Arrays.toString(padding), padding.length);
    int pairs = padding.length / 2;
    checkArgument(pairs <= x.rank(), "pad: padding %s has %s pairs but shape %s has rank %s",
        Arrays.toString(padding), pairs, x.shape(), x.rank());
    for (int p = 0; p < pairs; p++) {
      int ax = x.rank() - 1 - p;
      int most = Math.max(padding[2 * p], padding[2 * p + 1]);
      int n = x.shape().dim(ax);
      checkArgument(padding[2 * p] >= 0 && padding[2 * p + 1] >= 0, "pad: negative padding in %s "
          + "for axis %s; crop with narrow instead", Arrays.toString(padding), ax);
      checkArgument(mode != PadMode.REFLECT || most < n, "pad: reflect padding %s on axis %s "
          + "needs size > %s, got shape %s", most, ax, most, x.shape());
      checkArgument(mode != PadMode.REPLICATE || most == 0 || n > 0, "pad: replicate padding %s "
          + "on axis %s needs size > 0, got shape %s", most, ax, x.shape());
      long size = (long) n + padding[2 * p] + padding[2 * p + 1];
      checkArgument(size <= Storage.MAX_ELEMENTS, "pad: padding %s makes axis %s of size %s, more "
          + "than a tensor holds", Arrays.toString(padding), ax, size);
    }
    Tensor y = x;
    for (int p = 0; p < pairs; p++) {
      int ax = x.rank() - 1 - p;
      int before = padding[2 * p];
      int after = padding[2 * p + 1];
      if (before == 0 && after == 0) {
        continue;
      }
      Tensor[] parts = new Tensor[3];
      int k = 0;
      if (before > 0) {
        parts[k++] = block(y, ax, before, mode, value, true);
      }
      parts[k++] = y;
      if (after > 0) {
        parts[k++] = block(y, ax, after, mode, value, false);
      }
      y = Tensor.concat(ax, Arrays.copyOf(parts, k));
    }
    return y;
  }

  /** The {@code count} positions added before (or after) y along ax. */
  private static Tensor block(Tensor y, int ax, int count, PadMode mode, double value,
      boolean before) {
    int n = y.shape().dim(ax);
    int[] dims = y.shape().dims();
    dims[ax] = count;
    switch (mode) {
      case CONSTANT:
        return Tensor.full(y.dtype(), value, dims);
      case REPLICATE:
        return ShapeOps.expand(before ? ShapeOps.slice(y, ax, 0, 1, 1)
            : ShapeOps.slice(y, ax, n - 1, n, 1), dims);
      default: // REFLECT: the neighbours of the edge, mirrored
        return flip(before ? ShapeOps.slice(y, ax, 1, count + 1, 1)
            : ShapeOps.slice(y, ax, n - 1 - count, n - 1, 1), new int[] {ax});
    }
  }

  // ------------------------------------------------------------------ index-driven

  static Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) {
    checkArgument(indices.dtype().isInteger(), "take_along_axis: indices must be an int32 or "
        + "int64 tensor, got %s (convert with to(DType.INT64))", indices.dtype());
    checkArgument(x.rank() > 0, "take_along_axis: cannot take from a 0-d tensor");
    checkArgument(indices.rank() == x.rank(), "take_along_axis: indices of shape %s need the rank "
        + "of the input shape %s (%s)", indices.shape(), x.shape(), x.rank());
    int ax = x.shape().axis("take_along_axis", axis);
    int[] xd = x.shape().dims();
    int[] id = indices.shape().dims();
    for (int d = 0; d < xd.length; d++) {
      if (d != ax) {
        checkArgument(xd[d] == id[d] || xd[d] == 1 || id[d] == 1, "take_along_axis: cannot "
            + "broadcast input shape %s with indices shape %s: axis %s has sizes %s and %s (must "
            + "be equal or 1)", x.shape(), indices.shape(), d, xd[d], id[d]);
        xd[d] = xd[d] == 1 ? id[d] : xd[d];
        id[d] = xd[d];
      }
    }
    Tensor xb = ShapeOps.expand(x, xd);
    Tensor ib = ShapeOps.expand(indices, id);
    int n = x.shape().dim(ax);
    long[] v = ib.toLongArray();
    int[] idx = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      long k = v[i];
      if (k < -n || k >= n) { // plain check: a varargs message per element would box
        throw new IllegalArgumentException(String.format("take_along_axis: index %s at flat "
            + "position %s of the indices (broadcast to %s) is out of range for axis %s of size "
            + "%s (input shape %s)", k, i, ib.shape(), ax, n, x.shape()));
      }
      idx[i] = (int) (k < 0 ? k + n : k);
    }
    return IndexOps.GATHER.apply(new IndexOps.Call(ax, idx, xb.shape(), ib.shape()), xb);
  }

  static Tensor maskedSelect(Tensor x, Tensor mask) {
    checkArgument(mask.dtype() == DType.BOOL, "masked_select: mask must be a bool tensor, got %s "
        + "(compare, e.g. x.gt(0), to make one)", mask.dtype());
    Shape s = Shape.broadcast("masked_select", x.shape(), mask.shape());
    boolean[] m = ShapeOps.expand(mask, s.dims()).toBooleanArray();
    int n = 0;
    for (boolean b : m) {
      n += b ? 1 : 0;
    }
    int[] pos = new int[n];
    for (int i = 0, k = 0; i < m.length; i++) {
      if (m[i]) {
        pos[k++] = i;
      }
    }
    Tensor flat = ShapeOps.reshape(ShapeOps.expand(x, s.dims()), new int[] {s.numel()});
    return IndexOps.INDEX_SELECT.apply(new IndexOps.Call(0, pos, flat.shape(), Shape.of(n)), flat);
  }
}
