package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Strided;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * Primitives that move elements without arithmetic. The views — alias, reshape (when the layout
 * allows), permute, expand, slice, diagonal — are O(1): a new offset and strides over the same
 * storage. The copies — copy, embed (slice's adjoint), diagonal embedding, concat, cast — write a
 * new dense tensor. Each VJP is the inverse movement and each JVP the same movement of the
 * tangent.
 */
final class ShapeOps {
  private ShapeOps() {}

  private static Tensor view(Tensor x, Shape shape, int[] strides, int offset) {
    return new Tensor(x.storage, shape, strides, offset);
  }

  /** An identity view (what a dual tensor is made of). */
  static final Prim<Void> ALIAS = Prim.<Void>builder("alias",
      (a, in) -> view(in[0], in[0].shape(), in[0].strides, in[0].offset))
      .vjp((s, g) -> new Tensor[] {g})
      .jvp((s, t) -> t[0])
      .spec(Spec.of(r -> new Spec.Sample("alias(x)", in -> alias(in[0]), in -> in[0],
          Samples.real(r, Samples.shape(r, 0, 3)))))
      .build();

  static Tensor alias(Tensor x) {
    return ALIAS.apply(x);
  }

  /** A dense copy with storage of its own (differentiable identity). */
  static final Prim<Void> COPY = Prim.<Void>builder("copy",
      (a, in) -> Tensor.wrap(copyArray(in[0]), in[0].shape()))
      .vjp((s, g) -> new Tensor[] {g})
      .jvp((s, t) -> t[0])
      .spec(new Spec(r -> new Spec.Sample("copy(x.transpose())", in -> in[0].transpose().copy(),
          in -> transposeReference(in[0]), Samples.real(r, Samples.shape(r, 0, 3))),
          r -> new Spec.Sample("copy(x)", in -> in[0].copy(), in -> in[0],
              Samples.integers(r, Samples.shape(r, 0, 3), -3, 3)),
          EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  private static Object copyArray(Tensor x) {
    Object out = Storage.newArray(x.dtype(), x.numel());
    Strided.copy(x.storage.array(), x.offset, x.strides, out, 0, x.shape().dimsRef());
    return out;
  }

  /** Reference for a transpose of the last two axes, by index arithmetic. */
  private static Tensor transposeReference(Tensor x) {
    if (x.rank() < 2) {
      return x;
    }
    int r = x.rank();
    int[] dims = x.shape().dims();
    int[] out = dims.clone();
    out[r - 2] = dims[r - 1];
    out[r - 1] = dims[r - 2];
    Shape os = Shape.of(out);
    double[] v = x.toDoubleArray();
    double[] res = new double[v.length];
    int[] idx = new int[r];
    for (int k = 0; k < res.length; k++) {
      Samples.unravel(k, os, idx);
      int[] src = idx.clone();
      src[r - 2] = idx[r - 1];
      src[r - 1] = idx[r - 2];
      int flat = 0;
      for (int i = 0; i < r; i++) {
        flat = flat * dims[i] + src[i];
      }
      res[k] = v[flat];
    }
    return Tensor.of(res, out);
  }

  // ------------------------------------------------------------------ reshape

  /** Resolves one -1 and checks the element count. */
  static Shape resolveReshape(Shape from, int[] dims) {
    int infer = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        checkArgument(infer < 0, "reshape: only one -1 allowed in %s", Arrays.toString(dims));
        infer = i;
      } else {
        checkArgument(dims[i] >= 0, "reshape: invalid size %s in %s", dims[i],
            Arrays.toString(dims));
        known *= dims[i];
      }
    }
    int[] d = dims.clone();
    if (infer >= 0) {
      checkArgument(known > 0 && from.numel() % known == 0,
          "reshape: cannot reshape %s (%s elements) into %s", from, from.numel(),
          Arrays.toString(dims));
      d[infer] = (int) (from.numel() / known);
      known *= d[infer];
    }
    checkArgument(known == from.numel(), "reshape: cannot reshape %s (%s elements) into %s (%s "
        + "elements)", from, from.numel(), Arrays.toString(dims), known);
    return Shape.of(d);
  }

  /**
   * Strides viewing x's elements in shape {@code to} without a copy, or null if x's layout does
   * not allow it (PyTorch's computeStride): each run of old axes that merges into new axes must
   * itself be contiguous.
   */
  static int[] viewStrides(Tensor x, Shape to) {
    if (x.isContiguous()) {
      return to.stridesRef();
    }
    int[] od = x.shape().dimsRef();
    int[] os = x.strides;
    int[] nd = to.dimsRef();
    if (x.numel() == 0) {
      return to.stridesRef();
    }
    int[] ns = new int[nd.length];
    int viewD = nd.length - 1;
    long chunk = os[od.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int tensorD = od.length - 1; tensorD >= 0; tensorD--) {
      tensorNumel *= od[tensorD];
      // At the end of a chunk of old axes that are contiguous among themselves: map new axes.
      if (tensorD == 0 || (od[tensorD - 1] != 1 && os[tensorD - 1] != tensorNumel * chunk)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || nd[viewD] == 1)) {
          ns[viewD] = (int) (viewNumel * chunk);
          viewNumel *= nd[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (tensorD > 0) {
          chunk = os[tensorD - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    return viewD == -1 ? ns : null;
  }

  static final Prim<Shape> RESHAPE = Prim.<Shape>builder("reshape", (to, in) -> {
    Tensor x = in[0];
    int[] st = viewStrides(x, to);
    if (st != null) {
      return view(x, to, st, x.offset);
    }
    return Tensor.wrap(copyArray(x), to);
  })
      .vjp((s, g) -> new Tensor[] {g.reshape(s.shape(0).dims())})
      .jvp((s, t) -> t[0].reshape(s.a().dims()))
      .format(to -> "shape=" + to)
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 0, 3);
        Tensor x = Samples.real(r, shape);
        int n = x.numel();
        // rank 4 never equals a drawn shape (rank <= 3), so the op is always recorded
        int[] to = r.nextBoolean() ? new int[] {n, 1, 1, 1} : new int[] {1, 1, -1, 1};
        boolean viewOfTranspose = r.nextBoolean();
        return new Spec.Sample("reshape(" + (viewOfTranspose ? "x.T" : "x") + ", "
            + Arrays.toString(to) + ")",
            in -> (viewOfTranspose ? in[0].transpose() : in[0]).reshape(to),
            in -> (viewOfTranspose ? transposeReference(in[0]) : in[0]).reshape(to), x);
      }, r -> {
        Tensor x = Samples.integers(r, Samples.shape(r, 0, 3), -3, 3);
        return new Spec.Sample("reshape(x, [-1])", in -> in[0].reshape(-1),
            in -> in[0].reshape(-1), x);
      }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  static Tensor reshape(Tensor x, int[] dims) {
    Shape s = resolveReshape(x.shape(), dims);
    if (s.equals(x.shape())) {
      return x;
    }
    return RESHAPE.apply(s, x);
  }

  // ------------------------------------------------------------------ permute

  static final Prim<int[]> PERMUTE = Prim.<int[]>builder("permute", (p, in) -> {
    Tensor x = in[0];
    int r = p.length;
    int[] dims = new int[r];
    int[] st = new int[r];
    for (int i = 0; i < r; i++) {
      dims[i] = x.shape().dim(p[i]);
      st[i] = x.strides[p[i]];
    }
    return view(x, Shape.of(dims), st, x.offset);
  })
      .vjp((s, g) -> new Tensor[] {g.permute(inverse(s.a()))})
      .jvp((s, t) -> t[0].permute(s.a()))
      .format(p -> "axes=" + Arrays.toString(p))
      .spec(Spec.of(r -> {
        int[] shape = Samples.shape(r, 2, 3);
        Tensor x = Samples.real(r, shape);
        int last = shape.length - 1;
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) p[i] = i;
        p[last] = last - 1;
        p[last - 1] = last;
        return new Spec.Sample("permute(x, " + Arrays.toString(p) + ")", in -> in[0].permute(p),
            in -> transposeReference(in[0]), x);
      }))
      .build();

  static int[] inverse(int[] p) {
    int[] inv = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      inv[p[i]] = i;
    }
    return inv;
  }

  static Tensor permute(Tensor x, int[] perm) {
    int r = x.shape().rank();
    checkArgument(perm.length == r, "permute: %s has %s axes but shape %s has rank %s",
        Arrays.toString(perm), perm.length, x.shape(), r);
    int[] p = new int[r];
    boolean[] seen = new boolean[r];
    boolean identity = true;
    for (int i = 0; i < r; i++) {
      p[i] = x.shape().axis("permute", perm[i]);
      checkArgument(!seen[p[i]], "permute: axis %s repeated in %s", perm[i],
          Arrays.toString(perm));
      seen[p[i]] = true;
      identity &= p[i] == i;
    }
    return identity ? x : PERMUTE.apply(p, x);
  }

  // ------------------------------------------------------------------ expand

  static final Prim<Shape> EXPAND = Prim.<Shape>builder("expand",
      (to, in) -> view(in[0], to, in[0].stridesFor(to), in[0].offset))
      .vjp((s, g) -> new Tensor[] {g.sumTo(s.shape(0).dims())})
      .jvp((s, t) -> t[0].expand(s.a().dims()))
      .format(to -> "shape=" + to)
      .spec(Spec.of(r -> {
        int[][] p = Samples.broadcastPair(r);
        Shape a = Shape.of(p[0]);
        Shape b = Shape.of(p[1]);
        int[] bc = Shape.broadcast("expand", a, b).dims();
        int[] lead = new int[bc.length + 1];
        lead[0] = 2; // a new leading axis: never a no-op
        System.arraycopy(bc, 0, lead, 1, bc.length);
        Shape to = Shape.of(lead);
        Tensor x = Samples.real(r, p[0]);
        return new Spec.Sample("expand(x, " + to + ")", in -> in[0].expand(to.dims()),
            in -> Samples.zip(in[0], Tensor.zeros(DType.FLOAT64, to.dims()), (u, v) -> u), x);
      }))
      .build();

  static Tensor expand(Tensor x, int[] dims) {
    Shape s = Shape.of(dims);
    checkArgument(x.shape().broadcastsTo(s), "broadcast_to: cannot broadcast %s to %s", x.shape(),
        s);
    return s.equals(x.shape()) ? x : EXPAND.apply(s, x);
  }

  // ------------------------------------------------------------------ slice and embed

  /** A strided window along one axis: {@code start, start + step, ...}, count elements. */
  record Window(int axis, int start, int count, int step, Shape full) {
    @Override
    public String toString() {
      return "axis=" + axis + ", start=" + start + ", count=" + count + ", step=" + step;
    }
  }

  static final Prim<Window> SLICE = Prim.<Window>builder("slice", (w, in) -> {
    Tensor x = in[0];
    int[] dims = x.shape().dims();
    dims[w.axis] = w.count;
    int[] st = x.strides.clone();
    st[w.axis] *= w.step;
    return view(x, Shape.of(dims), st, x.offset + w.start * x.strides[w.axis]);
  })
      .vjp((s, g) -> new Tensor[] {ShapeOps.EMBED.apply(s.a(), g)})
      .jvp((s, t) -> ShapeOps.SLICE.apply(s.a(), t[0]))
      .format(Window::toString)
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 1, 3);
        Tensor x = Samples.real(r, shape);
        int axis = r.nextInt(shape.length);
        shape[axis] = 2 + r.nextInt(2);
        x = Samples.real(r, shape);
        int n = shape[axis];
        int start = r.nextInt(n);
        int end = start + 1 + r.nextInt(n - start);
        int step = start == 0 && end == n ? 2 : 1 + r.nextInt(2); // never the whole axis
        Tensor input = x;
        return new Spec.Sample("slice(x, " + axis + ", " + start + ", " + end + ", " + step + ")",
            in -> in[0].slice(axis, start, end, step),
            in -> sliceReference(in[0], axis, start, end, step), input);
      }, r -> {
        int[] shape = Samples.shape(r, 1, 3);
        Tensor x = Samples.integers(r, shape, -3, 3);
        return new Spec.Sample("slice(x, 0, 0, 1)", in -> in[0].slice(0, 0, 1),
            in -> sliceReference(in[0], 0, 0, 1, 1), x);
      }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  /** Adjoint of slice: the input placed at the window inside zeros of the full shape. */
  static final Prim<Window> EMBED = Prim.<Window>builder("embed", (w, in) -> {
    Tensor g = in[0];
    Tensor y = Tensor.zeros(g.dtype(), w.full.dims());
    int[] st = y.strides.clone();
    st[w.axis] *= w.step;
    Strided.assign(g.storage.array(), g.offset, g.strides, y.storage.array(),
        w.start * y.strides[w.axis], st, g.shape().dimsRef());
    return y;
  })
      .vjp((s, g) -> new Tensor[] {ShapeOps.SLICE.apply(s.a(), g)})
      .jvp((s, t) -> ShapeOps.EMBED.apply(s.a(), t[0]))
      .format(w -> w + ", shape=" + w.full)
      .spec(Spec.of(r -> {
        int[] shape = Samples.shape(r, 1, 3);
        int axis = r.nextInt(shape.length);
        int[] full = shape.clone();
        full[axis] = shape[axis] * 2 + 1;
        Window w = new Window(axis, 1, shape[axis], 2, Shape.of(full));
        Tensor x = Samples.real(r, shape);
        return new Spec.Sample("embed(x, " + w + ")", in -> ShapeOps.EMBED.apply(w, in[0]),
            in -> embedReference(in[0], w), x);
      }))
      .build();

  static Tensor slice(Tensor x, int axis, int start, int end, int step) {
    checkArgument(x.rank() > 0, "slice: cannot slice a 0-d tensor");
    int ax = x.shape().axis("slice", axis);
    checkArgument(step > 0, "slice: step must be positive, got %s (axis %s of shape %s)", step,
        axis, x.shape());
    int n = x.shape().dim(ax);
    int s = clampIndex(start, n);
    int e = Math.max(s, clampIndex(end, n));
    int count = (e - s + step - 1) / step;
    if (s == 0 && count == n && step == 1) {
      return x;
    }
    return ShapeOps.SLICE.apply(new Window(ax, s, count, step, x.shape()), x);
  }

  private static int clampIndex(int i, int n) {
    int j = i < 0 ? i + n : i;
    return Math.max(0, Math.min(n, j));
  }

  private static Tensor sliceReference(Tensor x, int axis, int start, int end, int step) {
    int[] dims = x.shape().dims();
    int count = (Math.min(end, dims[axis]) - start + step - 1) / step;
    int[] out = dims.clone();
    out[axis] = count;
    Shape os = Shape.of(out);
    double[] v = x.toDoubleArray();
    double[] res = new double[os.numel()];
    int[] idx = new int[dims.length];
    for (int k = 0; k < res.length; k++) {
      Samples.unravel(k, os, idx);
      idx[axis] = start + idx[axis] * step;
      int flat = 0;
      for (int i = 0; i < dims.length; i++) {
        flat = flat * dims[i] + idx[i];
      }
      res[k] = v[flat];
    }
    return Tensor.of(res, out);
  }

  private static Tensor embedReference(Tensor x, Window w) {
    Shape full = w.full;
    double[] res = new double[full.numel()];
    double[] v = x.toDoubleArray();
    int[] idx = new int[full.rank()];
    for (int k = 0; k < v.length; k++) {
      Samples.unravel(k, x.shape(), idx);
      idx[w.axis] = w.start + idx[w.axis] * w.step;
      int flat = 0;
      for (int i = 0; i < idx.length; i++) {
        flat = flat * full.dim(i) + idx[i];
      }
      res[flat] = v[k];
    }
    return Tensor.of(res, full.dims());
  }

  // ------------------------------------------------------------------ diagonal

  /** Diagonal view attributes: offset, the two (normalized) axes, and the input shape. */
  record Diag(int offset, int axis1, int axis2, Shape full) {
    @Override
    public String toString() {
      return "offset=" + offset + ", axes=[" + axis1 + ", " + axis2 + "]";
    }
  }

  static final Prim<Diag> DIAGONAL = Prim.<Diag>builder("diagonal", (d, in) -> {
    Tensor x = in[0];
    int r = x.rank();
    int n1 = x.shape().dim(d.axis1);
    int n2 = x.shape().dim(d.axis2);
    int len = Math.max(0, d.offset >= 0 ? Math.min(n1, n2 - d.offset) : Math.min(n1 + d.offset,
        n2));
    int[] dims = new int[r - 1];
    int[] st = new int[r - 1];
    int k = 0;
    for (int i = 0; i < r; i++) {
      if (i != d.axis1 && i != d.axis2) {
        dims[k] = x.shape().dim(i);
        st[k++] = x.strides[i];
      }
    }
    dims[k] = len;
    st[k] = x.strides[d.axis1] + x.strides[d.axis2];
    int off = x.offset + (len == 0 ? 0 : d.offset >= 0 ? d.offset * x.strides[d.axis2]
        : -d.offset * x.strides[d.axis1]);
    return view(x, Shape.of(dims), st, off);
  })
      .vjp((s, g) -> new Tensor[] {ShapeOps.DIAG_EMBED.apply(s.a(), g)})
      .jvp((s, t) -> ShapeOps.DIAGONAL.apply(s.a(), t[0]))
      .format(Diag::toString)
      .spec(Spec.of(r -> {
        int[] shape = Samples.shape(r, 2, 3);
        shape[shape.length - 1] = 1 + r.nextInt(3);
        Tensor x = Samples.real(r, shape);
        int off = r.nextInt(3) - 1;
        int a1 = shape.length - 2;
        int a2 = shape.length - 1;
        return new Spec.Sample("diagonal(x, " + off + ")", in -> in[0].diagonal(off, a1, a2),
            in -> diagonalReference(in[0], off), x);
      }))
      .build();

  /** Adjoint of diagonal: the input written on the diagonal of zeros of the full shape. */
  static final Prim<Diag> DIAG_EMBED = Prim.<Diag>builder("diagonal_embed", (d, in) -> {
    Tensor g = in[0];
    Tensor y = Tensor.zeros(g.dtype(), d.full.dims());
    Tensor window = ShapeOps.DIAGONAL.forward.apply(d, new Tensor[] {y});
    Strided.assign(g.storage.array(), g.offset, g.strides, y.storage.array(), window.offset,
        window.strides, g.shape().dimsRef());
    return y;
  })
      .vjp((s, g) -> new Tensor[] {ShapeOps.DIAGONAL.apply(s.a(), g)})
      .jvp((s, t) -> ShapeOps.DIAG_EMBED.apply(s.a(), t[0]))
      .format(d -> d + ", shape=" + d.full)
      .spec(Spec.of(r -> {
        int n = 1 + r.nextInt(3);
        Diag d = new Diag(0, 0, 1, Shape.of(n, n));
        Tensor x = Samples.real(r, new int[] {n});
        return new Spec.Sample("diagonal_embed(x)", in -> ShapeOps.DIAG_EMBED.apply(d, in[0]),
            in -> {
              double[] v = in[0].toDoubleArray();
              double[] m = new double[n * n];
              for (int i = 0; i < n; i++) m[i * n + i] = v[i];
              return Tensor.of(m, n, n);
            }, x);
      }))
      .build();

  static Tensor diagonal(Tensor x, int offset, int axis1, int axis2) {
    checkArgument(x.rank() >= 2, "diagonal: needs a tensor of rank >= 2, got shape %s",
        x.shape());
    int a1 = x.shape().axis("diagonal", axis1);
    int a2 = x.shape().axis("diagonal", axis2);
    checkArgument(a1 != a2, "diagonal: axes %s and %s are the same axis of shape %s", axis1,
        axis2, x.shape());
    return ShapeOps.DIAGONAL.apply(new Diag(offset, a1, a2, x.shape()), x);
  }

  private static Tensor diagonalReference(Tensor x, int off) {
    int r = x.rank();
    int[] dims = x.shape().dims();
    int n1 = dims[r - 2];
    int n2 = dims[r - 1];
    int len = Math.max(0, off >= 0 ? Math.min(n1, n2 - off) : Math.min(n1 + off, n2));
    int[] out = Arrays.copyOf(dims, r - 1);
    out[r - 2] = len;
    Shape os = Shape.of(out);
    double[] v = x.toDoubleArray();
    double[] res = new double[os.numel()];
    int[] idx = new int[r - 1];
    for (int k = 0; k < res.length; k++) {
      Samples.unravel(k, os, idx);
      int i = off >= 0 ? idx[r - 2] : idx[r - 2] - off;
      int j = off >= 0 ? idx[r - 2] + off : idx[r - 2];
      int flat = 0;
      for (int a = 0; a < r - 2; a++) {
        flat = flat * dims[a] + idx[a];
      }
      flat = (flat * n1 + i) * n2 + j;
      res[k] = v[flat];
    }
    return Tensor.of(res, out);
  }

  // ------------------------------------------------------------------ concat

  static final Prim<Integer> CONCAT = Prim.<Integer>builder("concat", (ax, in) -> {
    int[] dims = in[0].shape().dims();
    int total = 0;
    for (Tensor t : in) {
      total += t.shape().dim(ax);
    }
    dims[ax] = total;
    Tensor y = Tensor.zeros(in[0].dtype(), dims);
    int off = 0;
    for (Tensor t : in) {
      Strided.assign(t.storage.array(), t.offset, t.strides, y.storage.array(),
          off * y.strides[ax], y.strides, t.shape().dimsRef());
      off += t.shape().dim(ax);
    }
    return y;
  })
      .vjp((s, g) -> {
        int ax = s.a();
        Tensor[] grads = new Tensor[s.arity()];
        int off = 0;
        for (int i = 0; i < grads.length; i++) {
          int n = s.shape(i).dim(ax);
          grads[i] = s.needs(i) ? g.slice(ax, off, off + n) : null;
          off += n;
        }
        return grads;
      })
      .jvp((s, t) -> {
        Tensor[] parts = new Tensor[t.length];
        for (int i = 0; i < t.length; i++) {
          parts[i] = t[i] != null ? t[i] : Tensor.zeros(s.dtype(i), s.shape(i).dims());
        }
        return ShapeOps.CONCAT.apply(s.a(), parts);
      })
      .format(ax -> "axis=" + ax)
      .spec(new Spec(r -> {
        int[] shape = Samples.shape(r, 1, 3);
        int axis = r.nextInt(shape.length);
        int[] other = shape.clone();
        other[axis] = 1 + r.nextInt(2);
        Tensor a = Samples.real(r, shape);
        Tensor b = Samples.real(r, other);
        return new Spec.Sample("concat(" + axis + ", a, b)", in -> Tensor.concat(axis, in),
            in -> concatReference(axis, in[0], in[1]), a, b);
      }, r -> {
        int[] shape = Samples.shape(r, 1, 3);
        Tensor a = Samples.integers(r, shape, -3, 3);
        Tensor b = Samples.integers(r, shape, -3, 3);
        return new Spec.Sample("concat(0, a, b) on integers", in -> Tensor.concat(0, in),
            in -> concatReference(0, in[0], in[1]), a, b);
      }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  private static Tensor concatReference(int axis, Tensor a, Tensor b) {
    int[] da = a.shape().dims();
    int[] out = da.clone();
    out[axis] += b.shape().dim(axis);
    Shape os = Shape.of(out);
    double[] va = a.toDoubleArray();
    double[] vb = b.toDoubleArray();
    double[] res = new double[os.numel()];
    int[] idx = new int[out.length];
    for (int k = 0; k < res.length; k++) {
      Samples.unravel(k, os, idx);
      boolean first = idx[axis] < da[axis];
      Tensor src = first ? a : b;
      if (!first) {
        idx[axis] -= da[axis];
      }
      int flat = 0;
      for (int i = 0; i < idx.length; i++) {
        flat = flat * src.shape().dim(i) + idx[i];
      }
      res[k] = first ? va[flat] : vb[flat];
    }
    return Tensor.of(res, out);
  }

  static Tensor concat(int axis, Tensor[] xs) {
    checkArgument(xs.length > 0, "concat: no tensors given");
    Shape first = xs[0].shape();
    checkArgument(first.rank() > 0, "concat: cannot concatenate 0-d tensors; use stack");
    int ax = first.axis("concat", axis);
    for (int i = 0; i < xs.length; i++) {
      Shape s = xs[i].shape();
      boolean ok = s.rank() == first.rank();
      for (int d = 0; ok && d < s.rank(); d++) {
        ok = d == ax || s.dim(d) == first.dim(d);
      }
      checkArgument(ok, "concat: tensor %s has shape %s but tensor 0 has %s; all sizes except "
          + "axis %s must match", i, s, first, ax);
    }
    DType dtype = DType.resultType(xs);
    Tensor[] in = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      in[i] = xs[i].to(dtype);
    }
    return ShapeOps.CONCAT.apply(ax, in);
  }

  // ------------------------------------------------------------------ cast

  /**
   * Dtype conversion. Between floating-point dtypes the gradient is converted back and the
   * tangent forward; a result of an integer or BOOL dtype is a constant (the engine records
   * nothing for it).
   */
  static final Prim<DType> CAST = Prim.<DType>builder("cast", (to, in) -> {
    Tensor x = in[0];
    Tensor y = Tensor.empty(to, x.shape());
    Strided.cast(x.storage.array(), x.offset, x.strides, y.storage.array(), x.shape().dimsRef());
    return y;
  })
      .vjp((s, g) -> new Tensor[] {g.to(s.dtype(0))})
      .jvp((s, t) -> t[0].to(s.a()))
      .format(to -> "to=" + to)
      .spec(new Spec(r -> new Spec.Sample("to(float32).to(float64)",
          in -> in[0].to(DType.FLOAT32).to(DType.FLOAT64),
          in -> Samples.map(in[0], v -> (float) v), 1e-3, Samples.real(r, Samples.shape(r, 0, 3))),
          r -> new Spec.Sample("to(float64) of integers", in -> in[0].to(DType.FLOAT64),
              in -> in[0], Samples.integers(r, Samples.shape(r, 0, 3), -3, 3)),
          EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  static Tensor cast(Tensor x, DType to) {
    return CAST.apply(to, x);
  }
}
