package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayerBaseTest {
  private static Sequential mlp() {
    SplittableRandom rng = new SplittableRandom(1);
    return new Sequential(new Linear(4, 5, rng), new ReLU(), new Linear(5, 3, rng),
        new Softmax());
  }

  @Test
  void namedParametersArePytorchStyleInOrderWithOutInShapes() {
    LinkedHashMap<String, Tensor> p = mlp().namedParameters();
    assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"),
        List.copyOf(p.keySet()));
    assertEquals(Shape.of(5, 4), p.get("layers.0.weight").shape());
    assertEquals(Shape.of(5), p.get("layers.0.bias").shape());
    assertEquals(Shape.of(3, 5), p.get("layers.2.weight").shape());
    assertEquals(Shape.of(3), p.get("layers.2.bias").shape());
    for (Tensor t : p.values()) {
      assertTrue(t.requiresGrad() && t.isLeaf());
    }
  }

  @Test
  void countsParameters() {
    assertEquals(5 * 4 + 5 + 3 * 5 + 3, mlp().numParameters());
    assertEquals(4, mlp().parameters().size());
    assertEquals(0, new ReLU().numParameters());
  }

  @Test
  void namedParametersAreLiveTensorsAndAFreshMap() {
    Sequential m = mlp();
    assertSame(((Linear) m.get(0)).weight(), m.namedParameters().get("layers.0.weight"));
    m.namedParameters().clear();
    assertEquals(4, m.namedParameters().size());
  }

  @Test
  void trainAndEvalPropagateToSubmodules() {
    Sequential m = mlp();
    assertTrue(m.isTraining() && m.get(0).isTraining());
    m.eval();
    assertFalse(m.isTraining());
    for (Layer c : m.layers()) {
      assertFalse(c.isTraining());
    }
    m.train();
    assertTrue(m.get(3).isTraining());
  }

  @Test
  void zeroGradClearsEveryParameterGradient() {
    Sequential m = mlp();
    m.forward(Tensor.ones(DType.FLOAT32, 2, 4)).sum().backward();
    for (Tensor p : m.parameters()) {
      assertNotNull(p.grad());
    }
    m.zeroGrad();
    for (Tensor p : m.parameters()) {
      assertNull(p.grad());
    }
  }

  /** A layer that registers the same tensor twice: it is listed and counted once. */
  static final class Tied extends Layer {
    Tied() {
      Tensor w = Tensor.ones(DType.FLOAT64, 2, 2);
      registerParameter("w", w);
      registerLayer("inner", new Layer() {
        {
          registerParameter("shared", w);
          registerParameter("own", Tensor.zeros(DType.FLOAT64, 3));
        }

        @Override
        public Tensor forward(Tensor input) {
          return input;
        }
      });
    }

    @Override
    public Tensor forward(Tensor input) {
      return input.matmul(parameter("w"));
    }
  }

  @Test
  void sharedParametersAreListedOnce() {
    Tied t = new Tied();
    assertEquals(List.of("w", "inner.own"), List.copyOf(t.namedParameters().keySet()));
    assertEquals(7, t.numParameters());
  }

  @Test
  void functionalCallSubstitutesParametersAndRestoresThem() {
    Linear lin = new Linear(2, 1, true, Init.constant(1), Init.zeros(), null, DType.FLOAT64);
    Tensor x = Tensor.of(new double[] {1, 2}, 1, 2);
    Tensor w = Tensor.of(new double[] {3, -1}, 1, 2).requiresGrad(true);
    Tensor y = lin.functionalCall(Map.of("weight", w), x);
    assertEquals(1.0, y.item(), 0); // 3·1 - 1·2 + 0
    y.sum().backward();
    assertArrayEquals(new double[] {1, 2}, w.grad().toDoubleArray(), 0);
    assertNull(lin.weight().grad(), "the layer's own weight took no part");
    assertEquals(3.0, lin.forward(x).item(), 0); // own weight (ones) is back
  }

  @Test
  void functionalCallRejectsUnknownNamesAndWrongShapes() {
    Sequential m = mlp();
    Tensor x = Tensor.ones(DType.FLOAT32, 1, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.functionalCall(Map.of("layers.1.weight", Tensor.zeros(DType.FLOAT32, 5, 4)), x));
    assertTrue(e.getMessage().startsWith("functional_call: no parameter named 'layers.1.weight'"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.functionalCall(Map.of("layers.0.weight", Tensor.zeros(DType.FLOAT32, 4, 5)), x));
    assertEquals("functional_call: 'layers.0.weight' has shape [5, 4], the replacement has "
        + "[4, 5]", e.getMessage());
  }

  @Test
  void registrationRejectsBadAndDuplicateNames() {
    class Bad extends Layer {
      Bad(String a, String b) {
        registerParameter(a, Tensor.zeros(DType.FLOAT64, 1));
        registerParameter(b, Tensor.zeros(DType.FLOAT64, 1));
      }

      @Override
      public Tensor forward(Tensor input) {
        return input;
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new Bad("w", "w"));
    assertThrows(IllegalArgumentException.class, () -> new Bad("w", "a.b"));
    assertThrows(IllegalArgumentException.class, () -> new Bad("w", ""));
    assertEquals("sequential: no layers given", assertThrows(IllegalArgumentException.class,
        () -> new Sequential(List.of())).getMessage());
  }

  @Test
  void aNullLayerInSequentialIsNamedByPosition() {
    // Was a NullPointerException without a message.
    assertEquals("sequential: layer 0 of 1 is null", assertThrows(IllegalArgumentException.class,
        () -> new Sequential((Layer) null)).getMessage());
    assertEquals("sequential: layer 1 of 3 is null", assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new ReLU(), null, new Tanh())).getMessage());
    assertEquals("sequential: the list of layers is null",
        assertThrows(IllegalArgumentException.class, () -> new Sequential((Layer[]) null))
            .getMessage());
  }

  @Test
  void toStringShowsTheTree() {
    assertEquals("Sequential(\n"
        + "  (layers.0): Linear(in=4, out=5, bias=true)\n"
        + "  (layers.1): ReLU()\n"
        + "  (layers.2): Linear(in=5, out=3, bias=true)\n"
        + "  (layers.3): Softmax(axis=-1)\n"
        + ")", mlp().toString());
  }

  /** The obvious Java style: a final Parameter field, read with value() in forward. */
  static final class FieldScale extends Layer {
    private final Parameter scale = registerParameter("scale",
        Tensor.of(new double[] {2, -1, 0.5}));

    @Override
    public Tensor forward(Tensor x) {
      return x.mul(scale.value()).sin();
    }
  }

  /** The style the issue found silently wrong: the parameter's Tensor kept in a field. */
  static final class StaleScale extends Layer {
    private final Tensor scale = Tensor.of(new double[] {2, -1, 0.5});

    StaleScale() {
      registerParameter("scale", scale);
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.mul(scale);
    }
  }

  @Test
  void functionalCallOfAFieldStyleLayerHasTheReplacementsGradients() {
    FieldScale layer = new FieldScale();
    Tensor x = Tensor.of(new double[] {0.3, -0.7, 1.1});
    Tensor s = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Tensor y = layer.functionalCall(Map.of("scale", s), x);
    // d/ds sum(sin(x·s)) = x·cos(x·s)
    y.sum().backward();
    double[] xs = x.toDoubleArray();
    double[] sv = {1, 2, 3};
    double[] g = s.grad().toDoubleArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(xs[i] * Math.cos(xs[i] * sv[i]), g[i], 1e-15);
    }
    assertNull(layer.parameters().get(0).grad(), "the live parameter took no part");
    dev.jgrad.GradCheck.create().secondOrder(true).check(
        in -> layer.functionalCall(Map.of("scale", in[1]), in[0]), x, s.detach());
  }

  @Test
  void functionalCallReportsAReplacementTheLayerNeverRead() {
    StaleScale layer = new StaleScale();
    Tensor s = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    // Before handles this returned the old value's output, and s got the gradient [0, 0, 0].
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> layer.functionalCall(Map.of("scale", s), Tensor.ones(DType.FLOAT64, 3)));
    assertEquals("functional_call: the replacements for [scale] were never read, so they would "
        + "get zero gradients: the layer does not use them, or computes with a Tensor kept in a "
        + "field (the value from before the call) instead of reading its Parameter handle's "
        + "value() in forward", e.getMessage());
  }

  @Test
  void functionalCallIsPerThreadNestsAndSubstitutesSharedParametersTogether() throws Exception {
    FieldScale layer = new FieldScale();
    Tensor x = Tensor.ones(DType.FLOAT64, 3);
    double[] live = layer.forward(x).toDoubleArray();
    double[][] seen = new double[1][];
    Tensor inner = layer.functionalCall(Map.of("scale", Tensor.zeros(DType.FLOAT64, 3)), () -> {
      Thread t = new Thread(() -> seen[0] = layer.forward(x).toDoubleArray());
      t.start();
      try {
        t.join();
      } catch (InterruptedException ex) {
        throw new AssertionError(ex);
      }
      Sequential outer = new Sequential(layer);
      // A nested call on an enclosing model overrides the same parameter.
      return outer.functionalCall(Map.of("layers.0.scale", Tensor.full(DType.FLOAT64, Math.PI / 2,
          3)), () -> outer.forward(x));
    });
    assertArrayEquals(live, seen[0], 0, "another thread sees the live parameter");
    assertArrayEquals(new double[] {1, 1, 1}, inner.toDoubleArray(), 1e-15);

    Tied tied = new Tied();
    Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor out = tied.functionalCall(Map.of("inner.shared", w), Tensor.eye(DType.FLOAT64, 2));
    assertArrayEquals(w.toDoubleArray(), out.toDoubleArray(), 0, "replaced under its alias");
    assertEquals("functional_call: 'w' and 'inner.shared' are the same (shared) parameter; give "
        + "one replacement", assertThrows(IllegalArgumentException.class,
            () -> tied.functionalCall(new java.util.TreeMap<>(Map.of("w", w, "inner.shared", w)),
                Tensor.eye(DType.FLOAT64, 2))).getMessage().replace("'inner.shared' and 'w'",
            "'w' and 'inner.shared'"));
  }

  @Test
  void buffersAreStateButNotParameters() {
    BatchNorm1d bn = new BatchNorm1d(3);
    assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
    assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(bn.namedBuffers().keySet()));
    Sequential m = new Sequential(new Linear(2, 3, new SplittableRandom(0)), bn);
    assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
        "layers.1.running_mean", "layers.1.running_var", "layers.1.num_batches_tracked"),
        List.copyOf(m.stateDict().keySet()));
    assertEquals(2 * 3 + 3 + 3 + 3, m.numParameters());
    for (Tensor b : m.namedBuffers().values()) {
      assertFalse(b.requiresGrad());
    }
    class BadBuffer extends Layer {
      BadBuffer() {
        registerBuffer("b", Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true));
      }

      @Override
      public Tensor forward(Tensor input) {
        return input;
      }
    }
    assertEquals("layer: buffer 'b' must be a leaf tensor that does not require grad",
        assertThrows(IllegalArgumentException.class, BadBuffer::new).getMessage());
  }

  /** Two inputs, two outputs: (a, b) -> (a + b, a·b·w). */
  static final class SumAndProduct extends MultiIoLayer {
    private final Parameter w = registerParameter("w", Tensor.of(new double[] {1.5, -2}));

    @Override
    public Tensor[] forward(Tensor... in) {
      return new Tensor[] {in[0].add(in[1]), in[0].mul(in[1]).mul(w.value())};
    }
  }

  /** One input, two outputs: x -> (x, -x). */
  static final class PlusMinus extends MultiIoLayer {
    @Override
    public Tensor[] forward(Tensor... in) {
      return new Tensor[] {in[0], in[0].neg()};
    }
  }

  /** Two inputs, one output. */
  static final class Difference extends MultiIoLayer {
    @Override
    public Tensor[] forward(Tensor... in) {
      return new Tensor[] {in[0].sub(in[1])};
    }
  }

  @Test
  void multiInputOutputLayersChainInSequential() {
    Sequential m = new Sequential(new SumAndProduct(), new Difference(), new Tanh());
    Tensor a = Tensor.of(new double[] {0.5, -1});
    Tensor b = Tensor.of(new double[] {2, 0.25});
    Tensor[] out = m.forward(a, b);
    assertEquals(1, out.length);
    double[] expected = {Math.tanh(2.5 - 0.5 * 2 * 1.5), Math.tanh(-0.75 - (-1 * 0.25 * -2))};
    assertArrayEquals(expected, out[0].toDoubleArray(), 1e-15);
    assertEquals(List.of("layers.0.w"), List.copyOf(m.namedParameters().keySet()));
    dev.jgrad.GradCheck.create().secondOrder(true).check(
        in -> m.functionalCall(Map.of("layers.0.w", in[2]), () -> m.forward(in[0], in[1]))[0],
        a, b, Tensor.of(new double[] {1.5, -2}));

    Sequential split = new Sequential(new PlusMinus(), new SumAndProduct());
    assertArrayEquals(new double[] {0, 0}, split.forward(new Tensor[] {a})[0].toDoubleArray(), 0);
    assertEquals("PlusMinus: forward(Tensor) needs exactly one output, but the layer returns 2; "
        + "call forward(Tensor...)", assertThrows(IllegalArgumentException.class,
            () -> split.forward(a)).getMessage());
    assertEquals("Tanh: takes one input, got 2", assertThrows(IllegalArgumentException.class,
        () -> new Tanh().forward(a, b)).getMessage());
    assertEquals(1, new Difference().forward(a, b).length);
    assertArrayEquals(new double[] {0, 0}, new Difference().forward(new Tensor[] {a, a})[0]
        .toDoubleArray(), 0);
  }

  @Test
  void zeroGradInPlaceReusesTheLinearWeightsGradientBuffer() {
    Linear layer = new Linear(6, 4, new SplittableRandom(7));
    // float32 like the layer, so the fused linear's rule writes into the buffer itself
    Tensor x = Tensor.normal(new SplittableRandom(8), DType.FLOAT32, 0, 1, 5, 6);
    layer.forward(x).square().sum().backward();
    double[] fresh = layer.weight().grad().toDoubleArray();
    Tensor buffer = layer.weight().grad();
    layer.zeroGrad(false);
    assertArrayEquals(new double[24], buffer.toDoubleArray());
    layer.forward(x).square().sum().backward();
    assertSame(buffer, layer.weight().grad());
    assertArrayEquals(fresh, buffer.toDoubleArray());
    layer.zeroGrad();
    assertNull(layer.weight().grad());
  }
}
