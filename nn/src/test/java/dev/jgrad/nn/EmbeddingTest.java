package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Embedding: lookups of any index shape, the padding row, gradients of both orders, errors. */
class EmbeddingTest {
  private static final DType F64 = DType.FLOAT64;

  /** weight[r][c] = 10 r + c, so every looked-up value names its row and column. */
  private static Embedding table(int num, int dim, int paddingIdx) {
    Embedding e = new Embedding(num, dim, paddingIdx, Init.zeros(), null, F64);
    double[] w = new double[num * dim];
    for (int r = 0; r < num; r++) {
      for (int c = 0; c < dim; c++) {
        w[r * dim + c] = 10 * r + c;
      }
    }
    Autograd.noGrad(() -> e.stateDict().get("weight").set(Tensor.of(w, num, dim)));
    return e;
  }

  @Test
  void looksUpRowsForIndicesOfAnyShape() {
    Embedding e = table(5, 3, Embedding.NO_PADDING);
    Tensor y = e.forward(Tensor.of(new long[] {4, 0, 2, 2, 1, 3}, 2, 3));
    assertEquals(Shape.of(2, 3, 3), y.shape());
    assertArrayEquals(new double[] {40, 41, 42, 0, 1, 2, 20, 21, 22, 20, 21, 22, 10, 11, 12, 30,
        31, 32}, y.toDoubleArray(), 0);
    Tensor one = e.forward(Tensor.scalar(DType.INT64, 3));
    assertEquals(Shape.of(3), one.shape());
    assertArrayEquals(new double[] {30, 31, 32}, one.toDoubleArray(), 0);
    assertEquals(Shape.of(1, 1, 1, 3),
        e.forward(Tensor.of(new int[] {1}, 1, 1, 1)).shape(), "INT32 works too");
  }

  @Test
  void theGradientOfARowSumsThePositionsThatPickedIt() {
    Embedding e = table(4, 2, Embedding.NO_PADDING);
    Tensor y = e.forward(Tensor.of(new long[] {1, 3, 1, 1}, 2, 2));
    y.mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)).sum().backward();
    // row 1 at positions 0, 2, 3: [1+5+7, 2+6+8]; row 3 at position 1: [3, 4]
    assertArrayEquals(new double[] {0, 0, 13, 16, 0, 0, 3, 4},
        e.namedParameters().get("weight").grad().toDoubleArray(), 0);
  }

  @Test
  void thePaddingRowStartsAtZeroAndGetsNoGradient() {
    Embedding e = new Embedding(4, 3, 2, Init.normal(0, 1), new SplittableRandom(1), F64);
    Tensor w = e.namedParameters().get("weight");
    assertArrayEquals(new double[] {0, 0, 0}, java.util.Arrays.copyOfRange(w.toDoubleArray(), 6,
        9), 0);
    assertEquals(9, java.util.Arrays.stream(w.toDoubleArray()).filter(v -> v != 0).count());
    // Set to nonzero, it is still looked up as it is, but not trained.
    Embedding t = table(4, 3, 2);
    Tensor y = t.forward(Tensor.of(new long[] {2, 0, 2}));
    assertArrayEquals(new double[] {20, 21, 22, 0, 1, 2, 20, 21, 22}, y.toDoubleArray(), 0);
    y.sum().backward();
    assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        t.namedParameters().get("weight").grad().toDoubleArray(), 0);
  }

  @Test
  void passesGradientChecksOfBothOrders() {
    SplittableRandom r = new SplittableRandom(3);
    Tensor idx = Tensor.of(new long[] {0, 2, 2, 1, 0, 4}, 3, 2);
    Tensor mix = Tensor.normal(r, F64, 0, 1, 3, 2, 3);
    Embedding e = new Embedding(5, 3, Embedding.NO_PADDING, Init.zeros(), null, F64);
    // A nonlinear function of the looked-up rows, so the second order is not trivially zero.
    GradCheck.create().secondOrder(true).check(
        in -> e.functionalCall(Map.of("weight", in[0]), idx).square().mul(mix),
        Tensor.normal(r, F64, 0, 1, 5, 3));
    // With padding row 2 (picked twice): the other rows are checked; row 2 is held constant,
    // as its gradient is zero by definition.
    Embedding p = new Embedding(5, 3, 2, Init.zeros(), null, F64);
    Tensor row2 = Tensor.normal(r, F64, 0, 1, 1, 3);
    GradCheck.create().secondOrder(true).check(in -> {
      Tensor w = Tensor.concat(0, in[0].slice(0, 0, 2), row2, in[0].slice(0, 2, 4));
      return p.functionalCall(Map.of("weight", w), idx).square().mul(mix);
    }, Tensor.normal(r, F64, 0, 1, 4, 3));
  }

  @Test
  void errorsNameTheIndexAndItsPosition() {
    Embedding e = table(5, 2, Embedding.NO_PADDING);
    assertEquals("embedding: index 7 at position [1, 0] is outside [0, 5)",
        assertThrows(IllegalArgumentException.class,
            () -> e.forward(Tensor.of(new long[] {0, 1, 7, 2}, 2, 2))).getMessage());
    assertEquals("embedding: index -1 at position [2] is outside [0, 5)",
        assertThrows(IllegalArgumentException.class,
            () -> e.forward(Tensor.of(new long[] {0, 1, -1}))).getMessage());
    assertEquals("embedding: indices must be INT32 or INT64, got float64 [2]",
        assertThrows(IllegalArgumentException.class,
            () -> e.forward(Tensor.of(new double[] {0, 1}))).getMessage());
    assertEquals("embedding: padding index 5 is outside [0, 5)",
        assertThrows(IllegalArgumentException.class,
            () -> new Embedding(5, 2, 5, Init.zeros(), null, F64)).getMessage());
    assertEquals("embedding: num and dim must be positive, got num=0, dim=2",
        assertThrows(IllegalArgumentException.class,
            () -> new Embedding(0, 2, new SplittableRandom(1))).getMessage());
  }
}
