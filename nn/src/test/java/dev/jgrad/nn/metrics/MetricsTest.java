package dev.jgrad.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static Tensor t(double... v) {
    return Tensor.of(v);
  }

  private static Tensor lab(long... v) {
    return Tensor.of(v);
  }

  @Test
  void accuracyCountsMatches() {
    assertEquals(0.75, Metrics.accuracy(t(0, 1, 2, 2), t(0, 1, 2, 1)));
    assertEquals(0.5, Metrics.accuracy(new int[] {1, 0}, new int[] {1, 1}));
    assertEquals("accuracy: 2 predictions (shape [2]) for 3 targets (shape [3])",
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(t(0, 1), t(0, 1, 2)))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[0], new int[0]));
  }

  @Test
  void confusionMatrixRowsAreActualColumnsPredicted() {
    int[] actual = {0, 0, 1, 1, 1, 2, 2, 2, 2};
    int[] predicted = {0, 1, 1, 1, 0, 2, 2, 1, 2};
    ConfusionMatrix cm = ConfusionMatrix.of(predicted, actual, 3);
    assertArrayEquals(new long[][] {{1, 1, 0}, {1, 2, 0}, {0, 1, 3}}, cm.toArray());
    assertEquals(9, cm.total());
    assertEquals(6 / 9.0, cm.accuracy(), 1e-15);
    assertEquals(2 / 4.0, cm.precision(1), 1e-15);
    assertEquals(2 / 3.0, cm.recall(1), 1e-15);
    assertEquals(2 * 0.5 * (2 / 3.0) / (0.5 + 2 / 3.0), cm.f1(1), 1e-15);
    assertEquals(cm.accuracy(), Metrics.accuracy(predicted, actual), 1e-15);
    assertEquals("   a\\p     0     1     2\n"
        + "     0     1     1     0\n"
        + "     1     1     2     0\n"
        + "     2     0     1     3", cm.toString());
    assertEquals(ConfusionMatrix.of(lab(0, 1), lab(0, 0), 2).count(0, 1), 1);
    assertEquals("   a\\p    no   yes\n    no     1     0\n   yes     0     1",
        ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1}, 2).format(List.of("no", "yes")));
  }

  @Test
  void confusionMatrixRejectsLabelsOutOfRange() {
    assertEquals("confusion_matrix: label 3 at row 1 is out of range for 3 classes",
        assertThrows(IllegalArgumentException.class,
            () -> ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 3}, 3)).getMessage());
  }

  @Test
  void logLossMatchesClosedFormAndClips() {
    Tensor p = Tensor.of(new double[] {0.7, 0.2, 0.1, 0.1, 0.1, 0.8}, 2, 3);
    assertEquals(-(Math.log(0.7) + Math.log(0.8)) / 2, Metrics.logLoss(p, lab(0, 2)), 1e-15);
    assertEquals(-(Math.log(0.9) + Math.log(0.4)) / 2, Metrics.logLoss(t(0.9, 0.6), lab(1, 0)),
        1e-15);
    assertEquals(-Math.log(1e-15), Metrics.logLoss(t(0.0), lab(1)), 1e-12);
    assertEquals("log_loss: label 3 at row 0 is out of range for 3 classes",
        assertThrows(IllegalArgumentException.class, () -> Metrics.logLoss(p, lab(3, 0)))
            .getMessage());
  }

  @Test
  void accuracyFromLogitsHandlesBinaryMultiLabelAndMultiClass() {
    Metric acc = Metric.accuracyFromLogits();
    assertEquals(0.75, acc.compute(t(2, -1, 0, -3), t(1, 1, 1, 0)));
    assertEquals(1.0, acc.compute(Tensor.of(new double[] {3, 1, -2, 0, 5, 4}, 2, 3), t(0, 1)));
    assertEquals(0.5, acc.compute(Tensor.of(new double[] {1, -1, 1, 1}, 2, 2),
        Tensor.of(new double[] {1, 0, 0, 0}, 2, 2)));
    assertThrows(IllegalArgumentException.class, () -> acc.compute(t(1, 2, 3), t(1, 2)));
  }
}
