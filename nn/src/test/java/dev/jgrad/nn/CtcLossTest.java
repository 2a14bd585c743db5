package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * CTC against its definition by brute force (the sum over every alignment that collapses to the
 * target), its reductions, gradients to second order, extreme logits and errors.
 */
class CtcLossTest {
  private static final int BLANK = 0;

  /** Collapse an alignment: merge repeats, drop blanks. */
  private static List<Integer> collapse(int[] path) {
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < path.length; t++) {
      if (path[t] != BLANK && (t == 0 || path[t] != path[t - 1])) {
        out.add(path[t]);
      }
    }
    return out;
  }

  /** -log Σ over the C^T alignments of sample n that collapse to target. */
  private static double bruteForce(double[][][] logp, int n, int steps, List<Integer> target) {
    int c = logp[0][0].length;
    int paths = (int) Math.pow(c, steps);
    double total = 0;
    for (int code = 0; code < paths; code++) {
      int[] path = new int[steps];
      int k = code;
      double lp = 0;
      for (int t = 0; t < steps; t++) {
        path[t] = k % c;
        k /= c;
        lp += logp[t][n][path[t]];
      }
      if (collapse(path).equals(target)) {
        total += Math.exp(lp);
      }
    }
    return -Math.log(total);
  }

  private static Tensor logProbs(SplittableRandom rng, DType dtype, double scale, int t, int n,
      int c) {
    return Tensor.normal(rng, DType.FLOAT64, 0, scale, t, n, c).logSoftmax(2).to(dtype);
  }

  private static double[][][] cube(Tensor x) {
    int t = x.size(0);
    int n = x.size(1);
    int c = x.size(2);
    double[] v = x.toDoubleArray();
    double[][][] out = new double[t][n][c];
    for (int i = 0; i < v.length; i++) {
      out[i / (n * c)][(i / c) % n][i % c] = v[i];
    }
    return out;
  }

  @Test
  void equalsTheSumOverAlignments() {
    Tensor x = logProbs(new SplittableRandom(1), DType.FLOAT64, 1.5, 5, 4, 3);
    // targets (padded with 0): [1, 2], [1, 1] (a repeat needs a blank between), [2], []
    Tensor targets = Tensor.of(new long[] {1, 2, 1, 1, 2, 0, 0, 0}, 4, 2);
    int[] inputs = {5, 3, 4, 2};
    int[] lengths = {2, 2, 1, 0};
    double[][][] lp = cube(x);
    double[] expected = {bruteForce(lp, 0, 5, List.of(1, 2)), bruteForce(lp, 1, 3, List.of(1, 1)),
        bruteForce(lp, 2, 4, List.of(2)), bruteForce(lp, 3, 2, List.of())};
    assertEquals(-(lp[0][3][0] + lp[1][3][0]), expected[3], 1e-12, "empty target: all blanks");
    Tensor none = Losses.ctc(x, targets, inputs, lengths, BLANK, Reduction.NONE);
    assertArrayEquals(expected, none.toDoubleArray(), 1e-12);
    double mean = (expected[0] / 2 + expected[1] / 2 + expected[2] / 1 + expected[3] / 1) / 4;
    assertEquals(mean, Losses.ctc(x, targets, inputs, lengths, BLANK, Reduction.MEAN).item(),
        1e-12, "each loss over its target length, then the batch mean");
    assertEquals(expected[0] + expected[1] + expected[2] + expected[3],
        Losses.ctc(x, targets, inputs, lengths, BLANK, Reduction.SUM).item(), 1e-12);
  }

  @Test
  void anotherBlankIndexIsTheSameLossWithClassesRelabelled() {
    Tensor x = logProbs(new SplittableRandom(2), DType.FLOAT64, 1, 4, 1, 3);
    // swap classes 0 and 2: blank 2 with target [0] equals blank 0 with target [2]
    Tensor swapped = x.indexSelect(2, 2, 1, 0);
    assertEquals(Losses.ctc(x, Tensor.of(new long[] {2}, 1, 1), new int[] {4}, new int[] {1}, 0,
        Reduction.SUM).item(), Losses.ctc(swapped, Tensor.of(new long[] {0}, 1, 1),
            new int[] {4}, new int[] {1}, 2, Reduction.SUM).item(), 1e-12);
  }

  @Test
  void gradientsToSecondOrder() {
    SplittableRandom rng = new SplittableRandom(3);
    Tensor targets = Tensor.of(new long[] {1, 1, 2, 0}, 2, 2);
    for (Reduction r : Reduction.values()) {
      GradCheck.create().secondOrder(true).check(in -> Losses.ctc(in[0].logSoftmax(2), targets,
          new int[] {4, 3}, new int[] {2, 1}, BLANK, r), Tensor.normal(rng, DType.FLOAT64, 0, 1,
              4, 2, 3));
    }
  }

  @Test
  void finiteAtExtremeLogitsInBothDtypes() {
    Tensor targets = Tensor.of(new long[] {1, 2}, 1, 2);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor z = Tensor.normal(new SplittableRandom(4), DType.FLOAT64, 0, 1000, 6, 1, 3)
          .to(dtype).requiresGrad(true);
      Tensor l = Losses.ctc(z.logSoftmax(2), targets, new int[] {6}, new int[] {2}, BLANK,
          Reduction.SUM);
      assertTrue(Double.isFinite(l.item()) && l.item() >= 0, dtype + ": " + l.item());
      l.backward();
      assertTrue(z.grad().allFinite(), dtype.toString());
    }
  }

  private static void assertMessage(String expected, Supplier<Tensor> call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call::get).getMessage());
  }

  @Test
  void badInputsGetSpecificErrors() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 3, 1, 3);
    Tensor repeat = Tensor.of(new long[] {1, 1}, 1, 2);
    assertMessage("ctc: sample 0 has 2 time steps, but its 2 labels with 1 repeated neighbours "
        + "need at least 3", () -> Losses.ctc(x, repeat, new int[] {2}, new int[] {2}, 0,
            Reduction.SUM));
    assertMessage("ctc: sample 0: target 0 at row 0 is the blank", () -> Losses.ctc(x,
        Tensor.of(new long[] {0, 1}, 1, 2), new int[] {3}, new int[] {2}, 0, Reduction.SUM));
    assertMessage("ctc: sample 0: target 5 at row 1 is out of range for 3 classes",
        () -> Losses.ctc(x, Tensor.of(new long[] {1, 5}, 1, 2), new int[] {3}, new int[] {2}, 0,
            Reduction.SUM));
    assertEquals(Losses.ctc(x, Tensor.of(new long[] {1, -1}, 1, 2), new int[] {3},
        new int[] {1}, 0, Reduction.SUM).item(), Losses.ctc(x, Tensor.of(new long[] {1}, 1, 1),
            new int[] {3}, new int[] {1}, 0, Reduction.SUM).item(), 0, "padding is not read");
    assertMessage("ctc: target length 3 of sample 0 is outside [0, 2]", () -> Losses.ctc(x,
        repeat, new int[] {3}, new int[] {3}, 0, Reduction.SUM));
    assertMessage("ctc: input length 4 of sample 0 is outside [1, 3]", () -> Losses.ctc(x,
        repeat, new int[] {4}, new int[] {2}, 0, Reduction.SUM));
    assertMessage("ctc: log-probabilities must be [time, batch, classes], got shape [3, 3]",
        () -> Losses.ctc(Tensor.zeros(DType.FLOAT64, 3, 3), repeat, new int[] {3}, new int[] {2},
            0, Reduction.SUM));
    assertMessage("ctc: blank 3 is out of range for 3 classes", () -> Losses.ctc(x, repeat,
        new int[] {3}, new int[] {2}, 3, Reduction.SUM));
  }
}
