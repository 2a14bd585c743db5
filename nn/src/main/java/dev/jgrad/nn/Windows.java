package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.Arrays;

/**
 * Sliding windows over the trailing (spatial) axes of {@code [N, C, s1, ..., sd]}, the
 * "im2col" of convolution and pooling, as a composite of two differentiable core ops: a
 * constant {@code pad} and one {@code indexSelect} on the flattened spatial axis. The
 * gradient is index-select's adjoint (an index-add, i.e. col2im), and gradients of any order
 * come from the core's rules, with no primitive of its own.
 */
final class Windows {
  private Windows() {}

  /**
   * The output size along one axis: {@code floor((n + 2p - d·(k - 1) - 1) / s) + 1}.
   */
  static int outSize(int n, int k, int s, int p, int d) {
    return Math.floorDiv(n + 2 * p - d * (k - 1) - 1, s) + 1;
  }

  /**
   * The output's spatial sizes for an input, checking that every window fits.
   *
   * @throws IllegalArgumentException naming the op, the input shape and the window, if an
   *     output size would be below 1
   */
  static int[] outSizes(String op, Tensor x, int[] k, int[] s, int[] p, int[] d) {
    int sd = k.length;
    int[] out = new int[sd];
    for (int a = 0; a < sd; a++) {
      out[a] = outSize(x.size(2 + a), k[a], s[a], p[a], d[a]);
      checkArgument(out[a] >= 1, "%s: input shape %s is too small for kernel %s with padding %s "
          + "and dilation %s (the padded size %s on axis %s is below the dilated kernel's %s)",
          op, x.shape(), Arrays.toString(k), Arrays.toString(p), Arrays.toString(d),
          x.size(2 + a) + 2 * p[a], 2 + a, d[a] * (k[a] - 1) + 1);
    }
    return out;
  }

  /**
   * {@code y[n, c, j, o1, ..., od] = xp[n, c, o1·s1 + j1·d1, ..., od·sd + jd·dd]}, where
   * {@code xp} is {@code x} padded by {@code p} on each side of each spatial axis with
   * {@code padValue}, and {@code j} runs over the kernel positions {@code (j1, ..., jd)} in
   * row-major order. Shape {@code [N, C, k1·...·kd, o1, ..., od]}.
   */
  static Tensor extract(String op, Tensor x, int[] k, int[] s, int[] p, int[] d,
      double padValue) {
    int sd = k.length;
    int[] out = outSizes(op, x, k, s, p, d);
    int[] padding = new int[2 * sd];
    int[] padded = new int[sd];
    boolean any = false;
    for (int a = 0; a < sd; a++) {
      // pad() lists the last axis first
      padding[2 * (sd - 1 - a)] = p[a];
      padding[2 * (sd - 1 - a) + 1] = p[a];
      padded[a] = x.size(2 + a) + 2 * p[a];
      any |= p[a] > 0;
    }
    Tensor xp = any ? x.pad(padding, padValue) : x;
    int kernel = 1;
    int positions = 1;
    for (int a = 0; a < sd; a++) {
      kernel *= k[a];
      positions *= out[a];
    }
    int flatSize = 1;
    for (int a = 0; a < sd; a++) {
      flatSize *= padded[a];
    }
    int[] idx = new int[kernel * positions];
    int[] j = new int[sd];
    int[] o = new int[sd];
    int t = 0;
    for (int kj = 0; kj < kernel; kj++) {
      unravel(kj, k, j);
      for (int po = 0; po < positions; po++) {
        unravel(po, out, o);
        int flat = 0;
        for (int a = 0; a < sd; a++) {
          flat = flat * padded[a] + o[a] * s[a] + j[a] * d[a];
        }
        idx[t++] = flat;
      }
    }
    int n = x.size(0);
    int c = x.size(1);
    Tensor cols = xp.reshape(n, c, flatSize).indexSelect(2, idx);
    int[] shape = new int[3 + sd];
    shape[0] = n;
    shape[1] = c;
    shape[2] = kernel;
    System.arraycopy(out, 0, shape, 3, sd);
    return cols.reshape(shape);
  }

  private static void unravel(int flat, int[] dims, int[] into) {
    for (int a = dims.length - 1; a >= 0; a--) {
      into[a] = flat % dims[a];
      flat /= dims[a];
    }
  }

  /** Checks a per-axis hyperparameter: {@code sd} values, each at least {@code min}. */
  static int[] check(String op, String what, int[] v, int sd, int min) {
    checkArgument(v != null && v.length == sd, "%s: %s must have %s values, got %s", op, what, sd,
        v == null ? "null" : Arrays.toString(v));
    for (int x : v) {
      checkArgument(x >= min, "%s: %s must be >= %s, got %s", op, what, min, Arrays.toString(v));
    }
    return v.clone();
  }

  /** {@code v} repeated for each of {@code sd} axes. */
  static int[] each(int v, int sd) {
    int[] out = new int[sd];
    Arrays.fill(out, v);
    return out;
  }

  /** Checks that the input is {@code [N, C, s1..sd]}, naming the op and the expected layout. */
  static void checkInput(String op, Tensor x, int sd, String layout) {
    checkArgument(x.rank() == 2 + sd, "%s: expected input %s, got shape %s", op, layout,
        x.shape());
    checkArgument(x.dtype().isFloatingPoint(), "%s: input must be floating point, got %s", op,
        x.dtype());
  }
}
