package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Dataset;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HigherOrderTest {
  @TempDir static Path out;
  static HigherOrder.Result r;

  @BeforeAll
  static void runOnce() {
    r = HigherOrder.run(40, 0.01, 2, out); // also gradient-checks the penalized loss
  }

  @Test
  void hessianVectorProductMatchesTheFullHessianAndFiniteDifferences() {
    // Rosenbrock's Hessian at x = [-1.2, 1, 0.5, 0.8, 1.1] times v = [1, -0.5, 0.25, 2, -1],
    // by hand: H = tridiagonal with H_ii = 1200 x_i² - 400 x_(i+1) + 2 (+200 for i > 0),
    // H_i,i+1 = -400 x_i, and H_44 = 200.
    double[] expected = {1090, -221, -154.5, 1330, -840};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], r.hvp()[i], 1e-9, "hvp[" + i + "]");
      assertEquals(expected[i], r.hessianTimesV()[i], 1e-9, "Hv[" + i + "]");
      assertEquals(expected[i], r.finiteDifference()[i], 1e-4 * Math.abs(expected[i]),
          "finite difference [" + i + "]");
    }
  }

  @Test
  void powerIterationOnHvpsFindsTheLargestCurvature() {
    assertEquals(r.lambdaMaxDense(), r.lambdaMax(), 1e-9 * r.lambdaMaxDense());
    // Logistic loss curvature is at most 1/4 · the largest eigenvalue of XᵀX/m: positive, finite.
    assertTrue(r.lambdaMax() > 0.1 && r.lambdaMax() < 30, "lambda_max " + r.lambdaMax());
  }

  @Test
  void theGradientPenaltyFlattensTheFunction() {
    HigherOrder.Run plain = r.plain();
    HigherOrder.Run penalized = r.penalized();
    assertEquals(0.0, plain.lambda());
    assertTrue(penalized.inputGradient() < 0.5 * plain.inputGradient(),
        "penalized " + penalized.inputGradient() + " vs plain " + plain.inputGradient());
    assertTrue(penalized.testAccuracy() > 0.85, "accuracy " + penalized.testAccuracy());
    assertTrue(plain.testAccuracy() > 0.85, "accuracy " + plain.testAccuracy());
    double[] p = penalized.penaltyPerEpoch();
    assertEquals(40, p.length);
  }

  @Test
  void moonsAreBalancedAndSeeded() {
    Dataset a = HigherOrder.moons(100, 0.1, new SplittableRandom(4));
    Dataset b = HigherOrder.moons(100, 0.1, new SplittableRandom(4));
    assertEquals(50, a.targets().sum().item());
    assertEquals(0, a.features().sub(b.features()).abs().max().item());
    Tensor upper = a.features().indexSelect(0, 0, 2, 4);
    assertTrue(upper.slice(1, 1, 2).min().item() > -0.5, "upper moon points lie above y = -0.5");
  }

  @Test
  void plotsBothDecisionRegions() throws Exception {
    PlotFiles.assertWritten(r.files(), out, "decision-regions-plain.png",
        "decision-regions-penalty.svg", "input-gradient-per-epoch.png");
  }
}
