package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Scan;
import java.util.EnumSet;

/**
 * Scans along one axis. One primitive, the first-order linear recurrence
 * {@code h[i] = b[i] + a[i]·h[i-1]} (or its reverse), and the cumulative ops built from it:
 * {@code cumsum} ({@code a = 1}), {@code cumprod} ({@code a = x}, {@code b = x} at the first
 * position), {@code logcumsumexp} (a recurrence of terms at most 1 under running shifts) and the
 * products of the other elements that {@code prod}'s derivative needs. The recurrence is linear in
 * {@code b} and its transpose is the reverse recurrence with the same coefficients, so every
 * derivative of every order is again a scan, a shift and a product: none divides, and cumulative
 * products and products are differentiated exactly at zeros.
 */
final class ScanOps {
  private ScanOps() {}

  /** A scan call: the (normalized) axis, and whether it runs from the last position back. */
  record Call(int axis, boolean reverse) {
    @Override
    public String toString() {
      return "axis=" + axis + ", reverse=" + reverse;
    }
  }

  /**
   * {@code h = scan(a, b)}: forward {@code h[0] = b[0]}, {@code h[i] = b[i] + a[i]·h[i-1]};
   * reverse {@code h[n-1] = b[n-1]}, {@code h[i] = b[i] + a[i+1]·h[i+1]} ({@code a[0]} is never
   * used). With {@code λ = scan(a, g)} in the other direction (the transpose), the VJP is
   * {@code (λ·h[i-1], λ)} forward and {@code (λ[i-1]·h, λ)} reverse: {@code a[i]} weights the link
   * from {@code h[i-1]} to {@code h[i]} (forward) or from {@code h[i]} to {@code h[i-1]}
   * (reverse), so its gradient is the adjoint at the link's end times the value at its start.
   * The JVP scans {@code ṫb + ṫa[i]·h[i-1]} (forward) or {@code ṫb + ṫa[i+1]·h[i+1]} (reverse).
   */
  static final Prim<Call> SCAN = Prim.<Call>builder("scan", (c, in) -> {
    Tensor a = in[0];
    Tensor b = in[1];
    Tensor y = Tensor.empty(b.dtype(), b.shape());
    Scan.linear(a.storage.array(), a.offset, a.strides, b.storage.array(), b.offset, b.strides,
        y.storage.array(), b.shape().dimsRef(), c.axis, c.reverse);
    return y;
  })
      .vjp((s, g) -> {
        Call c = s.a();
        Tensor adj = ScanOps.SCAN.apply(new Call(c.axis, !c.reverse), s.x(0), g);
        Tensor ga = null;
        if (s.needs(0)) {
          ga = c.reverse ? previous(adj, c.axis).mul(s.y()) : adj.mul(previous(s.y(), c.axis));
        }
        return new Tensor[] {ga, s.needs(1) ? adj : null};
      })
      .jvp((s, t) -> {
        Call c = s.a();
        Tensor src = t[1];
        if (t[0] != null) {
          Tensor link = c.reverse ? next(t[0].mul(s.y()), c.axis)
              : t[0].mul(previous(s.y(), c.axis));
          src = BinaryOps.plus(src, link);
        }
        return ScanOps.SCAN.apply(c, s.x(0), src);
      })
      .format(Call::toString)
      .spec(new Spec(ScanOps::sample, ScanOps::intSample,
          EnumSet.of(DType.INT32, DType.INT64, DType.BOOL)))
      .build();

  // ------------------------------------------------------------------ the ops built on it

  /**
   * The axis a scan or sort runs along: {@code shape.axis(op, axis)}, and for a 0-d tensor
   * (one line of one element) 0 or -1 as in PyTorch.
   */
  static int lineAxis(String op, Shape shape, int axis) {
    if (shape.rank() == 0) {
      checkArgument(axis == 0 || axis == -1, "%s: axis %s is out of range for a 0-d tensor "
          + "(use 0 or -1)", op, axis);
      return 0;
    }
    return shape.axis(op, axis);
  }

