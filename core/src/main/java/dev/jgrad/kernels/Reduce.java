package dev.jgrad.kernels;

import java.util.Arrays;

/**
 * Reductions along any set of axes of a strided input. The output is addressed in the input's
 * index space with stride 0 on reduced axes, so one odometer handles every axis set. Floating
 * point accumulates in double along every axis (float32 results are the correctly accumulated
 * sum rounded once), integers and bools in long; the order is the input's row-major order, so
 * results are deterministic.
 */
public enum Reduce {
  /** Sum; float in, same float out; int or bool in, int64 out. */
  SUM,
  /** Product; types as {@link #SUM}. */
  PROD,
  /** Maximum; NaN propagates. Output of the input's type. */
  MAX,
  /** Minimum; NaN propagates. Output of the input's type. */
  MIN,
  /** Whether any element is nonzero (true); bool out. */
  ANY,
  /** Whether every element is nonzero (true); bool out. */
  ALL;

  /**
   * {@code out[j] = reduce over the inputs i mapping to j of in[i]}.
   *
   * @param in input array (any of the five types)
   * @param inOffset offset of index 0 in {@code in}
   * @param inStrides strides of {@code in}
   * @param dims input dimensions
   * @param outStrides dense strides of {@code out} per input axis, 0 on reduced axes
   * @param out dense output, overwritten: same type as in for MAX/MIN, long[] for SUM/PROD of
   *     integers and bools, boolean[] for ANY/ALL
   */
  public void apply(Object in, int inOffset, int[] inStrides, int[] dims, int[] outStrides,
      Object out) {
    int total = Iter.numel(dims);
    int outLen = java.lang.reflect.Array.getLength(out);
    boolean floating = in instanceof float[] || in instanceof double[];
    if (this == ANY || this == ALL) {
      boolean[] o = (boolean[]) out;
      Arrays.fill(o, this == ALL);
      if (total == 0) {
        return;
      }
      Iter it = Iter.of(dims, new int[] {inOffset, 0}, inStrides, outStrides);
      int n = it.inner;
      int s = it.innerStride(0);
      int t = it.innerStride(1);
      for (int done = 0; done < total; done += n) {
        int p = it.offset(0);
        int q = it.offset(1);
        for (int i = 0; i < n; i++) {
          boolean nz = nonzero(in, p + i * s);
          o[q + i * t] = this == ANY ? o[q + i * t] | nz : o[q + i * t] & nz;
        }
        it.next();
      }
      return;
    }
    if (floating) {
      double[] acc = new double[outLen];
      Arrays.fill(acc, this == SUM ? 0 : this == PROD ? 1 : this == MAX
          ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      if (total > 0) {
        accumulate(in, inOffset, inStrides, dims, outStrides, acc);
      }
      if (out instanceof float[]) {
        float[] o = (float[]) out;
        for (int i = 0; i < outLen; i++) o[i] = (float) acc[i];
      } else {
        System.arraycopy(acc, 0, out, 0, outLen);
      }
      return;
    }
    long[] acc = new long[outLen];
    Arrays.fill(acc, this == SUM ? 0 : this == PROD ? 1 : this == MAX ? Long.MIN_VALUE
        : Long.MAX_VALUE);
    if (total > 0) {
      accumulateLong(in, inOffset, inStrides, dims, outStrides, acc);
    }
    if (out instanceof long[]) {
      System.arraycopy(acc, 0, out, 0, outLen);
    } else if (out instanceof int[]) {
      int[] o = (int[]) out;
      for (int i = 0; i < outLen; i++) o[i] = (int) acc[i];
    } else {
      boolean[] o = (boolean[]) out;
      for (int i = 0; i < outLen; i++) o[i] = acc[i] != 0;
    }
  }

  private static boolean nonzero(Object a, int k) {
    if (a instanceof float[]) {
      return ((float[]) a)[k] != 0;
    } else if (a instanceof double[]) {
      return ((double[]) a)[k] != 0;
    } else if (a instanceof int[]) {
      return ((int[]) a)[k] != 0;
    } else if (a instanceof long[]) {
      return ((long[]) a)[k] != 0;
    }
    return ((boolean[]) a)[k];
  }

  private void accumulate(Object in, int inOffset, int[] inStrides, int[] dims, int[] outStrides,
      double[] acc) {
    int total = Iter.numel(dims);
    Iter it = Iter.of(dims, new int[] {inOffset, 0}, inStrides, outStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    int t = it.innerStride(1);
    float[] f = in instanceof float[] ? (float[]) in : null;
    double[] d = f == null ? (double[]) in : null;
    for (int done = 0; done < total; done += n) {
      int p = it.offset(0);
      int q = it.offset(1);
      if (t == 0) {
        double a = acc[q];
        switch (this) {
          case SUM:
            if (f != null) {
              for (int i = 0; i < n; i++) a += f[p + i * s];
            } else {
              for (int i = 0; i < n; i++) a += d[p + i * s];
            }
            break;
          case PROD:
            for (int i = 0; i < n; i++) a *= f != null ? f[p + i * s] : d[p + i * s];
            break;
          case MAX:
            for (int i = 0; i < n; i++) a = max(a, f != null ? f[p + i * s] : d[p + i * s]);
            break;
          default:
            for (int i = 0; i < n; i++) a = min(a, f != null ? f[p + i * s] : d[p + i * s]);
        }
        acc[q] = a;
      } else if (this == SUM && t == 1 && s == 1) {
        // e.g. column sums of a dense matrix (bias gradients): vectorizes
        if (f != null) {
          for (int i = 0; i < n; i++) acc[q + i] += f[p + i];
        } else {
          for (int i = 0; i < n; i++) acc[q + i] += d[p + i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          double x = f != null ? f[p + i * s] : d[p + i * s];
          int k = q + i * t;
          switch (this) {
            case SUM: acc[k] += x; break;
            case PROD: acc[k] *= x; break;
            case MAX: acc[k] = max(acc[k], x); break;
            default: acc[k] = min(acc[k], x);
          }
        }
      }
      it.next();
    }
  }

  private void accumulateLong(Object in, int inOffset, int[] inStrides, int[] dims,
      int[] outStrides, long[] acc) {
    int total = Iter.numel(dims);
    Iter it = Iter.of(dims, new int[] {inOffset, 0}, inStrides, outStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    int t = it.innerStride(1);
    for (int done = 0; done < total; done += n) {
      int p = it.offset(0);
      int q = it.offset(1);
      for (int i = 0; i < n; i++) {
        long x = in instanceof long[] ? ((long[]) in)[p + i * s]
            : in instanceof int[] ? ((int[]) in)[p + i * s]
            : ((boolean[]) in)[p + i * s] ? 1 : 0;
        int k = q + i * t;
        switch (this) {
          case SUM: acc[k] += x; break;
          case PROD: acc[k] *= x; break;
          case MAX: acc[k] = Math.max(acc[k], x); break;
          default: acc[k] = Math.min(acc[k], x);
        }
      }
      it.next();
    }
  }

  // NaN propagates, as in NumPy's max/min.
  private static double max(double acc, double x) {
    return x > acc || x != x ? x : acc;
  }

  private static double min(double acc, double x) {
    return x < acc || x != x ? x : acc;
  }

  /**
   * Index of the largest (or smallest) element along the middle axis of a dense
   * {@code [outer, n, inner]} array; the first index wins ties, NaN counts as the extreme (as in
   * PyTorch).
   *
   * @param out {@code outer·inner} int64 indices
   */
  public static void argExtreme(Object in, int outer, int n, int inner, boolean max, long[] out) {
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * n * inner + j;
        int best = 0;
        if (in instanceof long[] || in instanceof int[] || in instanceof boolean[]) {
          long bv = longAt(in, base);
          for (int i = 1; i < n; i++) {
            long v = longAt(in, base + i * inner);
            if (max ? v > bv : v < bv) {
              best = i;
              bv = v;
            }
          }
        } else {
          double bv = in instanceof double[] ? ((double[]) in)[base] : ((float[]) in)[base];
          for (int i = 1; i < n && bv == bv; i++) {
            int k = base + i * inner;
            double v = in instanceof double[] ? ((double[]) in)[k] : ((float[]) in)[k];
            if (v != v || (max ? v > bv : v < bv)) {
              best = i;
              bv = v;
            }
          }
        }
        out[o * inner + j] = best;
      }
    }
  }

  private static long longAt(Object a, int k) {
    if (a instanceof long[]) {
      return ((long[]) a)[k];
    } else if (a instanceof int[]) {
      return ((int[]) a)[k];
    }
    return ((boolean[]) a)[k] ? 1 : 0;
  }
}
