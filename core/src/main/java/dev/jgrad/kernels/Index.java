package dev.jgrad.kernels;

/**
 * Index-driven copies over a dense {@code [outer, n, inner]} view of an axis: gather and
 * scatter-add (one index per element) and index-select and index-add (one index per slice).
 * Indices are validated by the caller; arrays are any of the five types for the copies and a
 * numeric type for the adds. Also the coordinates of a mask's true entries (nonzero).
 */
public final class Index {
  private Index() {}

  /**
   * {@code out[o, i, j] = src[o, idx[o, i, j], j]} with {@code src} of axis size {@code n} and
   * {@code out}/{@code idx} of axis size {@code m}.
   */
  public static void gather(Object src, int n, int[] idx, Object out, int outer, int m, int inner) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < m; i++) {
        int t0 = (o * m + i) * inner;
        int s0 = o * n * inner;
        if (src instanceof float[]) {
          float[] a = (float[]) src;
          float[] r = (float[]) out;
          for (int j = 0; j < inner; j++) r[t0 + j] = a[s0 + idx[t0 + j] * inner + j];
        } else if (src instanceof double[]) {
          double[] a = (double[]) src;
          double[] r = (double[]) out;
          for (int j = 0; j < inner; j++) r[t0 + j] = a[s0 + idx[t0 + j] * inner + j];
        } else if (src instanceof int[]) {
          int[] a = (int[]) src;
          int[] r = (int[]) out;
          for (int j = 0; j < inner; j++) r[t0 + j] = a[s0 + idx[t0 + j] * inner + j];
        } else if (src instanceof long[]) {
          long[] a = (long[]) src;
          long[] r = (long[]) out;
          for (int j = 0; j < inner; j++) r[t0 + j] = a[s0 + idx[t0 + j] * inner + j];
        } else {
          boolean[] a = (boolean[]) src;
          boolean[] r = (boolean[]) out;
          for (int j = 0; j < inner; j++) r[t0 + j] = a[s0 + idx[t0 + j] * inner + j];
        }
      }
    }
  }

  /** Adjoint of {@link #gather}: {@code dst[o, idx[o, i, j], j] += src[o, i, j]}. */
  public static void scatterAdd(Object src, int m, int[] idx, Object dst, int outer, int n,
      int inner) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < m; i++) {
        int t0 = (o * m + i) * inner;
        int d0 = o * n * inner;
        if (src instanceof float[]) {
          float[] a = (float[]) src;
          float[] r = (float[]) dst;
          for (int j = 0; j < inner; j++) r[d0 + idx[t0 + j] * inner + j] += a[t0 + j];
        } else if (src instanceof double[]) {
          double[] a = (double[]) src;
          double[] r = (double[]) dst;
          for (int j = 0; j < inner; j++) r[d0 + idx[t0 + j] * inner + j] += a[t0 + j];
        } else if (src instanceof int[]) {
          int[] a = (int[]) src;
          int[] r = (int[]) dst;
          for (int j = 0; j < inner; j++) r[d0 + idx[t0 + j] * inner + j] += a[t0 + j];
        } else {
          long[] a = (long[]) src;
          long[] r = (long[]) dst;
          for (int j = 0; j < inner; j++) r[d0 + idx[t0 + j] * inner + j] += a[t0 + j];
        }
      }
    }
  }

  /** {@code out[o, i, :] = src[o, idx[i], :]} with {@code src} of axis size {@code n}. */
  public static void select(Object src, int n, int[] idx, Object out, int outer, int inner) {
    int m = idx.length;
    if (inner == 1 && src instanceof float[]) {
      // One element per index (e.g. convolution windows): a gather loop, not m array copies.
      float[] a = (float[]) src;
      float[] r = (float[]) out;
      for (int o = 0; o < outer; o++) {
        int s = o * n;
        int t = o * m;
        for (int i = 0; i < m; i++) {
          r[t + i] = a[s + idx[i]];
        }
      }
      return;
    }
    if (inner == 1 && src instanceof double[]) {
      double[] a = (double[]) src;
      double[] r = (double[]) out;
      for (int o = 0; o < outer; o++) {
        int s = o * n;
        int t = o * m;
        for (int i = 0; i < m; i++) {
          r[t + i] = a[s + idx[i]];
        }
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < m; i++) {
        System.arraycopy(src, (o * n + idx[i]) * inner, out, (o * m + i) * inner, inner);
      }
    }
  }

  /** Adjoint of {@link #select}: {@code dst[o, idx[i], :] += src[o, i, :]}. */
  public static void selectAdd(Object src, int[] idx, Object dst, int outer, int n, int inner) {
    int m = idx.length;
    // The type test once per call, not per slice: slices of one element are common (windows).
    if (src instanceof float[]) {
      float[] a = (float[]) src;
      float[] b = (float[]) dst;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < m; i++) {
          int s = (o * m + i) * inner;
          int d = (o * n + idx[i]) * inner;
          for (int j = 0; j < inner; j++) b[d + j] += a[s + j];
        }
      }
    } else if (src instanceof double[]) {
      double[] a = (double[]) src;
      double[] b = (double[]) dst;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < m; i++) {
          int s = (o * m + i) * inner;
          int d = (o * n + idx[i]) * inner;
          for (int j = 0; j < inner; j++) b[d + j] += a[s + j];
        }
      }
    } else if (src instanceof int[]) {
      int[] a = (int[]) src;
      int[] b = (int[]) dst;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < m; i++) {
          int s = (o * m + i) * inner;
          int d = (o * n + idx[i]) * inner;
          for (int j = 0; j < inner; j++) b[d + j] += a[s + j];
        }
      }
    } else {
      long[] a = (long[]) src;
      long[] b = (long[]) dst;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < m; i++) {
          int s = (o * m + i) * inner;
          int d = (o * n + idx[i]) * inner;
          for (int j = 0; j < inner; j++) b[d + j] += a[s + j];
        }
      }
    }
  }

  /**
   * The row-major coordinates of the {@code count} true entries of {@code mask} (a dense array
   * of shape {@code dims}), one row of {@code dims.length} entries each: {@code [count, rank]}
   * flattened.
   */
  public static long[] coordinates(boolean[] mask, int count, int[] dims) {
    int r = dims.length;
    long[] out = new long[count * r];
    int[] idx = new int[r];
    int k = 0;
    for (boolean nonzero : mask) {
      if (nonzero) {
        for (int i = 0; i < r; i++) {
          out[k++] = idx[i];
        }
      }
      for (int i = r - 1; i >= 0 && ++idx[i] == dims[i]; i--) {
        idx[i] = 0; // odometer: carry into the next axis
      }
    }
    return out;
  }
}
