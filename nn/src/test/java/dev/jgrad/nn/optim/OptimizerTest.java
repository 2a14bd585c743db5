package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against its formula, step by step, on the loss {@code L(w) = Σ c_i w_i² / 2 +
 * Σ d_i w_i} whose gradient {@code c·w + d} is easy to compute by hand; plus convergence and
 * argument errors.
 */
class OptimizerTest {
  private static final double[] C = {1.0, 4.0, 0.5};
  private static final double[] D = {-1.0, 2.0, 0.25};
  private static final double[] W0 = {0.3, -0.7, 1.5};

  private static Tensor param() {
    return Tensor.of(W0.clone()).requiresGrad(true);
  }

  private static Tensor loss(Tensor w) {
    return w.square().mul(Tensor.of(C)).mul(0.5).add(w.mul(Tensor.of(D))).sum();
  }

  private static double[] grad(double[] w) {
    double[] g = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      g[i] = C[i] * w[i] + D[i];
    }
    return g;
  }

  /** Runs {@code steps} optimizer steps on the quadratic and returns the weights after each. */
  private static double[][] run(Function<List<Tensor>, Optimizer> make, int steps) {
    Tensor w = param();
    Optimizer opt = make.apply(List.of(w));
    double[][] out = new double[steps][];
    for (int t = 0; t < steps; t++) {
      opt.zeroGrad();
      loss(w).backward();
      opt.step();
      out[t] = w.toDoubleArray();
    }
    return out;
  }

  /** A reference update rule: state in, new weights out. */
  interface Rule {
    double[] step(double[] w, double[] g, int t);
  }

  private static void assertFollows(Rule rule, double[][] actual) {
    double[] w = W0.clone();
    for (int t = 0; t < actual.length; t++) {
      w = rule.step(w, grad(w), t + 1);
      assertArrayEquals(w, actual[t], 1e-12, "step " + (t + 1));
    }
  }

  @Test
  void plainGradientDescent() {
    double lr = 0.1;
    assertFollows((w, g, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) n[i] -= lr * g[i];
      return n;
    }, run(p -> new SGD(p, lr), 5));
  }

  @Test
  void pytorchMomentumAccumulatesGradients() {
    double lr = 0.05;
    double beta = 0.9;
    double[] v = new double[3];
    assertFollows((w, g, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) {
        v[i] = beta * v[i] + g[i];
        n[i] -= lr * v[i];
      }
      return n;
    }, run(p -> new SGD(p, lr).momentum(beta), 6));
  }

  @Test
  void courseMomentumIsAnExponentiallyWeightedAverage() {
    double lr = 0.3;
    double beta = 0.8;
    double[] v = new double[3];
    assertFollows((w, g, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) {
        v[i] = beta * v[i] + (1 - beta) * g[i];
        n[i] -= lr * v[i];
      }
      return n;
    }, run(p -> new SGD(p, lr).momentum(beta, SGD.MomentumForm.COURSE), 6));
  }

  @Test
  void courseFormEqualsPytorchFormWithScaledLearningRate() {
    double beta = 0.9;
    double[][] course = run(p -> new SGD(p, 0.2).momentum(beta, SGD.MomentumForm.COURSE), 8);
    double[][] torch = run(p -> new SGD(p, 0.2 * (1 - beta)).momentum(beta), 8);
    for (int t = 0; t < 8; t++) {
      assertArrayEquals(torch[t], course[t], 1e-12);
    }
  }

  @Test
  void nesterovUsesTheLookAhead() {
    double lr = 0.05;
    double beta = 0.9;
    double[] v = new double[3];
    assertFollows((w, g, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) {
        v[i] = beta * v[i] + g[i];
        n[i] -= lr * (g[i] + beta * v[i]);
      }
      return n;
    }, run(p -> new SGD(p, lr).momentum(beta).nesterov(true), 6));
    double[] u = new double[3];
    assertFollows((w, g, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) {
        u[i] = beta * u[i] + (1 - beta) * g[i];
        n[i] -= lr * ((1 - beta) * g[i] + beta * u[i]);
      }
      return n;
    }, run(p -> new SGD(p, lr).momentum(beta, SGD.MomentumForm.COURSE).nesterov(true), 6));
  }

  @Test
  void sgdWeightDecayAddsLambdaWToTheGradient() {
    double lr = 0.1;
    double lambda = 0.3;
    assertFollows((w, g, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) n[i] -= lr * (g[i] + lambda * w[i]);
      return n;
    }, run(p -> new SGD(p, lr).weightDecay(lambda), 4));
  }

  private static Rule adam(double lr, double b1, double b2, double eps, double lambda,
      boolean decoupled) {
    double[] m = new double[3];
    double[] v = new double[3];
    return (w, grad, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) {
        double g = grad[i];
        if (decoupled) {
          n[i] *= 1 - lr * lambda;
        } else {
          g += lambda * w[i];
        }
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double mh = m[i] / (1 - Math.pow(b1, t));
        double vh = v[i] / (1 - Math.pow(b2, t));
        n[i] -= lr * mh / (Math.sqrt(vh) + eps);
      }
      return n;
    };
  }

  @Test
  void adamFollowsKingmaAndBa() {
    assertFollows(adam(0.01, 0.9, 0.999, 1e-8, 0, false), run(p -> new Adam(p, 0.01), 7));
    assertFollows(adam(0.02, 0.8, 0.99, 1e-6, 0, false),
        run(p -> new Adam(p, 0.02).betas(0.8, 0.99).eps(1e-6), 7));
  }

  @Test
  void adamFirstStepHasMagnitudeLearningRate() {
    double[] w1 = run(p -> new Adam(p, 0.01), 1)[0];
    double[] g = grad(W0);
    for (int i = 0; i < 3; i++) {
      assertEquals(W0[i] - 0.01 * Math.signum(g[i]), w1[i], 1e-9);
    }
  }

  @Test
  void adamWeightDecayIsCoupledAndAdamWIsDecoupled() {
    assertFollows(adam(0.01, 0.9, 0.999, 1e-8, 0.1, false),
        run(p -> new Adam(p, 0.01).weightDecay(0.1), 5));
    assertFollows(adam(0.01, 0.9, 0.999, 1e-8, 0.1, true),
        run(p -> new AdamW(p, 0.01).weightDecay(0.1), 5));
    assertFollows(adam(0.01, 0.9, 0.999, 1e-8, 0.01, true), run(p -> new AdamW(p, 0.01), 5));
  }

  @Test
  void rmsPropDividesByTheRootMeanSquare() {
    double lr = 0.01;
    double alpha = 0.9;
    double[] s = new double[3];
    assertFollows((w, g, t) -> {
      double[] n = w.clone();
      for (int i = 0; i < n.length; i++) {
        double gi = g[i] + 0.05 * w[i];
        s[i] = alpha * s[i] + (1 - alpha) * gi * gi;
        n[i] -= lr * gi / (Math.sqrt(s[i]) + 1e-8);
      }
      return n;
    }, run(p -> new RMSProp(p, lr).alpha(alpha).weightDecay(0.05), 6));
  }

  @Test
  void everyOptimizerReachesTheMinimum() {
    double[] opt = new double[3];
    for (int i = 0; i < 3; i++) opt[i] = -D[i] / C[i];
    List<Function<List<Tensor>, Optimizer>> makers = List.of(
        p -> new SGD(p, 0.2), p -> new SGD(p, 0.05).momentum(0.9),
        p -> new SGD(p, 0.2).momentum(0.9, SGD.MomentumForm.COURSE),
        p -> new SGD(p, 0.05).momentum(0.9).nesterov(true),
        p -> new SGD(p, 0.1).momentum(0.9).dampening(0.5),
        p -> new Adam(p, 0.05), p -> new AdamW(p, 0.05).weightDecay(0),
        p -> new Adam(p, 0.05).amsgrad(true), p -> new RMSProp(p, 0.01),
        p -> new RMSProp(p, 0.01).centered(true).momentum(0.5), p -> new Adagrad(p, 0.5),
        p -> new NAdam(p, 0.05), p -> new RAdam(p, 0.05));
    for (Function<List<Tensor>, Optimizer> make : makers) {
      double[][] ws = run(make, 600);
      assertArrayEquals(opt, ws[599], 2e-2, make.apply(List.of(param())).getClass()
          .getSimpleName());
    }
  }

  @Test
  void parametersWithoutGradientsAreSkippedAndZeroGradClears() {
    Tensor a = param();
    Tensor b = Tensor.ones(DType.FLOAT32, 2).requiresGrad(true);
    SGD opt = new SGD(List.of(a, b, a), 0.1);
    assertEquals(2, opt.parameters().size(), "duplicates removed");
    loss(a).backward();
    opt.step();
    assertArrayEquals(new double[] {1, 1}, b.toDoubleArray(), 0);
    assertEquals(1, opt.stepCount());
    opt.zeroGrad();
    assertNull(a.grad());
  }

  @Test
  void float32ParametersStayFloat32() {
    Tensor w = Tensor.ones(DType.FLOAT32, 3).requiresGrad(true);
    Adam opt = new Adam(List.of(w), 0.1);
    w.square().sum().backward();
    opt.step();
    assertEquals(DType.FLOAT32, w.dtype());
    assertArrayEquals(new float[] {0.9f, 0.9f, 0.9f}, w.toFloatArray(), 1e-6f);
  }

  @Test
  void learningRateCanChangeBetweenSteps() {
    Tensor w = param();
    SGD opt = new SGD(List.of(w), 0.1);
    opt.setLearningRate(0.0);
    loss(w).backward();
    opt.step();
    assertArrayEquals(W0, w.toDoubleArray(), 0);
    assertEquals(0.1, opt.initialLearningRate());
  }

  @Test
  void badArgumentsGetSpecificErrors() {
    Tensor w = param();
    assertEquals("sgd: learning rate must be finite and >= 0, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), -1)).getMessage());
    assertEquals("adam: no parameters given",
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.<Tensor>of(), 0.1))
            .getMessage());
    assertEquals("sgd: parameter 0 (shape [2]) is not a leaf that requires grad",
        assertThrows(IllegalArgumentException.class,
            () -> new SGD(List.of(Tensor.ones(DType.FLOAT32, 2)), 0.1)).getMessage());
    assertEquals("sgd: Nesterov momentum needs momentum > 0; call momentum(beta) first",
        assertThrows(IllegalArgumentException.class,
            () -> new SGD(List.of(w), 0.1).nesterov(true)).getMessage());
    assertEquals("adam: beta1 must be in [0.0, 1.0), got 1.0",
        assertThrows(IllegalArgumentException.class,
            () -> new Adam(List.of(w), 0.1).betas(1.0, 0.9)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), 0.1).momentum(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new RMSProp(List.of(w), 0.1).alpha(1));
    assertThrows(IllegalArgumentException.class,
        () -> new SGD(List.of(w), 0.1).weightDecay(Double.NaN));
  }

  @Test
  void stepLeavesGradModeOnAndParametersUsable() {
    Tensor w = param();
    Adam opt = new Adam(List.of(w), 0.1);
    loss(w).backward();
    opt.step();
    assertTrue(dev.jgrad.Autograd.isGradEnabled());
    assertTrue(w.requiresGrad() && w.isLeaf());
    opt.zeroGrad();
    loss(w).backward(); // a new graph on the updated values differentiates fine
    assertTrue(w.grad().allFinite());
  }

  @Test
  void zeroingGradientsInPlaceTakesTheSameStepsAndKeepsTheBuffer() {
    double[][] none = run(p -> new Adam(p, 0.1), 6);
    Tensor w = param();
    Optimizer opt = new Adam(List.of(w), 0.1);
    loss(w).backward();
    Tensor buffer = w.grad();
    opt.zeroGrad(false);
    assertArrayEquals(new double[3], buffer.toDoubleArray());
    for (int t = 0; t < 6; t++) {
      opt.zeroGrad(false);
      loss(w).backward();
      opt.step();
      assertArrayEquals(none[t], w.toDoubleArray(), "step " + t);
    }
    assertTrue(buffer == w.grad(), "one gradient buffer for all six steps");
    opt.zeroGrad(true);
    assertNull(w.grad());
  }
}
