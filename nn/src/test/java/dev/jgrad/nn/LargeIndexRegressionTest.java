package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Standardizer;
import org.junit.jupiter.api.Test;

/** nn findings of the core v2 issue: labels and statistics beyond float32's exact range. */
class LargeIndexRegressionTest {

  @Test
  void crossEntropyScoresTheRightClassAboveTwoToThe24() {
    int classes = (1 << 24) + 3;
    float[] logits = new float[classes];
    logits[(1 << 24) + 1] = 50f; // class 16,777,217 has all the mass
    Tensor z = Tensor.of(logits, 1, classes);
    Tensor right = Losses.crossEntropy(z, Tensor.of(new long[] {(1 << 24) + 1}));
    Tensor wrong = Losses.crossEntropy(z, Tensor.of(new long[] {1 << 24}));
    assertEquals(DType.FLOAT32, right.dtype());
    // The right class's loss is tiny; its float32 neighbour's is about 50.
    assertEquals(0.0, right.item(), 1e-3);
    assertEquals(50.0, wrong.item(), 1e-3);
  }

  @Test
  void standardizerStatisticsOfFloat32DataAreExact() {
    int n = 1_000_000;
    float[] v = new float[n];
    java.util.Arrays.fill(v, 0.1f);
    Standardizer s = Standardizer.fit(Tensor.of(v, n, 1));
    assertEquals(0.1f, s.mean().toFloatArray()[0], 0f); // was 0.10096
  }
}
