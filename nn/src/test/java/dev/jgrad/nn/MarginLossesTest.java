package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Hinge, hinge-embedding, margin-ranking and cosine-embedding losses against their definitions. */
class MarginLossesTest {
  private static Tensor t(double... v) {
    return Tensor.of(v);
  }

  private static void assertMessage(String expected, Supplier<Tensor> call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call::get).getMessage());
  }

  @Test
  void hingeIsTheSvmLoss() {
    // max(0, 1 - y·s): correct beyond the margin → 0, inside → 1 - y·s, wrong → 1 + |s|.
    assertArrayEquals(new double[] {0, 0.5, 3, 0},
        Losses.hinge(t(2, 0.5, 2, -1000), t(1, 1, -1, -1), 1, Reduction.NONE).toDoubleArray(), 0);
    assertEquals((0 + 0.5 + 3 + 0) / 4, Losses.hinge(t(2, 0.5, 2, -1000), t(1, 1, -1, -1))
        .item(), 0);
    assertEquals(1001, Losses.hinge(t(1000), t(-1)).item(), 0);
  }

  @Test
  void hingeEmbeddingPullsSimilarAndPushesDissimilarPairs() {
    Tensor x = t(0.3, 0.3, 2, 0.5).requiresGrad(true);
    Tensor l = Losses.hingeEmbedding(x, t(1, -1, -1, 1), 1.5, Reduction.NONE);
    assertArrayEquals(new double[] {0.3, 1.2, 0, 0.5}, l.toDoubleArray(), 1e-15);
    l.sum().backward();
    assertArrayEquals(new double[] {1, -1, 0, 1}, x.grad().toDoubleArray(), 0);
  }

  @Test
  void marginRankingWantsTheRightOrder() {
    // max(0, -y(a - b) + m), m = 0.5
    assertArrayEquals(new double[] {0, 0.5, 2.5, 1.5},
        Losses.marginRanking(t(3, 1, 1, 1), t(1, 1, 3, 0), t(1, 1, 1, -1), 0.5, Reduction.NONE)
            .toDoubleArray(), 0);
    assertEquals(4.5, Losses.marginRanking(t(3, 1, 1, 1), t(1, 1, 3, 0), t(1, 1, 1, -1), 0.5,
        Reduction.SUM).item(), 0);
  }

  @Test
  void cosineEmbeddingUsesTheCosineSimilarityOfRows() {
    Tensor a = Tensor.of(new double[][] {{1, 0}, {1, 1}, {3, 4}, {0, 0}});
    Tensor b = Tensor.of(new double[][] {{0, 2}, {2, 2}, {3, 4}, {1, 0}});
    // cosines 0, 1, 1, 0 (a zero vector is kept finite by the 1e-12 terms)
    Tensor l = Losses.cosineEmbedding(a, b, t(1, 1, -1, -1), 0.25, Reduction.NONE);
    assertArrayEquals(new double[] {1, 0, 0.75, 0}, l.toDoubleArray(), 1e-12);
    Tensor a32 = a.to(DType.FLOAT32).requiresGrad(true);
    Tensor l32 = Losses.cosineEmbedding(a32, b.to(DType.FLOAT32), t(1, 1, -1, 1), 0,
        Reduction.SUM);
    assertEquals(1 + 0 + 1 + 1, l32.item(), 1e-6);
    l32.backward();
    assertTrue(a32.grad().allFinite(), "finite at a zero vector in float32");
  }

  @Test
  void badTargetsAndShapesGetSpecificErrors() {
    assertMessage("hinge: target 0.0 at flat position 1 (shape [2]) must be 1 or -1",
        () -> Losses.hinge(t(1, 2), t(1, 0)));
    assertMessage("margin_ranking: target shape [1] differs from input shape [2]; they must be "
        + "equal (no broadcasting)", () -> Losses.marginRanking(t(1, 2), t(1, 2), t(1), 0,
            Reduction.MEAN));
    assertMessage("cosine_embedding: targets must be [2] (one per row of [2, 3]), got shape [3]",
        () -> Losses.cosineEmbedding(Tensor.zeros(DType.FLOAT64, 2, 3),
            Tensor.zeros(DType.FLOAT64, 2, 3), t(1, 1, 1), 0, Reduction.MEAN));
    assertMessage("cosine_embedding: inputs must be [batch, features], got shape [3]",
        () -> Losses.cosineEmbedding(t(1, 2, 3), t(1, 2, 3), t(1), 0, Reduction.MEAN));
    assertMessage("hinge_embedding: margin must be finite, got NaN",
        () -> Losses.hingeEmbedding(t(1), t(1), Double.NaN, Reduction.MEAN));
  }
}
