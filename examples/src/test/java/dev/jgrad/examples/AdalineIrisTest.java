package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdalineIrisTest {
  @TempDir static Path out;
  static AdalineIris.Result r;

  @BeforeAll
  static void runOnce() {
    r = AdalineIris.run(6, 15, 1, out);
  }

  @Test
  void rateOf0point01OnRawFeaturesDiverges() {
    double[] c = r.rawFast();
    for (int i = 1; i < c.length; i++) {
      assertTrue(c[i] > 50 * c[i - 1], "cost must grow geometrically: " + Arrays.toString(c));
    }
  }

  @Test
  void rateOf0point0001OnRawFeaturesProgressesSlowly() {
    double[] c = r.rawSlow();
    for (int i = 1; i < c.length; i++) {
      assertTrue(c[i] < c[i - 1], "cost must fall every epoch: " + Arrays.toString(c));
    }
    assertTrue(c[c.length - 1] > 0.5 * c[0], "but slowly: " + Arrays.toString(c));
  }

  @Test
  void standardizedFeaturesConverge() {
    double[] c = r.standardized();
    assertEquals(15, c.length);
    for (int i = 1; i < c.length; i++) {
      assertTrue(c[i] < c[i - 1], Arrays.toString(c));
    }
    assertTrue(c[c.length - 1] < 0.1 * c[0], Arrays.toString(c));
    // Converged: the last epochs barely move (the minimum of SSE/2 here is about 2.5).
    assertTrue(c[c.length - 2] - c[c.length - 1] < 0.1, Arrays.toString(c));
    assertEquals(1.0, r.accuracyStandardized());
  }

  @Test
  void stochasticVariantLearnsTheSameSplit() {
    double[] c = r.stochastic();
    assertTrue(c[c.length - 1] < 0.25 * c[0], Arrays.toString(c));
    assertEquals(1.0, r.accuracyStochastic());
  }

  @Test
  void writesCostPlotsAndDecisionRegions() throws Exception {
    PlotFiles.assertWritten(r.files(), out, "cost-raw-features.png", "cost-raw-features.svg",
        "cost-raw-features-slow.png", "cost-standardized.png", "cost-stochastic.svg",
        "decision-regions-batch.png", "decision-regions-stochastic.svg");
  }
}
