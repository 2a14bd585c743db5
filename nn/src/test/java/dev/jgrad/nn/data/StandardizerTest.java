package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Test;

class StandardizerTest {
  @Test
  void fitsPopulationMeanAndStdPerColumn() {
    Tensor x = Tensor.of(new double[][] {{1, 10, 5}, {3, 10, 7}, {5, 10, 9}, {7, 10, 3}});
    Standardizer s = Standardizer.fit(x);
    assertArrayEquals(new double[] {4, 10, 6}, s.mean().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(5), 1, Math.sqrt(5)}, s.std().toDoubleArray(),
        1e-12);
    double[][] z = s.transform(x).toDoubleMatrix();
    assertEquals(-3 / Math.sqrt(5), z[0][0], 1e-12);
    assertEquals(0, z[2][1], 0, "a constant column maps to 0, not NaN");
    assertArrayEquals(x.toDoubleArray(), s.inverseTransform(s.transform(x)).toDoubleArray(),
        1e-12);
  }

  @Test
  void appliesTrainingStatisticsToTestData() {
    Split split = Split.of(Datasets.wine(), 0.3, 4);
    Standardizer s = Standardizer.fit(split.train());
    Dataset train = s.transform(split.train());
    Dataset test = s.transform(split.test());
    Standardizer again = Standardizer.fit(train);
    for (double m : again.mean().toDoubleArray()) {
      assertEquals(0, m, 1e-9);
    }
    for (double sd : again.std().toDoubleArray()) {
      assertEquals(1, sd, 1e-9);
    }
    // Test data is shifted by the *training* mean: its own mean is not exactly 0.
    double[] testMeans = Standardizer.fit(test).mean().toDoubleArray();
    double[] expected = split.test().features().sub(s.mean()).div(s.std()).mean(0)
        .toDoubleArray();
    assertArrayEquals(expected, testMeans, 1e-12);
    assertEquals(split.test().targets().toDoubleArray().length, test.size());
  }

  @Test
  void rejectsMismatchedAndEmptyInput() {
    Standardizer s = Standardizer.fit(Tensor.ones(DType.FLOAT32, 3, 4));
    assertEquals("standardize: input has 5 features (shape [2, 5]) but the standardizer was fit "
        + "on 4", assertThrows(IllegalArgumentException.class,
            () -> s.transform(Tensor.ones(DType.FLOAT32, 2, 5))).getMessage());
    assertEquals("standardize: cannot fit on an empty input (shape [0, 4])",
        assertThrows(IllegalArgumentException.class,
            () -> Standardizer.fit(Tensor.ones(DType.FLOAT32, 0, 4))).getMessage());
    assertEquals("standardize: input of shape [1, 2] holds NaN or infinity",
        assertThrows(IllegalArgumentException.class,
            () -> Standardizer.fit(Tensor.of(new double[][] {{1, Double.NaN}}))).getMessage());
  }
}
