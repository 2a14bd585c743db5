package dev.jgrad.nn;

import dev.jgrad.Tensor;

/** The standardization shared by the normalization layers. */
final class Normalize {
  private Normalize() {}

  /**
   * {@code (x - mean) / sqrt(var + eps)} with the mean and the biased variance
   * {@code mean((x - mean)²)} over {@code axes} (kept, so they broadcast back). Not core's
   * {@code var(axes, 0, true)}: that computes the mean and the deviations again, which the
   * output needs anyway.
   */
  static Tensor standardize(Tensor x, int[] axes, double eps) {
    Tensor centered = x.sub(x.mean(axes, true));
    return centered.div(centered.square().mean(axes, true).add(eps).sqrt());
  }

  /** {@code [1, c, 1, ...]} of the given rank, to broadcast a per-channel vector over axis 1. */
  static int[] channelShape(int rank, int c) {
    int[] s = new int[rank];
    java.util.Arrays.fill(s, 1);
    s[1] = c;
    return s;
  }

  /** Checks a normalization's eps: finite and positive. */
  static double checkEps(String op, double eps) {
    if (!(eps > 0 && Double.isFinite(eps))) {
      throw new IllegalArgumentException(op + ": eps must be finite and > 0, got " + eps);
    }
    return eps;
  }
}
