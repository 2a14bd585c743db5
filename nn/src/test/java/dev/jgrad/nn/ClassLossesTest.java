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

/**
 * NLL and cross-entropy with class weights, an ignored label, label smoothing and extra axes,
 * against the definitions of PyTorch's {@code NLLLoss} and {@code CrossEntropyLoss} evaluated by
 * hand (the weighted mean divides by the sum of the labels' weights).
 */
class ClassLossesTest {
  private static Tensor m(int rows, int cols, double... v) {
    return Tensor.of(v, rows, cols);
  }

  private static Tensor lab(long... v) {
    return Tensor.of(v);
  }

  private static Tensor t(double... v) {
    return Tensor.of(v);
  }

  private static final double[][] Z = {{1, 2, 0.5}, {-1, 0, 3}, {0.2, 0.2, -0.7}, {2, -2, 1}};
  private static final Tensor LOGITS = Tensor.of(Z);

  /** log softmax of row i, class c, in double. */
  private static double logp(int i, int c) {
    double lse = Math.log(Math.exp(Z[i][0]) + Math.exp(Z[i][1]) + Math.exp(Z[i][2]));
    return Z[i][c] - lse;
  }

  @Test
  void nllPicksTheLabelsLogProbability() {
    Tensor x = m(2, 3, -0.5, -1, -3, -2, -0.25, -4);
    assertArrayEquals(new double[] {1, 4}, Losses.nll(x, lab(1, 2), Reduction.NONE)
        .toDoubleArray(), 0);
    assertEquals(2.5, Losses.nll(x, lab(1, 2)).item(), 0);
    assertEquals(Losses.crossEntropy(LOGITS, lab(0, 2, 1, 1)).item(),
        Losses.nll(LOGITS.logSoftmax(1), lab(0, 2, 1, 1)).item(), 1e-15);
  }

  @Test
  void classWeightsScaleTermsAndTheMeanDividesByTheirSum() {
    double[] w = {0.5, 2, 1};
    int[] y = {0, 2, 1, 1};
    CrossEntropyOptions o = CrossEntropyOptions.defaults().classWeights(t(w));
    double[] terms = new double[4];
    double num = 0;
    double den = 0;
    for (int i = 0; i < 4; i++) {
      terms[i] = -w[y[i]] * logp(i, y[i]);
      num += terms[i];
      den += w[y[i]];
    }
    Tensor labels = lab(0, 2, 1, 1);
    assertArrayEquals(terms, Losses.crossEntropy(LOGITS, labels, o.reduction(Reduction.NONE))
        .toDoubleArray(), 1e-15);
    assertEquals(num / den, Losses.crossEntropy(LOGITS, labels, o).item(), 1e-15,
        "Σ w_y l / Σ w_y = " + num + " / " + den);
    assertEquals(num, Losses.crossEntropy(LOGITS, labels, o.reduction(Reduction.SUM)).item(),
        1e-14);
    assertEquals(num / den, Losses.nll(LOGITS.logSoftmax(1), labels, o).item(), 1e-15);
  }

  @Test
  void ignoredPositionsAddNothingAndLeaveTheDenominator() {
    CrossEntropyOptions o = CrossEntropyOptions.defaults().ignoreIndex(-100);
    Tensor labels = lab(0, -100, 1, -100);
    double l0 = -logp(0, 0);
    double l2 = -logp(2, 1);
    assertArrayEquals(new double[] {l0, 0, l2, 0}, Losses.crossEntropy(LOGITS, labels,
        o.reduction(Reduction.NONE)).toDoubleArray(), 1e-15);
    assertEquals((l0 + l2) / 2, Losses.crossEntropy(LOGITS, labels, o).item(), 1e-15);
    // An ignored index inside [0, C) ignores that class; weights combine with it.
    CrossEntropyOptions ow = CrossEntropyOptions.defaults().ignoreIndex(1)
        .classWeights(t(3, 1, 2));
    double num = -3 * logp(0, 0) - 2 * logp(1, 2);
    assertEquals(num / 5, Losses.crossEntropy(LOGITS, lab(0, 2, 1, 1), ow).item(), 1e-15);
    // Gradient: zero rows where ignored.
    Tensor z = LOGITS.detach().requiresGrad(true);
    Losses.crossEntropy(z, labels, o).backward();
    double[][] g = z.grad().toDoubleMatrix();
    assertArrayEquals(new double[] {0, 0, 0}, g[1], 0);
    assertArrayEquals(new double[] {0, 0, 0}, g[3], 0);
    assertEquals(Math.exp(logp(0, 0)) / 2 - 0.5, g[0][0], 1e-15, "(softmax - onehot) / count");
  }

  @Test
  void labelSmoothingMixesInTheUniformDistribution() {
    double eps = 0.1;
    double[] w = {0.5, 2, 1};
    int[] y = {0, 2, 1, 1};
    CrossEntropyOptions o = CrossEntropyOptions.defaults().labelSmoothing(eps);
    double[] plain = new double[4];
    double[] weighted = new double[4];
    double den = 0;
    for (int i = 0; i < 4; i++) {
      double all = 0;
      double allW = 0;
      for (int c = 0; c < 3; c++) {
        all += -logp(i, c);
        allW += -w[c] * logp(i, c);
      }
      plain[i] = (1 - eps) * -logp(i, y[i]) + eps / 3 * all;
      weighted[i] = (1 - eps) * -w[y[i]] * logp(i, y[i]) + eps / 3 * allW;
      den += w[y[i]];
    }
    Tensor labels = lab(0, 2, 1, 1);
    assertArrayEquals(plain, Losses.crossEntropy(LOGITS, labels, o.reduction(Reduction.NONE))
        .toDoubleArray(), 1e-15);
    // With weights the mean divides by Σ w_y, as PyTorch.
    double sum = 0;
    for (double v : weighted) {
      sum += v;
    }
    assertEquals(sum / den, Losses.crossEntropy(LOGITS, labels, o.classWeights(t(w))).item(),
        1e-15);
    // Soft targets (1 - ε)·onehot + ε/C give the same loss.
    double[] soft = new double[12];
    for (int i = 0; i < 4; i++) {
      for (int c = 0; c < 3; c++) {
        soft[i * 3 + c] = (c == y[i] ? 1 - eps : 0) + eps / 3;
      }
    }
    assertEquals(Losses.softCrossEntropy(LOGITS, Tensor.of(soft, 4, 3)).item(),
        Losses.crossEntropy(LOGITS, labels, o).item(), 1e-15);
  }

