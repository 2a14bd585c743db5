package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VanishingGradientsTest {
  static final int LAYERS = 12;
  @TempDir static Path out;
  static VanishingGradients.Result r;

  @BeforeAll
  static void runOnce() {
    r = VanishingGradients.run(LAYERS, 6, 4, 3, out);
  }

  /** Each layer's backpropagated error is exactly {@code factor} times the next layer's. */
  static void assertGeometric(double[] norms, double factor) {
    for (int l = 0; l < norms.length - 1; l++) {
      assertEquals(factor, norms[l] / norms[l + 1], 1e-9 * factor, Arrays.toString(norms));
    }
  }

  @Test
  void halfIdentityChainVanishesGeometrically() {
    VanishingGradients.Chain c = r.chains().get(0);
    assertGeometric(c.biasGradNorms(), 0.5);
    assertEquals(Math.pow(0.5, LAYERS - 1), c.firstToLast(), 1e-12);
  }

  @Test
  void oneAndAHalfIdentityChainExplodesGeometrically() {
    VanishingGradients.Chain c = r.chains().get(1);
    assertGeometric(c.biasGradNorms(), 1.5);
    assertEquals(Math.pow(1.5, LAYERS - 1), c.firstToLast(), 1e-9 * Math.pow(1.5, LAYERS));
  }

  @Test
  void linearChainsHaveEqualWeightGradientsAtEveryLayer() {
    for (VanishingGradients.Chain c : r.chains().subList(0, 2)) {
      double[] w = c.weightGradNorms();
      for (double v : w) {
        assertEquals(w[0], v, 1e-9 * w[0], c.name());
      }
    }
  }

  @Test
  void sigmoidChainVanishesAtLeastByHalfPerLayer() {
    VanishingGradients.Chain c = r.chains().get(2);
    assertTrue(c.firstToLast() < Math.pow(0.5, LAYERS - 1), Arrays.toString(c.biasGradNorms()));
    double[] w = c.weightGradNorms();
    assertTrue(w[0] < 1e-3 * w[w.length - 1], Arrays.toString(w));
  }

  @Test
  void reluWithHeInitKeepsTheScale() {
    VanishingGradients.Chain c = r.chains().get(3);
    assertTrue(c.firstToLast() > 0.01 && c.firstToLast() < 100, Arrays.toString(
        c.biasGradNorms()));
  }

  @Test
  void plotsThePerLayerNorms() throws Exception {
    PlotFiles.assertWritten(r.files(), out, "gradient-norms-per-layer.png",
        "gradient-norms-per-layer.svg", "weight-gradient-norms-per-layer.png");
  }
}
