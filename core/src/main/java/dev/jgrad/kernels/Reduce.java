package dev.jgrad.kernels;

/**
 * Reductions along any set of axes. The output is read in the input's index space with stride 0
 * on reduced axes, so one odometer handles every axis set. Float32 sums along the innermost run
 * accumulate in double.
 */
public enum Reduce {
  SUM, MAX, MIN;

  /**
   * {@code out[j] = reduce over i mapping to j of in[i]}.
   *
   * @param dims input dimensions
   * @param outStrides strides of {@code out} per input axis, 0 on reduced axes
   * @param out dense output; overwritten
   */
  public void apply(Object in, int[] dims, int[] outStrides, Object out) {
    int total = Strided.numel(dims);
    if (in instanceof double[]) {
      double[] o = (double[]) out;
      java.util.Arrays.fill(o, this == SUM ? 0 : this == MAX ? Double.NEGATIVE_INFINITY
          : Double.POSITIVE_INFINITY);
    } else {
      float[] o = (float[]) out;
      java.util.Arrays.fill(o, this == SUM ? 0 : this == MAX ? Float.NEGATIVE_INFINITY
          : Float.POSITIVE_INFINITY);
    }
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, outStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    if (in instanceof double[]) {
      double[] a = (double[]) in;
      double[] o = (double[]) out;
      for (int i0 = 0; i0 < total; i0 += n) {
        int ob = it.offset(0);
        if (s == 0) {
          double acc = o[ob];
          switch (this) {
            case SUM: for (int i = 0; i < n; i++) acc += a[i0 + i]; break;
            case MAX: for (int i = 0; i < n; i++) acc = max(acc, a[i0 + i]); break;
            default: for (int i = 0; i < n; i++) acc = min(acc, a[i0 + i]);
          }
          o[ob] = acc;
        } else if (s == 1 && this == SUM) {
          for (int i = 0; i < n; i++) o[ob + i] += a[i0 + i]; // e.g. bias gradients: vectorizes
        } else {
          switch (this) {
            case SUM: for (int i = 0; i < n; i++) o[ob + i * s] += a[i0 + i]; break;
            case MAX: for (int i = 0; i < n; i++) o[ob + i * s] = max(o[ob + i * s], a[i0 + i]); break;
            default: for (int i = 0; i < n; i++) o[ob + i * s] = min(o[ob + i * s], a[i0 + i]);
          }
        }
        it.next();
      }
    } else {
      float[] a = (float[]) in;
      float[] o = (float[]) out;
      for (int i0 = 0; i0 < total; i0 += n) {
        int ob = it.offset(0);
        if (s == 0) {
          double acc = o[ob];
          switch (this) {
            case SUM: for (int i = 0; i < n; i++) acc += a[i0 + i]; break;
            case MAX: for (int i = 0; i < n; i++) acc = max(acc, a[i0 + i]); break;
            default: for (int i = 0; i < n; i++) acc = min(acc, a[i0 + i]);
          }
          o[ob] = (float) acc;
        } else if (s == 1 && this == SUM) {
          for (int i = 0; i < n; i++) o[ob + i] += a[i0 + i]; // e.g. bias gradients: vectorizes
        } else {
          switch (this) {
            case SUM: for (int i = 0; i < n; i++) o[ob + i * s] += a[i0 + i]; break;
            case MAX: for (int i = 0; i < n; i++) o[ob + i * s] = (float) max(o[ob + i * s], a[i0 + i]); break;
            default: for (int i = 0; i < n; i++) o[ob + i * s] = (float) min(o[ob + i * s], a[i0 + i]);
          }
        }
        it.next();
      }
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
   * Index of the largest (or smallest) element along the middle axis of an
   * {@code [outer, n, inner]} view; the first index wins ties, NaN counts as largest.
   *
   * @param out {@code outer·inner} indices, written as doubles
   */
  public static void argExtreme(Object in, int outer, int n, int inner, boolean max, double[] out) {
    double[] d = in instanceof double[] ? (double[]) in : null;
    float[] f = d == null ? (float[]) in : null;
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * n * inner + j;
        int best = 0;
        double bv = d != null ? d[base] : f[base];
        for (int i = 1; i < n && bv == bv; i++) {
          double v = d != null ? d[base + i * inner] : f[base + i * inner];
          if (v != v || (max ? v > bv : v < bv)) {
            best = i;
            bv = v;
          }
        }
        out[o * inner + j] = best;
      }
    }
  }
}
