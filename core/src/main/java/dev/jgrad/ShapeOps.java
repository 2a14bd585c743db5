package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Strided;
import java.util.Arrays;

/**
 * Primitives that move elements without arithmetic: reshape, permute, broadcast-to, slice and its
 * adjoint embed, concat, and dtype casts. Each backward is the inverse movement.
 */
final class ShapeOps {
  private ShapeOps() {}

  static final OpInfo RESHAPE = OpInfo.smooth("reshape", 1);
  static final OpInfo PERMUTE = OpInfo.smooth("permute", 1);
  static final OpInfo BROADCAST_TO = OpInfo.smooth("broadcast_to", 1);
  static final OpInfo SLICE = OpInfo.smooth("slice", 1);
  static final OpInfo EMBED = OpInfo.smooth("embed", 1);
  static final OpInfo CONCAT = OpInfo.smooth("concat", -1);
  static final OpInfo CAST = OpInfo.smooth("cast", 1);

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

  /** Reshape shares the input's storage: the data is already row-major. */
  static Tensor reshape(Tensor x, int[] dims) {
    Shape s = resolveReshape(x.shape(), dims);
    if (s.equals(x.shape())) {
      return x;
    }
    Tensor y = x.view(s);
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return RESHAPE;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {g.reshape(node.input(0).shape().dims())};
      }

