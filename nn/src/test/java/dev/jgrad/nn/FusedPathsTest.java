package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.nn.optim.Adam;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The nn paths that now run core's fused primitives give what the unfused compositions give:
 * {@link Losses#crossEntropy} in the plain case, {@link Linear} and a Linear + activation in a
 * {@link Sequential}, and an optimizer step on a non-contiguous parameter.
 */
class FusedPathsTest {
  private static final Tensor LABELS = Tensor.of(new long[] {2, 0, 1, 2, 1}, 5);

  /** The composite the plain case used before: -logSoftmax picked by gather, reduced. */
  private static Tensor composite(Tensor z, Reduction r) {
    Tensor terms = z.logSoftmax(1).gather(1, LABELS.unsqueeze(1)).squeeze(1).neg();
    return r.apply(terms);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void plainCrossEntropyEqualsTheComposite(Reduction r) {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor z = Tensor.normal(new SplittableRandom(1), t, 0, 2, 5, 3).requiresGrad(true);
      Tensor fused = Losses.crossEntropy(z, LABELS, r);
      Tensor unfused = composite(z, r);
      double tol = t == DType.FLOAT32 ? 1e-6 : 1e-14;
      assertEquals(unfused.shape(), fused.shape());
      assertArrayEquals(unfused.toDoubleArray(), fused.toDoubleArray(), tol, t + " " + r);
      Tensor g = Tensor.ones(t, fused.shape().dims());
      Tensor a = Autograd.grad(List.of(fused), List.of(z), List.of(g), false).get(0);
      Tensor b = Autograd.grad(List.of(unfused), List.of(z), List.of(g), false).get(0);
      assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), tol, t + " " + r + " gradient");
    }
  }

  @Test
  void plainCrossEntropyIsTwiceDifferentiable() {
    Tensor z = Tensor.normal(new SplittableRandom(2), DType.FLOAT64, 0, 1, 5, 3);
    GradCheck.create().secondOrder(true).forwardMode(true)
        .check(in -> Losses.crossEntropy(in[0], LABELS), z);
  }

  @Test
  void sequentialFusesLinearAndActivationWithTheSameResult() {
    SplittableRandom r = new SplittableRandom(3);
    Linear l1 = new Linear(4, 6, r);
    Linear l2 = new Linear(6, 3, r);
    Linear l3 = new Linear(3, 2, r);
    Sequential net = new Sequential(l1, new ReLU(), l2, new Tanh(), l3, new Sigmoid());
    Tensor x = Tensor.normal(r, DType.FLOAT32, 0, 1, 7, 4);
    Tensor fused = net.forward(x);
    Tensor unfused = x.matmul(l1.weight().transpose()).add(l1.bias()).relu();
    unfused = unfused.matmul(l2.weight().transpose()).add(l2.bias()).tanh();
    unfused = unfused.matmul(l3.weight().transpose()).add(l3.bias()).sigmoid();
    assertArrayEquals(unfused.toDoubleArray(), fused.toDoubleArray(), 0);
    List<Tensor> ps = List.of(l1.weight(), l1.bias(), l2.weight(), l2.bias(), l3.weight());
    List<Tensor> a = Autograd.grad(List.of(fused.sum()), ps, null, false);
    List<Tensor> b = Autograd.grad(List.of(unfused.sum()), ps, null, false);
    for (int i = 0; i < ps.size(); i++) {
      assertArrayEquals(b.get(i).toDoubleArray(), a.get(i).toDoubleArray(), 1e-6, "param " + i);
    }
  }

  @Test
  void optimizerUpdatesANonContiguousParameterLikeAContiguousOne() {
    SplittableRandom r = new SplittableRandom(4);
    Tensor base = Tensor.normal(r, DType.FLOAT64, 0, 1, 3, 2);
    Tensor strided = base.copy().transpose().requiresGrad(true); // [2, 3], strides [1, 2]
    Tensor dense = base.transpose().contiguous().requiresGrad(true);
    Tensor g = Tensor.normal(r, DType.FLOAT64, 0, 1, 2, 3);
    Adam a = new Adam(List.of(strided), 0.1);
    Adam b = new Adam(List.of(dense), 0.1);
    for (int step = 0; step < 3; step++) {
      strided.zeroGrad();
      dense.zeroGrad();
      strided.mul(g).sum().backward();
      dense.mul(g).sum().backward();
      a.step();
      b.step();
    }
    assertArrayEquals(dense.toDoubleArray(), strided.toDoubleArray(), 0);
  }
}
