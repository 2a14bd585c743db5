package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.kernels.MatMul;
import dev.jgrad.kernels.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GEMM through the facade (Vector API when present) against a double-precision triple loop, for
 * every transpose variant and edge sizes around the register tile; run both with and without
 * the Vector API module (see the core pom's surefire executions).
 */
class KernelsTest {

  static double[] reference(double[] a, boolean ta, double[] b, boolean tb, int n, int k, int m) {
    double[] c = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (ta ? a[p * n + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * m + j]);
        }
        c[i * m + j] = s;
      }
    }
    return c;
  }

  @Test
  void gemmMatchesAReferenceForAllTransposesAndEdgeSizes() {
    System.out.println("KernelsTest: Vector API kernels " + (Simd.AVAILABLE ? "on" : "off"));
    SplittableRandom r = new SplittableRandom(5);
    int[][] sizes = {{1, 1, 1}, {7, 3, 5}, {6, 300, 33}, {13, 17, 64}, {97, 65, 130},
        {130, 260, 70}, {5, 0, 4}};
    for (int[] s : sizes) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      for (int v = 0; v < 4; v++) {
        boolean ta = (v & 2) != 0;
        boolean tb = (v & 1) != 0;
        double[] a = new double[n * k];
        double[] b = new double[k * m];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = r.nextDouble(-1, 1);
        double[] want = reference(a, ta, b, tb, n, k, m);
        double[] cd = new double[n * m + 3];
        java.util.Arrays.fill(cd, 99); // overwritten, and nothing past n*m (offset 1) touched
        MatMul.gemm(a, 0, ta, b, 0, tb, cd, 1, n, k, m);
        float[] af = new float[a.length];
        float[] bf = new float[b.length];
        for (int i = 0; i < a.length; i++) af[i] = (float) a[i];
        for (int i = 0; i < b.length; i++) bf[i] = (float) b[i];
        float[] cf = new float[n * m];
        MatMul.gemm(af, 0, ta, bf, 0, tb, cf, 0, n, k, m);
        String where = n + "x" + k + "x" + m + " ta=" + ta + " tb=" + tb;
        assertEquals(99, cd[0], where);
        assertEquals(99, cd[n * m + 1], where);
        for (int i = 0; i < n * m; i++) {
          assertEquals(want[i], cd[i + 1], 1e-12 * (k + 1), where);
          assertEquals(want[i], cf[i], 1e-5 * (k + 1), where);
        }
      }
    }
  }

  @Test
  void reluAndStepMatchTheScalarDefinitionOnEveryPath() {
    double[] x = new double[203]; // not a multiple of any vector length: exercises the tail
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-2, 2);
    x[0] = Double.NaN;
    x[1] = -0.0;
    x[2] = 0.0;
    x[3] = Double.NEGATIVE_INFINITY;
    x[200] = Double.NaN;
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) xf[i] = (float) x[i];
    // Tensor.relu/step on dense tensors take the SIMD path when it is available.
    double[] reluD = Tensor.of(x).relu().toDoubleArray();
    double[] stepD = Tensor.of(x).step().toDoubleArray();
    float[] reluF = Tensor.of(xf).relu().toFloatArray();
    float[] stepF = Tensor.of(xf).step().toFloatArray();
    for (int i = 0; i < x.length; i++) {
      double relu = x[i] > 0 || Double.isNaN(x[i]) ? x[i] : 0.0;
      double step = x[i] > 0 ? 1.0 : 0.0;
      assertEquals(relu, reluD[i], 0.0, "relu at " + x[i]);
      assertEquals(step, stepD[i], 0.0, "step at " + x[i]);
      assertEquals((float) relu, reluF[i], 0.0f, "relu at " + xf[i]);
      assertEquals((float) step, stepF[i], 0.0f, "step at " + xf[i]);
    }
  }
}