  /**
   * The linear recurrence along an axis; integer and BOOL inputs give INT64.
   *
   * @throws IllegalArgumentException if the shapes differ or the axis is out of range
   */
  static Tensor scan(Tensor a, Tensor b, int axis, boolean reverse) {
    checkArgument(a.shape().equals(b.shape()), "scan: coefficients of shape %s and inputs of "
        + "shape %s differ", a.shape(), b.shape());
    int ax = lineAxis("scan", b.shape(), axis);
    DType t = DType.resultType(a, b);
    if (!t.isFloatingPoint()) {
      t = DType.INT64;
    }
    if (b.rank() == 0) {
      return scan(a.to(t).reshape(1), b.to(t).reshape(1), 0, reverse).reshape();
    }
    return SCAN.apply(new Call(ax, reverse), a.to(t), b.to(t));
  }

  /** Running sum along an axis (integers and BOOL: exact INT64). */
  static Tensor cumsum(Tensor x, int axis) {
    lineAxis("cumsum", x.shape(), axis);
    Tensor v = x.dtype().isFloatingPoint() ? x : x.to(DType.INT64);
    return scan(Tensor.scalar(v.dtype(), 1L).expand(v.shape().dims()), v, axis, false);
  }

  /** Running product along an axis: the scan with {@code a = x}, {@code b = x} at 0 only. */
  static Tensor cumprod(Tensor x, int axis) {
    int ax = lineAxis("cumprod", x.shape(), axis);
    Tensor v = x.dtype().isFloatingPoint() ? x : x.to(DType.INT64);
    if (v.rank() == 0) {
      return cumprod(v.reshape(1), 0).reshape();
    }
    if (v.numel() == 0) {
      return Tensor.zeros(v.dtype(), v.shape().dims());
    }
    Tensor first = ShapeOps.EMBED.apply(window(v.shape(), ax, 0), v.slice(ax, 0, 1));
    return scan(v, first, ax, false);
  }

  /**
   * {@code y[i] = log Σ_{j <= i} exp(x[j])} as {@code shift + log(s)}, where
   * {@code s = scan(decay, exp(x - shift))} and the constants shift and decay are the running
   * maximum and its ratios ({@link Scan#logShifts}): every term is at most 1 and {@code s >= 1}
   * for finite inputs, so logits of ±1000 are exact. The shift is a constant the value does not
   * depend on, so all derivatives are those of the exact function.
   */
  static Tensor logcumsumexp(Tensor x, int axis) {
    int ax = lineAxis("logcumsumexp", x.shape(), axis);
    Tensor v = x.floating();
    if (v.rank() == 0) {
      return logcumsumexp(v.reshape(1), 0).reshape();
    }
    Tensor shift = Tensor.empty(v.dtype(), v.shape());
    Tensor decay = Tensor.empty(v.dtype(), v.shape());
    Scan.logShifts(v.storage.array(), v.offset, v.strides, v.shape().dimsRef(), ax,
        shift.storage.array(), decay.storage.array());
    return scan(decay, v.sub(shift).exp(), ax, false).log().add(shift);
  }

  /**
   * For each element, the product of the other elements of its reduction group (the gradient of
   * a product): the exclusive running products from both ends multiplied, no division, so one
   * zero leaves the product of the others at its position and two zeros give 0 everywhere.
   */
  static Tensor productOfOthers(Tensor x, boolean[] reduced) {
    int[] axes = ReduceOps.axesOf(reduced);
    if (axes.length == 0 || x.numel() == 0) {
      return Tensor.ones(x.dtype(), x.shape().dims()); // 0-d: the empty product
    }
    if (axes.length == 1) {
      return exclusiveProducts(x, axes[0]);
    }
    // Move the reduced axes last and merge them into one line per kept position.
    int r = x.rank();
    int[] perm = new int[r];
    int k = 0;
    for (int i = 0; i < r; i++) {
      if (!reduced[i]) perm[k++] = i;
    }
    int kept = k;
    for (int i = 0; i < r; i++) {
      if (reduced[i]) perm[k++] = i;
    }
    Tensor moved = x.permute(perm);
    int[] dims = moved.shape().dims();
    int[] lines = java.util.Arrays.copyOf(dims, kept + 1);
    lines[kept] = 1;
    for (int i = kept; i < r; i++) lines[kept] *= dims[i];
    return exclusiveProducts(moved.reshape(lines), kept).reshape(dims)
        .permute(ShapeOps.inverse(perm));
  }

