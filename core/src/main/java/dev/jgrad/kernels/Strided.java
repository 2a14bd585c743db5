package dev.jgrad.kernels;

/**
 * Strided copies: dense copies of views ({@code contiguous()}, casts), and writes of a dense
 * block into a strided window (slice's adjoint, concat, in-place updates of views). Arrays are
 * any of {@code float[] double[] int[] long[] boolean[]}; both operands of a copy share a type,
 * a cast converts between any two.
 */
public final class Strided {
  private Strided() {}

  /**
   * {@code dst[dstOffset + rowMajor(i)] = src[srcOffset + i·srcStrides]} for every index i of
   * dims (same array type). Source strides may be 0 (broadcast reads) or negative (an axis read
   * backwards, as flip does).
   */
  public static void copy(Object src, int srcOffset, int[] srcStrides, Object dst, int dstOffset,
      int[] dims) {
    int total = Iter.numel(dims);
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {srcOffset}, srcStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    for (int o = dstOffset; o < dstOffset + total; o += n) {
      int base = it.offset(0);
      if (s == 1) {
        System.arraycopy(src, base, dst, o, n);
      } else if (src instanceof float[]) {
        float[] a = (float[]) src;
        float[] out = (float[]) dst;
        for (int i = 0; i < n; i++) out[o + i] = a[base + i * s];
      } else if (src instanceof double[]) {
        double[] a = (double[]) src;
        double[] out = (double[]) dst;
        for (int i = 0; i < n; i++) out[o + i] = a[base + i * s];
      } else if (src instanceof int[]) {
        int[] a = (int[]) src;
        int[] out = (int[]) dst;
        for (int i = 0; i < n; i++) out[o + i] = a[base + i * s];
      } else if (src instanceof long[]) {
        long[] a = (long[]) src;
        long[] out = (long[]) dst;
        for (int i = 0; i < n; i++) out[o + i] = a[base + i * s];
      } else {
        boolean[] a = (boolean[]) src;
        boolean[] out = (boolean[]) dst;
        for (int i = 0; i < n; i++) out[o + i] = a[base + i * s];
      }
      it.next();
    }
  }

  /**
   * {@code dst[dstOffset + i·dstStrides] = src[srcOffset + i·srcStrides]} (same array type);
   * destination strides must not alias (no zero strides).
   */
  public static void assign(Object src, int srcOffset, int[] srcStrides, Object dst,
      int dstOffset, int[] dstStrides, int[] dims) {
    int total = Iter.numel(dims);
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {srcOffset, dstOffset}, srcStrides, dstStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    int t = it.innerStride(1);
    for (int done = 0; done < total; done += n) {
      int a0 = it.offset(0);
      int b0 = it.offset(1);
      if (s == 1 && t == 1) {
        System.arraycopy(src, a0, dst, b0, n);
      } else if (src instanceof float[]) {
        float[] a = (float[]) src;
        float[] out = (float[]) dst;
        for (int i = 0; i < n; i++) out[b0 + i * t] = a[a0 + i * s];
      } else if (src instanceof double[]) {
        double[] a = (double[]) src;
        double[] out = (double[]) dst;
        for (int i = 0; i < n; i++) out[b0 + i * t] = a[a0 + i * s];
      } else if (src instanceof int[]) {
        int[] a = (int[]) src;
        int[] out = (int[]) dst;
        for (int i = 0; i < n; i++) out[b0 + i * t] = a[a0 + i * s];
      } else if (src instanceof long[]) {
        long[] a = (long[]) src;
        long[] out = (long[]) dst;
        for (int i = 0; i < n; i++) out[b0 + i * t] = a[a0 + i * s];
      } else {
        boolean[] a = (boolean[]) src;
        boolean[] out = (boolean[]) dst;
        for (int i = 0; i < n; i++) out[b0 + i * t] = a[a0 + i * s];
      }
      it.next();
    }
  }

  /**
   * Converts a strided view into a dense array of another type: C casts between numbers
   * ({@code (float) d}, {@code (int) (long) d}, {@code (long) d}), bool to 0/1 and any number to
   * bool as {@code x != 0} (NaN is true, as in NumPy).
   */
  public static void cast(Object src, int srcOffset, int[] srcStrides, Object dst, int[] dims) {
    int total = Iter.numel(dims);
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, new int[] {srcOffset}, srcStrides);
    int n = it.inner;
    int s = it.innerStride(0);
    for (int o = 0; o < total; o += n) {
      int base = it.offset(0);
      for (int i = 0; i < n; i++) {
        int k = base + i * s;
        if (src instanceof long[]) {
          storeLong(dst, o + i, ((long[]) src)[k]);
        } else if (src instanceof int[]) {
          storeLong(dst, o + i, ((int[]) src)[k]);
        } else if (src instanceof boolean[]) {
          storeLong(dst, o + i, ((boolean[]) src)[k] ? 1 : 0);
        } else {
          storeDouble(dst, o + i, src instanceof float[] ? ((float[]) src)[k] : ((double[]) src)[k]);
        }
      }
      it.next();
    }
  }

  private static void storeDouble(Object dst, int i, double v) {
    if (dst instanceof float[]) {
      ((float[]) dst)[i] = (float) v;
    } else if (dst instanceof double[]) {
      ((double[]) dst)[i] = v;
    } else if (dst instanceof int[]) {
      ((int[]) dst)[i] = (int) (long) v;
    } else if (dst instanceof long[]) {
      ((long[]) dst)[i] = (long) v;
    } else {
      ((boolean[]) dst)[i] = v != 0;
    }
  }

  private static void storeLong(Object dst, int i, long v) {
    if (dst instanceof float[]) {
      ((float[]) dst)[i] = v;
    } else if (dst instanceof double[]) {
      ((double[]) dst)[i] = v;
    } else if (dst instanceof int[]) {
      ((int[]) dst)[i] = (int) v;
    } else if (dst instanceof long[]) {
      ((long[]) dst)[i] = v;
    } else {
      ((boolean[]) dst)[i] = v != 0;
    }
  }
}
