package dev.jgrad.kernels;

/**
 * Odometer over a row-major index space for one or more strided operands. Axes of size 1 are
 * dropped and adjacent axes whose strides chain for every operand are merged, so the innermost
 * run ({@link #inner} elements) is as long as possible; kernels loop over that run themselves and
 * call {@link #next()} once per run. Strides may be 0 (broadcast or expanded axes).
 */
final class Iter {
  /** Length of the innermost run. */
  final int inner;
  private final int[] dims;      // outer dims (all but the innermost), coalesced
  private final int[][] strides; // [operand][outer axis]
  private final int[] innerStrides;
  private final int[] idx;
  private final int[] off;

  private Iter(int inner, int[] dims, int[][] strides, int[] innerStrides, int[] base) {
    this.inner = inner;
    this.dims = dims;
    this.strides = strides;
    this.innerStrides = innerStrides;
    this.idx = new int[dims.length];
    this.off = base;
  }

  /**
   * Builds the odometer; {@code strides[k][axis]} is operand k's stride along that axis and
   * {@code base[k]} its offset at index 0 (the array is used as the running offsets).
   */
  static Iter of(int[] dims, int[] base, int[]... strides) {
    int ops = strides.length;
    int r = dims.length;
    int[] cd = new int[r];
    int[][] cs = new int[ops][r];
    int n = 0;
    for (int ax = 0; ax < r; ax++) {
      if (dims[ax] == 1) {
        continue;
      }
      boolean merge = n > 0;
      for (int k = 0; k < ops && merge; k++) {
        merge = cs[k][n - 1] == strides[k][ax] * dims[ax];
      }
      if (merge) {
        cd[n - 1] *= dims[ax];
        for (int k = 0; k < ops; k++) {
          cs[k][n - 1] = strides[k][ax];
        }
      } else {
        cd[n] = dims[ax];
        for (int k = 0; k < ops; k++) {
          cs[k][n] = strides[k][ax];
        }
        n++;
      }
    }
    int[] innerStrides = new int[ops];
    if (n == 0) {
      return new Iter(1, new int[0], new int[ops][0], innerStrides, base);
    }
    int[] outer = java.util.Arrays.copyOf(cd, n - 1);
    int[][] os = new int[ops][];
    for (int k = 0; k < ops; k++) {
      innerStrides[k] = cs[k][n - 1];
      os[k] = java.util.Arrays.copyOf(cs[k], n - 1);
    }
    return new Iter(cd[n - 1], outer, os, innerStrides, base);
  }

  /** Single-operand form with offset 0 for the output-indexed callers. */
  static Iter of(int[] dims, int[] strides) {
    return of(dims, new int[1], strides);
  }

  /** Operand k's stride along the innermost run. */
  int innerStride(int k) {
    return innerStrides[k];
  }

  /** Operand k's offset at the start of the current run. */
  int offset(int k) {
    return off[k];
  }

  /** Advances to the next run. */
  void next() {
    for (int ax = dims.length - 1; ax >= 0; ax--) {
      if (++idx[ax] < dims[ax]) {
        for (int k = 0; k < off.length; k++) {
          off[k] += strides[k][ax];
        }
        return;
      }
      idx[ax] = 0;
      for (int k = 0; k < off.length; k++) {
        off[k] -= strides[k][ax] * (dims[ax] - 1);
      }
    }
  }

  static int numel(int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** True if {@code strides} are the dense row-major strides of {@code dims} (size-1 axes free). */
  static boolean dense(int[] dims, int[] strides) {
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      if (dims[i] != 1) {
        if (strides[i] != acc) {
          return false;
        }
        acc *= dims[i];
      }
    }
    return true;
  }
}
