package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every schedule's exact values, composition, the scheduler objects, and argument errors. */
class LrScheduleTest {
  private static double[] values(LrSchedule s, double initial, int n) {
    double[] v = new double[n];
    for (int t = 0; t < n; t++) {
      v[t] = s.learningRate(initial, t);
    }
    return v;
  }

  private static SGD sgd(double lr) {
    return new SGD(List.of(Tensor.ones(DType.FLOAT32, 1).requiresGrad(true)), lr);
  }

  @Test
  void constantKeepsTheInitialRate() {
    assertEquals(0.1, LrSchedule.constant().learningRate(0.1, 57));
  }

  @Test
  void stepDecaysByGammaEveryStepSize() {
    LrSchedule s = LrSchedule.step(10, 0.5);
    assertEquals(1.0, s.learningRate(1.0, 0));
    assertEquals(1.0, s.learningRate(1.0, 9));
    assertEquals(0.5, s.learningRate(1.0, 10));
    assertEquals(0.25, s.learningRate(1.0, 29));
    assertEquals(0.125, s.learningRate(1.0, 30));
  }

  @Test
  void multiStepDecaysAtEachMilestone() {
    assertArrayEquals(new double[] {2, 2, 2, 0.2, 0.2, 0.02, 0.02},
        values(LrSchedule.multiStep(0.1, 3, 5), 2, 7), 1e-16);
  }

  @Test
  void exponentialMultipliesByGammaEachStep() {
    assertArrayEquals(new double[] {0.8, 0.4, 0.2, 0.1}, values(LrSchedule.exponential(0.5), 0.8,
        4), 0);
  }

  @Test
  void cosineAnnealsFromInitialToMinimumThenStays() {
    LrSchedule s = LrSchedule.cosine(100, 0.01);
    assertEquals(1.0, s.learningRate(1.0, 0), 1e-15);
    assertEquals(0.01 + 0.99 * 0.5, s.learningRate(1.0, 50), 1e-15);
    assertEquals(0.01 + 0.99 * (1 + Math.cos(Math.PI * 0.25)) / 2, s.learningRate(1.0, 25),
        1e-15);
    assertEquals(0.01, s.learningRate(1.0, 100), 1e-15);
    assertEquals(0.01, s.learningRate(1.0, 150), 1e-15);
  }

  @Test
  void linearWarmUpRisesToTheInitialRate() {
    // 0.4·(0.25 + 0.75·t/4): 0.1, 0.175, 0.25, 0.325, then 0.4 from t = 4 on.
    assertArrayEquals(new double[] {0.1, 0.175, 0.25, 0.325, 0.4, 0.4},
        values(LrSchedule.linear(0.25, 1, 4), 0.4, 6), 1e-16);
  }

  @Test
  void oneCycleRisesThenAnnealsToTheFinalRate() {
    // Peak 1 at t = 0.3·10 - 1 = 2, from 1/25 = 0.04, down to 0.04/1e4 = 4e-6 at t = 9.
    LrSchedule s = LrSchedule.oneCycle(10);
    double z = 4e-6;
    double[] expected = {0.04, 1 - 0.96 / 2, 1,
        z + (1 - z) / 2 * (Math.cos(Math.PI / 7) + 1),
        z + (1 - z) / 2 * (Math.cos(Math.PI * 2 / 7) + 1),
        z + (1 - z) / 2 * (Math.cos(Math.PI * 3 / 7) + 1),
        z + (1 - z) / 2 * (Math.cos(Math.PI * 4 / 7) + 1),
        z + (1 - z) / 2 * (Math.cos(Math.PI * 5 / 7) + 1),
        z + (1 - z) / 2 * (Math.cos(Math.PI * 6 / 7) + 1), z, z, z};
    assertArrayEquals(expected, values(s, 1, 12), 1e-15);
    assertEquals(0.5 * 0.52, s.learningRate(0.5, 1), 1e-16, "scales with the peak");
  }

  @Test
  void warmUpThenCosineComposes() {
    LrSchedule s = LrSchedule.linear(0.1, 1, 2).then(2, LrSchedule.cosine(4, 0));
    assertArrayEquals(new double[] {0.1, 0.55, 1, (1 + Math.cos(Math.PI / 4)) / 2, 0.5,
        (1 + Math.cos(Math.PI * 3 / 4)) / 2, 0, 0}, values(s, 1, 8), 1e-15);
  }

  @Test
  void perEpochSchedulesChangeAtEpochBoundariesWhenSteppedPerBatch() {
    LrSchedule perBatch = LrSchedule.linear(0.5, 1, 2)
        .then(2, LrSchedule.step(1, 0.5).perEpoch(3));
    // two warm-up batches, then the per-epoch decay over epochs of three batches
    assertArrayEquals(new double[] {0.5, 0.75, 1, 1, 1, 0.5, 0.5, 0.5, 0.25},
        values(perBatch, 1, 9), 0);
  }

