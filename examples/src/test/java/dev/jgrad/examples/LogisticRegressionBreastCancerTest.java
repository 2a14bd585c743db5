package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticRegressionBreastCancerTest {
  @Test
  void rawTensorOpsAndNnAgree(@TempDir Path out) throws Exception {
    LogisticRegressionBreastCancer.Result r = LogisticRegressionBreastCancer.run(60, 0.5, 3, out);
    assertEquals(31, r.parameters());
    assertEquals(Math.log(2), r.costRaw()[0], 1e-12); // zero weights predict 1/2 everywhere
    assertTrue(r.firstGradientDiff() < 1e-12, "hand-written vs autodiff: " + r.firstGradientDiff());
    assertTrue(r.weightDiff() < 1e-10, "weights after training: " + r.weightDiff());
    for (int i = 0; i < r.costRaw().length; i++) {
      assertEquals(r.costRaw()[i], r.costNn()[i], 1e-12, "cost at iteration " + i);
    }
    assertTrue(r.costRaw()[59] < 0.15, "cost must fall: " + r.costRaw()[59]);
    assertTrue(r.testAccuracy() > 0.94, "test accuracy " + r.testAccuracy());
    assertEquals(r.testAccuracy(), r.rawTestAccuracy());
    PlotFiles.assertWritten(r.files(), out, "cost.png", "cost.svg");
  }
}
