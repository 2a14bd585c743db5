package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The first steps of each update rule against values computed by hand from PyTorch's documented
 * formulas (an independent scalar implementation, not this library), on {@code L(w) = 2(w - 3)²}
 * with gradient {@code g = 4(w - 3)} from {@code w = 1}. Step 1 is worked out in each comment.
 */
class HandComputedStepsTest {
  private static double[] run(Function<List<Tensor>, Optimizer> make, int steps) {
    Tensor w = Tensor.scalar(DType.FLOAT64, 1).requiresGrad(true);
    Optimizer opt = make.apply(List.of(w));
    double[] out = new double[steps];
    for (int t = 0; t < steps; t++) {
      opt.zeroGrad();
      w.sub(3).square().mul(2).backward();
      opt.step();
      out[t] = w.item();
    }
    return out;
  }

  @Test
  void sgdWithDampeningAndWeightDecay() {
    // g = -8 + 0.1·1 = -7.9; first step b = g (no dampening); w = 1 - 0.1·(-7.9) = 1.79.
    // step 2: g = 4(1.79 - 3) + 0.179 = -4.661; b = 0.9·(-7.9) + 0.5·(-4.661) = -9.4405.
    assertArrayEquals(new double[] {1.79, 2.73405, 3.62321475},
        run(p -> new SGD(p, 0.1).momentum(0.9).dampening(0.5).weightDecay(0.1), 3), 1e-12);
  }

  @Test
  void adamAmsgradDividesByTheLargestSecondMoment() {
    // β2 = 0.5 makes v fall at step 3 (32, 34, 24.75, 13.89), where AMSGrad keeps 34.
    // step 1: m = -0.8, v = 32, w = 1 - 0.5/0.1·(-0.8)/(√32/√0.5 + 1e-8) = 1.499999999375.
    double[] plain = {1.499999999375, 2.0159189815120775, 2.564633151396275, 3.1680875622847764};
    double[] ams = {1.499999999375, 2.0159189815120775, 2.48405368344452, 2.8775412640804645};
    assertArrayEquals(plain, run(p -> new Adam(p, 0.5).betas(0.9, 0.5), 4), 1e-12);
    assertArrayEquals(ams, run(p -> new Adam(p, 0.5).betas(0.9, 0.5).amsgrad(true), 4), 1e-12);
    assertArrayEquals(new double[] {1.099999999875, 1.1998335141369947, 1.2993766083363592},
        run(p -> new Adam(p, 0.1).amsgrad(true), 3), 1e-12);
  }

  @Test
  void adagradWithRateDecayInitialAccumulatorAndWeightDecay() {
    // g = -8 + 0.05 = -7.95; s = 0.2 + 63.2025 = 63.4025; w = 1 + 0.5·7.95/√63.4025.
    assertArrayEquals(new double[] {1.4992107646649082, 1.7706548447065025, 1.9529163497112891},
        run(p -> new Adagrad(p, 0.5).lrDecay(0.1).initialAccumulator(0.2).weightDecay(0.05), 3),
        1e-12);
  }

  @Test
  void nadamUsesTheMomentumSchedule() {
    // μ1 = 0.9(1 - 0.5·0.96^0.004), μ2 = 0.9(1 - 0.5·0.96^0.008), P1 = μ1; m = -0.8, v = 0.064,
    // d = √(0.064/0.001) + 1e-8 = 8; w = 1 + 0.1(1 - μ1)/(1 - P1)·8/8 + 0.1·μ2/(1 - μ1μ2)·0.8/8.
    assertArrayEquals(new double[] {1.1056451777034824, 1.1821024694223112, 1.2524914990460854},
        run(p -> new NAdam(p, 0.1), 3), 1e-12);
  }

  @Test
  void radamIsPlainMomentumUntilTheVarianceIsTractable() {
    // β2 = 0.9: ρ∞ = 19 and ρ_t > 5 from t = 6. Step 1: m = -0.8, w = 1 + 0.1·0.8/0.1 = 1.8.
    assertArrayEquals(new double[] {1.8, 2.431578947368421, 2.914002718974558, 3.266148834519061,
        3.5063060732712685, 3.516534299042141, 3.5241433551717485},
        run(p -> new RAdam(p, 0.1).betas(0.9, 0.9), 7), 1e-12);
  }

  @Test
  void rmspropCenteredWithMomentum() {
    // s = 0.1·64 = 6.4, ḡ = -0.8, d = √(6.4 - 0.64) + 1e-8 = 2.4, b = -8/2.4, w = 1 + 0.01·8/2.4.
    assertArrayEquals(new double[] {1.0333333331944445, 1.0752865138891448, 1.1183397689897892},
        run(p -> new RMSProp(p, 0.01).alpha(0.9).centered(true).momentum(0.5), 3), 1e-12);
  }
}
