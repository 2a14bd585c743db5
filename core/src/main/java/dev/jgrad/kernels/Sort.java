package dev.jgrad.kernels;

/**
 * Stable sorting along one axis of a strided input: the permutation that sorts each line, as
 * int64 indices into the line. A merge sort (O(n log n), ties keep their order in the input, in
 * either direction); NaN orders after every number ascending and before every number descending
 * (as in PyTorch); {@code -0.0} and {@code 0.0} are equal.
 */
public final class Sort {
  private Sort() {}

  /** Whether element i of the line goes strictly before element j. */
  private interface Order {
    boolean before(int i, int j);
  }

  /**
   * {@code out[.., k, ..] = } the position along {@code axis} of the k-th element of that line in
   * sorted order.
   *
   * @param x input, any of the five array types
   * @param off offset of index 0 in {@code x}
   * @param strides strides of {@code x}
   * @param dims its dimensions (rank at least 1)
   * @param axis the sorted axis
   * @param descending largest first instead of smallest first
   * @param out dense row-major output of {@code dims}, overwritten
   */
  public static void argsort(Object x, int off, int[] strides, int[] dims, int axis,
      boolean descending, long[] out) {
    int n = dims[axis];
    if (Iter.numel(dims) == 0) {
      return;
    }
    int[] oStrides = Scan.rowMajor(dims);
    int[] lineDims = dims.clone();
    lineDims[axis] = 1;
    Iter it = Iter.of(lineDims, new int[] {off, 0}, strides, oStrides);
    int sx = strides[axis];
    int so = oStrides[axis];
    int lines = Iter.numel(lineDims);
    boolean floating = x instanceof double[] || x instanceof float[];
    double[] dk = floating ? new double[n] : null;
    long[] lk = floating ? null : new long[n];
    Order order;
    if (floating) {
      order = descending ? (i, j) -> greater(dk[i], dk[j]) : (i, j) -> greater(dk[j], dk[i]);
    } else {
      order = descending ? (i, j) -> lk[i] > lk[j] : (i, j) -> lk[i] < lk[j];
    }
    int[] idx = new int[n];
    int[] tmp = new int[n];
    for (int done = 0; done < lines; done += it.inner) {
      for (int l = 0; l < it.inner; l++) {
        int px = it.offset(0) + l * it.innerStride(0);
        int po = it.offset(1) + l * it.innerStride(1);
        for (int i = 0; i < n; i++) {
          int k = px + i * sx;
          if (floating) {
            dk[i] = x instanceof double[] ? ((double[]) x)[k] : ((float[]) x)[k];
          } else {
            lk[i] = x instanceof long[] ? ((long[]) x)[k] : x instanceof int[] ? ((int[]) x)[k]
                : ((boolean[]) x)[k] ? 1 : 0;
          }
          idx[i] = i;
        }
        mergeSort(idx, tmp, 0, n, order);
        for (int i = 0; i < n; i++) {
          out[po + i * so] = idx[i];
        }
      }
      it.next();
    }
  }

  /** {@code a > b} with NaN greater than every number (and not greater than NaN). */
  private static boolean greater(double a, double b) {
    return a > b || (a != a && b == b);
  }

  /** Sorts {@code idx[lo, hi)} stably by {@code order}, using {@code tmp} as scratch. */
  private static void mergeSort(int[] idx, int[] tmp, int lo, int hi, Order order) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) { // insertion sort: stable, moves only past strict ones
        int v = idx[i];
        int j = i - 1;
        while (j >= lo && order.before(v, idx[j])) {
          idx[j + 1] = idx[j];
          j--;
        }
        idx[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(idx, tmp, lo, mid, order);
    mergeSort(idx, tmp, mid, hi, order);
    System.arraycopy(idx, lo, tmp, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      // the right run's element goes first only if strictly before: ties keep input order
      if (j < hi && (i >= mid || order.before(tmp[j], tmp[i]))) {
        idx[k] = tmp[j++];
      } else {
        idx[k] = tmp[i++];
      }
    }
  }
}
