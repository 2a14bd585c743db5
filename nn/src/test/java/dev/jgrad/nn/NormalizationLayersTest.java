package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * LayerNorm, BatchNorm1d/2d and GroupNorm: values against plain-Java references, running
 * statistics, first- and second-order gradient checks in float64 with respect to the input and
 * every parameter, and the errors of misfitting inputs.
 */
class NormalizationLayersTest {
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true);
  private static final DType F64 = DType.FLOAT64;

  private static Tensor randn(long seed, int... shape) {
    return Tensor.normal(new SplittableRandom(seed), F64, 0, 1, shape);
  }

  private static void set(Layer layer, String name, double... values) {
    Autograd.noGrad(() -> layer.stateDict().get(name).set(Tensor.of(values)));
  }

  /** (v - mean) / sqrt(biased var + eps) of a group of values. */
  private static double[] standardized(double[] v, double eps) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean) / v.length;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (v[i] - mean) / Math.sqrt(var + eps);
    }
    return out;
  }

  /** Checks f of (input, every parameter of the layer) through functionalCall. */
  private static void gradCheckEverything(Layer layer, Tensor x, Tensor mix) {
    LinkedHashMap<String, Tensor> params = layer.namedParameters();
    List<String> names = List.copyOf(params.keySet());
    Tensor[] inputs = new Tensor[names.size() + 1];
    inputs[0] = x;
    for (int i = 0; i < names.size(); i++) {
      // Values away from the initial ones and from each other, so no check is trivial.
      inputs[i + 1] = params.get(names.get(i)).add(randn(40 + i, params.get(names.get(i)).shape()
          .dims()).mul(0.3)).detach();
    }
    CHECK.check(in -> {
      Map<String, Tensor> m = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), in[i + 1]);
      }
      return layer.functionalCall(m, in[0]).mul(mix);
    }, inputs);
  }

  // ---------------------------------------------------------------- LayerNorm

  @Test
  void layerNormStandardizesEachSampleOverTheTrailingAxes() {
    LayerNorm ln = new LayerNorm(new int[] {4}, 1e-5, true, true, F64);
    set(ln, "weight", 1, 2, 0.5, -1);
    set(ln, "bias", 0, 0.1, 0, 1);
    double[][] x = {{1, 2, 3, 4}, {-2, 0, 0, 10}};
    double[] y = ln.forward(Tensor.of(x)).toDoubleArray();
    double[] w = {1, 2, 0.5, -1};
    double[] b = {0, 0.1, 0, 1};
    for (int r = 0; r < 2; r++) {
      double[] s = standardized(x[r], 1e-5);
      for (int j = 0; j < 4; j++) {
        assertEquals(s[j] * w[j] + b[j], y[r * 4 + j], 1e-14);
      }
    }
    // Over the last two axes of [2, 2, 3]: each sample's 6 values together.
    LayerNorm ln2 = new LayerNorm(new int[] {2, 3}, 1e-5, false, false, F64);
    Tensor t = randn(1, 2, 2, 3);
    double[] all = t.toDoubleArray();
    double[] y2 = ln2.forward(t).toDoubleArray();
    for (int n = 0; n < 2; n++) {
      double[] s = standardized(java.util.Arrays.copyOfRange(all, 6 * n, 6 * n + 6), 1e-5);
      for (int j = 0; j < 6; j++) {
        assertEquals(s[j], y2[6 * n + j], 1e-14);
      }
    }
    assertEquals(0, ln2.numParameters());
    assertEquals(List.of("weight"), List.copyOf(new LayerNorm(new int[] {3}, 1e-5, true, false,
        F64).namedParameters().keySet()));
  }

  @Test
  void layerNormPassesGradientChecks() {
    LayerNorm ln = new LayerNorm(new int[] {3}, 1e-5, true, true, F64);
    gradCheckEverything(ln, randn(2, 2, 3), randn(3, 2, 3));
    LayerNorm ln2 = new LayerNorm(new int[] {2, 2}, 0.1, true, true, F64);
    gradCheckEverything(ln2, randn(4, 3, 2, 2), randn(5, 3, 2, 2));
  }

  @Test
  void layerNormNamesAMisfit() {
    assertEquals("layer_norm: input shape [2, 5] does not end with the normalized shape [4]",
        assertThrows(IllegalArgumentException.class,
            () -> new LayerNorm(4).forward(Tensor.ones(F64, 2, 5))).getMessage());
    assertEquals("layer_norm: the normalized shape [3, 0] has a non-positive size",
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3, 0)).getMessage());
    assertEquals("layer_norm: eps must be finite and > 0, got 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> new LayerNorm(new int[] {3}, 0, true, true, F64)).getMessage());
  }

  // ---------------------------------------------------------------- BatchNorm

  @Test
  void batchNorm1dUsesBatchStatisticsInTrainingAndUpdatesTheRunningOnes() {
    BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.25, true, F64);
    set(bn, "weight", 2, -1);
    set(bn, "bias", 0.5, 0);
    double[][] x = {{1, 10}, {2, 20}, {6, -30}};
    double[] y = bn.forward(Tensor.of(x)).toDoubleArray();
    double[] w = {2, -1};
    double[] b = {0.5, 0};
    for (int c = 0; c < 2; c++) {
      double[] col = {x[0][c], x[1][c], x[2][c]};
      double[] s = standardized(col, 1e-5);
      for (int n = 0; n < 3; n++) {
        assertEquals(s[n] * w[c] + b[c], y[n * 2 + c], 1e-14);
      }
    }
    // mean [3, 0]; unbiased var [(4 + 1 + 9)/2, (100 + 400 + 900)/2] = [7, 700]
    assertArrayEquals(new double[] {0.25 * 3, 0}, bn.runningMean().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0.75 + 0.25 * 7, 0.75 + 0.25 * 700},
        bn.runningVar().toDoubleArray(), 1e-12);
    assertEquals(1, bn.numBatchesTracked());

    // Evaluation: the running statistics, a fixed map of each sample; nothing updates.
    bn.eval();
    double[] e = bn.forward(Tensor.of(new double[][] {{4, 5}})).toDoubleArray();
    assertEquals((4 - 0.75) / Math.sqrt(2.5 + 1e-5) * 2 + 0.5, e[0], 1e-14);
    assertEquals((5 - 0) / Math.sqrt(175.75 + 1e-5) * -1, e[1], 1e-14);
    assertEquals(1, bn.numBatchesTracked());
  }

  /**
   * num_batches_tracked is an INT64 count, as PyTorch saves it, and goes through a safetensors
   * file as I64; a file holding it as F64 (as earlier versions wrote it) still loads.
   */
  @Test
  void numBatchesTrackedIsAnInt64CountSavedAsI64() throws Exception {
    BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, true, F64);
    for (int i = 0; i < 3; i++) {
      bn.forward(Tensor.of(new double[][] {{1, 2}, {3, 5}}));
    }
    Tensor count = bn.stateDict().get("num_batches_tracked");
    assertEquals(DType.INT64, count.dtype());
    assertEquals(3L, count.longItem());
    byte[] file = dev.jgrad.io.SafeTensors.toBytes(bn.stateDict(), null);
    assertTrue(new String(file, java.nio.charset.StandardCharsets.UTF_8).contains(
        "\"num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[]"));
    BatchNorm1d back = new BatchNorm1d(2, 1e-5, 0.1, true, F64);
    back.loadStateDict(dev.jgrad.io.SafeTensors.read(file).tensors(), true);
    assertEquals(3L, back.numBatchesTracked());

    Map<String, Tensor> old = new LinkedHashMap<>(bn.stateDict());
    old.put("num_batches_tracked", Tensor.scalar(DType.FLOAT64, 7));
    BatchNorm1d fromOld = new BatchNorm1d(2, 1e-5, 0.1, true, F64);
    fromOld.loadStateDict(dev.jgrad.io.SafeTensors.read(
        dev.jgrad.io.SafeTensors.toBytes(old, null)).tensors(), true);
    assertEquals(7L, fromOld.numBatchesTracked());
    assertEquals(DType.INT64, fromOld.stateDict().get("num_batches_tracked").dtype());
  }

  @Test
  void batchNorm1dOfSequencesPoolsBatchAndLength() {
    BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, false, F64);
    assertEquals(0, bn.numParameters());
    Tensor x = randn(6, 3, 2, 4); // [N, C, L]
    double[] v = x.toDoubleArray();
    double[] y = bn.forward(x).toDoubleArray();
    for (int c = 0; c < 2; c++) {
      double[] group = new double[12];
      for (int n = 0; n < 3; n++) {
        for (int l = 0; l < 4; l++) {
          group[n * 4 + l] = v[n * 8 + c * 4 + l];
        }
      }
      double[] s = standardized(group, 1e-5);
      for (int n = 0; n < 3; n++) {
        for (int l = 0; l < 4; l++) {
          assertEquals(s[n * 4 + l], y[n * 8 + c * 4 + l], 1e-14);
        }
      }
    }
  }

  @Test
  void batchNorm2dPoolsBatchHeightAndWidth() {
    BatchNorm2d bn = new BatchNorm2d(3, 1e-3, 0.1, true, F64);
    set(bn, "weight", 1, 2, 3);
    Tensor x = randn(7, 2, 3, 2, 2);
    double[] v = x.toDoubleArray();
    double[] y = bn.forward(x).toDoubleArray();
    for (int c = 0; c < 3; c++) {
      double[] group = new double[8];
      for (int n = 0; n < 2; n++) {
        for (int k = 0; k < 4; k++) {
          group[n * 4 + k] = v[n * 12 + c * 4 + k];
        }
      }
      double[] s = standardized(group, 1e-3);
      for (int n = 0; n < 2; n++) {
        for (int k = 0; k < 4; k++) {
          assertEquals(s[n * 4 + k] * (c + 1), y[n * 12 + c * 4 + k], 1e-14);
        }
      }
    }
  }

  @Test
  void momentumZeroKeepsAndOneReplacesTheRunningStatistics() {
    Tensor x = Tensor.of(new double[][] {{1}, {3}});
    BatchNorm1d keep = new BatchNorm1d(1, 1e-5, 0, true, F64);
    keep.forward(x);
    assertArrayEquals(new double[] {0}, keep.runningMean().toDoubleArray(), 0);
    assertArrayEquals(new double[] {1}, keep.runningVar().toDoubleArray(), 0);
    BatchNorm1d replace = new BatchNorm1d(1, 1e-5, 1, true, F64);
    replace.forward(x);
    assertArrayEquals(new double[] {2}, replace.runningMean().toDoubleArray(), 0);
    assertArrayEquals(new double[] {2}, replace.runningVar().toDoubleArray(), 0, "unbiased");
  }

  @Test
  void batchNormPassesGradientChecksInBothModes() {
    BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, true, F64);
    gradCheckEverything(bn, randn(8, 4, 3), randn(9, 4, 3));
    gradCheckEverything(bn, randn(10, 2, 3, 3), randn(11, 2, 3, 3));
    BatchNorm2d bn2 = new BatchNorm2d(2, 1e-5, 0.1, true, F64);
    gradCheckEverything(bn2, randn(12, 2, 2, 2, 3), randn(13, 2, 2, 2, 3));
    bn2.eval();
    set(bn2, "running_mean", 0.5, -1);
    set(bn2, "running_var", 2, 0.3);
    gradCheckEverything(bn2, randn(14, 1, 2, 2, 2), randn(15, 1, 2, 2, 2));
  }

  @Test
  void batchNormNamesAMisfit() {
    assertEquals("batch_norm1d: training needs more than one value per channel, got input shape "
        + "[1, 4]", assertThrows(IllegalArgumentException.class,
            () -> new BatchNorm1d(4).forward(Tensor.ones(F64, 1, 4))).getMessage());
    BatchNorm1d evaluating = new BatchNorm1d(4);
    evaluating.eval();
    assertEquals(4, evaluating.forward(Tensor.ones(DType.FLOAT32, 1, 4)).numel(),
        "one sample is fine in evaluation mode");
    assertEquals("batch_norm1d: input has 5 channels (shape [2, 5]) but the layer has 4",
        assertThrows(IllegalArgumentException.class,
            () -> new BatchNorm1d(4).forward(Tensor.ones(F64, 2, 5))).getMessage());
    assertEquals("batch_norm1d: expected input [N, C] or [N, C, L], got shape [2, 4, 1, 1]",
        assertThrows(IllegalArgumentException.class,
            () -> new BatchNorm1d(4).forward(Tensor.ones(F64, 2, 4, 1, 1))).getMessage());
    assertEquals("batch_norm2d: expected input [N, C, H, W], got shape [2, 4]",
        assertThrows(IllegalArgumentException.class,
            () -> new BatchNorm2d(4).forward(Tensor.ones(F64, 2, 4))).getMessage());
    assertEquals("batch_norm2d: momentum must be in [0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class,
            () -> new BatchNorm2d(4, 1e-5, 1.5, true, F64)).getMessage());
    assertEquals("batch_norm1d: the number of features must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0)).getMessage());
  }

  @Test
  void aRejectedBatchLeavesTheRunningStatisticsAlone() {
    BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.5, true, F64);
    assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(F64, 1, 2)));
    assertEquals(0, bn.numBatchesTracked());
    assertArrayEquals(new double[] {0, 0}, bn.runningMean().toDoubleArray(), 0);
  }

  // ---------------------------------------------------------------- GroupNorm

  @Test
  void groupNormStandardizesEachSamplesGroups() {
    GroupNorm gn = new GroupNorm(2, 4, 1e-5, true, F64);
    set(gn, "weight", 1, 2, 3, 4);
    set(gn, "bias", 0, 0, 1, 1);
    Tensor x = randn(20, 2, 4, 3); // [N, C, L]: groups of 2 channels × 3 positions
    double[] v = x.toDoubleArray();
    double[] y = gn.forward(x).toDoubleArray();
    double[] w = {1, 2, 3, 4};
    double[] b = {0, 0, 1, 1};
    for (int n = 0; n < 2; n++) {
      for (int g = 0; g < 2; g++) {
        int from = n * 12 + g * 6;
        double[] s = standardized(java.util.Arrays.copyOfRange(v, from, from + 6), 1e-5);
        for (int k = 0; k < 6; k++) {
          int c = g * 2 + k / 3;
          assertEquals(s[k] * w[c] + b[c], y[from + k], 1e-14);
        }
      }
    }
    // One group over [C, L] is LayerNorm over the same axes.
    Tensor t = randn(21, 3, 4, 5);
    assertArrayEquals(new LayerNorm(new int[] {4, 5}, 1e-5, false, false, F64).forward(t)
        .toDoubleArray(), new GroupNorm(1, 4, 1e-5, false, F64).forward(t).toDoubleArray(), 1e-14);
  }

  @Test
  void groupNormPassesGradientChecks() {
    GroupNorm gn = new GroupNorm(2, 4, 1e-5, true, F64);
    gradCheckEverything(gn, randn(22, 2, 4, 2), randn(23, 2, 4, 2));
    GroupNorm gn2 = new GroupNorm(3, 3, 0.01, true, F64);
    gradCheckEverything(gn2, randn(24, 2, 3, 2, 2), randn(25, 2, 3, 2, 2));
  }

  @Test
  void groupNormNamesAMisfit() {
    assertEquals("group_norm: 6 channels do not divide into 4 groups",
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 6)).getMessage());
    assertEquals("group_norm: expected input [N, 6, ...], got shape [2, 4, 3]",
        assertThrows(IllegalArgumentException.class,
            () -> new GroupNorm(2, 6).forward(Tensor.ones(F64, 2, 4, 3))).getMessage());
    assertTrue(new GroupNorm(2, 6).toString().startsWith("GroupNorm(groups=2, channels=6"));
  }
}