  /** {@code Π_{j < i} x[j] · Π_{j > i} x[j]} along one axis, by a forward and a reverse scan. */
  private static Tensor exclusiveProducts(Tensor x, int axis) {
    int n = x.shape().dim(axis);
    Tensor before = SCAN.apply(new Call(axis, false), previous(x, axis), oneAt(x, axis, 0));
    Tensor after = SCAN.apply(new Call(axis, true), x, oneAt(x, axis, n - 1));
    return before.mul(after);
  }

  /** Constant: 1 at position {@code pos} of the axis, 0 elsewhere. */
  private static Tensor oneAt(Tensor x, int axis, int pos) {
    int[] one = x.shape().dims();
    one[axis] = 1;
    return ShapeOps.EMBED.apply(window(x.shape(), axis, pos), Tensor.ones(x.dtype(), one));
  }

  private static ShapeOps.Window window(Shape full, int axis, int start) {
    return new ShapeOps.Window(axis, start, 1, 1, full);
  }

  /** {@code out[i] = v[i-1]}, {@code out[0] = 0} along the axis (slice and embed: adjoints). */
  static Tensor previous(Tensor v, int axis) {
    int n = v.shape().dim(axis);
    if (n <= 1) {
      return Tensor.zeros(v.dtype(), v.shape().dims());
    }
    return ShapeOps.EMBED.apply(new ShapeOps.Window(axis, 1, n - 1, 1, v.shape()),
        v.slice(axis, 0, n - 1));
  }

  /** {@code out[i] = v[i+1]}, {@code out[n-1] = 0} along the axis. */
  static Tensor next(Tensor v, int axis) {
    int n = v.shape().dim(axis);
    if (n <= 1) {
      return Tensor.zeros(v.dtype(), v.shape().dims());
    }
    return ShapeOps.EMBED.apply(new ShapeOps.Window(axis, 0, n - 1, 1, v.shape()),
        v.slice(axis, 1, n));
  }

  // ------------------------------------------------------------------ samples and references

  /** An axis of the rank, written negative half the time (0 or -1 for 0-d). */
  private static int[] drawAxis(java.util.SplittableRandom r, int rank) {
    if (rank == 0) {
      return new int[] {r.nextBoolean() ? 0 : -1, 0};
    }
    int ax = r.nextInt(rank);
    return new int[] {r.nextBoolean() ? ax : ax - rank, ax};
  }

