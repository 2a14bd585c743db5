package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Test;

class OneHotTest {
  @Test
  void encodesAndDecodes() {
    Tensor y = Tensor.of(new long[] {2, 0, 1});
    Tensor oh = OneHot.encode(y, 3);
    assertEquals(Shape.of(3, 3), oh.shape());
    assertEquals(DType.FLOAT32, oh.dtype());
    assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, oh.toDoubleArray());
    assertArrayEquals(y.toDoubleArray(), OneHot.decode(oh).toDoubleArray());
    assertArrayEquals(new double[] {0, 1}, OneHot.encode(new int[] {1}, 2, DType.FLOAT64)
        .toDoubleArray());
  }

  @Test
  void rejectsLabelsOutOfRange() {
    assertEquals("one_hot: label 3 at row 2 is out of range for 3 classes",
        assertThrows(IllegalArgumentException.class,
            () -> OneHot.encode(Tensor.of(new long[] {0, 1, 3}), 3)).getMessage());
    assertEquals("one_hot: labels must be an int64 or int32 tensor of class indices, got float64 "
        + "(convert with to(DType.INT64))",
        assertThrows(IllegalArgumentException.class,
            () -> OneHot.encode(Tensor.of(new double[] {0.5}), 3)).getMessage());
  }
}
