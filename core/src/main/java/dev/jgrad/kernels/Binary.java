package dev.jgrad.kernels;

/**
 * Elementwise binary kernels with NumPy broadcasting: {@code out[idx] = f(a[idx·sa], b[idx·sb])}
 * where {@code sa}, {@code sb} are the operands' strides in the output's index space, 0 on
 * broadcast axes, so a broadcast operand is never copied. Adjacent axes are coalesced first, so
 * same-shape, scalar and bias-row cases run as flat loops.
 */
public enum Binary {
  ADD, SUB, MUL, DIV, POW, MAX, MIN, LT, LE, GT, GE, EQ, NE;

  /** The scalar function: the reference for tests and the generic loop. */
  public double apply(double a, double b) {
    switch (this) {
      case ADD: return a + b;
      case SUB: return a - b;
      case MUL: return a * b;
      case DIV: return a / b;
      case POW: return Unary.pow(a, b);
      case MAX: return Math.max(a, b);
      case MIN: return Math.min(a, b);
      case LT: return a < b ? 1 : 0;
      case LE: return a <= b ? 1 : 0;
      case GT: return a > b ? 1 : 0;
      case GE: return a >= b ? 1 : 0;
      case EQ: return a == b ? 1 : 0;
      case NE: return a != b ? 1 : 0;
      default: throw new AssertionError(this);
    }
  }

  /**
   * Float64 kernel.
   *
   * @param dims output dimensions
   * @param sa strides of {@code a} per output axis (0 where broadcast)
   * @param sb strides of {@code b} per output axis (0 where broadcast)
   */
  public void apply(double[] a, int[] sa, double[] b, int[] sb, double[] out, int[] dims) {
    Iter it = Iter.of(dims, sa, sb);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < out.length; o += n) {
      int oa = it.offset(0);
      int ob = it.offset(1);
      run(a, oa, ia, b, ob, ib, out, o, n);
      it.next();
    }
  }

  /** One run of n outputs from offset o; ia, ib are the operands' strides (0 or 1 fast). */
  private void run(double[] a, int oa, int ia, double[] b, int ob, int ib, double[] out, int o,
      int n) {
    if (ia == 1 && ib == 1) {
      switch (this) {
        case ADD: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] + b[ob + i]; break;
        case SUB: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] - b[ob + i]; break;
        case MUL: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] * b[ob + i]; break;
        case DIV: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] / b[ob + i]; break;
        default: for (int i = 0; i < n; i++) out[o + i] = apply(a[oa + i], b[ob + i]);
      }
    } else if (ib == 0 && ia == 1) {
      double s = b[ob];
      switch (this) {
        case ADD: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] + s; break;
        case SUB: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] - s; break;
        case MUL: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] * s; break;
        case DIV: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] / s; break;
        default: for (int i = 0; i < n; i++) out[o + i] = apply(a[oa + i], s);
      }
    } else if (ia == 0 && ib == 1) {
      double s = a[oa];
      switch (this) {
        case ADD: for (int i = 0; i < n; i++) out[o + i] = s + b[ob + i]; break;
        case SUB: for (int i = 0; i < n; i++) out[o + i] = s - b[ob + i]; break;
        case MUL: for (int i = 0; i < n; i++) out[o + i] = s * b[ob + i]; break;
        case DIV: for (int i = 0; i < n; i++) out[o + i] = s / b[ob + i]; break;
        default: for (int i = 0; i < n; i++) out[o + i] = apply(s, b[ob + i]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[o + i] = apply(a[oa + i * ia], b[ob + i * ib]);
      }
    }
  }

  /**
   * Flat double kernel: each operand is either dense with out's length or a single element
   * (broadcast), so no index arithmetic is needed.
   */
  public void applyFlat(double[] a, double[] b, double[] out) {
    run(a, 0, a.length == 1 && out.length != 1 ? 0 : 1, b, 0,
        b.length == 1 && out.length != 1 ? 0 : 1, out, 0, out.length);
  }

  /** Float32 kernel; same contract as the float64 one. */
  public void apply(float[] a, int[] sa, float[] b, int[] sb, float[] out, int[] dims) {
    Iter it = Iter.of(dims, sa, sb);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < out.length; o += n) {
      int oa = it.offset(0);
      int ob = it.offset(1);
      run(a, oa, ia, b, ob, ib, out, o, n);
      it.next();
    }
  }

  /** One run of n outputs from offset o; ia, ib are the operands' strides (0 or 1 fast). */
  private void run(float[] a, int oa, int ia, float[] b, int ob, int ib, float[] out, int o,
      int n) {
    if (ia == 1 && ib == 1) {
      switch (this) {
        case ADD: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] + b[ob + i]; break;
        case SUB: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] - b[ob + i]; break;
        case MUL: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] * b[ob + i]; break;
        case DIV: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] / b[ob + i]; break;
        default: for (int i = 0; i < n; i++) out[o + i] = (float) apply(a[oa + i], b[ob + i]);
      }
    } else if (ib == 0 && ia == 1) {
      float s = b[ob];
      switch (this) {
        case ADD: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] + s; break;
        case SUB: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] - s; break;
        case MUL: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] * s; break;
        case DIV: for (int i = 0; i < n; i++) out[o + i] = a[oa + i] / s; break;
        default: for (int i = 0; i < n; i++) out[o + i] = (float) apply(a[oa + i], s);
      }
    } else if (ia == 0 && ib == 1) {
      float s = a[oa];
      switch (this) {
        case ADD: for (int i = 0; i < n; i++) out[o + i] = s + b[ob + i]; break;
        case SUB: for (int i = 0; i < n; i++) out[o + i] = s - b[ob + i]; break;
        case MUL: for (int i = 0; i < n; i++) out[o + i] = s * b[ob + i]; break;
        case DIV: for (int i = 0; i < n; i++) out[o + i] = s / b[ob + i]; break;
        default: for (int i = 0; i < n; i++) out[o + i] = (float) apply(s, b[ob + i]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[o + i] = (float) apply(a[oa + i * ia], b[ob + i * ib]);
      }
    }
  }

  /**
   * Flat float kernel: each operand is either dense with out's length or a single element
   * (broadcast), so no index arithmetic is needed.
   */
  public void applyFlat(float[] a, float[] b, float[] out) {
    run(a, 0, a.length == 1 && out.length != 1 ? 0 : 1, b, 0,
        b.length == 1 && out.length != 1 ? 0 : 1, out, 0, out.length);
  }
}
