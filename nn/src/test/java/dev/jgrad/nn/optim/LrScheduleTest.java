package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
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
  void applySetsTheOptimizersRate() {
    SGD opt = new SGD(List.of(Tensor.ones(DType.FLOAT32, 1).requiresGrad(true)), 0.8);
    LrSchedule s = LrSchedule.step(1, 0.5);
    s.apply(opt, 3);
    assertEquals(0.1, opt.learningRate());
    assertEquals(0.8, opt.initialLearningRate());
  }

  @Test
  void rejectsBadParameters() {
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(1, -0.5));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0, 0));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(10, -1));
  }
}
