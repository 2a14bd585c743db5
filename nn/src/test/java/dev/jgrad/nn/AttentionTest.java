package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scaled dot-product attention and MultiheadAttention: a closed form, a plain-Java reference
 * with masks and causality, gradient checks of both orders in float64, and errors.
 */
class AttentionTest {
  private static final DType F64 = DType.FLOAT64;
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true);

  private static Tensor randn(long seed, int... shape) {
    return Tensor.normal(new SplittableRandom(seed), F64, 0, 1, shape);
  }

  private static Tensor bools(boolean[] v, int... shape) {
    return Tensor.of(v, shape);
  }

  @Test
  void oneQueryTwoKeysInClosedForm() {
    Tensor q = Tensor.of(new double[] {1, 0}, 1, 2);
    Tensor k = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2);
    Tensor v = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor y = Attention.scaledDotProductAttention(q, k, v, null, false);
    double a0 = Math.exp(1 / Math.sqrt(2)) / (Math.exp(1 / Math.sqrt(2)) + 1);
    assertArrayEquals(new double[] {a0 * 1 + (1 - a0) * 3, a0 * 2 + (1 - a0) * 4},
        y.toDoubleArray(), 1e-15);
    // Masking key 0 leaves value 1 alone.
    assertArrayEquals(new double[] {3, 4}, Attention.scaledDotProductAttention(q, k, v,
        bools(new boolean[] {false, true}, 1, 2), false).toDoubleArray(), 0);
    // Causal: query 0 sees only key 0.
    assertArrayEquals(new double[] {1, 2}, Attention.scaledDotProductAttention(q, k, v, null,
        true).toDoubleArray(), 0);
  }

  /** softmax(q kᵀ / sqrt(E)) v over the allowed keys, for one [L, E] slice. */
  private static double[][] reference(double[][] q, double[][] k, double[][] v,
      boolean[][] allowed) {
    int lq = q.length;
    int lk = k.length;
    int e = q[0].length;
    double[][] out = new double[lq][v[0].length];
    for (int i = 0; i < lq; i++) {
      double[] s = new double[lk];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < lk; j++) {
        for (int c = 0; c < e; c++) {
          s[j] += q[i][c] * k[j][c];
        }
        s[j] /= Math.sqrt(e);
        if (allowed[i][j]) {
          max = Math.max(max, s[j]);
        }
      }
      double z = 0;
      for (int j = 0; j < lk; j++) {
        s[j] = allowed[i][j] ? Math.exp(s[j] - max) : 0;
        z += s[j];
      }
      for (int j = 0; j < lk; j++) {
        for (int c = 0; c < v[0].length; c++) {
          out[i][c] += s[j] / z * v[j][c];
        }
      }
    }
    return out;
  }

  private static double[][] slice(Tensor t, int b) {
    int l = t.size(1);
    int e = t.size(2);
    double[] all = t.toDoubleArray();
    double[][] out = new double[l][e];
    for (int i = 0; i < l; i++) {
      System.arraycopy(all, (b * l + i) * e, out[i], 0, e);
    }
    return out;
  }

  @Test
  void batchedAttentionWithAMaskAndCausalityMatchesTheReference() {
    Tensor q = randn(1, 2, 4, 3);
    Tensor k = randn(2, 2, 5, 3);
    Tensor v = randn(3, 2, 5, 2);
    boolean[] m = new boolean[2 * 4 * 5];
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < m.length; i++) {
      m[i] = i % 5 == 0 || r.nextBoolean(); // key 0 always allowed: no empty row
    }
    for (boolean causal : new boolean[] {false, true}) {
      Tensor y = Attention.scaledDotProductAttention(q, k, v, bools(m, 2, 4, 5), causal);
      assertEquals(Shape.of(2, 4, 2), y.shape());
      for (int b = 0; b < 2; b++) {
        boolean[][] allowed = new boolean[4][5];
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 5; j++) {
            allowed[i][j] = m[(b * 4 + i) * 5 + j] && (!causal || j <= i);
          }
        }
        double[][] expected = reference(slice(q, b), slice(k, b), slice(v, b), allowed);
        double[][] got = slice(y, b);
        for (int i = 0; i < 4; i++) {
          assertArrayEquals(expected[i], got[i], 1e-14);
        }
      }
    }
  }

  @Test
  void attentionPassesGradientChecksOfBothOrders() {
    Tensor mask = bools(new boolean[] {true, false, true, true, true, false}, 2, 3);
    Tensor mix = randn(9, 2, 2, 2);
    CHECK.check(in -> Attention.scaledDotProductAttention(in[0], in[1], in[2], mask, true)
        .mul(mix), randn(5, 2, 2, 3), randn(6, 2, 3, 3), randn(7, 2, 3, 2));
  }

  /** x [N, L, E] · W[rows r0..r0+E)ᵀ + b, in plain Java. */
  private static double[][] linear(double[][] x, double[] w, double[] b, int r0, int e) {
    double[][] y = new double[x.length][e];
    for (int i = 0; i < x.length; i++) {
      for (int o = 0; o < e; o++) {
        double acc = b == null ? 0 : b[r0 + o];
        for (int c = 0; c < x[0].length; c++) {
          acc += x[i][c] * w[(r0 + o) * x[0].length + c];
        }
        y[i][o] = acc;
      }
    }
    return y;
  }

  private static double[][] columns(double[][] x, int from, int n) {
    double[][] out = new double[x.length][n];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], from, out[i], 0, n);
    }
    return out;
  }

  @Test
  void multiheadAttentionMatchesTheReferenceWithPaddingAndAttentionMasks() {
    int e = 4;
    int h = 2;
    MultiheadAttention mha = new MultiheadAttention(e, h, true, true, new SplittableRandom(1),
        F64);
    // Nonzero biases, so they are checked too.
    dev.jgrad.Autograd.noGrad(() -> {
      mha.stateDict().get("in_proj_bias").set(randn(2, 3 * e));
      return mha.stateDict().get("out_proj.bias").set(randn(3, e));
    });
    LinkedHashMap<String, Tensor> p = mha.stateDict();
    assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
        List.copyOf(p.keySet()));
    Tensor q = randn(4, 2, 3, e);
    Tensor kv = randn(5, 2, 3, e);
    Tensor padding = bools(new boolean[] {false, false, true, false, false, false}, 2, 3);
    Tensor attn = bools(new boolean[] {false, false, false, false, true, false, false, false,
        false}, 3, 3); // query 1 may not attend to key 1
    Tensor y = mha.forward(q, kv, kv, padding, attn)[0];
    assertEquals(Shape.of(2, 3, e), y.shape());
    double[] w = p.get("in_proj_weight").toDoubleArray();
    double[] b = p.get("in_proj_bias").toDoubleArray();
    double[] wo = p.get("out_proj.weight").toDoubleArray();
    double[] bo = p.get("out_proj.bias").toDoubleArray();
    boolean[] pad = padding.toBooleanArray();
    boolean[] am = attn.toBooleanArray();
    for (int n = 0; n < 2; n++) {
      double[][] qq = linear(slice(q, n), w, b, 0, e);
      double[][] kk = linear(slice(kv, n), w, b, e, e);
      double[][] vv = linear(slice(kv, n), w, b, 2 * e, e);
      boolean[][] allowed = new boolean[3][3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          allowed[i][j] = !pad[n * 3 + j] && !am[i * 3 + j] && j <= i;
        }
      }
      double[][] joined = new double[3][e];
      for (int head = 0; head < h; head++) {
        double[][] o = reference(columns(qq, head * 2, 2), columns(kk, head * 2, 2),
            columns(vv, head * 2, 2), allowed);
        for (int i = 0; i < 3; i++) {
          System.arraycopy(o[i], 0, joined[i], head * 2, 2);
        }
      }
      double[][] expected = linear(joined, wo, bo, 0, e);
      double[][] got = slice(y, n);
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(expected[i], got[i], 1e-13);
      }
    }
    // Self-attention of one input is attention of (x, x, x); weights average the heads.
    Tensor[] both = mha.attend(q, q, q, null, null);
    assertArrayEquals(both[0].toDoubleArray(), mha.forward(q).toDoubleArray(), 0);
    assertEquals(Shape.of(2, 3, 3), both[1].shape());
    assertArrayEquals(new double[] {1, 0, 0}, java.util.Arrays.copyOf(both[1].toDoubleArray(), 3),
        1e-15, "causal: query 0 attends to key 0 only");
  }

  @Test
  void multiheadAttentionPassesGradientChecksOfBothOrders() {
    MultiheadAttention mha = new MultiheadAttention(4, 2, true, false, new SplittableRandom(2),
        F64);
    LinkedHashMap<String, Tensor> params = mha.namedParameters();
    List<String> names = List.copyOf(params.keySet());
    Tensor padding = bools(new boolean[] {false, true, false, false, false, false}, 2, 3);
    Tensor mix = randn(3, 2, 2, 4);
    Tensor[] inputs = new Tensor[names.size() + 2];
    inputs[0] = randn(4, 2, 2, 4);
    inputs[1] = randn(5, 2, 3, 4);
    for (int i = 0; i < names.size(); i++) {
      inputs[i + 2] = randn(10 + i, params.get(names.get(i)).shape().dims()).mul(0.5);
    }
    CHECK.check(in -> {
      Map<String, Tensor> m = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), in[i + 2]);
      }
      return mha.functionalCall(m, () -> mha.forward(in[0], in[1], in[1], padding)[0]).mul(mix);
    }, inputs);
  }

  @Test
  void errorsNameShapesAndMasks() {
    Tensor x = Tensor.zeros(F64, 1, 2, 4);
    assertEquals("scaled_dot_product_attention: query [0, 1] of scores [1, 2, 2] may attend to "
        + "no key (every key is masked)", assertThrows(IllegalArgumentException.class,
            () -> Attention.scaledDotProductAttention(x, x, x, bools(new boolean[] {true, false,
                false, false}, 1, 2, 2), false)).getMessage());
    assertEquals("scaled_dot_product_attention: the mask must be BOOL, got float64",
        assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProductAttention(
            x, x, x, Tensor.ones(F64, 2, 2), false)).getMessage());
    assertEquals("scaled_dot_product_attention: q [1, 2, 4] and k [1, 2, 3] must have the same "
        + "last size", assertThrows(IllegalArgumentException.class,
            () -> Attention.scaledDotProductAttention(x, Tensor.zeros(F64, 1, 2, 3), x, null,
                false)).getMessage());
    assertEquals("multihead_attention: embed dim 6 is not divisible by the number of heads 4",
        assertThrows(IllegalArgumentException.class,
            () -> new MultiheadAttention(6, 4, new SplittableRandom(1))).getMessage());
    MultiheadAttention mha = new MultiheadAttention(4, 2, new SplittableRandom(1));
    assertEquals("multihead_attention: expected q [N, Lq, 4], k and v [N, Lk, 4], got q [1, 2, "
        + "3], k [1, 2, 3], v [1, 2, 3]", assertThrows(IllegalArgumentException.class,
            () -> mha.forward(Tensor.zeros(DType.FLOAT32, 1, 2, 3))).getMessage());
    assertEquals("multihead_attention: the key padding mask must be BOOL [N, Lk] = [1, 2], got "
        + "bool [2, 1]", assertThrows(IllegalArgumentException.class, () -> mha.forward(
            Tensor.zeros(DType.FLOAT32, 1, 2, 4), Tensor.zeros(DType.FLOAT32, 1, 2, 4),
            Tensor.zeros(DType.FLOAT32, 1, 2, 4), bools(new boolean[] {false, false}, 2, 1)))
            .getMessage());
    assertEquals("multihead_attention: takes (x), (q, k, v), (q, k, v, keyPaddingMask) or (q, k, "
        + "v, keyPaddingMask, attnMask), got 2 inputs", assertThrows(
            IllegalArgumentException.class, () -> mha.forward(x, x)).getMessage());
  }
}
