package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MaxPool2d, AvgPool2d and AdaptiveAvgPool2d: hand-computed values, where the max-pool
 * gradient goes (ties included), gradient checks of both orders in float64, and errors.
 */
class PoolingTest {
  private static final DType F64 = DType.FLOAT64;
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true);

  /** [[1..4], [5..8], [9..12], [13..16]] as [1, 1, 4, 4]. */
  private static Tensor grid() {
    return Tensor.arange(F64, 1, 17, 1).reshape(1, 1, 4, 4);
  }

  private static Tensor randn(long seed, int... shape) {
    return Tensor.normal(new SplittableRandom(seed), F64, 0, 1, shape);
  }

  @Test
  void maxPoolTakesTheLargestOfEachWindow() {
    assertArrayEquals(new double[] {6, 8, 14, 16}, new MaxPool2d(2).forward(grid())
        .toDoubleArray(), 0);
    // Stride 1, 3×3 windows: [[11, 12], [15, 16]]
    assertArrayEquals(new double[] {11, 12, 15, 16}, new MaxPool2d(3, 1, 0).forward(grid())
        .toDoubleArray(), 0);
    // Padding 1 (as -inf), stride 2, 2×2: windows start at -1, 1, 3 on each axis.
    Tensor y = new MaxPool2d(2, 2, 1).forward(grid().neg());
    assertEquals(Shape.of(1, 1, 3, 3), y.shape());
    assertArrayEquals(new double[] {-1, -2, -4, -5, -6, -8, -13, -14, -16}, y.toDoubleArray(), 0);
    // Rectangular windows over two channels.
    Tensor two = Tensor.concat(1, grid(), grid().mul(-1));
    assertArrayEquals(new double[] {8, 16, -1, -9}, new MaxPool2d(new int[] {2, 4},
        new int[] {2, 4}, new int[] {0, 0}).forward(two).toDoubleArray(), 0);
  }

  @Test
  void theMaxPoolGradientGoesToTheArgmaxAndToTheFirstOfTies() {
    Tensor x = Tensor.of(new double[] {1, 3, 3, 0, 2, 2, 2, 2, 5, 0, 5, 1, 5, 0, 0, 5}, 1, 1, 4, 4)
        .requiresGrad(true);
    Tensor y = new MaxPool2d(2).forward(x);
    assertArrayEquals(new double[] {3, 3, 5, 5}, y.toDoubleArray(), 0);
    y.mul(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2)).sum().backward();
    // Window (0, 0) = [1, 3; 2, 2]: 3 at (0, 1). (0, 1) = [3, 0; 2, 2]: 3 at (0, 2).
    // (1, 0) = [5, 0; 5, 0]: ties at (2, 0) and (3, 0), the first wins.
    // (1, 1) = [5, 1; 0, 5]: ties at (2, 2) and (3, 3), the first wins.
    assertArrayEquals(new double[] {0, 1, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0},
        x.grad().toDoubleArray(), 0);
  }

  @Test
  void avgPoolDividesByTheWindowOrByTheCoveredElements() {
    assertArrayEquals(new double[] {3.5, 5.5, 11.5, 13.5}, new AvgPool2d(2).forward(grid())
        .toDoubleArray(), 0);
    // Padding 1, 3×3, stride 2: the corner window covers [[1, 2], [5, 6]] (sum 14).
    Tensor incl = new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true)
        .forward(grid());
    assertEquals(Shape.of(1, 1, 2, 2), incl.shape());
    // windows: rows/cols {-1, 0, 1} and {1, 2, 3}
    double s00 = 1 + 2 + 5 + 6;
    double s01 = 2 + 3 + 4 + 6 + 7 + 8;
    double s10 = 5 + 6 + 9 + 10 + 13 + 14;
    double s11 = 6 + 7 + 8 + 10 + 11 + 12 + 14 + 15 + 16;
    assertArrayEquals(new double[] {s00 / 9, s01 / 9, s10 / 9, s11 / 9}, incl.toDoubleArray(),
        1e-15);
    Tensor excl = new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false)
        .forward(grid());
    assertArrayEquals(new double[] {s00 / 4, s01 / 6, s10 / 6, s11 / 9}, excl.toDoubleArray(),
        1e-15);
  }

  @Test
  void adaptiveAvgPoolAveragesOverlappingBins() {
    // H = W = 4 into 3 bins: [0, 2), [1, 3), [2, 4).
    Tensor y = new AdaptiveAvgPool2d(3).forward(grid());
    assertArrayEquals(new double[] {3.5, 4.5, 5.5, 7.5, 8.5, 9.5, 11.5, 12.5, 13.5},
        y.toDoubleArray(), 1e-14);
    assertArrayEquals(new double[] {8.5}, new AdaptiveAvgPool2d(1).forward(grid())
        .toDoubleArray(), 1e-14);
    // 5 columns into 2 bins: [0, 3) and [2, 5); one row bin of all 1 row.
    Tensor row = Tensor.of(new double[] {1, 2, 3, 4, 5}, 1, 1, 1, 5);
    assertArrayEquals(new double[] {2, 4}, new AdaptiveAvgPool2d(1, 2).forward(row)
        .toDoubleArray(), 1e-15);
    // Larger than the input: bins repeat elements.
    assertArrayEquals(new double[] {1, 1.5, 2}, new AdaptiveAvgPool2d(1, 3).forward(
        Tensor.of(new double[] {1, 2}, 1, 1, 1, 2)).toDoubleArray(), 1e-15);
    assertEquals(DType.FLOAT32, new AdaptiveAvgPool2d(2).forward(grid().to(DType.FLOAT32))
        .dtype());
  }

  @Test
  void passGradientChecksOfBothOrders() {
    Tensor x = randn(1, 2, 2, 5, 4);
    Tensor mix = randn(2, 2, 2, 3, 2);
    CHECK.check(in -> new MaxPool2d(new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 0})
        .forward(in[0]).square().mul(mix), x);
    CHECK.check(in -> new AvgPool2d(new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 0}, false)
        .forward(in[0]).square().mul(mix), x);
    CHECK.check(in -> new AdaptiveAvgPool2d(3, 2).forward(in[0]).square().mul(mix), x);
  }

  @Test
  void errorsNameTheShapeAndTheWindow() {
    assertEquals("max_pool2d: padding [2, 2] must be at most half the kernel size [3, 3]",
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3, 1, 2)).getMessage());
    assertEquals("avg_pool2d: expected input [N, C, H, W], got shape [4, 4]",
        assertThrows(IllegalArgumentException.class,
            () -> new AvgPool2d(2).forward(Tensor.zeros(F64, 4, 4))).getMessage());
    assertEquals("max_pool2d: input shape [1, 1, 2, 2] is too small for kernel [3, 3] with "
        + "padding [0, 0] and dilation [1, 1] (the padded size 2 on axis 2 is below the dilated "
        + "kernel's 3)", assertThrows(IllegalArgumentException.class,
            () -> new MaxPool2d(3).forward(Tensor.zeros(F64, 1, 1, 2, 2))).getMessage());
    assertEquals("max_pool2d: stride must be >= 1, got [0, 0]",
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 0, 0)).getMessage());
    assertEquals("adaptive_avg_pool2d: the output size must be positive, got [0, 2]",
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0, 2))
            .getMessage());
  }
}
