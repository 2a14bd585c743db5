package org.example.research;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.Functional;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The README's "NaN-free gradients" example, as a user writes it: the naive norm at 0 and the
 * naive {@code where(x > 0, sqrt(x), 0)} give NaN gradients, their double-where versions give
 * finite (and right) ones, and the built-in {@code norm} and {@code std} already do.
 */
class SafeGradientsTest {

  private static boolean allNaN(double[] v) {
    for (double x : v) {
      if (!Double.isNaN(x)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void theNaiveNormAtZeroHasNaNGradientsTheSafeOneZero() {
    Tensor v = Tensor.of(new double[] {0, 0}).requiresGrad(true);
    Tensor naive = v.square().sum().sqrt();
    assertEquals(0.0, naive.item(), 0.0);
    assertTrue(allNaN(Autograd.grad(naive, v)[0].toDoubleArray()), "0/0 in sqrt's derivative");

    Tensor s = v.square().sum();
    Tensor zero = s.eq(0.0);
    Tensor safe = Tensor.where(zero, Tensor.scalar(0.0),
        Tensor.where(zero, Tensor.scalar(1.0), s).sqrt());
    assertEquals(0.0, safe.item(), 0.0);
    assertArrayEquals(new double[] {0, 0}, Autograd.grad(safe, v)[0].toDoubleArray(), 0.0);

    // away from 0 the safe form is the norm, with the norm's gradient
    Tensor w = Tensor.of(new double[] {3, 4}).requiresGrad(true);
    Tensor sw = w.square().sum();
    Tensor zw = sw.eq(0.0);
    Tensor nw = Tensor.where(zw, Tensor.scalar(0.0), Tensor.where(zw, Tensor.scalar(1.0), sw)
        .sqrt());
    assertEquals(5.0, nw.item(), 1e-12);
    assertArrayEquals(new double[] {0.6, 0.8}, Autograd.grad(nw, w)[0].toDoubleArray(), 1e-12);

    // the built-in norm is written this way, second order included
    assertArrayEquals(new double[] {0, 0}, Autograd.grad(v.norm(), v)[0].toDoubleArray(), 0.0);
    assertArrayEquals(new double[4], Functional.hessian(Tensor::norm,
        Tensor.of(new double[] {0, 0})).toDoubleArray(), 0.0);
  }

  @Test
  void aSingleWhereDoesNotStopTheNaNTheDoubleWhereDoes() {
    Tensor x = Tensor.of(new double[] {0, -1, 4}).requiresGrad(true);
    Tensor pos = x.gt(0.0);
    // The unused branch is still differentiated: 0 · (1 / (2·sqrt(x))) is NaN at 0 and at -1.
    Tensor naive = Tensor.where(pos, x.sqrt(), Tensor.scalar(0.0));
    double[] g = Autograd.grad(naive.sum(), x)[0].toDoubleArray();
    assertTrue(Double.isNaN(g[0]) && Double.isNaN(g[1]), java.util.Arrays.toString(g));
    assertEquals(0.25, g[2], 1e-12);

    Tensor safe = Tensor.where(pos, Tensor.where(pos, x, Tensor.scalar(1.0)).sqrt(),
        Tensor.scalar(0.0));
    assertArrayEquals(new double[] {0, 0, 2}, safe.toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0.25}, Autograd.grad(safe.sum(), x)[0]
        .toDoubleArray(), 1e-12);
  }

  @Test
  void theBuiltInStdOfEqualValuesHasAZeroGradient() {
    Tensor x = Tensor.of(new double[] {2, 2, 2}).requiresGrad(true);
    assertArrayEquals(new double[] {0, 0, 0}, Autograd.grad(x.std(), x)[0].toDoubleArray(),
        0.0);
    Tensor naive = x.var().sqrt();
    assertTrue(allNaN(Autograd.grad(naive, x)[0].toDoubleArray()));
  }
}
