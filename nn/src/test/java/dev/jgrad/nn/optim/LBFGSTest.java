package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** L-BFGS: its first iterations by hand, convergence to known optima, and its errors. */
class LBFGSTest {
  private static final Tensor C = Tensor.of(new double[] {1, 4});

  /** {@code f(w) = ½(w1² + 4·w2²)}, gradient {@code (w1, 4·w2)}, minimum 0 at the origin. */
  private static Tensor bowl(Tensor w) {
    return w.square().mul(C).sum().mul(0.5);
  }

  @Test
  void firstTwoIterationsByHand() {
    Tensor w = Tensor.of(new double[] {1, 1}).requiresGrad(true);
    LBFGS opt = new LBFGS(List.of(w), 1).maxIter(2).maxEval(10); // default maxEval 2 stops at 1
    int[] calls = {0};
    double first = opt.step(() -> {
      calls[0]++;
      return bowl(w);
    }).item();
    assertEquals(2.5, first, 0, "the loss before the step");
    // Iteration 1: g = (1, 4), d = -g, t = min(1, 1/|g|₁) = 0.2, w = (0.8, 0.2).
    // Iteration 2: y = (-0.2, -3.2), s = (-0.2, -0.8), y·s = 2.6, H₀ = 2.6/10.28; two-loop
    // recursion on q = -(0.8, 0.8) gives d, t = 1 (no re-evaluation after the last iteration).
    assertArrayEquals(new double[] {0.543070936845256, -0.03394193355282851}, w.toDoubleArray(),
        1e-15);
    assertEquals(2, calls[0]);
    assertEquals(2, opt.stateDict().get("state.func_evals").item());
    assertEquals(2, opt.stateDict().get("state.n_iter").item());
    assertEquals(1, opt.stateDict().get("state.ro").numel(), "one (s, y) pair");
  }

  @Test
  void convergesToTheMinimumOfAQuadratic() {
    // f(w) = ½ wᵀAw - bᵀw, A symmetric positive definite: the minimum is A⁻¹b = (1, -2, 0.5).
    Tensor a = Tensor.of(new double[][] {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}});
    Tensor opt = Tensor.of(new double[] {1, -2, 0.5});
    Tensor b = a.matmul(opt);
    for (LBFGS.LineSearch search : LBFGS.LineSearch.values()) {
      Tensor w = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
      LBFGS o = new LBFGS(List.of(w), 1).lineSearch(search).toleranceGrad(1e-10)
          .toleranceChange(1e-14).maxIter(50).maxEval(100);
      o.step(() -> w.matmul(a.matmul(w)).mul(0.5).sub(b.matmul(w)));
      // Near the minimum f changes by rounding only (1e-15), so w is known to about 1e-8.
      assertArrayEquals(opt.toDoubleArray(), w.toDoubleArray(), 1e-7, search.name());
    }
  }

  @Test
  void strongWolfeSolvesRosenbrock() {
    // f(x, y) = (1 - x)² + 100(y - x²)², minimum 0 at (1, 1); fixed steps of 1 diverge here.
    Tensor w = Tensor.of(new double[] {-1.5, 2}).requiresGrad(true);
    LBFGS opt = new LBFGS(List.of(w), 1).lineSearch(LBFGS.LineSearch.STRONG_WOLFE)
        .toleranceGrad(1e-10).toleranceChange(1e-14).maxIter(100).maxEval(200);
    for (int i = 0; i < 3; i++) {
      opt.step(() -> {
        Tensor x = w.slice(0, 0, 1);
        Tensor y = w.slice(0, 1, 2);
        return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)).sum();
      });
    }
    assertArrayEquals(new double[] {1, 1}, w.toDoubleArray(), 1e-6);
    assertTrue(opt.stateDict().get("state.func_evals").item() < 200);
  }

  @Test
  void float32ParametersReceiveTheRoundedStep() {
    Tensor w = Tensor.of(new float[] {1, 1}).requiresGrad(true);
    new LBFGS(List.of(w), 1).maxIter(1).step(() -> bowl(w));
    assertEquals(DType.FLOAT32, w.dtype());
    assertArrayEquals(new float[] {0.8f, 0.2f}, w.toFloatArray(), 1e-7f);
  }

  @Test
  void cubicInterpolationFindsTheMinimumOfACubic() {
    // f(x) = (x - 1)² is its own cubic interpolant: the minimizer 1 from any two points.
    assertEquals(1, LBFGS.cubicMinimum(0, 1, -2, 3, 4, 4, 0, 3), 1e-15);
    assertEquals(1.5, LBFGS.cubicMinimum(0, 1, -2, 3, 4, 4, 1.5, 3), 0, "clamped to the bounds");
  }

  @Test
  void stepWithoutAClosureAndBadClosuresAreRefused() {
    Tensor w = Tensor.of(new double[] {1}).requiresGrad(true);
    LBFGS opt = new LBFGS(List.of(w), 1);
    assertEquals("lbfgs: step() cannot re-evaluate the loss; call step(() -> loss) with a "
        + "closure that computes it", assertThrows(IllegalStateException.class, opt::step)
        .getMessage());
    assertEquals("lbfgs: step: the closure must return the loss as one value, got shape [2]",
        assertThrows(IllegalArgumentException.class, () -> opt.step(() -> w.mul(Tensor.of(
            new double[] {1, 2}))))
        .getMessage());
    assertEquals("lbfgs: history size must be >= 1, got 0", assertThrows(
        IllegalArgumentException.class, () -> opt.historySize(0)).getMessage());
    assertArrayEquals(new double[] {1}, w.toDoubleArray(), 0);
  }

  @Test
  void otherOptimizersStepFromAClosureToo() {
    Tensor w = Tensor.of(new double[] {1, 1}).requiresGrad(true);
    SGD opt = new SGD(List.of(w), 0.1);
    assertEquals(2.5, opt.step(() -> bowl(w)).item(), 0);
    assertArrayEquals(new double[] {0.9, 0.6}, w.toDoubleArray(), 1e-15);
  }
}
