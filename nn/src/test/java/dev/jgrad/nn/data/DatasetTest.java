package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static Dataset small() {
    return new Dataset(Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), Tensor.of(
        new long[] {0, 2, 1}), List.of("a", "b", "c"));
  }

  @Test
  void holdsFeaturesTargetsAndClasses() {
    Dataset d = small();
    assertEquals(3, d.size());
    assertEquals(2, d.numFeatures());
    assertArrayEquals(new int[] {0, 2, 1}, d.labels());
    assertEquals(3, d.numClasses());
    assertEquals(DType.FLOAT64, d.dtype());
    assertFalse(d.features().requiresGrad());
    assertEquals("Dataset(3 samples, 2 features, targets [3], float64, classes [a, b, c])",
        d.toString());
  }

  @Test
  void copiesItsInputs() {
    Tensor x = Tensor.of(new double[][] {{1}, {2}}).requiresGrad(true);
    Dataset d = new Dataset(x, Tensor.of(new double[] {0, 1}));
    dev.jgrad.Autograd.noGrad(() -> x.set(Tensor.scalar(9.0)));
    assertArrayEquals(new double[] {1, 2}, d.features().toDoubleArray());
  }

  @Test
  void subsetsRowsAndSelectsColumns() {
    Dataset d = small().subset(2, 0, 2);
    assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, d.features().toDoubleArray());
    assertArrayEquals(new int[] {1, 0, 1}, d.labels());
    assertArrayEquals(new double[] {2, 4, 6}, small().selectFeatures(1).features()
        .toDoubleArray());
    assertEquals(DType.INT64, small().to(DType.FLOAT32).targets().dtype(), "labels stay exact");
  }

  @Test
  void numClassesWithoutNamesIsMaxLabelPlusOne() {
    Dataset d = new Dataset(Tensor.ones(DType.FLOAT32, 2, 1), Tensor.of(new long[] {0, 4}));
    assertEquals(5, d.numClasses());
  }

  private static void assertMessage(String expected, Runnable r) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, r::run).getMessage());
  }

  @Test
  void badInputGetsSpecificErrors() {
    assertMessage("dataset: empty (features shape [0, 4])", () -> new Dataset(
        Tensor.zeros(DType.FLOAT32, 0, 4), Tensor.zeros(DType.FLOAT32, 0)));
    assertMessage("dataset: NaN in features at row 1, column 0", () -> new Dataset(
        Tensor.of(new double[][] {{1, 2}, {Double.NaN, 3}}), Tensor.of(new double[] {0, 1})));
    assertMessage("dataset: Infinity in targets at row 0", () -> new Dataset(
        Tensor.ones(DType.FLOAT64, 1, 2), Tensor.of(new double[] {Double.POSITIVE_INFINITY})));
    assertMessage("dataset: 3 feature rows but 2 targets (targets shape [2])", () -> new Dataset(
        Tensor.ones(DType.FLOAT64, 3, 2), Tensor.ones(DType.FLOAT64, 2)));
    assertMessage("dataset: features must be [samples, features], got shape [3]",
        () -> new Dataset(Tensor.ones(DType.FLOAT64, 3), Tensor.ones(DType.FLOAT64, 3)));
    assertMessage("dataset: labels must be an int64 or int32 tensor of class indices, got "
        + "float64 (convert with to(DType.INT64))",
        () -> new Dataset(Tensor.ones(DType.FLOAT64, 2, 1), Tensor.of(new double[] {1, 0.5}))
            .labels());
    assertMessage("dataset: label 3 at row 0 is out of range for 3 classes", () -> new Dataset(
        Tensor.ones(DType.FLOAT64, 1, 1), Tensor.of(new long[] {3}), List.of("a", "b", "c"))
        .numClasses());
    assertMessage("dataset: row 3 at position 1 is out of range for 3 samples",
        () -> small().subset(0, 3));
    assertMessage("dataset: subset of no rows would be empty", () -> small().subset());
  }
}
