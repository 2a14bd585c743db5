package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomLossTest {
  @Test
  void focalLossMatchesItsDefinitionAtOnePoint() {
    // z = 2, y = 1: p_t = σ(2); z = -1, y = 0: p_t = 1 - σ(-1) = σ(1).
    double s2 = 1 / (1 + Math.exp(-2));
    double s1 = 1 / (1 + Math.exp(-1));
    double expected = (-0.25 * Math.pow(1 - s2, 2) * Math.log(s2)
        - 0.75 * Math.pow(1 - s1, 2) * Math.log(s1)) / 2;
    Tensor loss = CustomLoss.focalLoss(Tensor.of(new double[] {2, -1}),
        Tensor.of(new double[] {1, 0}), 2, 0.25);
    assertEquals(expected, loss.item(), 1e-15);
  }

  @Test
  void theCheckerRejectsTheWrongBackward() {
    Tensor x = Tensor.of(new double[] {-2, 0.1, 1.5});
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
        () -> GradCheck.create().check(in -> CustomLoss.LOG_COSH_WRONG.apply(in[0]), x));
    assertTrue(e.getMessage().contains("gradcheck (first-order, reverse mode)"), e.getMessage());
    GradCheck.create().secondOrder(true).check(in -> CustomLoss.LOG_COSH.apply(in[0]), x);
  }

  @Test
  void checksTrainsAndFitsTheRobustLine(@TempDir Path out) throws Exception {
    CustomLoss.Result r = CustomLoss.run(8, 600, 5, out);
    assertTrue(r.focalVsHalfBce() < 1e-12, "focal(γ=0, α=½) vs BCE/2: " + r.focalVsHalfBce());
    assertTrue(r.wrongBackwardMessage().startsWith("gradcheck"), r.wrongBackwardMessage());
    assertTrue(r.focalHistory().last("val_accuracy") > 0.9, "focal loss test accuracy");
    assertTrue(r.bceHistory().last("val_accuracy") > 0.9, "BCE test accuracy");
    double[] focalLoss = r.focalHistory().losses();
    assertTrue(focalLoss[focalLoss.length - 1] < focalLoss[0], "focal loss must fall");
    // The outliers (+15 on 10 of 100 points) lift the squared-error intercept by about 1.5;
    // log-cosh, linear in large residuals, stays near the true line y = 2x + 1.
    assertTrue(Math.abs(r.logCoshLine()[1] - 1) < 0.5, "log-cosh intercept " + r.logCoshLine()[1]);
    assertTrue(Math.abs(r.mseLine()[1] - 1) > 1.0, "mse intercept " + r.mseLine()[1]);
    assertEquals(2, r.logCoshLine()[0], 0.2);
    PlotFiles.assertWritten(r.files(), out, "focal-vs-bce-accuracy.png", "robust-line-fit.svg");
  }
}
