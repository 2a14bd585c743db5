package dev.jgradapp;

import dev.jgrad.Tensor;

/** An application class, for the anomaly test of the shaded-jar layout. */
public final class UberCaller {
  private UberCaller() {}

  /**
   * log of a negative number: NaN in forward.
   *
   * @return never normally (anomaly mode throws)
   */
  public static Tensor logOfNegative() {
    return Tensor.of(new double[] {1, -1}).requiresGrad(true).log();
  }
}
