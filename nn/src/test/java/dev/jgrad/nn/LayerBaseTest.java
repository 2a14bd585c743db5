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

  /** A module that registers the same tensor twice: it is listed and counted once. */
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
    assertNull(lin.weight().grad(), "the module's own weight took no part");
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
    assertThrows(IllegalArgumentException.class, () -> new Sequential(List.of()));
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
}
