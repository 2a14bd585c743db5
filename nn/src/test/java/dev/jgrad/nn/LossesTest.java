package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Loss values against closed forms (incl. logits of ±1000), reductions, and input errors. */
class LossesTest {
  private static Tensor t(double... v) {
    return Tensor.of(v);
  }

  private static Tensor lab(long... v) {
    return Tensor.of(v);
  }

  private static Tensor m(int rows, int cols, double... v) {
    return Tensor.of(v, rows, cols);
  }

  /** {@code log(1 + e^z)} in double, stable for any z. */
  private static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  private static double mean(double... v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  @Test
  void binaryCrossEntropyOnProbabilitiesMatchesClosedForm() {
    double[] p = {0.9, 0.2, 0.5, 0.01};
    double[] y = {1, 0, 1, 0.3};
    double[] l = new double[4];
    for (int i = 0; i < 4; i++) {
      l[i] = -(y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]));
    }
    assertArrayEquals(l, Losses.binaryCrossEntropy(t(p), t(y), Reduction.NONE).toDoubleArray(),
        1e-15);
    assertEquals(mean(l), Losses.binaryCrossEntropy(t(p), t(y)).item(), 1e-15);
    assertEquals(l[0] + l[1] + l[2] + l[3],
        Losses.binaryCrossEntropy(t(p), t(y), Reduction.SUM).item(), 1e-14);
  }

  @Test
  void binaryCrossEntropyOnSaturatedProbabilitiesIsBoundedAt100() {
    // sigmoid(±1000) is exactly 1 or 0; each log term is floored at -100 as in PyTorch.
    Tensor z = t(1000, -1000, 1000, -1000).requiresGrad(true);
    Tensor p = z.sigmoid();
    assertArrayEquals(new double[] {1, 0, 1, 0}, p.toDoubleArray(), 0);
    Tensor l = Losses.binaryCrossEntropy(p, t(1, 0, 0, 1), Reduction.NONE);
    assertArrayEquals(new double[] {0, 0, 100, 100}, l.toDoubleArray(), 1e-12);
    l.sum().backward();
    assertTrue(z.grad().allFinite(), "gradient " + z.grad());
  }

  @Test
  void binaryCrossEntropyWithLogitsIsExactAtExtremeLogits() {
    double[] z = {1000, 1000, -1000, -1000, 1000, -3, 0, 2.5};
    double[] y = {1, 0, 1, 0, 0.3, 1, 0, 0.75};
    double[] l = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      l[i] = softplus(z[i]) - y[i] * z[i];
    }
    assertArrayEquals(new double[] {0, 1000, 1000, 0, 700}, java.util.Arrays.copyOf(l, 5), 0);
    Tensor zt = t(z).requiresGrad(true);
    Tensor loss = Losses.binaryCrossEntropyWithLogits(zt, t(y), Reduction.NONE);
    assertArrayEquals(l, loss.toDoubleArray(), 1e-12);
    loss.sum().backward();
    for (int i = 0; i < z.length; i++) {
      assertEquals(1 / (1 + Math.exp(-z[i])) - y[i], zt.grad().toDoubleArray()[i], 1e-15,
          "d/dz = sigmoid(z) - y at " + z[i]);
    }
    assertEquals(mean(l), Losses.binaryCrossEntropyWithLogits(t(z), t(y)).item(), 1e-12);
  }

  @Test
  void binaryCrossEntropyAgreesOnProbabilitiesAndLogits() {
    double[] z = {-2, -0.1, 0.7, 3};
    double[] y = {0, 1, 1, 0};
    assertEquals(Losses.binaryCrossEntropy(t(z).sigmoid(), t(y)).item(),
        Losses.binaryCrossEntropyWithLogits(t(z), t(y)).item(), 1e-14);
  }

  @Test
  void crossEntropyMatchesClosedFormIncludingExtremeLogits() {
    Tensor logits = m(3, 3, 1000, 0, -1000, -1000, 1000, 0, 0.5, -1, 2);
    Tensor labels = lab(2, 1, 0);
    double lse = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2));
    double[] expected = {2000, 0, lse - 0.5};
    Tensor z = logits.detach().requiresGrad(true);
    Tensor l = Losses.crossEntropy(z, labels, Reduction.NONE);
    assertArrayEquals(expected, l.toDoubleArray(), 1e-12);
    assertEquals(mean(expected), Losses.crossEntropy(logits, labels).item(), 1e-12);
    assertEquals(expected[0] + expected[1] + expected[2],
        Losses.crossEntropy(logits, labels, Reduction.SUM).item(), 1e-12);
    assertEquals(mean(expected), Losses.crossEntropy(logits, new int[] {2, 1, 0}).item(), 1e-12);
    // Gradient softmax(z) - onehot(y), finite at ±1000.
    l.sum().backward();
    double[] g = z.grad().toDoubleArray();
    assertArrayEquals(new double[] {1, 0, -1, 0, 0, 0}, java.util.Arrays.copyOf(g, 6), 1e-15);
    assertTrue(z.grad().allFinite());
  }

  @Test
  void crossEntropyWorksInFloat32AtExtremeLogits() {
    Tensor logits = m(1, 3, 1000, -1000, 0).to(DType.FLOAT32);
    Tensor l = Losses.crossEntropy(logits, lab(1));
    assertEquals(DType.FLOAT32, l.dtype());
    assertEquals(2000, l.item(), 0);
  }

  @Test
  void softCrossEntropyWithOneHotTargetsEqualsCrossEntropy() {
    Tensor logits = m(2, 3, 1000, 0, -1000, 0.1, 0.2, -0.3);
    Tensor oneHot = m(2, 3, 0, 0, 1, 1, 0, 0);
    assertArrayEquals(Losses.crossEntropy(logits, lab(2, 0), Reduction.NONE).toDoubleArray(),
        Losses.softCrossEntropy(logits, oneHot, Reduction.NONE).toDoubleArray(), 1e-12);
    // Soft targets: H(y, softmax(z)) = -Σ y log softmax(z).
    Tensor soft = m(2, 3, 0.5, 0.5, 0, 0.2, 0.3, 0.5);
    double lse = Math.log(Math.exp(0.1) + Math.exp(0.2) + Math.exp(-0.3));
    double row1 = -(0.2 * (0.1 - lse) + 0.3 * (0.2 - lse) + 0.5 * (-0.3 - lse));
    assertArrayEquals(new double[] {500, row1},
        Losses.softCrossEntropy(logits, soft, Reduction.NONE).toDoubleArray(), 1e-12);
  }

  @Test
  void multiLabelCrossEntropySumsIndependentBinaryCrossEntropies() {
    double[] z = {1000, -1000, 0.5, -2, 3, 0};
    double[] y = {1, 1, 0, 0, 1, 1};
    double[] rows = new double[2];
    for (int i = 0; i < 6; i++) {
      rows[i / 3] += softplus(z[i]) - y[i] * z[i];
    }
    Tensor l = Losses.multiLabelCrossEntropy(m(2, 3, z), m(2, 3, y), Reduction.NONE);
    assertEquals(Shape.of(2), l.shape());
    assertArrayEquals(rows, l.toDoubleArray(), 1e-12);
    assertEquals(1000 + softplus(0.5), rows[0], 1e-12);
    assertEquals(mean(rows), Losses.multiLabelCrossEntropy(m(2, 3, z), m(2, 3, y)).item(), 1e-12);
  }

  @Test
  void regressionLossesMatchClosedForms() {
    Tensor p = t(1, 2, 3, -4);
    Tensor y = t(1.5, 2, 1, 0);
    assertEquals((0.25 + 0 + 4 + 16) / 4, Losses.mse(p, y).item(), 1e-15);
    assertEquals(0.25 + 0 + 4 + 16, Losses.mse(p, y, Reduction.SUM).item(), 1e-15);
    assertArrayEquals(new double[] {0.25, 0, 4, 16},
        Losses.mse(p, y, Reduction.NONE).toDoubleArray(), 1e-15);
    assertEquals((0.5 + 0 + 2 + 4) / 4, Losses.l1(p, y).item(), 1e-15);
    assertEquals(6.5, Losses.l1(p, y, Reduction.SUM).item(), 1e-15);
    assertEquals((0.25 + 0 + 4 + 16) / 2, Losses.halfSumSquaredError(p, y).item(), 1e-15);
    assertEquals(Shape.of(), Losses.halfSumSquaredError(p, y).shape());
  }

  @Test
  void lossesAreNonNegativeAndZeroAtPerfectPredictions() {
    assertEquals(0, Losses.mse(t(1, 2), t(1, 2)).item(), 0);
    assertEquals(0, Losses.l1(t(1, 2), t(1, 2)).item(), 0);
    assertEquals(0, Losses.binaryCrossEntropy(t(1, 0), t(1, 0)).item(), 0);
    assertEquals(0, Losses.crossEntropy(m(1, 2, 1000, -1000), lab(0)).item(), 0);
  }

  @Test
  void binaryCrossEntropyOnSaturatedFloat32ProbabilitiesHasAFiniteGradient() {
    // Issue 15: sigmoid(z) is exactly 1.0f for z >= ~17. With target 0 the old floor e^-100
    // (subnormal in float32) gave a loss of 99.98 and a NaN gradient (0 · 1/3.8e-44f = 0 · inf).
    Tensor z = Tensor.of(new float[] {20, -110, 20, -110, 3}).requiresGrad(true);
    Tensor p = z.sigmoid();
    assertArrayEquals(new float[] {1, 0}, java.util.Arrays.copyOf(p.toFloatArray(), 2), 0);
    Tensor y = Tensor.of(new float[] {0, 1, 1, 0, 1});
    Tensor l = Losses.binaryCrossEntropy(p, y, Reduction.NONE);
    double bound = -Math.log(Float.MIN_NORMAL); // 87.33654...
    assertEquals(DType.FLOAT32, l.dtype());
    assertArrayEquals(new float[] {(float) bound, (float) bound, 0, 0,
        (float) -Math.log(1 / (1 + Math.exp(-3)))}, l.toFloatArray(), 1e-5f);
    // A large upstream factor (loss scaling) must not turn the bounded terms' 0 into NaN.
    l.sum().mul(1e30f).backward();
    float[] g = z.grad().toFloatArray();
    assertArrayEquals(new float[] {0, 0, 0, 0}, java.util.Arrays.copyOf(g, 4), 0,
        "zero gradient where the bound is active");
    assertEquals((1 / (1 + Math.exp(-3)) - 1) * 1e30, g[4], 1e25, "d/dz = (σ(z) - y)·scale");
  }

  @Test
  void binaryCrossEntropyFloorsAreNormalNumbersInBothDtypes() {
    // Just above each floor the gradient -y/p is finite; at 0 it is exactly 0.
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      double floor = dtype == DType.FLOAT32 ? Float.MIN_NORMAL : Math.exp(-100);
      Tensor p = Tensor.of(new double[] {0, 2 * floor}).to(dtype).requiresGrad(true);
      Tensor l = Losses.binaryCrossEntropy(p, Tensor.of(new double[] {1, 1}).to(dtype),
          Reduction.SUM);
      assertEquals(-Math.log(floor) - Math.log(2 * floor), l.item(), 1e-4 * -Math.log(floor));
      l.backward();
      assertEquals(0, p.grad().toDoubleArray()[0], 0, dtype.toString());
      assertEquals(-1 / (2 * floor), p.grad().toDoubleArray()[1], 1e-6 / (2 * floor),
          dtype.toString());
    }
  }

  @Test
  void binaryCrossEntropyWithLogitsPosWeight() {
    double[] z = {0.3, -1.2, 2.0, -1000, 1000, -1000};
    double[] y = {1, 0, 0.4, 1, 0, 0};
    double p = 3;
    double[] l = new double[z.length];
    for (int i = 0; i < 3; i++) {
      double s = 1 / (1 + Math.exp(-z[i]));
      l[i] = -(p * y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
    }
    l[3] = 3000; // p·softplus(1000): exact at extreme logits
    l[4] = 1000;
    l[5] = 0;
    Tensor loss = Losses.binaryCrossEntropyWithLogits(t(z), t(y), t(p), Reduction.NONE);
    assertArrayEquals(l, loss.toDoubleArray(), 1e-12);
    assertEquals(mean(l), Losses.binaryCrossEntropyWithLogits(t(z), t(y), t(p), Reduction.MEAN)
        .item(), 1e-12, "plain mean over elements");
    assertArrayEquals(Losses.binaryCrossEntropyWithLogits(t(z), t(y), Reduction.NONE)
        .toDoubleArray(), Losses.binaryCrossEntropyWithLogits(t(z), t(y), t(1), Reduction.NONE)
        .toDoubleArray(), 1e-12, "posWeight 1 is the plain loss");
    // One weight per label column, broadcast over rows; gradient σ(z)(1 + (p-1)y) - p·y.
    Tensor zz = m(2, 2, 0.5, -0.5, 1, 2).requiresGrad(true);
    Tensor yy = m(2, 2, 1, 0, 0, 1);
    Losses.binaryCrossEntropyWithLogits(zz, yy, t(2, 5), Reduction.SUM).backward();
    double[] pw = {2, 5, 2, 5};
    double[] zv = {0.5, -0.5, 1, 2};
    double[] yv = {1, 0, 0, 1};
    for (int i = 0; i < 4; i++) {
      double s = 1 / (1 + Math.exp(-zv[i]));
      assertEquals(s * (1 + (pw[i] - 1) * yv[i]) - pw[i] * yv[i], zz.grad().toDoubleArray()[i],
          1e-15);
    }
    assertMessage("binary_cross_entropy_with_logits: posWeight shape [3] does not broadcast to "
        + "the logits' shape [2, 2]", () -> Losses.binaryCrossEntropyWithLogits(zz, yy,
            t(1, 2, 3), Reduction.MEAN));
    assertMessage("binary_cross_entropy_with_logits: posWeight -1.0 at flat position 0 must be "
        + "finite and >= 0", () -> Losses.binaryCrossEntropyWithLogits(zz, yy, t(-1),
            Reduction.MEAN));
  }

  @Test
  void huberAndSmoothL1MatchTheirPiecewiseDefinitions() {
    Tensor p = t(0.5, -3, 2, 10, 0);
    Tensor y = t(0, 0, 0, 0, 0);
    double d = 2;
    // |x| <= δ: x²/2; else δ(|x| - δ/2)
    assertArrayEquals(new double[] {0.125, 2 * (3 - 1), 2, 2 * (10 - 1), 0},
        Losses.huber(p, y, d, Reduction.NONE).toDoubleArray(), 1e-15);
    // |x| < β: x²/(2β); else |x| - β/2
    assertArrayEquals(new double[] {0.0625, 2, 1, 9, 0},
        Losses.smoothL1(p, y, d, Reduction.NONE).toDoubleArray(), 1e-15);
    assertArrayEquals(Losses.l1(p, y, Reduction.NONE).toDoubleArray(),
        Losses.smoothL1(p, y, 0, Reduction.NONE).toDoubleArray(), 0, "β = 0 is L1");
    assertEquals((0.125 + 0.5 * 9 / 9 * 0 + 0.5 * 1 + 0.5 * 1 + 0.5 * 1) / 5 * 0
        + (0.125 + 2.5 + 1.5 + 9.5 + 0) / 5, Losses.huber(p, y).item(), 1e-15);
    assertEquals(Losses.huber(p, y).item(), Losses.smoothL1(p, y).item(), 1e-15, "δ = β = 1");
    // Gradients: x inside, ±δ outside; finite for outliers of 1e300.
    Tensor big = t(1e300, -0.5).requiresGrad(true);
    Tensor l = Losses.huber(big, t(0, 0), 1, Reduction.SUM);
    assertEquals(1e300, l.item(), 1e285);
    l.backward();
    assertArrayEquals(new double[] {1, -0.5}, big.grad().toDoubleArray(), 0);
    assertMessage("huber: delta must be finite and > 0, got 0.0", () -> Losses.huber(p, y, 0,
        Reduction.MEAN));
    assertMessage("smooth_l1: beta must be finite and >= 0, got -1.0", () -> Losses.smoothL1(p, y,
        -1, Reduction.MEAN));
  }

  @Test
  void klDivergenceMatchesItsDefinition() {
    Tensor logP = m(2, 3, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8).log();
    Tensor yv = m(2, 3, 0.5, 0.5, 0, 0.2, 0.3, 0.5);
    double row0 = 0.5 * Math.log(0.5 / 0.2) + 0.5 * Math.log(0.5 / 0.5); // y = 0 adds 0
    double row1 = 0.2 * Math.log(0.2 / 0.1) + 0.3 * Math.log(0.3 / 0.1) + 0.5 * Math.log(0.5 / 0.8);
    assertEquals((row0 + row1) / 2, Losses.klDivergence(logP, yv).item(), 1e-15,
        "batch mean: the mean KL per row");
    assertEquals((row0 + row1) / 6, Losses.klDivergence(logP, yv, Reduction.MEAN, false).item(),
        1e-15);
    assertEquals(Losses.klDivergence(logP, yv, Reduction.SUM, false).item(),
        Losses.klDivergence(logP, Tensor.of(new double[] {0.5, 0.5, 1e-300, 0.2, 0.3, 0.5}, 2, 3)
            .log(), Reduction.SUM, true).item(), 1e-12, "log targets");
    Tensor x = logP.detach().requiresGrad(true);
    Tensor yt = yv.detach().requiresGrad(true);
    Losses.klDivergence(x, yt).backward();
    assertArrayEquals(yv.mul(-0.5).toDoubleArray(), x.grad().toDoubleArray(), 1e-15, "-y/N");
    assertTrue(yt.grad().allFinite(), "finite in the targets at y = 0 too");
    assertEquals(0, Losses.klDivergence(logP, logP.exp()).item(), 1e-15, "KL(p || p) = 0");
    assertMessage("kl_divergence: target 1.5 at flat position 0 (shape [1]) is outside [0, 1]",
        () -> Losses.klDivergence(t(-1), t(1.5)));
    assertMessage("kl_divergence: log-target -Infinity at flat position 0 (shape [1]) must be "
        + "finite and <= 0 (give probabilities for targets of probability 0)",
        () -> Losses.klDivergence(t(-1), t(Double.NEGATIVE_INFINITY), Reduction.SUM, true));
  }

  private static void assertMessage(String expected, Supplier<Tensor> call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void badLabelsAndShapesGetSpecificErrors() {
    Tensor logits = Tensor.zeros(DType.FLOAT32, 4, 3);
    assertMessage("cross_entropy: label 7 at row 3 is out of range for 3 classes",
        () -> Losses.crossEntropy(logits, lab(0, 1, 2, 7)));
    assertMessage("cross_entropy: label -1 at row 0 is out of range for 3 classes",
        () -> Losses.crossEntropy(logits, lab(-1, 1, 2, 0)));
    assertMessage("cross_entropy: labels must be an int64 or int32 tensor of class indices, got "
        + "float64 (convert with to(DType.INT64))",
        () -> Losses.crossEntropy(logits, t(0, 1.5, 2, 0)));
    assertMessage("cross_entropy: labels must be [4] (one per row of logits [4, 3]), got shape "
        + "[3]", () -> Losses.crossEntropy(logits, lab(0, 1, 2)));
    assertMessage("cross_entropy: logits must be [batch, classes] or [batch, classes, d1, ...], "
        + "got shape [3]",
        () -> Losses.crossEntropy(t(1, 2, 3), lab(0)));
    assertMessage("cross_entropy: empty batch (logits shape [0, 3])",
        () -> Losses.crossEntropy(Tensor.zeros(DType.FLOAT32, 0, 3), Tensor.zeros(DType.INT64,
            0)));
    assertMessage("mse: target shape [2, 1] differs from input shape [2]; they must be equal (no "
        + "broadcasting)", () -> Losses.mse(t(1, 2), m(2, 1, 1, 2)));
    assertMessage("binary_cross_entropy_with_logits: target 2.0 at flat position 1 (shape [2]) is "
        + "outside [0, 1]", () -> Losses.binaryCrossEntropyWithLogits(t(1, 2), t(0, 2)));
    assertMessage("binary_cross_entropy: probability 1.5 at flat position 0 (shape [1]) is "
        + "outside [0, 1] (for logits use binaryCrossEntropyWithLogits)",
        () -> Losses.binaryCrossEntropy(t(1.5), t(1)));
    assertMessage("binary_cross_entropy: target -1.0 at flat position 0 (shape [1]) is outside "
        + "[0, 1]", () -> Losses.binaryCrossEntropy(t(0.5), t(-1)));
    assertMessage("soft_cross_entropy: targets of row 0 sum to 2.0, not 1 (use one-hot rows or "
        + "probability distributions)", () -> Losses.softCrossEntropy(m(1, 2, 0, 0),
            m(1, 2, 1, 1)));
    assertMessage("multi_label_cross_entropy: target shape [2, 2] differs from input shape "
        + "[2, 3]; they must be equal (no broadcasting)", () -> Losses.multiLabelCrossEntropy(
            Tensor.zeros(DType.FLOAT64, 2, 3), Tensor.zeros(DType.FLOAT64, 2, 2)));
  }
}