  @Test
  void applySetsTheOptimizersRate() {
    SGD opt = sgd(0.8);
    LrSchedule s = LrSchedule.step(1, 0.5);
    s.apply(opt, 3);
    assertEquals(0.1, opt.learningRate());
    assertEquals(0.8, opt.initialLearningRate());
  }

  @Test
  void schedulerCountsStepsAndSetsTheRateBeforeEachStep() {
    SGD opt = sgd(1);
    LrScheduler s = new LrScheduler(opt, LrSchedule.linear(0.25, 1, 3));
    assertEquals(0.25, opt.learningRate(), "t = 0 is applied at construction");
    s.step();
    assertEquals(0.5, opt.learningRate());
    s.step();
    s.step();
    s.step();
    assertEquals(1, opt.learningRate());
    assertEquals(4, s.time());
    assertEquals(4, s.stateDict().get("last_step").item());
  }

  @Test
  void reduceOnPlateauFollowsPytorchsRules() {
    SGD opt = sgd(1);
    ReduceLrOnPlateau p = new ReduceLrOnPlateau(opt).patience(2).factor(0.5).cooldown(1);
    double[] metrics = {1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.5, 0.6, 0.6, 0.6};
    // bad epochs: 0 0 1 2 3→reduce (cooldown 1) 0 1 0(best) 1 2 3→reduce
    double[] lrs = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25};
    boolean[] reduced = new boolean[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      reduced[i] = p.step(metrics[i]);
      assertEquals(lrs[i], opt.learningRate(), "epoch " + (i + 1));
    }
    assertTrue(reduced[4] && reduced[10]);
    assertFalse(reduced[5]);
    assertEquals(0.5, p.best());
    assertEquals(11, p.stateDict().get("last_epoch").item());
  }

  @Test
  void reduceOnPlateauThresholdsModesAndFloor() {
    SGD opt = sgd(1e-3);
    ReduceLrOnPlateau rel = new ReduceLrOnPlateau(opt).patience(0).minLearningRate(5e-4);
    rel.step(1.0);
    rel.step(0.99995); // not below 1·(1 - 1e-4): a bad epoch, patience 0 → reduce
    assertEquals(5e-4, opt.learningRate(), 0, "max(1e-4, minLr)");
    rel.step(0.5);
    rel.step(0.5);
    assertEquals(5e-4, opt.learningRate(), 0, "at the floor: no change");

    SGD max = sgd(1);
    ReduceLrOnPlateau acc = new ReduceLrOnPlateau(max).mode(ReduceLrOnPlateau.Mode.MAX)
        .patience(0).threshold(0.01, ReduceLrOnPlateau.ThresholdMode.ABSOLUTE);
    acc.step(0.5);
    acc.step(0.509); // not above 0.5 + 0.01
    assertEquals(0.1, max.learningRate(), 1e-16);
    acc.step(0.52);
    assertEquals(0.1, max.learningRate(), 1e-16);
    assertEquals(0.52, acc.best());
  }

  @Test
  void rejectsBadParameters() {
    assertEquals("lr_schedule: step size must be >= 1, got 0", assertThrows(
        IllegalArgumentException.class, () -> LrSchedule.step(0, 0.5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(1, -0.5));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0, 0));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(10, -1));
    assertEquals("lr_schedule: milestones must be >= 1 and strictly increasing, got [3, 3]",
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.multiStep(0.1, 3, 3))
            .getMessage());
    assertEquals("lr_schedule: one-cycle needs pctStart * totalSteps > 1 (a rising phase of at "
        + "least one step), got 0.3 * 3", assertThrows(IllegalArgumentException.class,
            () -> LrSchedule.oneCycle(3)).getMessage());
    assertEquals("lr_schedule: linear factors must be finite and >= 0, got -1.0 and 1.0",
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.linear(-1, 1, 3))
            .getMessage());
    SGD opt = sgd(1);
    LrScheduler bad = new LrScheduler(opt, (initial, t) -> t < 2 ? initial : Double.NaN);
    bad.step();
    assertEquals("lr_schedule: the rate at t = 2 is NaN for group 0; it must be finite and >= 0",
        assertThrows(IllegalArgumentException.class, bad::step).getMessage());
    assertEquals(1, bad.time(), "a failed step does not advance time");
    assertEquals("reduce_lr_on_plateau: the metric at epoch 1 is NaN", assertThrows(
        IllegalArgumentException.class, () -> new ReduceLrOnPlateau(opt).step(Double.NaN))
        .getMessage());
    assertEquals("reduce_lr_on_plateau: factor must be in [0, 1), got 1.0", assertThrows(
        IllegalArgumentException.class, () -> new ReduceLrOnPlateau(opt).factor(1))
        .getMessage());
  }
}
