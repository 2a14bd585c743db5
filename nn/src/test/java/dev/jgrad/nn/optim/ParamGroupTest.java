package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-group learning rates and weight decays, and their errors. */
class ParamGroupTest {
  private static Tensor param(double... v) {
    return Tensor.of(v).requiresGrad(true);
  }

  /** Gradient 1 for every element of a and b. */
  private static void backwardOnes(Tensor a, Tensor b) {
    a.sum().add(b.sum()).backward();
  }

  @Test
  void eachGroupStepsWithItsOwnRate() {
    Tensor a = param(1, 2);
    Tensor b = param(3);
    SGD opt = new SGD(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b))
        .learningRate(0.01)), 0.1);
    backwardOnes(a, b);
    opt.step();
    assertArrayEquals(new double[] {0.9, 1.9}, a.toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {2.99}, b.toDoubleArray(), 1e-15);
    assertEquals(2, opt.numGroups());
    assertEquals(0.01, opt.groupLearningRate(1));
    assertEquals(List.of(b), opt.parameters(1));
    assertEquals(List.of(a, b), opt.parameters());
  }

  @Test
  void noWeightDecayOnBiasesWithAdamW() {
    Tensor w = param(2, -2);
    Tensor bias = param(5);
    AdamW opt = new AdamW(List.of(ParamGroup.of(List.of(w)),
        ParamGroup.of(List.of(bias)).weightDecay(0)), 0.1);
    // Zero gradients: Adam's step is 0, so only the decoupled decay w·(1 - η·λ) moves w.
    w.mul(0).sum().add(bias.mul(0).sum()).backward();
    opt.step();
    assertArrayEquals(new double[] {2 * (1 - 0.1 * 0.01), -2 * (1 - 0.1 * 0.01)},
        w.toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {5}, bias.toDoubleArray(), 0);
    assertEquals(0.01, opt.groupWeightDecay(0));
    assertEquals(0, opt.groupWeightDecay(1));
  }

  @Test
  void laterWeightDecayReachesOnlyGroupsWithoutTheirOwn() {
    Tensor a = param(1);
    Tensor b = param(1);
    SGD opt = new SGD(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b))
        .weightDecay(0.5)), 0.1).weightDecay(0.2);
    assertEquals(0.2, opt.groupWeightDecay(0));
    assertEquals(0.5, opt.groupWeightDecay(1));
    backwardOnes(a, b);
    opt.step();
    assertEquals(1 - 0.1 * (1 + 0.2), a.item(), 1e-15);
    assertEquals(1 - 0.1 * (1 + 0.5), b.item(), 1e-15);
  }

  @Test
  void schedulesScaleEachGroupFromItsInitialRate() {
    SGD opt = new SGD(List.of(ParamGroup.of(List.of(param(1))),
        ParamGroup.of(List.of(param(1))).learningRate(0.4)), 0.1);
    LrSchedule.step(1, 0.5).apply(opt, 2);
    assertEquals(0.025, opt.groupLearningRate(0));
    assertEquals(0.1, opt.groupLearningRate(1));
    assertEquals(0.4, opt.groupInitialLearningRate(1));
    opt.setLearningRate(0.3);
    assertEquals(0.3, opt.groupLearningRate(0));
    assertEquals(0.3, opt.groupLearningRate(1));
  }

  @Test
  void badGroupsGetSpecificErrors() {
    Tensor a = param(1);
    assertEquals("adam: group 1, parameter 0 (shape [1]) is also in group 0; a parameter may be "
        + "in one group only", assertThrows(IllegalArgumentException.class, () -> new Adam(
            List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(a))), 0.1)).getMessage());
    assertEquals("sgd: parameter group 1 is empty", assertThrows(IllegalArgumentException.class,
        () -> new SGD(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of())), 0.1))
        .getMessage());
    assertEquals("sgd: group 0, parameter 1 (shape [2]) is not a leaf that requires grad",
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(
            ParamGroup.of(List.of(a, Tensor.zeros(DType.FLOAT64, 2))),
            ParamGroup.of(List.of(param(2)))), 0.1)).getMessage());
    assertEquals("sgd: no parameter groups given", assertThrows(IllegalArgumentException.class,
        () -> new SGD(List.<ParamGroup>of(), 0.1)).getMessage());
    assertEquals("sgd: no parameter group 2 (there are 1)", assertThrows(
        IllegalArgumentException.class, () -> new SGD(List.of(a), 0.1).groupLearningRate(2))
        .getMessage());
    assertEquals("param_group: weight decay must be finite and >= 0, got -1.0", assertThrows(
        IllegalArgumentException.class, () -> ParamGroup.of(List.of(a)).weightDecay(-1))
        .getMessage());
    assertEquals("param_group: learning rate must be finite and >= 0, got NaN", assertThrows(
        IllegalArgumentException.class, () -> ParamGroup.of(List.of(a)).learningRate(Double.NaN))
        .getMessage());
  }

  @Test
  void aParameterListedTwiceInOneGroupIsUpdatedOnce() {
    Tensor a = param(1);
    SGD opt = new SGD(List.of(ParamGroup.of(List.of(a, a))), 0.1);
    assertEquals(1, opt.parameters().size());
  }
}