  @Test
  void extraAxesAreLikeMoreRows() {
    // logits [N=2, C=3, d=2]: position (n, j) has the logits z[n, :, j].
    Tensor z = Tensor.of(new double[] {1, -1, 2, 0, 0.5, 3, -2, 1, 0, 0, 4, -1}, 2, 3, 2);
    Tensor labels = Tensor.of(new long[] {0, 2, 1, 1}, 2, 2);
    Tensor flat = z.permute(0, 2, 1).reshape(4, 3);
    CrossEntropyOptions o = CrossEntropyOptions.defaults().classWeights(t(1, 2, 0.5))
        .labelSmoothing(0.2);
    Tensor none = Losses.crossEntropy(z, labels, o.reduction(Reduction.NONE));
    assertEquals(Shape.of(2, 2), none.shape());
    assertArrayEquals(Losses.crossEntropy(flat, labels.reshape(4), o.reduction(Reduction.NONE))
        .toDoubleArray(), none.toDoubleArray(), 1e-15);
    assertEquals(Losses.crossEntropy(flat, labels.reshape(4), o).item(),
        Losses.crossEntropy(z, labels, o).item(), 1e-15);
    assertEquals(Losses.nll(flat.logSoftmax(1), labels.reshape(4)).item(),
        Losses.nll(z.logSoftmax(1), labels).item(), 1e-15);
  }

  @Test
  void stableAtLogitsOf1000WithEveryOption() {
    Tensor z = m(2, 3, 1000, -1000, 0, -1000, 1000, 1000).requiresGrad(true);
    CrossEntropyOptions o = CrossEntropyOptions.defaults().classWeights(t(1, 2, 3))
        .labelSmoothing(0.1).ignoreIndex(7);
    Tensor l = Losses.crossEntropy(z, lab(1, 7), o);
    // Row 0: logp = (0, -2000, -1000); l = 0.9·2·2000 + (0.1/3)(0 + 2·2000 + 3·1000); / w = 2.
    assertEquals((0.9 * 2 * 2000 + 0.1 / 3 * 7000) / 2, l.item(), 1e-9);
    l.backward();
    assertTrue(z.grad().allFinite());
    Tensor f32 = z.detach().to(DType.FLOAT32);
    assertEquals((float) l.item(), Losses.crossEntropy(f32, lab(1, 7), o).item(), 1e-3);
  }

  private static void assertMessage(String expected, Supplier<Tensor> call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call::get).getMessage());
  }

  @Test
  void badOptionsGetSpecificErrors() {
    Tensor labels = lab(0, 1, 2, 0);
    assertMessage("cross_entropy: class weights must be [3] (one per class), got shape [2]",
        () -> Losses.crossEntropy(LOGITS, labels, CrossEntropyOptions.defaults()
            .classWeights(t(1, 2))));
    assertMessage("cross_entropy: class weight -1.0 of class 1 must be finite and >= 0",
        () -> Losses.crossEntropy(LOGITS, labels, CrossEntropyOptions.defaults()
            .classWeights(t(1, -1, 2))));
    assertMessage("cross_entropy: the weighted mean divides by 0: every label is ignored or has "
        + "class weight 0 (use Reduction.SUM to get 0)", () -> Losses.crossEntropy(LOGITS,
            lab(-1, -1, -1, -1), CrossEntropyOptions.defaults().ignoreIndex(-1)));
    assertEquals(0, Losses.crossEntropy(LOGITS, lab(-1, -1, -1, -1), CrossEntropyOptions
        .defaults().ignoreIndex(-1).reduction(Reduction.SUM)).item());
    assertMessage("cross_entropy: label -100 at row 1 is out of range for 3 classes",
        () -> Losses.crossEntropy(LOGITS, lab(0, -100, 1, 1)));
    assertMessage("cross_entropy: label 5 at row 2 is out of range for 3 classes",
        () -> Losses.crossEntropy(LOGITS, lab(0, -100, 5, 1), CrossEntropyOptions.defaults()
            .ignoreIndex(-100)));
    assertMessage("nll: label smoothing applies to cross_entropy only (it needs the full "
        + "distribution), got 0.1", () -> Losses.nll(LOGITS, labels, CrossEntropyOptions
            .defaults().labelSmoothing(0.1)));
    assertMessage("cross_entropy: labels must be [2, 2] (the logits shape [2, 3, 2] without the "
        + "class axis 1), got shape [2, 3]", () -> Losses.crossEntropy(Tensor.zeros(DType.FLOAT64,
            2, 3, 2), Tensor.zeros(DType.FLOAT64, 2, 3)));
    assertMessage("nll: log-probabilities must be [batch, classes] or [batch, classes, d1, ...], "
        + "got shape [3]", () -> Losses.nll(t(1, 2, 3), lab(0)));
    assertEquals("cross_entropy: label smoothing must be in [0, 1], got 1.5", assertThrows(
        IllegalArgumentException.class, () -> CrossEntropyOptions.defaults().labelSmoothing(1.5))
        .getMessage());
  }
}