      @Override
      String attributes() {
        return "shape=" + s;
      }
    }, y, x);
  }

  static Tensor permute(Tensor x, int[] perm) {
    int r = x.shape().rank();
    checkArgument(perm.length == r, "permute: %s has %s axes but shape %s has rank %s",
        Arrays.toString(perm), perm.length, x.shape(), r);
    int[] p = new int[r];
    boolean[] seen = new boolean[r];
    for (int i = 0; i < r; i++) {
      p[i] = x.shape().axis("permute", perm[i]);
      checkArgument(!seen[p[i]], "permute: axis %s repeated in %s", perm[i],
          Arrays.toString(perm));
      seen[p[i]] = true;
    }
    int[] strides = x.shape().strides();
    int[] dims = new int[r];
    int[] src = new int[r];
    boolean identity = true;
    for (int i = 0; i < r; i++) {
      dims[i] = x.shape().dim(p[i]);
      src[i] = strides[p[i]];
      identity &= p[i] == i;
    }
    if (identity) {
      return x;
    }
    Tensor y = Tensor.empty(x.dtype(), Shape.of(dims));
    Strided.copy(x.data(), 0, src, y.data(), dims);
    int[] inverse = new int[r];
    for (int i = 0; i < r; i++) {
      inverse[p[i]] = i;
    }
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return PERMUTE;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {g.permute(inverse)};
      }

      @Override
      String attributes() {
        return "axes=" + Arrays.toString(p);
      }
    }, y, x);
  }

  static Tensor broadcastTo(Tensor x, int[] dims) {
    Shape s = Shape.of(dims);
    checkArgument(x.shape().broadcastsTo(s), "broadcast_to: cannot broadcast %s to %s", x.shape(),
        s);
    if (s.equals(x.shape())) {
      return x;
    }
    Tensor y = Tensor.empty(x.dtype(), s);
    Strided.copy(x.data(), 0, x.shape().broadcastStrides(s), y.data(), dims);
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return BROADCAST_TO;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {g.sumTo(node.input(0).shape().dims())};
      }

      @Override
      String attributes() {
        return "shape=" + s;
      }
    }, y, x);
  }

  /** A strided window along one axis: {@code start, start + step, ... < end}. */
  private static final class Window {
    final int axis;
    final int start;
    final int end;
    final int step;
    final int count;

    Window(int axis, int start, int end, int step) {
      this.axis = axis;
      this.start = start;
      this.end = end;
      this.step = step;
      this.count = end <= start ? 0 : (end - start + step - 1) / step;
    }

    /** Strides of the window inside a tensor of {@code full} shape, and its base offset. */
    int[] strides(Shape full) {
      int[] st = full.strides();
      st[axis] *= step;
      return st;
    }

    int offset(Shape full) {
      return start * full.strides()[axis];
    }

    int[] dims(Shape full) {
      int[] d = full.dims();
      d[axis] = count;
      return d;
    }

    @Override
    public String toString() {
      return "axis=" + axis + ", start=" + start + ", end=" + end + ", step=" + step;
    }
  }

  /**
   * Python-style slice {@code x[start:end:step]} along an axis: negative start/end count from
   * the end and are clamped to the axis, step must be positive.
   */
  static Tensor slice(Tensor x, int axis, int start, int end, int step) {
    int ax = x.shape().axis("slice", axis);
    checkArgument(step > 0, "slice: step must be positive, got %s (axis %s of shape %s)", step,
        axis, x.shape());
    int n = x.shape().dim(ax);
    int s = clampIndex(start, n);
    int e = clampIndex(end, n);
    return slice(x, new Window(ax, s, Math.max(s, e), step));
  }

  private static int clampIndex(int i, int n) {
    int j = i < 0 ? i + n : i;
    return Math.max(0, Math.min(n, j));
  }

  private static Tensor slice(Tensor x, Window w) {
    int[] dims = w.dims(x.shape());
    Tensor y = Tensor.empty(x.dtype(), Shape.of(dims));
    Strided.copy(x.data(), w.offset(x.shape()), w.strides(x.shape()), y.data(), dims);
    Shape full = x.shape();
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return SLICE;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {embed(g, full, w)};
      }

      @Override
      String attributes() {
        return w.toString();
      }
    }, y, x);
  }

  /** Adjoint of slice: x placed at the window inside zeros of {@code full} shape. */
  private static Tensor embed(Tensor x, Shape full, Window w) {
    Tensor y = Tensor.zeros(x.dtype(), full.dims());
    Strided.scatter(x.data(), y.data(), w.offset(full), w.strides(full), x.shape().dims());
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return EMBED;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {slice(g, w)};
      }

      @Override
      String attributes() {
        return w + ", shape=" + full;
      }
    }, y, x);
  }

  static Tensor concat(int axis, Tensor[] xs) {
    checkArgument(xs.length > 0, "concat: no tensors given");
    Shape first = xs[0].shape();
    checkArgument(first.rank() > 0, "concat: cannot concatenate 0-d tensors; use stack");
    int ax = first.axis("concat", axis);
    int total = 0;
    DType dtype = xs[0].dtype();
    for (int i = 0; i < xs.length; i++) {
      Shape s = xs[i].shape();
      boolean ok = s.rank() == first.rank();
      for (int d = 0; ok && d < s.rank(); d++) {
        ok = d == ax || s.dim(d) == first.dim(d);
      }
      checkArgument(ok, "concat: tensor %s has shape %s but tensor 0 has %s; all sizes except "
          + "axis %s must match", i, s, first, ax);
      total += s.dim(ax);
      dtype = DType.promote(dtype, xs[i].dtype());
    }
    Tensor[] in = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      in[i] = xs[i].to(dtype);
    }
    int[] dims = first.dims();
    dims[ax] = total;
    Shape out = Shape.of(dims);
    Tensor y = Tensor.empty(dtype, out);
    Window[] windows = new Window[in.length];
    int off = 0;
    for (int i = 0; i < in.length; i++) {
      int n = in[i].shape().dim(ax);
      windows[i] = new Window(ax, off, off + n, 1);
      Strided.scatter(in[i].data(), y.data(), windows[i].offset(out), windows[i].strides(out),
          in[i].shape().dims());
      off += n;
    }
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return CONCAT;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        Tensor[] grads = new Tensor[windows.length];
        for (int i = 0; i < grads.length; i++) {
          grads[i] = node.needsGrad(i) ? slice(g, windows[i]) : null;
        }
        return grads;
      }

      @Override
      String attributes() {
        return "axis=" + ax;
      }
    }, y, in);
  }

  static Tensor cast(Tensor x, DType dtype) {
    if (x.dtype() == dtype) {
      return x;
    }
    Tensor y = Tensor.empty(dtype, x.shape());
    if (x.f != null) {
      for (int i = 0; i < x.f.length; i++) y.d[i] = x.f[i];
    } else {
      for (int i = 0; i < x.d.length; i++) y.f[i] = (float) x.d[i];
    }
    DType from = x.dtype();
    return Engine.record(new Op() {
      @Override
      OpInfo info() {
        return CAST;
      }

      @Override
      Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {g.to(from)};
      }

      @Override
      String attributes() {
        return from + "->" + dtype;
      }
    }, y, x);
  }
}
