package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** What {@code @ForAll Tensor} draws obeys its {@link TensorSpec}. */
class TensorArbitrariesProperties {

  @Property(tries = 300)
  void withoutASpecTensorsFollowTheDefaults(@ForAll Tensor x) {
    int[] dims = x.shape().dims();
    assertTrue(dims.length <= 3, x.shape()::toString);
    for (int d : dims) {
      assertTrue(d >= 1 && d <= 4, x.shape()::toString);
    }
    assertEquals(DType.FLOAT64, x.dtype());
    assertFalse(x.requiresGrad());
    for (double v : x.toDoubleArray()) {
      assertTrue(v >= -2 && v <= 2, () -> "value " + v);
    }
  }

  @Property(tries = 300)
  void aFixedShapeIsKept(@ForAll @TensorSpec(shape = {2, 3}, min = 5, max = 6) Tensor x) {
    assertArrayEquals(new int[] {2, 3}, x.shape().dims());
    for (double v : x.toDoubleArray()) {
      assertTrue(v >= 5 && v <= 6, () -> "value " + v);
    }
  }

  @Property(tries = 300)
  void avoidedPointsKeepTheirMargin(@ForAll @TensorSpec(maxRank = 2, maxDim = 8, min = -1.5,
      max = 1.5, avoid = {-1, 0, 1}, margin = 0.05) Tensor x) {
    for (double v : x.toDoubleArray()) {
      for (double p : new double[] {-1, 0, 1}) {
        assertTrue(Math.abs(v - p) >= 0.05, () -> v + " is within 0.05 of " + p);
      }
    }
  }

  @Property(tries = 300)
  void float32ValuesAreRoundedBeforeTheMarginIsChecked(@ForAll @TensorSpec(dtype =
      DType.FLOAT32, maxDim = 8, min = -0.01, max = 0.01, avoid = 0, margin = 0.001) Tensor x) {
    assertEquals(DType.FLOAT32, x.dtype());
    float[] values = x.toFloatArray();
    for (float v : values) {
      assertTrue(Math.abs(v) >= 0.001 && Math.abs(v) <= 0.01, () -> "value " + v);
    }
  }
}
