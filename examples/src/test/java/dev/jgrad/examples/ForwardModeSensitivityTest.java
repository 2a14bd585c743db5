package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Tensor;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardModeSensitivityTest {
  @Test
  void forwardAndReverseJacobiansAgreeWithFiniteDifferences(@TempDir Path out)
      throws java.io.IOException {
    ForwardModeSensitivity.Result r = ForwardModeSensitivity.run(60, 0.05, out);
    assertEquals(dev.jgrad.Shape.of(60, 2), r.forward().shape());
    assertTrue(r.maxDifference() < 1e-12, "forward vs reverse: " + r.maxDifference());
    // central differences of the trajectory in each parameter
    Function<Tensor, Tensor> f = ForwardModeSensitivity.trajectory(60, 0.05);
    double h = 1e-6;
    for (int j = 0; j < 2; j++) {
      double[] plus = {2.0, 0.1};
      double[] minus = {2.0, 0.1};
      plus[j] += h;
      minus[j] -= h;
      double[] a = f.apply(Tensor.of(plus)).toDoubleArray();
      double[] b = f.apply(Tensor.of(minus)).toDoubleArray();
      double[] numeric = new double[a.length];
      for (int t = 0; t < a.length; t++) {
        numeric[t] = (a[t] - b[t]) / (2 * h);
      }
      assertArrayEquals(numeric, r.forward().index(dev.jgrad.Index.all(),
          dev.jgrad.Index.at(j)).toDoubleArray(), 1e-6);
    }
    PlotFiles.assertWritten(r.plots(), out, "sensitivities.png", "sensitivities.svg");
  }
}
