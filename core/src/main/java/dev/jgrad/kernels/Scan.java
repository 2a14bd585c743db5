package dev.jgrad.kernels;

/**
 * Scans along one axis of strided inputs into a dense row-major output: the first-order linear
 * recurrence (which cumulative sums and products are made of) and the running shifts that keep a
 * log-domain cumulative sum in range. Each line along the axis is visited in index order, so
 * results are deterministic; float32 lines accumulate in double and round each output once,
 * integers wrap around in long.
 */
public final class Scan {
  private Scan() {}

  /**
   * {@code h[i] = b[i] + a[i]·h[i-1]} for {@code i = 1 .. n-1} with {@code h[0] = b[0]}
   * (forward), or {@code h[i] = b[i] + a[i+1]·h[i+1]} for {@code i = n-2 .. 0} with
   * {@code h[n-1] = b[n-1]} (reverse), along {@code axis} of every line. So {@code a[i]} weights
   * the link between positions {@code i-1} and {@code i} in both directions and {@code a[0]} is
   * never read (it may be anything, even NaN).
   *
   * @param a coefficients, {@code double[]}, {@code float[]} or {@code long[]}
   * @param aOff offset of index 0 in {@code a}
   * @param aStrides strides of {@code a} (0 on broadcast axes)
   * @param b inputs, same array type as {@code a}
   * @param bOff offset of index 0 in {@code b}
   * @param bStrides strides of {@code b}
   * @param out dense output of {@code dims}, same array type, overwritten
   * @param dims the common dimensions
   * @param axis the scanned axis
   * @param reverse scan from the last position to the first
   */
  public static void linear(Object a, int aOff, int[] aStrides, Object b, int bOff,
      int[] bStrides, Object out, int[] dims, int axis, boolean reverse) {
    int n = dims[axis];
    if (Iter.numel(dims) == 0) {
      return;
    }
    int[] oStrides = rowMajor(dims);
    int[] lineDims = dims.clone();
    lineDims[axis] = 1;
    Iter it = Iter.of(lineDims, new int[] {aOff, bOff, 0}, aStrides, bStrides, oStrides);
    int sa = aStrides[axis];
    int sb = bStrides[axis];
    int so = oStrides[axis];
    int lines = Iter.numel(lineDims);
    for (int done = 0; done < lines; done += it.inner) {
      for (int l = 0; l < it.inner; l++) {
        int pa = it.offset(0) + l * it.innerStride(0);
        int pb = it.offset(1) + l * it.innerStride(1);
        int po = it.offset(2) + l * it.innerStride(2);
        if (out instanceof double[]) {
          lineDouble((double[]) a, pa, sa, (double[]) b, pb, sb, (double[]) out, po, so, n,
              reverse);
        } else if (out instanceof float[]) {
          lineFloat((float[]) a, pa, sa, (float[]) b, pb, sb, (float[]) out, po, so, n, reverse);
        } else {
          lineLong((long[]) a, pa, sa, (long[]) b, pb, sb, (long[]) out, po, so, n, reverse);
        }
      }
      it.next();
    }
  }

  private static void lineDouble(double[] a, int pa, int sa, double[] b, int pb, int sb,
      double[] o, int po, int so, int n, boolean reverse) {
    if (!reverse) {
      double h = b[pb];
      o[po] = h;
      for (int i = 1; i < n; i++) {
        h = b[pb + i * sb] + a[pa + i * sa] * h;
        o[po + i * so] = h;
      }
    } else {
      double h = b[pb + (n - 1) * sb];
      o[po + (n - 1) * so] = h;
      for (int i = n - 2; i >= 0; i--) {
        h = b[pb + i * sb] + a[pa + (i + 1) * sa] * h;
        o[po + i * so] = h;
      }
    }
  }