  /**
   * The float samples: the raw recurrence either way, cumsum, cumprod on random values and with
   * one, two or all elements of a line exactly 0, and logcumsumexp, also with logits of ±1000.
   */
  private static Spec.Sample sample(java.util.SplittableRandom r) {
    int[] shape = Samples.shape(r, 0, 3);
    int[] axes = drawAxis(r, shape.length);
    int axis = axes[0];
    int ax = axes[1];
    switch (r.nextInt(6)) {
      case 0: {
        boolean reverse = r.nextBoolean();
        return new Spec.Sample("scan(a, b, " + axis + ", reverse=" + reverse + ")",
            in -> scan(in[0], in[1], axis, reverse),
            in -> Samples.alongAxis(ax, l -> linearReference(l[0], l[1], reverse), in),
            Samples.real(r, shape), Samples.real(r, shape));
      }
      case 1:
        return new Spec.Sample("cumsum(x, " + axis + ")", in -> in[0].cumsum(axis),
            in -> Samples.alongAxis(ax, l -> running(l[0], false), in), Samples.real(r, shape));
      case 2:
        return new Spec.Sample("cumprod(x, " + axis + ")", in -> in[0].cumprod(axis),
            in -> Samples.alongAxis(ax, l -> running(l[0], true), in), Samples.real(r, shape));
      case 3:
        return new Spec.Sample("cumprod(x, " + axis + ") with zeros", in -> in[0].cumprod(axis),
            in -> Samples.alongAxis(ax, l -> running(l[0], true), in), withZeros(r, shape));
      default: {
        Tensor x = Samples.real(r, shape);
        String what = "";
        if (r.nextBoolean()) {
          x = x.add(Samples.integers(r, shape, -1, 1).mul(1000.0));
          what = " at ±1000";
        }
        return new Spec.Sample("logcumsumexp(x, " + axis + ")" + what,
            in -> in[0].logcumsumexp(axis),
            in -> Samples.alongAxis(ax, l -> logcumsumexpReference(l[0]), in), x);
      }
    }
  }

  private static Spec.Sample intSample(java.util.SplittableRandom r) {
    int[] shape = Samples.shape(r, 0, 3);
    int[] axes = drawAxis(r, shape.length);
    int axis = axes[0];
    int ax = axes[1];
    Tensor x = Samples.integers(r, shape, -3, 3);
    switch (r.nextInt(3)) {
      case 0:
        return new Spec.Sample("cumsum on integers", in -> in[0].cumsum(axis),
            in -> Samples.alongAxis(ax, l -> running(l[0], false), in), x);
      case 1:
        return new Spec.Sample("cumprod on integers", in -> in[0].cumprod(axis),
            in -> Samples.alongAxis(ax, l -> running(l[0], true), in), x);
      default:
        return new Spec.Sample("scan on integers", in -> scan(in[0], in[1], axis, true),
            in -> Samples.alongAxis(ax, l -> linearReference(l[0], l[1], true), in), x,
            Samples.integers(r, shape, -3, 3));
    }
  }

  /**
   * Random values with zeros planted on purpose: one, two or every element of the whole tensor
   * set to exactly 0, so cumulative products and products are checked at one zero, two zeros
   * and all zeros.
   */
  static Tensor withZeros(java.util.SplittableRandom r, int[] shape) {
    double[] v = Samples.real(r, shape).toDoubleArray();
    int zeros = v.length <= 1 || r.nextInt(4) == 0 ? v.length : 1 + r.nextInt(2);
    for (int z = 0; z < zeros; z++) {
      v[zeros == v.length ? z : r.nextInt(v.length)] = 0.0;
    }
    return Tensor.of(v, shape);
  }

  private static double[] linearReference(double[] a, double[] b, boolean reverse) {
    int n = b.length;
    double[] h = new double[n];
    for (int k = 0; k < n; k++) {
      int i = reverse ? n - 1 - k : k;
      int from = reverse ? i + 1 : i - 1;
      double coefficient = reverse ? (i + 1 < n ? a[i + 1] : 0) : a[i];
      h[i] = b[i] + (k == 0 ? 0 : coefficient * h[from]);
    }
    return h;
  }

  /** Running sums or products by their definition: each from scratch over the prefix. */
  private static double[] running(double[] x, boolean product) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double acc = product ? 1 : 0;
      for (int j = 0; j <= i; j++) {
        acc = product ? acc * x[j] : acc + x[j];
      }
      out[i] = acc;
    }
    return out;
  }

  /** log Σ exp over each prefix, by pairwise log-add-exp in StrictMath. */
  private static double[] logcumsumexpReference(double[] x) {
    double[] out = new double[x.length];
    double acc = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      double hi = Math.max(acc, x[i]);
      double lo = Math.min(acc, x[i]);
      acc = lo == Double.NEGATIVE_INFINITY ? hi : hi + StrictMath.log1p(StrictMath.exp(lo - hi));
      out[i] = acc;
    }
    return out;
  }
}
