package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Flatten and Unflatten: shapes, row-major values, gradients and errors. */
class ShapeLayersTest {
  private static Tensor range(int... shape) {
    return Tensor.arange(DType.FLOAT64, Shape.of(shape).numel()).reshape(shape);
  }

  @Test
  void flattenMergesTheGivenAxesInRowMajorOrder() {
    Tensor x = range(2, 3, 4, 5);
    assertEquals(Shape.of(2, 60), new Flatten().forward(x).shape());
    assertEquals(Shape.of(2, 12, 5), new Flatten(1, 2).forward(x).shape());
    assertEquals(Shape.of(120), new Flatten(0, -1).forward(x).shape());
    assertEquals(Shape.of(2, 3, 20), new Flatten(-2, -1).forward(x).shape());
    assertArrayEquals(x.toDoubleArray(), new Flatten().forward(x).toDoubleArray(), 0);
    Tensor m = range(4, 3);
    assertSame(m, new Flatten().forward(m), "nothing to merge");
  }

  @Test
  void unflattenSplitsAnAxis() {
    Tensor x = range(2, 12);
    assertEquals(Shape.of(2, 3, 4), new Unflatten(1, 3, 4).forward(x).shape());
    assertEquals(Shape.of(2, 2, 2, 3), new Unflatten(-1, 2, 2, 3).forward(x).shape());
    assertEquals(5.0, new Unflatten(1, 3, 4).forward(x).get(0, 1, 1), 0);
    Tensor y = new Flatten().forward(new Unflatten(1, 3, 4).forward(x));
    assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), 0, "inverse of Flatten");
  }

  @Test
  void gradientsAreReshapedBack() {
    Tensor x = Tensor.normal(new SplittableRandom(1), DType.FLOAT64, 0, 1, 2, 3, 2);
    Tensor mix = Tensor.normal(new SplittableRandom(2), DType.FLOAT64, 0, 1, 2, 6);
    GradCheck.create().secondOrder(true).check(
        in -> new Flatten().forward(in[0]).tanh().mul(mix), x);
    GradCheck.create().secondOrder(true).check(
        in -> new Unflatten(1, 2, 3).forward(in[0]).sin(), mix);
  }

  @Test
  void misfitsAreNamed() {
    assertEquals("flatten: axes 1..-1 do not fit input shape [3]",
        assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(range(3)))
            .getMessage());
    assertEquals("flatten: axes 2..1 do not fit input shape [2, 3, 4]",
        assertThrows(IllegalArgumentException.class,
            () -> new Flatten(2, 1).forward(range(2, 3, 4))).getMessage());
    assertEquals("unflatten: axis 1 of input shape [2, 12] has size 12, but sizes [3, 5] "
        + "multiply to 15", assertThrows(IllegalArgumentException.class,
            () -> new Unflatten(1, 3, 5).forward(range(2, 12))).getMessage());
    assertEquals("unflatten: axis 3 is out of range for shape [2, 12] (rank 2)",
        assertThrows(IllegalArgumentException.class,
            () -> new Unflatten(3, 3, 4).forward(range(2, 12))).getMessage());
    assertEquals("unflatten: sizes must be positive, got [3, 0]",
        assertThrows(IllegalArgumentException.class, () -> new Unflatten(1, 3, 0)).getMessage());
    assertEquals("unflatten: no sizes given",
        assertThrows(IllegalArgumentException.class, () -> new Unflatten(1)).getMessage());
  }
}