  private static void lineFloat(float[] a, int pa, int sa, float[] b, int pb, int sb,
      float[] o, int po, int so, int n, boolean reverse) {
    if (!reverse) {
      double h = b[pb];
      o[po] = (float) h;
      for (int i = 1; i < n; i++) {
        h = b[pb + i * sb] + (double) a[pa + i * sa] * h;
        o[po + i * so] = (float) h;
      }
    } else {
      double h = b[pb + (n - 1) * sb];
      o[po + (n - 1) * so] = (float) h;
      for (int i = n - 2; i >= 0; i--) {
        h = b[pb + i * sb] + (double) a[pa + (i + 1) * sa] * h;
        o[po + i * so] = (float) h;
      }
    }
  }

  private static void lineLong(long[] a, int pa, int sa, long[] b, int pb, int sb,
      long[] o, int po, int so, int n, boolean reverse) {
    if (!reverse) {
      long h = b[pb];
      o[po] = h;
      for (int i = 1; i < n; i++) {
        h = b[pb + i * sb] + a[pa + i * sa] * h;
        o[po + i * so] = h;
      }
    } else {
      long h = b[pb + (n - 1) * sb];
      o[po + (n - 1) * so] = h;
      for (int i = n - 2; i >= 0; i--) {
        h = b[pb + i * sb] + a[pa + (i + 1) * sa] * h;
        o[po + i * so] = h;
      }
    }
  }

  /**
   * The shifts of a stable log-domain cumulative sum along {@code axis}: with {@code m[i]} the
   * running maximum of {@code x[0..i]} (NaN ignored), {@code shift[i] = m[i]} where it is finite
   * and 0 elsewhere, and {@code decay[i] = exp(shift[i-1] - shift[i])}, or 0 where {@code i = 0}
   * or {@code m[i-1] = -Inf} (nothing to carry over). Then
   * {@code s[i] = exp(x[i] - shift[i]) + decay[i]·s[i-1]} equals
   * {@code Σ_{j <= i} exp(x[j] - shift[i])}, and every term is at most 1 for finite inputs, so
   * {@code shift + log(s)} is the log-cumulative-sum-exp without overflow or underflow.
   *
   * @param x input, {@code double[]} or {@code float[]}
   * @param off offset of index 0 in {@code x}
   * @param strides strides of {@code x}
   * @param dims its dimensions
   * @param axis the scanned axis
   * @param shift dense output of {@code dims}, same array type as {@code x}, overwritten
   * @param decay dense output of {@code dims}, same array type as {@code x}, overwritten
   */
  public static void logShifts(Object x, int off, int[] strides, int[] dims, int axis,
      Object shift, Object decay) {
    int n = dims[axis];
    if (Iter.numel(dims) == 0) {
      return;
    }
    int[] oStrides = rowMajor(dims);
    int[] lineDims = dims.clone();
    lineDims[axis] = 1;
    Iter it = Iter.of(lineDims, new int[] {off, 0}, strides, oStrides);
    int sx = strides[axis];
    int so = oStrides[axis];
    int lines = Iter.numel(lineDims);
    double[] xd = x instanceof double[] ? (double[]) x : null;
    float[] xf = xd == null ? (float[]) x : null;
    for (int done = 0; done < lines; done += it.inner) {
      for (int l = 0; l < it.inner; l++) {
        int px = it.offset(0) + l * it.innerStride(0);
        int po = it.offset(1) + l * it.innerStride(1);
        double m = Double.NEGATIVE_INFINITY;
        double prevShift = 0;
        for (int i = 0; i < n; i++) {
          double v = xd != null ? xd[px + i * sx] : xf[px + i * sx];
          double prevMax = m;
          if (v > m) {
            m = v;
          }
          double s = Double.isInfinite(m) ? 0 : m;
          double d = i == 0 || prevMax == Double.NEGATIVE_INFINITY ? 0 : Math.exp(prevShift - s);
          int k = po + i * so;
          if (xd != null) {
            ((double[]) shift)[k] = s;
            ((double[]) decay)[k] = d;
          } else {
            ((float[]) shift)[k] = (float) s;
            ((float[]) decay)[k] = (float) d;
          }
          prevShift = s;
        }
      }
      it.next();
    }
  }

  static int[] rowMajor(int[] dims) {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }
}
