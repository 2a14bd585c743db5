package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Autodiff through the models equals the course's closed-form backpropagation, computed here
 * independently with plain double loops on random data. The course stores samples as columns
 * ({@code X [n_x, m]}); this library stores them as rows ({@code X [m, n_x]}), so its formulas
 * appear transposed: {@code dW = (1/m) dZ·Xᵀ} becomes {@code dW = (1/m) dZᵀ·X}, and
 * {@code dZ1 = W2ᵀ·dZ2 * g1'(Z1)} becomes {@code dZ1 = (dZ2·W2) * g1'(Z1)}.
 */
class BackpropClosedFormProperties {
  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double[][] randn(SplittableRandom rng, int r, int c) {
    double[][] a = new double[r][c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        a[i][j] = rng.nextGaussian();
      }
    }
    return a;
  }

  private static double[] labels01(SplittableRandom rng, int m) {
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      y[i] = rng.nextInt(2);
    }
    return y;
  }

  private static void set(Tensor param, double[][] values) {
    dev.jgrad.Autograd.noGrad(() -> param.set(Tensor.of(values)));
  }

  private static void set(Tensor param, double[] values) {
    dev.jgrad.Autograd.noGrad(() -> param.set(Tensor.of(values)));
  }

  private static void assertMatrix(double[][] expected, Tensor actual, String what) {
    double[][] a = actual.toDoubleMatrix();
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], a[i][j], 1e-12, what + "[" + i + "][" + j + "]");
      }
    }
  }

  private static void assertVector(double[] expected, Tensor actual, String what) {
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], a[i], 1e-12, what + "[" + i + "]");
    }
  }

  @Property(tries = 25)
  void logisticRegressionGradientsAreDzEqualsAMinusY(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int m, @ForAll @IntRange(min = 1, max = 6) int nx) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = randn(rng, m, nx);
    double[] y = labels01(rng, m);
    double[][] w = randn(rng, 1, nx);
    double b = rng.nextGaussian();

    LogisticRegression model = new LogisticRegression(nx, DType.FLOAT64);
    set(model.weight(), w);
    set(model.bias(), new double[] {b});
    model.loss(model.forward(Tensor.of(x)), Tensor.of(y).to(DType.INT64)).backward();

    // Course: A = σ(w·x + b), dZ = A - Y, dW = (1/m) dZ Xᵀ, db = (1/m) Σ dZ.
    double[] dz = new double[m];
    for (int i = 0; i < m; i++) {
      double z = b;
      for (int k = 0; k < nx; k++) {
        z += w[0][k] * x[i][k];
      }
      dz[i] = sigmoid(z) - y[i];
    }
    double[][] dw = new double[1][nx];
    double db = 0;
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < nx; k++) {
        dw[0][k] += dz[i] * x[i][k] / m;
      }
      db += dz[i] / m;
    }
    assertMatrix(dw, model.weight().grad(), "dW");
    assertVector(new double[] {db}, model.bias().grad(), "db");
  }

  @Property(tries = 25)
  void twoLayerNetworkGradientsFollowTheCourseBackprop(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 10) int m, @ForAll @IntRange(min = 1, max = 5) int nx,
      @ForAll @IntRange(min = 1, max = 6) int nh, @ForAll boolean relu) {
    SplittableRandom rng = new SplittableRandom(seed);
    Activation g1 = relu ? Activation.RELU : Activation.TANH;
    double[][] x = randn(rng, m, nx);
    double[] y = labels01(rng, m);
    double[][] w1 = randn(rng, nh, nx);
    double[] b1 = randn(rng, 1, nh)[0];
    double[][] w2 = randn(rng, 1, nh);
    double b2 = rng.nextGaussian();

    ShallowNetwork net = new ShallowNetwork(nx, nh, 1, g1, Task.BINARY, Init.zeros(), null,
        DType.FLOAT64);
    set(net.hiddenLayer().weight(), w1);
    set(net.hiddenLayer().bias(), b1);
    set(net.outputLayer().weight(), w2);
    set(net.outputLayer().bias(), new double[] {b2});
    net.loss(net.forward(Tensor.of(x)), Tensor.of(y)).backward();

    // Forward: Z1 = X W1ᵀ + b1, A1 = g1(Z1), Z2 = A1 W2ᵀ + b2, A2 = σ(Z2).
    double[][] z1 = new double[m][nh];
    double[][] a1 = new double[m][nh];
    double[] dz2 = new double[m];
    for (int i = 0; i < m; i++) {
      double z2 = b2;
      for (int h = 0; h < nh; h++) {
        z1[i][h] = b1[h];
        for (int k = 0; k < nx; k++) {
          z1[i][h] += x[i][k] * w1[h][k];
        }
        a1[i][h] = relu ? Math.max(z1[i][h], 0) : Math.tanh(z1[i][h]);
        z2 += a1[i][h] * w2[0][h];
      }
      dz2[i] = sigmoid(z2) - y[i]; // dZ2 = A2 - Y
    }
    // dW2 = (1/m) dZ2ᵀ A1, db2 = mean dZ2, dZ1 = (dZ2 W2) * g1'(Z1), dW1 = (1/m) dZ1ᵀ X.
    double[][] dw2 = new double[1][nh];
    double db2 = 0;
    double[][] dw1 = new double[nh][nx];
    double[] db1 = new double[nh];
    for (int i = 0; i < m; i++) {
      db2 += dz2[i] / m;
      for (int h = 0; h < nh; h++) {
        dw2[0][h] += dz2[i] * a1[i][h] / m;
        double gPrime = relu ? (z1[i][h] > 0 ? 1 : 0) : 1 - a1[i][h] * a1[i][h];
        double dz1 = dz2[i] * w2[0][h] * gPrime;
        db1[h] += dz1 / m;
        for (int k = 0; k < nx; k++) {
          dw1[h][k] += dz1 * x[i][k] / m;
        }
      }
    }
    assertMatrix(dw2, net.outputLayer().weight().grad(), "dW2");
    assertVector(new double[] {db2}, net.outputLayer().bias().grad(), "db2");
    assertMatrix(dw1, net.hiddenLayer().weight().grad(), "dW1");
    assertVector(db1, net.hiddenLayer().bias().grad(), "db1");
  }

  @Property(tries = 15)
  void softmaxRegressionGradientIsSoftmaxMinusOneHot(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int m, @ForAll @IntRange(min = 2, max = 5) int c) {
    SplittableRandom rng = new SplittableRandom(seed);
    int nx = 3;
    double[][] x = randn(rng, m, nx);
    double[][] w = randn(rng, c, nx);
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      y[i] = rng.nextInt(c);
    }
    SoftmaxRegression model = new SoftmaxRegression(nx, c, DType.FLOAT64);
    set(model.weight(), w);
    model.loss(model.forward(Tensor.of(x)), Tensor.of(y).to(DType.INT64)).backward();
    double[][] dw = new double[c][nx];
    double[] db = new double[c];
    for (int i = 0; i < m; i++) {
      double[] z = new double[c];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        for (int k = 0; k < nx; k++) {
          z[j] += w[j][k] * x[i][k];
        }
        max = Math.max(max, z[j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp(z[j] - max);
      }
      for (int j = 0; j < c; j++) {
        double dz = Math.exp(z[j] - max) / sum - (j == (int) y[i] ? 1 : 0);
        db[j] += dz / m;
        for (int k = 0; k < nx; k++) {
          dw[j][k] += dz * x[i][k] / m;
        }
      }
    }
    assertMatrix(dw, model.weight().grad(), "dW");
    assertVector(db, model.bias().grad(), "db");
  }
}
