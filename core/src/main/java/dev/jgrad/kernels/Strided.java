package dev.jgrad.kernels;

/**
 * Strided copies between dense arrays; permute, broadcast-to, slice, concat and their backward
 * rules are all one of these two loops. Arrays are {@code float[]} or {@code double[]} (both
 * operands of one call the same type).
 */
public final class Strided {
  private Strided() {}

  /**
   * Gathers a strided view into a dense row-major array: for every index {@code i} of
   * {@code dims}, {@code dst[rowMajor(i)] = src[srcOffset + i·srcStrides]}.
   */
  public static void copy(Object src, int srcOffset, int[] srcStrides, Object dst, int[] dims) {
    int total = numel(dims);
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, srcStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    if (src instanceof double[]) {
      double[] a = (double[]) src;
      double[] out = (double[]) dst;
      for (int o = 0; o < total; o += n) {
        int base = srcOffset + it.offset(0);
        if (s == 1) {
          System.arraycopy(a, base, out, o, n);
        } else {
          for (int i = 0; i < n; i++) out[o + i] = a[base + i * s];
        }
        it.next();
      }
    } else {
      float[] a = (float[]) src;
      float[] out = (float[]) dst;
      for (int o = 0; o < total; o += n) {
        int base = srcOffset + it.offset(0);
        if (s == 1) {
          System.arraycopy(a, base, out, o, n);
        } else {
          for (int i = 0; i < n; i++) out[o + i] = a[base + i * s];
        }
        it.next();
      }
    }
  }

  /**
   * Scatters a dense row-major array into a strided view of {@code dst}:
   * {@code dst[dstOffset + i·dstStrides] = src[rowMajor(i)]}. Strides must not alias.
   */
  public static void scatter(Object src, Object dst, int dstOffset, int[] dstStrides, int[] dims) {
    int total = numel(dims);
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, dstStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    if (src instanceof double[]) {
      double[] a = (double[]) src;
      double[] out = (double[]) dst;
      for (int o = 0; o < total; o += n) {
        int base = dstOffset + it.offset(0);
        for (int i = 0; i < n; i++) out[base + i * s] = a[o + i];
        it.next();
      }
    } else {
      float[] a = (float[]) src;
      float[] out = (float[]) dst;
      for (int o = 0; o < total; o += n) {
        int base = dstOffset + it.offset(0);
        for (int i = 0; i < n; i++) out[base + i * s] = a[o + i];
        it.next();
      }
    }
  }

  static int numel(int[] dims) {
    int n = 1;
    for (int d : dims) n *= d;
    return n;
  }
}
