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
    assertEquals("accuracy: predictions of shape [2] for targets of shape [3] (the shapes must be "
        + "equal)",
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

  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void accuracyRefusesProbabilitiesAndMismatchedShapes() {
    assertEquals("accuracy: prediction 0.5 at row 1 is not an integer (accuracy compares labels: "
        + "threshold probabilities with ge(0.5), or take argmax of logits, first)",
        error(() -> Metrics.accuracy(t(1, 0.5, 0), t(1, 1, 0))));
    assertEquals("accuracy: label 0.25 at row 0 is not an integer",
        error(() -> Metrics.accuracy(t(1, 0), t(0.25, 1))));
    assertEquals("accuracy: predictions of shape [2, 3] for targets of shape [3, 2] (the shapes "
        + "must be equal)", error(() -> Metrics.accuracy(Tensor.zeros(dev.jgrad.DType.FLOAT64, 2,
            3), Tensor.zeros(dev.jgrad.DType.FLOAT64, 3, 2))));
    assertEquals("accuracy: predictions of shape [4, 1] for targets of shape [4] (the shapes must "
        + "be equal)", error(() -> Metrics.accuracy(Tensor.zeros(dev.jgrad.DType.FLOAT64, 4, 1),
            t(0, 1, 0, 1))));
    // Discrete values of either sign are labels: a perceptron's ±1.
    assertEquals(2 / 3.0, Metrics.accuracy(t(1, -1, -1), t(1, -1, 1)), 1e-15);
    assertEquals(0.5, Metrics.accuracy(Tensor.of(new double[] {1, 0, 1, 1}, 2, 2),
        Tensor.of(new double[] {1, 0, 0, 0}, 2, 2)));
  }

  @Test
  void accuracyFromLogitsTreatsOneLogitPerRowAsBinaryAndChecksBinaryTargets() {
    Metric acc = Metric.accuracyFromLogits();
    // [n, 1] logits used to go through argmax(1), which is always 0: accuracy = share of zeros.
    Tensor column = Tensor.of(new double[] {2, -1, 0, -3}, 4, 1);
    assertEquals(0.75, acc.compute(column, t(1, 1, 1, 0)));
    assertEquals("accuracy: binary target -1 at row 1 is not 0 or 1",
        error(() -> acc.compute(t(2, -1), t(1, -1))));
    assertEquals("accuracy: label 0.5 at row 0 is not an integer",
        error(() -> acc.compute(Tensor.of(new double[] {3, 1, -2, 0}, 2, 2), t(0.5, 1))));
  }

  @Test
  void logLossRefusesLogitsAndUnnormalizedRows() {
    assertEquals("log_loss: probability 2.5 at row 0, class 1 is outside [0, 1] (pass "
        + "probabilities, e.g. softmax or sigmoid outputs, not logits)",
        error(() -> Metrics.logLoss(Tensor.of(new double[] {0.1, 2.5, 0.5, 0.5}, 2, 2),
            lab(0, 1))));
    assertEquals("log_loss: probability -0.5 at row 1 is outside [0, 1] (pass probabilities, e.g. "
        + "softmax or sigmoid outputs, not logits)", error(() -> Metrics.logLoss(t(0.5, -0.5),
            lab(0, 1))));
    assertEquals("log_loss: probability NaN at row 0 is outside [0, 1] (pass probabilities, e.g. "
        + "softmax or sigmoid outputs, not logits)", error(() -> Metrics.logLoss(t(Double.NaN),
            lab(0))));
    assertEquals("log_loss: the probabilities of row 1 sum to 0.5, not 1 (pass softmax outputs, "
        + "not logits or unnormalized scores)", error(() -> Metrics.logLoss(
            Tensor.of(new double[] {0.3, 0.7, 0.25, 0.25}, 2, 2), lab(0, 1))));
    // Softmax outputs pass in both dtypes, float32 rounding included.
    Tensor logits = Tensor.of(new double[] {1, 2, 3, -4, 0.5, 9, 0, 0, 0}, 3, 3);
    for (dev.jgrad.DType dt : List.of(dev.jgrad.DType.FLOAT32, dev.jgrad.DType.FLOAT64)) {
      Tensor p = logits.to(dt).softmax(1);
      double expected = -(Math.log(p.get(0, 2)) + Math.log(p.get(1, 0)) + Math.log(p.get(2, 1)))
          / 3;
      assertEquals(expected, Metrics.logLoss(p, lab(2, 0, 1)), 1e-12);
    }
  }

  @Test
  void confusionMatrixRefusesProbabilitiesShapesAndClassesOutOfRange() {
    assertEquals("confusion_matrix: predictions must be an int64 or int32 tensor of class indices, "
        + "got float64 (convert with to(DType.INT64))",
        error(() -> ConfusionMatrix.of(t(0.5, 1), lab(0, 1), 2)));
    assertEquals("confusion_matrix: predictions [2, 1] and targets [2] must both be labels [n]",
        error(() -> ConfusionMatrix.of(Tensor.of(new long[] {0, 1}, 2, 1), lab(0, 1), 2)));
    ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1}, 2);
    assertEquals("confusion_matrix.count: class 2 is out of range for 2 classes",
        error(() -> cm.count(0, 2)));
    assertEquals("confusion_matrix.precision: class -1 is out of range for 2 classes",
        error(() -> cm.precision(-1)));
    assertEquals("confusion_matrix.recall: class 5 is out of range for 2 classes",
        error(() -> cm.recall(5)));
    assertEquals("confusion_matrix.f1: class 2 is out of range for 2 classes",
        error(() -> cm.f1(2)));
  }
}
