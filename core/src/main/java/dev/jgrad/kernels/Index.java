package dev.jgrad.kernels;

/**
 * Index-driven copies over an {@code [outer, n, inner]} view of an axis: gather/scatter-add
 * (one index per element) and index-select/index-add (one index per slice). Indices are
 * validated by the caller.
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
        for (int j = 0; j < inner; j++) {
          int t = (o * m + i) * inner + j;
          int s = (o * n + idx[t]) * inner + j;
          if (src instanceof double[]) {
            ((double[]) out)[t] = ((double[]) src)[s];
          } else {
            ((float[]) out)[t] = ((float[]) src)[s];
          }
        }
      }
    }
  }

  /** Adjoint of {@link #gather}: {@code dst[o, idx[o, i, j], j] += src[o, i, j]}. */
  public static void scatterAdd(Object src, int m, int[] idx, Object dst, int outer, int n,
      int inner) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < inner; j++) {
          int t = (o * m + i) * inner + j;
          int d = (o * n + idx[t]) * inner + j;
          if (src instanceof double[]) {
            ((double[]) dst)[d] += ((double[]) src)[t];
          } else {
            ((float[]) dst)[d] += ((float[]) src)[t];
          }
        }
      }
    }
  }

  /** {@code out[o, i, :] = src[o, idx[i], :]} with {@code src} of axis size {@code n}. */
  public static void select(Object src, int n, int[] idx, Object out, int outer, int inner) {
    int m = idx.length;
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < m; i++) {
        System.arraycopy(src, (o * n + idx[i]) * inner, out, (o * m + i) * inner, inner);
      }
    }
  }

  /** Adjoint of {@link #select}: {@code dst[o, idx[i], :] += src[o, i, :]}. */
  public static void selectAdd(Object src, int[] idx, Object dst, int outer, int n, int inner) {
    int m = idx.length;
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < m; i++) {
        int s = (o * m + i) * inner;
        int d = (o * n + idx[i]) * inner;
        if (src instanceof double[]) {
          double[] a = (double[]) src;
          double[] b = (double[]) dst;
          for (int j = 0; j < inner; j++) b[d + j] += a[s + j];
        } else {
          float[] a = (float[]) src;
          float[] b = (float[]) dst;
          for (int j = 0; j < inner; j++) b[d + j] += a[s + j];
        }
      }
    }
  }
}
