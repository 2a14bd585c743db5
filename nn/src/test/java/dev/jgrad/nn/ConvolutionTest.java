package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Conv1d and Conv2d: hand-computed values, a naive loop reference over stride, padding,
 * dilation and groups, gradient checks of both orders in float64, initialization bounds and
 * errors.
 */
class ConvolutionTest {
  private static final DType F64 = DType.FLOAT64;
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true);

  private static Tensor randn(long seed, int... shape) {
    return Tensor.normal(new SplittableRandom(seed), F64, 0, 1, shape);
  }

  private static void set(Layer layer, String name, Tensor value) {
    Autograd.noGrad(() -> layer.stateDict().get(name).set(value));
  }

  private static Conv2d conv2d(int in, int out, int k, int s, int p, int d, int g, boolean bias) {
    return new Conv2d(in, out, new int[] {k, k}, new int[] {s, s}, new int[] {p, p},
        new int[] {d, d}, g, bias, null, null, new SplittableRandom(1), F64);
  }

  @Test
  void aThreeByThreeKernelOnAThreeByThreeImage() {
    Conv2d c = new Conv2d(1, 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0},
        new int[] {1, 1}, 1, true, null, null, new SplittableRandom(1), F64);
    set(c, "weight", Tensor.of(new double[] {1, 0, -1, 2, 0, -2, 1, 0, -1}, 1, 1, 3, 3));
    set(c, "bias", Tensor.of(new double[] {0.5}));
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
    Tensor y = c.forward(x);
    assertEquals(Shape.of(1, 1, 1, 1), y.shape());
    // (1 - 3) + 2 (4 - 6) + (7 - 9) = -8, plus the bias
    assertEquals(-7.5, y.item(), 0);

    // Padding 1: the 3×3 output; the centre is the value above, corner (0, 0) sees
    // [[0, 0, 0], [0, 1, 2], [0, 4, 5]]: 2·(0 - 2) + (0 - 5) = -9.
    Conv2d padded = new Conv2d(1, 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1}, 1, false, null, null, new SplittableRandom(1), F64);
    set(padded, "weight", Tensor.of(new double[] {1, 0, -1, 2, 0, -2, 1, 0, -1}, 1, 1, 3, 3));
    assertArrayEquals(new double[] {-9, -6, 9, -20, -8, 20, -21, -6, 21},
        padded.forward(x).toDoubleArray(), 0);
  }

  @Test
  void aConv1dOfKnownWeights() {
    Conv1d c = new Conv1d(2, 1, 2, 2, 1, 1, 1, false, null, null, new SplittableRandom(1), F64);
    set(c, "weight", Tensor.of(new double[] {1, 10, 100, 1000}, 1, 2, 2));
    // channel 0 [1, 2, 3], channel 1 [4, 5, 6], padded to [0, 1, 2, 3, 0] and [0, 4, 5, 6, 0];
    // windows at 0 and 2 (stride 2): [0, 1]·[1, 10] + [0, 4]·[100, 1000] = 4010, then
    // [2, 3]·[1, 10] + [5, 6]·[100, 1000] = 32 + 6500
    Tensor y = c.forward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 2, 3));
    assertEquals(Shape.of(1, 1, 2), y.shape());
    assertArrayEquals(new double[] {4010, 6532}, y.toDoubleArray(), 0);
  }

  /** The definition, as loops. */
  private static double[] naive(double[] x, int n, int cin, int h, int w, double[] wt, int cout,
      int k, double[] b, int s, int p, int d, int g) {
    int ho = (h + 2 * p - d * (k - 1) - 1) / s + 1;
    int wo = (w + 2 * p - d * (k - 1) - 1) / s + 1;
    int cg = cin / g;
    int og = cout / g;
    double[] y = new double[n * cout * ho * wo];
    for (int ni = 0; ni < n; ni++) {
      for (int o = 0; o < cout; o++) {
        int grp = o / og;
        for (int i = 0; i < ho; i++) {
          for (int j = 0; j < wo; j++) {
            double acc = b == null ? 0 : b[o];
            for (int c = 0; c < cg; c++) {
              for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                  int r = i * s + u * d - p;
                  int q = j * s + v * d - p;
                  if (r >= 0 && r < h && q >= 0 && q < w) {
                    acc += wt[((o * cg + c) * k + u) * k + v]
                        * x[((ni * cin + grp * cg + c) * h + r) * w + q];
                  }
                }
              }
            }
            y[((ni * cout + o) * ho + i) * wo + j] = acc;
          }
        }
      }
    }
    return y;
  }

  @Test
  void conv2dMatchesTheLoopDefinitionOverStridePaddingDilationAndGroups() {
    int[][] cases = { // in, out, k, stride, pad, dilation, groups, h, w
        {3, 2, 3, 1, 0, 1, 1, 5, 6}, {2, 4, 3, 2, 1, 1, 2, 7, 5}, {4, 4, 2, 1, 2, 2, 4, 4, 4},
        {6, 3, 3, 3, 1, 2, 3, 9, 8}, {1, 5, 1, 1, 0, 1, 1, 3, 2}};
    int seed = 10;
    for (int[] t : cases) {
      Conv2d c = conv2d(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[1] % 2 == 0);
      Tensor x = randn(seed++, 2, t[0], t[7], t[8]);
      double[] b = c.hasBias() ? c.namedParameters().get("bias").toDoubleArray() : null;
      double[] expected = naive(x.toDoubleArray(), 2, t[0], t[7], t[8],
          c.namedParameters().get("weight").toDoubleArray(), t[1], t[2], b, t[3], t[4], t[5],
          t[6]);
      Tensor y = c.forward(x);
      assertEquals(2 * t[1] * Windows.outSize(t[7], t[2], t[3], t[4], t[5])
          * Windows.outSize(t[8], t[2], t[3], t[4], t[5]), y.numel());
      assertArrayEquals(expected, y.toDoubleArray(), 1e-12, java.util.Arrays.toString(t));
    }
  }

  @Test
  void conv1dIsConv2dOfHeightOne() {
    Conv1d c1 = new Conv1d(4, 2, 3, 2, 1, 2, 2, true, null, null, new SplittableRandom(5), F64);
    Conv2d c2 = new Conv2d(4, 2, new int[] {1, 3}, new int[] {1, 2}, new int[] {0, 1},
        new int[] {1, 2}, 2, true, null, null, new SplittableRandom(2), F64);
    set(c2, "weight", c1.namedParameters().get("weight").unsqueeze(2).detach());
    set(c2, "bias", c1.namedParameters().get("bias").detach());
    Tensor x = randn(6, 3, 4, 9);
    Tensor y1 = c1.forward(x);
    assertEquals(Shape.of(3, 2, 4), y1.shape());
    assertArrayEquals(c2.forward(x.unsqueeze(2)).toDoubleArray(), y1.toDoubleArray(), 1e-12);
  }

  /** Checks f of (input, weight, bias) through functionalCall, both orders. */
  private static void gradCheck(Convolution c, Tensor x, long seed) {
    Tensor w = randn(seed, c.namedParameters().get("weight").shape().dims());
    Tensor mix = randn(seed + 1, c.forward(x).shape().dims());
    if (c.hasBias()) {
      CHECK.check(in -> c.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]).tanh()
          .mul(mix), x, w, randn(seed + 2, c.outChannels()));
    } else {
      CHECK.check(in -> c.functionalCall(Map.of("weight", in[1]), in[0]).tanh().mul(mix), x, w);
    }
  }

  @Test
  void passGradientChecksOfBothOrders() {
    gradCheck(conv2d(2, 2, 2, 1, 1, 1, 1, true), randn(1, 1, 2, 3, 3), 20);
    gradCheck(conv2d(2, 4, 2, 2, 1, 2, 2, false), randn(2, 2, 2, 4, 3), 30);
    gradCheck(new Conv1d(3, 3, 2, 1, 1, 2, 3, true, null, null, new SplittableRandom(3), F64),
        randn(3, 2, 3, 4), 40);
  }

  @Test
  void defaultInitializationIsBoundedByOneOverSqrtFanIn() {
    Conv2d c = new Conv2d(6, 8, new int[] {3, 2}, new int[] {1, 1}, new int[] {0, 0},
        new int[] {1, 1}, 2, true, null, null, new SplittableRandom(9), F64);
    double bound = 1 / Math.sqrt(3 * 3 * 2); // C_in/G · k_h · k_w
    double[] w = c.namedParameters().get("weight").toDoubleArray();
    assertEquals(8 * 3 * 3 * 2, w.length);
    double max = 0;
    for (double v : w) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= bound && max > 0.9 * bound, "spread over U(-b, b): max " + max);
    for (double v : c.namedParameters().get("bias").toDoubleArray()) {
      assertTrue(Math.abs(v) <= bound);
    }
    assertEquals(Shape.of(8, 3, 3, 2), c.namedParameters().get("weight").shape());
    assertEquals(DType.FLOAT32, new Conv2d(1, 2, 3, new SplittableRandom(1))
        .namedParameters().get("weight").dtype());
  }

  @Test
  void errorsNameShapesChannelsAndGroups() {
    Conv2d c = conv2d(3, 4, 3, 1, 0, 1, 1, true);
    assertEquals("conv2d: input has 4 channels (shape [1, 4, 5, 5]) but the layer takes 3",
        assertThrows(IllegalArgumentException.class,
            () -> c.forward(Tensor.zeros(F64, 1, 4, 5, 5))).getMessage());
    assertEquals("conv2d: expected input [N, C, H, W], got shape [3, 5, 5]",
        assertThrows(IllegalArgumentException.class,
            () -> c.forward(Tensor.zeros(F64, 3, 5, 5))).getMessage());
    assertEquals("conv2d: input shape [1, 3, 2, 5] is too small for kernel [3, 3] with padding "
        + "[0, 0] and dilation [1, 1] (the padded size 2 on axis 2 is below the dilated "
        + "kernel's 3)", assertThrows(IllegalArgumentException.class,
            () -> c.forward(Tensor.zeros(F64, 1, 3, 2, 5))).getMessage());
    assertEquals("conv2d: in channels 3 and out channels 4 must both be divisible by groups 2",
        assertThrows(IllegalArgumentException.class, () -> conv2d(3, 4, 3, 1, 0, 1, 2, true))
            .getMessage());
    assertEquals("conv2d: stride must be >= 1, got [0, 0]",
        assertThrows(IllegalArgumentException.class, () -> conv2d(3, 4, 3, 0, 0, 1, 1, true))
            .getMessage());
    assertEquals("conv2d: kernel size must have 2 values, got [3]",
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, new int[] {3},
            new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1, true, null, null, null,
            F64)).getMessage());
    assertEquals("conv1d: padding must be >= 0, got [-1]",
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(1, 1, 3, 1, -1, 1, 1,
            true, null, null, new SplittableRandom(1), F64)).getMessage());
    assertEquals("conv1d: input must be floating point, got int64",
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(1, 1, 1,
            new SplittableRandom(1)).forward(Tensor.of(new long[] {1, 2}, 1, 1, 2)))
            .getMessage());
  }
}
