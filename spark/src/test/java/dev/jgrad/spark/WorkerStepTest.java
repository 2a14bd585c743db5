package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local-steps vector's layout: what the driver rebuilds from averaged values. */
class WorkerStepTest {
  /**
   * Averaged counts come back as the nearest whole number in their own dtype: converting 4.6 to
   * INT64 without rounding would truncate it to 4. Float entries keep their averaged value.
   */
  @Test
  void unflattenRoundsIntegerEntriesToTheNearestWholeNumber() {
    Tensor weight = Tensor.of(new float[] {0.5f, -1.25f}, 2, 1);
    Tensor step = Tensor.scalar(DType.INT64, 3L);
    List<String> layout = List.of(WorkerStep.layoutEntry("model.w", weight),
        WorkerStep.layoutEntry("optimizer.state.0.step", step));
    assertEquals(List.of("model.w|FLOAT32|2,1", "optimizer.state.0.step|INT64|"), layout);
    Map<String, Tensor> back = WorkerStep.unflatten(layout, new double[] {0.5, -1.25, 4.6});
    assertEquals(DType.FLOAT32, back.get("model.w").dtype());
    assertArrayEquals(new float[] {0.5f, -1.25f}, back.get("model.w").toFloatArray());
    Tensor count = back.get("optimizer.state.0.step");
    assertEquals(DType.INT64, count.dtype());
    assertEquals(5L, count.longItem());
    assertEquals(4L, WorkerStep.unflatten(layout, new double[] {0, 0, 4.4})
        .get("optimizer.state.0.step").longItem());
  }
}
