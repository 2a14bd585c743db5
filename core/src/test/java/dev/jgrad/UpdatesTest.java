package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one-pass updates against the composite tensor-op form the optimizers used before (written
 * out below as the reference): bit-identical over several steps in float32 and float64, for
 * every option; plus the version bump and the error messages.
 */
class UpdatesTest {
  private static final int[] SHAPE = {7, 5};
  private static final int STEPS = 4;

  private static Tensor rand(SplittableRandom r, DType t) {
    return Tensor.normal(r, t, 0, 1, SHAPE);
  }

  private static Tensor copy(Tensor t) {
    return t.copy();
  }

  private static void assertSame(Tensor expected, Tensor got, String what) {
    assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), 0.0, what);
  }

  // ------------------------------------------------------------ references (the old composites)

  private static void sgdReference(Tensor w, Tensor grad, Tensor v, double lr, double momentum,
      double dampening, boolean course, boolean nesterov, double wd, long step) {
    Tensor g = wd == 0 ? grad : grad.add(w.mul(wd));
    if (momentum == 0) {
      w.addInPlace(g, -lr);
      return;
    }
    double c;
    if (course) {
      c = 1 - momentum;
      v.mulInPlace(momentum).addInPlace(g, c);
    } else {
      c = 1;
      if (step == 1) {
        v.set(g);
      } else {
        v.mulInPlace(momentum).addInPlace(g, 1 - dampening);
      }
    }
    w.addInPlace(nesterov ? (c == 1 ? g : g.mul(c)).add(v.mul(momentum)) : v, -lr);
  }

  private static void adamReference(Tensor w, Tensor grad, Tensor m, Tensor v, Tensor vMax,
      double lr, double beta1, double beta2, double eps, double wd, boolean decoupled, long t) {
    Tensor g = grad;
    if (wd != 0) {
      if (decoupled) {
        w.mulInPlace(1 - lr * wd);
      } else {
        g = g.add(w.mul(wd));
      }
    }
    m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
    Tensor vv = v.mulInPlace(beta2).addInPlace(g.square(), 1 - beta2);
    if (vMax != null) {
      vv = vMax.set(vMax.maximum(vv));
    }
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    Tensor denom = vv.sqrt().div(Math.sqrt(c2)).add(eps);
    w.addInPlace(m.div(denom), -lr / c1);
  }

  private static void rmspropReference(Tensor w, Tensor grad, Tensor sq, Tensor mean, Tensor b,
      double lr, double alpha, double eps, double momentum, double wd) {
    Tensor g = wd == 0 ? grad : grad.add(w.mul(wd));
    Tensor s = sq.mulInPlace(alpha).addInPlace(g.square(), 1 - alpha);
    Tensor d;
    if (mean != null) {
      mean.mulInPlace(alpha).addInPlace(g, 1 - alpha);
      d = s.sub(mean.square()).sqrt().add(eps);
    } else {
      d = s.sqrt().add(eps);
    }
    if (b != null) {
      b.mulInPlace(momentum).addInPlace(g.div(d), 1);
      w.addInPlace(b, -lr);
    } else {
      w.addInPlace(g.div(d), -lr);
    }
  }

  // ------------------------------------------------------------ equality with the references

  enum Dt { F32, F64 }

  private static DType of(Dt d) {
    return d == Dt.F32 ? DType.FLOAT32 : DType.FLOAT64;
  }

  @ParameterizedTest
  @EnumSource(Dt.class)
  void sgdMatchesTheCompositeBitForBit(Dt dt) {
    DType t = of(dt);
    // {momentum, dampening, course, nesterov, weight decay}
    double[][] cases = {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0.01}, {0.9, 0, 0, 0, 0},
        {0.9, 0.3, 0, 0, 0.05}, {0.9, 0, 0, 1, 0.01}, {0.8, 0, 1, 0, 0}, {0.8, 0, 1, 1, 0.02}};
    for (double[] c : cases) {
      SplittableRandom r = new SplittableRandom(11);
      Tensor w = rand(r, t);
      Tensor w2 = copy(w);
      Tensor v = Tensor.zeros(t, SHAPE);
      Tensor v2 = Tensor.zeros(t, SHAPE);
      boolean course = c[2] == 1;
      for (long step = 1; step <= STEPS; step++) {
        Tensor g = rand(r, t);
        sgdReference(w, g, v, 0.1, c[0], c[1], course, c[3] == 1, c[4], step);
        Updates.sgd(w2, g, c[0] == 0 ? null : v2, 0.1, c[0], course ? c[0] : c[1], c[3] == 1,
            c[4], !course && step == 1);
      }
      String what = t + " sgd " + java.util.Arrays.toString(c);
      assertSame(w, w2, what);
      assertSame(v, v2, what);
    }
  }

  @ParameterizedTest
  @EnumSource(Dt.class)
  void adamMatchesTheCompositeBitForBit(Dt dt) {
    DType t = of(dt);
    // {weight decay, decoupled, amsgrad}
    double[][] cases = {{0, 0, 0}, {0.01, 0, 0}, {0.01, 1, 0}, {0, 0, 1}, {0.02, 1, 1}};
    for (double[] c : cases) {
      SplittableRandom r = new SplittableRandom(5);
      Tensor w = rand(r, t);
      Tensor w2 = copy(w);
      Tensor[] ref = {Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE)};
      Tensor[] got = {Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE)};
      boolean ams = c[2] == 1;
      for (long step = 1; step <= STEPS; step++) {
        // Shrinking gradients make v fall, so AMSGrad's maximum differs from v.
        Tensor g = rand(r, t).mul(1.0 / step);
        adamReference(w, g, ref[0], ref[1], ams ? ref[2] : null, 1e-2, 0.9, 0.999, 1e-8, c[0],
            c[1] == 1, step);
        Updates.adam(w2, g, got[0], got[1], ams ? got[2] : null, 1e-2, 0.9, 0.999, 1e-8, c[0],
            c[1] == 1, step);
      }
      String what = t + " adam " + java.util.Arrays.toString(c);
      assertSame(w, w2, what);
      for (int k = 0; k < 3; k++) {
        assertSame(ref[k], got[k], what + " state " + k);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dt.class)
  void rmspropMatchesTheCompositeBitForBit(Dt dt) {
    DType t = of(dt);
    // {centered, momentum, weight decay}
    double[][] cases = {{0, 0, 0}, {1, 0, 0}, {0, 0.9, 0}, {1, 0.5, 0.01}, {0, 0, 0.03}};
    for (double[] c : cases) {
      SplittableRandom r = new SplittableRandom(7);
      Tensor w = rand(r, t);
      Tensor w2 = copy(w);
      Tensor[] ref = {Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE)};
      Tensor[] got = {Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE), Tensor.zeros(t, SHAPE)};
      boolean centered = c[0] == 1;
      boolean mom = c[1] > 0;
      for (int step = 1; step <= STEPS; step++) {
        Tensor g = rand(r, t);
        rmspropReference(w, g, ref[0], centered ? ref[1] : null, mom ? ref[2] : null, 1e-2, 0.99,
            1e-8, c[1], c[2]);
        Updates.rmsprop(w2, g, got[0], centered ? got[1] : null, mom ? got[2] : null, 1e-2, 0.99,
            1e-8, c[1], c[2]);
      }
      String what = t + " rmsprop " + java.util.Arrays.toString(c);
      assertSame(w, w2, what);
      for (int k = 0; k < 3; k++) {
        assertSame(ref[k], got[k], what + " state " + k);
      }
    }
  }

  // ------------------------------------------------------------ closed form, views, versions

  @Test
  void adamFirstStepIsTheSignStepInClosedForm() {
    // At t = 1, m̂ = g and v̂ = g², so p moves by -η·g / (|g| + ε).
    Tensor p = Tensor.of(new double[] {1.0, -2.0, 0.5});
    Tensor g = Tensor.of(new double[] {0.5, -4.0, 0.0});
    Updates.adam(p, g, Tensor.zeros(DType.FLOAT64, 3), Tensor.zeros(DType.FLOAT64, 3), null, 0.1,
        0.9, 0.999, 1e-8, 0, false, 1);
    double[] expected = {1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4.0 / (4.0 + 1e-8), 0.5};
    assertArrayEquals(expected, p.toDoubleArray(), 1e-15);
  }

  @Test
  void contiguousViewsWithAnOffsetAreUpdatedInPlace() {
    Tensor base = Tensor.of(new double[] {9, 1, 2, 3});
    Tensor p = base.slice(0, 1, 4);
    Tensor gBase = Tensor.of(new double[] {0, 0, 10, 20, 30});
    Updates.sgd(p, gBase.slice(0, 2, 5), null, 0.1, 0, 0, false, 0, false);
    assertArrayEquals(new double[] {9, 0, 0, 0}, base.toDoubleArray(), 1e-15);
  }

  @Test
  void updatesBumpTheVersionSoSavedValuesAreRefused() {
    Tensor p = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = p.mul(p).sum();
    int before = p.storage.version;
    Tensor m = Tensor.zeros(DType.FLOAT64, 2);
    try (Autograd.Scope s = Autograd.noGrad()) {
      Updates.adam(p, Tensor.of(new double[] {1, 1}), m, Tensor.zeros(DType.FLOAT64, 2), null,
          0.1, 0.9, 0.999, 1e-8, 0, false, 1);
    }
    assertEquals(before + 1, p.storage.version);
    assertEquals(1, m.storage.version);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
  }

  // ------------------------------------------------------------ errors

  private static String message(org.junit.jupiter.api.function.Executable body) {
    return assertThrows(IllegalArgumentException.class, body).getMessage();
  }

  @Test
  void mismatchesAreNamed() {
    Tensor p = Tensor.zeros(DType.FLOAT32, 2, 3);
    Tensor g = Tensor.zeros(DType.FLOAT32, 2, 3);
    assertEquals("adam update: state is float32 [3, 2] but the parameter is float32 [2, 3]",
        message(() -> Updates.adam(p, g, Tensor.zeros(DType.FLOAT32, 3, 2),
            Tensor.zeros(DType.FLOAT32, 2, 3), null, 0.1, 0.9, 0.999, 1e-8, 0, false, 1)));
    assertEquals("sgd update: gradient is float64 [2, 3] but the parameter is float32 [2, 3]",
        message(() -> Updates.sgd(p, Tensor.zeros(DType.FLOAT64, 2, 3), null, 0.1, 0, 0, false,
            0, false)));
    assertEquals("rmsprop update: parameter (strides [1, 2]) and gradient (strides [3, 1]) must "
        + "be contiguous; pass contiguous() copies", message(() -> Updates.rmsprop(
            Tensor.zeros(DType.FLOAT32, 3, 2).transpose(), g, Tensor.zeros(DType.FLOAT32, 2, 3),
            null, null, 0.1, 0.99, 1e-8, 0, 0)));
    assertEquals("sgd update: the parameter must be float32 or float64, got int64",
        message(() -> Updates.sgd(Tensor.of(new long[] {1}), Tensor.of(new long[] {1}), null,
            0.1, 0, 0, false, 0, false)));
    assertEquals("sgd update: momentum 0.9 needs a velocity buffer",
        message(() -> Updates.sgd(p, g, null, 0.1, 0.9, 0, false, 0, false)));
    assertEquals("adam update: step must be >= 1 (the count including this step), got 0",
        message(() -> Updates.adam(p, g, Tensor.zeros(DType.FLOAT32, 2, 3),
            Tensor.zeros(DType.FLOAT32, 2, 3), null, 0.1, 0.9, 0.999, 1e-8, 0, false, 0)));
    assertEquals("adam update: a state tensor shares storage with the parameter or the gradient",
        message(() -> Updates.adam(p, g, p, Tensor.zeros(DType.FLOAT32, 2, 3), null, 0.1, 0.9,
            0.999, 1e-8, 0, false, 1)));
    Tensor leaf = Tensor.zeros(DType.FLOAT32, 2, 3).requiresGrad(true);
    assertTrue(message(() -> Updates.sgd(leaf, g, null, 0.1, 0, 0, false, 0, false))
        .startsWith("sgd update: in-place update of a leaf that requires grad"));
  }
}
