package dev.jgrad.kernels;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Elementwise loops over strided operands: {@code out[idx] = f(a[ao + idx·as], b[bo + idx·bs])}
 * with the output dense row-major and each operand read through its own offset and strides in the
 * output's index space (0 on broadcast axes, so a broadcast operand is never copied). Adjacent
 * axes are coalesced ({@link Iter}), so same-shape, scalar and bias-row cases are flat loops.
 *
 * <p>The scalar function comes from the op's declaration. Floating-point kernels compute in double
 * and round once for float32. A few hot functions ({@link #ADD}, {@link #SUB}, {@link #MUL},
 * {@link #DIV}, {@link #NEG}) are recognized by identity and run as specialized loops C2 can
 * vectorize; any other function is called per element.
 */
public final class Elementwise {
  private Elementwise() {}

  /** {@code a + b}; recognized by the loops below. */
  public static final DoubleBinaryOperator ADD = (a, b) -> a + b;
  /** {@code a - b}. */
  public static final DoubleBinaryOperator SUB = (a, b) -> a - b;
  /** {@code a · b}. */
  public static final DoubleBinaryOperator MUL = (a, b) -> a * b;
  /** {@code a / b}. */
  public static final DoubleBinaryOperator DIV = (a, b) -> a / b;
  /** {@code -x}. */
  public static final DoubleUnaryOperator NEG = x -> -x;

  /** One application, with the hot functions inlined (a scalar graph calls this per op). */
  private static double one(DoubleBinaryOperator f, double a, double b) {
    switch (code(f)) {
      case 1: return a + b;
      case 2: return a - b;
      case 3: return a * b;
      case 4: return a / b;
      default: return f.applyAsDouble(a, b);
    }
  }

  private static int code(DoubleBinaryOperator f) {
    return f == ADD ? 1 : f == SUB ? 2 : f == MUL ? 3 : f == DIV ? 4 : 0;
  }

  /**
   * Dense relu ({@code step} false: x where x &gt; 0 or NaN, else 0) or Heaviside step ({@code step}
   * true: 1 where x &gt; 0, else 0) on the SIMD path; C2 does not vectorize the conditional.
   * Only call when {@link Simd#AVAILABLE}.
   *
   * @param in dense input
   * @param out dense output of the same length
   * @param step step instead of relu
   */
  public static void reluOrStep(float[] in, float[] out, boolean step) {
    VectorUnary.apply(in, out, step);
  }

  /**
   * Float64 version of {@link #reluOrStep(float[], float[], boolean)}.
   *
   * @param in dense input
   * @param out dense output of the same length
   * @param step step instead of relu
   */
  public static void reluOrStep(double[] in, double[] out, boolean step) {
    VectorUnary.apply(in, out, step);
  }

  // ------------------------------------------------------------------ unary, floating point

  /** {@code out = f(a)} for float32 (a strided, out dense). */
  public static void unary(DoubleUnaryOperator f, float[] a, int ao, int[] as, float[] out,
      int[] dims) {
    int total = out.length;
    if (total <= 1) {
      if (total == 1) {
        out[0] = (float) f.applyAsDouble(a[ao]); // 0-d and one-element tensors: no odometer
      }
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao}, as);
    int n = it.inner;
    int s = it.innerStride(0);
    for (int o = 0; o < total; o += n) {
      int p = it.offset(0);
      if (f == NEG && s == 1) {
        for (int i = 0; i < n; i++) out[o + i] = -a[p + i];
      } else {
        for (int i = 0; i < n; i++) out[o + i] = (float) f.applyAsDouble(a[p + i * s]);
      }
      it.next();
    }
  }

  /** {@code out = f(a)} for float64. */
  public static void unary(DoubleUnaryOperator f, double[] a, int ao, int[] as, double[] out,
      int[] dims) {
    int total = out.length;
    if (total <= 1) {
      if (total == 1) {
        out[0] = f.applyAsDouble(a[ao]);
      }
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao}, as);
    int n = it.inner;
    int s = it.innerStride(0);
    for (int o = 0; o < total; o += n) {
      int p = it.offset(0);
      if (f == NEG && s == 1) {
        for (int i = 0; i < n; i++) out[o + i] = -a[p + i];
      } else {
        for (int i = 0; i < n; i++) out[o + i] = f.applyAsDouble(a[p + i * s]);
      }
      it.next();
    }
  }

  /** {@code out = f(a)} for int32 (computed in long, wrapped to int). */
  public static void unary(LongUnaryOperator f, int[] a, int ao, int[] as, int[] out, int[] dims) {
    int total = out.length;
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao}, as);
    int n = it.inner;
    int s = it.innerStride(0);
    for (int o = 0; o < total; o += n) {
      int p = it.offset(0);
      for (int i = 0; i < n; i++) out[o + i] = (int) f.applyAsLong(a[p + i * s]);
      it.next();
    }
  }

  /** {@code out = f(a)} for int64. */
  public static void unary(LongUnaryOperator f, long[] a, int ao, int[] as, long[] out,
      int[] dims) {
    int total = out.length;
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao}, as);
    int n = it.inner;
    int s = it.innerStride(0);
    for (int o = 0; o < total; o += n) {
      int p = it.offset(0);
      for (int i = 0; i < n; i++) out[o + i] = f.applyAsLong(a[p + i * s]);
      it.next();
    }
  }

  /** A predicate on one element for {@link #test}. */
  public interface DoubleTest {
    /** The predicate. */
    boolean test(double x);
  }

  /**
   * {@code out = p(a)} for an operand of any dtype ({@code float[] double[] int[] long[]
   * boolean[]}, read as double, bool as 0/1), e.g. isnan or logical not.
   */
  public static void test(DoubleTest p, Object a, int ao, int[] as, boolean[] out, int[] dims) {
    int total = out.length;
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao}, as);
    int n = it.inner;
    int s = it.innerStride(0);
    for (int o = 0; o < total; o += n) {
      int q = it.offset(0);
      if (a instanceof float[]) {
        float[] x = (float[]) a;
        for (int i = 0; i < n; i++) out[o + i] = p.test(x[q + i * s]);
      } else if (a instanceof double[]) {
        double[] x = (double[]) a;
        for (int i = 0; i < n; i++) out[o + i] = p.test(x[q + i * s]);
      } else if (a instanceof int[]) {
        int[] x = (int[]) a;
        for (int i = 0; i < n; i++) out[o + i] = p.test(x[q + i * s]);
      } else if (a instanceof long[]) {
        long[] x = (long[]) a;
        for (int i = 0; i < n; i++) out[o + i] = p.test(x[q + i * s]);
      } else {
        boolean[] x = (boolean[]) a;
        for (int i = 0; i < n; i++) out[o + i] = p.test(x[q + i * s] ? 1 : 0);
      }
      it.next();
    }
  }

  // ------------------------------------------------------------------ binary, floating point

  /** {@code out = f(a, b)} for float32 with broadcasting strides. */
  public static void binary(DoubleBinaryOperator f, float[] a, int ao, int[] as, float[] b, int bo,
      int[] bs, float[] out, int[] dims) {
    int total = out.length;
    if (total <= 1) {
      if (total == 1) {
        out[0] = (float) one(f, a[ao], b[bo]);
      }
      return;
    }
    int code = code(f);
    Iter it = Iter.of(dims, new int[] {ao, bo}, as, bs);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < total; o += n) {
      int pa = it.offset(0);
      int pb = it.offset(1);
      if (ia == 1 && ib == 1) {
        switch (code) {
          case 1: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] + b[pb + i]; break;
          case 2: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] - b[pb + i]; break;
          case 3: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] * b[pb + i]; break;
          case 4: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] / b[pb + i]; break;
          default:
            for (int i = 0; i < n; i++) out[o + i] = (float) f.applyAsDouble(a[pa + i], b[pb + i]);
        }
      } else if (ia == 1 && ib == 0) {
        float y = b[pb];
        switch (code) {
          case 1: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] + y; break;
          case 2: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] - y; break;
          case 3: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] * y; break;
          case 4: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] / y; break;
          default: for (int i = 0; i < n; i++) out[o + i] = (float) f.applyAsDouble(a[pa + i], y);
        }
      } else if (ia == 0 && ib == 1) {
        float x = a[pa];
        switch (code) {
          case 1: for (int i = 0; i < n; i++) out[o + i] = x + b[pb + i]; break;
          case 2: for (int i = 0; i < n; i++) out[o + i] = x - b[pb + i]; break;
          case 3: for (int i = 0; i < n; i++) out[o + i] = x * b[pb + i]; break;
          case 4: for (int i = 0; i < n; i++) out[o + i] = x / b[pb + i]; break;
          default: for (int i = 0; i < n; i++) out[o + i] = (float) f.applyAsDouble(x, b[pb + i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[o + i] = (float) f.applyAsDouble(a[pa + i * ia], b[pb + i * ib]);
        }
      }
      it.next();
    }
  }

  /** {@code out = f(a, b)} for float64 with broadcasting strides. */
  public static void binary(DoubleBinaryOperator f, double[] a, int ao, int[] as, double[] b,
      int bo, int[] bs, double[] out, int[] dims) {
    int total = out.length;
    if (total <= 1) {
      if (total == 1) {
        out[0] = one(f, a[ao], b[bo]);
      }
      return;
    }
    int code = code(f);
    Iter it = Iter.of(dims, new int[] {ao, bo}, as, bs);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < total; o += n) {
      int pa = it.offset(0);
      int pb = it.offset(1);
      if (ia == 1 && ib == 1) {
        switch (code) {
          case 1: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] + b[pb + i]; break;
          case 2: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] - b[pb + i]; break;
          case 3: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] * b[pb + i]; break;
          case 4: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] / b[pb + i]; break;
          default: for (int i = 0; i < n; i++) out[o + i] = f.applyAsDouble(a[pa + i], b[pb + i]);
        }
      } else if (ia == 1 && ib == 0) {
        double y = b[pb];
        switch (code) {
          case 1: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] + y; break;
          case 2: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] - y; break;
          case 3: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] * y; break;
          case 4: for (int i = 0; i < n; i++) out[o + i] = a[pa + i] / y; break;
          default: for (int i = 0; i < n; i++) out[o + i] = f.applyAsDouble(a[pa + i], y);
        }
      } else if (ia == 0 && ib == 1) {
        double x = a[pa];
        switch (code) {
          case 1: for (int i = 0; i < n; i++) out[o + i] = x + b[pb + i]; break;
          case 2: for (int i = 0; i < n; i++) out[o + i] = x - b[pb + i]; break;
          case 3: for (int i = 0; i < n; i++) out[o + i] = x * b[pb + i]; break;
          case 4: for (int i = 0; i < n; i++) out[o + i] = x / b[pb + i]; break;
          default: for (int i = 0; i < n; i++) out[o + i] = f.applyAsDouble(x, b[pb + i]);
        }
      } else {
        for (int i = 0; i < n; i++) out[o + i] = f.applyAsDouble(a[pa + i * ia], b[pb + i * ib]);
      }
      it.next();
    }
  }

  // ------------------------------------------------------------------ binary, integer and bool

  /** {@code out = f(a, b)} for int32 (computed in long, wrapped to int). */
  public static void binary(LongBinaryOperator f, int[] a, int ao, int[] as, int[] b, int bo,
      int[] bs, int[] out, int[] dims) {
    int total = out.length;
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao, bo}, as, bs);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < total; o += n) {
      int pa = it.offset(0);
      int pb = it.offset(1);
      for (int i = 0; i < n; i++) out[o + i] = (int) f.applyAsLong(a[pa + i * ia], b[pb + i * ib]);
      it.next();
    }
  }

  /** {@code out = f(a, b)} for int64. */
  public static void binary(LongBinaryOperator f, long[] a, int ao, int[] as, long[] b, int bo,
      int[] bs, long[] out, int[] dims) {
    int total = out.length;
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao, bo}, as, bs);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < total; o += n) {
      int pa = it.offset(0);
      int pb = it.offset(1);
      for (int i = 0; i < n; i++) out[o + i] = f.applyAsLong(a[pa + i * ia], b[pb + i * ib]);
      it.next();
    }
  }

  /** The comparisons, each defined for doubles and for longs. NaN compares false except NE. */
  public enum Compare {
    /** {@code a < b}. */
    LT,
    /** {@code a <= b}. */
    LE,
    /** {@code a > b}. */
    GT,
    /** {@code a >= b}. */
    GE,
    /** {@code a == b}. */
    EQ,
    /** {@code a != b}. */
    NE;

    /**
     * The comparison on doubles.
     *
     * @param a left operand
     * @param b right operand
     * @return the comparison's value
     */
    public boolean test(double a, double b) {
      switch (this) {
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        case EQ: return a == b;
        default: return a != b;
      }
    }

    /**
     * The comparison on longs (exact for int64 beyond 2^53).
     *
     * @param a left operand
     * @param b right operand
     * @return the comparison's value
     */
    public boolean test(long a, long b) {
      switch (this) {
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        case EQ: return a == b;
        default: return a != b;
      }
    }
  }

  /** {@code out = a cmp b} for two operands of the same dtype (any of the five). */
  public static void compare(Compare c, Object a, int ao, int[] as, Object b, int bo, int[] bs,
      boolean[] out, int[] dims) {
    int total = out.length;
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao, bo}, as, bs);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < total; o += n) {
      int pa = it.offset(0);
      int pb = it.offset(1);
      if (a instanceof float[]) {
        float[] x = (float[]) a;
        float[] y = (float[]) b;
        for (int i = 0; i < n; i++) out[o + i] = c.test(x[pa + i * ia], y[pb + i * ib]);
      } else if (a instanceof double[]) {
        double[] x = (double[]) a;
        double[] y = (double[]) b;
        for (int i = 0; i < n; i++) out[o + i] = c.test(x[pa + i * ia], y[pb + i * ib]);
      } else if (a instanceof int[]) {
        int[] x = (int[]) a;
        int[] y = (int[]) b;
        for (int i = 0; i < n; i++) out[o + i] = c.test((long) x[pa + i * ia], y[pb + i * ib]);
      } else if (a instanceof long[]) {
        long[] x = (long[]) a;
        long[] y = (long[]) b;
        for (int i = 0; i < n; i++) out[o + i] = c.test(x[pa + i * ia], y[pb + i * ib]);
      } else {
        boolean[] x = (boolean[]) a;
        boolean[] y = (boolean[]) b;
        for (int i = 0; i < n; i++) {
          out[o + i] = c.test(x[pa + i * ia] ? 1L : 0L, y[pb + i * ib] ? 1L : 0L);
        }
      }
      it.next();
    }
  }

  /** The logical connectives on booleans. */
  public enum Logic {
    /** {@code a && b}. */
    AND,
    /** {@code a || b}. */
    OR,
    /** {@code a ^ b}. */
    XOR;

    boolean apply(boolean a, boolean b) {
      switch (this) {
        case AND: return a && b;
        case OR: return a || b;
        default: return a ^ b;
      }
    }
  }

  /** {@code out = a op b} on two boolean operands. */
  public static void logic(Logic op, boolean[] a, int ao, int[] as, boolean[] b, int bo, int[] bs,
      boolean[] out, int[] dims) {
    int total = out.length;
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {ao, bo}, as, bs);
    int n = it.inner;
    int ia = it.innerStride(0);
    int ib = it.innerStride(1);
    for (int o = 0; o < total; o += n) {
      int pa = it.offset(0);
      int pb = it.offset(1);
      for (int i = 0; i < n; i++) out[o + i] = op.apply(a[pa + i * ia], b[pb + i * ib]);
      it.next();
    }
  }

  // ------------------------------------------------------------------ where

  /**
   * {@code out = c ? a : b} with all three strided (broadcast); a, b and out share one of the five
   * array types.
   */
  public static void where(boolean[] c, int co, int[] cs, Object a, int ao, int[] as, Object b,
      int bo, int[] bs, Object out, int[] dims) {
    int total = Iter.numel(dims);
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {co, ao, bo}, cs, as, bs);
    int n = it.inner;
    int ic = it.innerStride(0);
    int ia = it.innerStride(1);
    int ib = it.innerStride(2);
    for (int o = 0; o < total; o += n) {
      int pc = it.offset(0);
      int pa = it.offset(1);
      int pb = it.offset(2);
      if (out instanceof float[]) {
        float[] x = (float[]) a;
        float[] y = (float[]) b;
        float[] r = (float[]) out;
        for (int i = 0; i < n; i++) r[o + i] = c[pc + i * ic] ? x[pa + i * ia] : y[pb + i * ib];
      } else if (out instanceof double[]) {
        double[] x = (double[]) a;
        double[] y = (double[]) b;
        double[] r = (double[]) out;
        for (int i = 0; i < n; i++) r[o + i] = c[pc + i * ic] ? x[pa + i * ia] : y[pb + i * ib];
      } else if (out instanceof int[]) {
        int[] x = (int[]) a;
        int[] y = (int[]) b;
        int[] r = (int[]) out;
        for (int i = 0; i < n; i++) r[o + i] = c[pc + i * ic] ? x[pa + i * ia] : y[pb + i * ib];
      } else if (out instanceof long[]) {
        long[] x = (long[]) a;
        long[] y = (long[]) b;
        long[] r = (long[]) out;
        for (int i = 0; i < n; i++) r[o + i] = c[pc + i * ic] ? x[pa + i * ia] : y[pb + i * ib];
      } else {
        boolean[] x = (boolean[]) a;
        boolean[] y = (boolean[]) b;
        boolean[] r = (boolean[]) out;
        for (int i = 0; i < n; i++) r[o + i] = c[pc + i * ic] ? x[pa + i * ia] : y[pb + i * ib];
      }
      it.next();
    }
  }
}
