package org.example.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Backend;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Test;

/** What a user of the published artifacts gets, on the class path or as a named module. */
class ConsumerTest {

  @Test
  void jgradIsLoadedTheWayTheBuildSays() {
    boolean modular = Boolean.getBoolean("consumer.modular");
    assertEquals(modular, Tensor.class.getModule().isNamed(), Tensor.class.getModule()::toString);
    if (modular) {
      assertEquals("dev.jgrad.core", Tensor.class.getModule().getName());
      assertEquals("org.example.consumer", IrisClassifier.class.getModule().getName());
    }
  }

  @Test
  void theSimdKernelsRunExactlyWhenTheJvmHasTheVectorModule() {
    assertEquals(Boolean.getBoolean("consumer.vectorized"), Backend.isVectorized());
    // A product large enough for the blocked (vector, when available) GEMM, against the sums
    // done by hand: a[i][k] = i + k, b[k][j] = k - j, so c[i][j] = sum_k (i + k)(k - j).
    int n = 64;
    double[] a = new double[n * n];
    double[] b = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        a[i * n + k] = i + k;
        b[i * n + k] = i - k;
      }
    }
    double[] expected = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += (i + k) * (k - j);
        }
        expected[i * n + j] = s;
      }
    }
    Tensor c = Tensor.of(a, n, n).matmul(Tensor.of(b, n, n));
    assertArrayEquals(expected, c.toDoubleArray(), 0.0);
  }

  @Test
  void aSmallNetworkLearnsIris() {
    double accuracy = IrisClassifier.trainAndTest(30);
    assertTrue(accuracy >= 0.9, "test accuracy " + accuracy);
  }
}
