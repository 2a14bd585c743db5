package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The elementwise vocabulary beyond what the generic properties check: closed forms and special
 * values, the conventions at singular points (xlogy, hypot, atan2), PyTorch's semantics (round
 * half to even, fmod's sign, softplus' threshold), dtypes, errors, and the composites (which
 * have no declaration, so no generic property) checked against finite differences to second
 * order in both modes.
 */
class MathOpsTest {
  private static final double PI = Math.PI;
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true).forwardMode(true);

  private static Tensor t(double... v) {
    return Tensor.of(v);
  }

  private static void assertValues(Tensor got, double tol, double... expected) {
    double[] g = got.toDoubleArray();
    assertEquals(expected.length, g.length, "element count");
    for (int i = 0; i < g.length; i++) {
      double e = expected[i];
      int k = i;
      assertTrue(e == g[i] || Double.isNaN(e) && Double.isNaN(g[i])
          || Math.abs(e - g[i]) <= tol * Math.max(1, Math.abs(e)),
          () -> "element " + k + ": expected " + e + " but was " + g[k]);
    }
  }

  /** The gradient of {@code sum(f(x, y))} with respect to both inputs. */
  private static List<Tensor> grads(Function<Tensor[], Tensor> f, Tensor x, Tensor y) {
    Tensor a = x.requiresGrad(true);
    Tensor b = y.requiresGrad(true);
    return Autograd.grad(List.of(f.apply(new Tensor[] {a, b}).sum()), List.of(a, b), null,
        false);
  }

  private static String error(Executable body) {
    return assertThrows(IllegalArgumentException.class, body).getMessage();
  }

  // ------------------------------------------------------------------ closed forms

  @Test
  void trigonometricAndHyperbolicClosedForms() {
    assertValues(t(PI / 4, -PI / 3).tan(), 1e-15, 1, -Math.sqrt(3));
    assertValues(t(0.5, -1, 1).asin(), 1e-15, PI / 6, -PI / 2, PI / 2);
    assertValues(t(0.5, -1, 1).acos(), 1e-15, PI / 3, PI, 0);
    assertValues(t(1, -1e300).atan(), 1e-15, PI / 4, -PI / 2);
    assertValues(t(2.0).asin(), 0, Double.NaN);
    assertValues(t(Math.log(2)).sinh(), 1e-15, 0.75);
    assertValues(t(Math.log(2)).cosh(), 1e-15, 1.25);
    assertValues(t(0.75, -0.75).asinh(), 1e-15, Math.log(2), -Math.log(2));
    assertValues(t(0.6, -0.6).atanh(), 1e-15, Math.log(2), -Math.log(2));
    // Accurate near 0 (no cancellation in log(x + √(x²+1)) or log((1+x)/(1-x))).
    assertValues(t(1e-10, -3e-200).asinh(), 1e-16, 1e-10, -3e-200);
    assertValues(t(1e-10, -3e-200).atanh(), 1e-16, 1e-10, -3e-200);
    // No overflow for huge asinh arguments; atanh is ±∞ at ±1 and NaN beyond.
    assertValues(t(1e300, -1e300).asinh(), 1e-15, Math.log(2e300), -Math.log(2e300));
    assertValues(t(1, -1, 2).atanh(), 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN);
  }

  @Test
  void logsAndPowersOfTwoAndTenAreExact() {
    for (int k = -1074; k <= 1023; k++) {
      assertEquals(k, Tensor.scalar(Math.scalb(1.0, k)).log2().item(), 0.0, "log2 2^" + k);
      if (k >= -1022) {
        assertEquals(Math.scalb(1.0, k), Tensor.scalar((double) k).exp2().item(), 0.0, "2^" + k);
      }
    }
    for (int k = 0; k <= 22; k++) {
      assertEquals(k, Tensor.scalar(Double.parseDouble("1e" + k)).log10().item(), 0.0);
    }
    // Near 1 the relative accuracy is kept: log2(1 - 2^-40) = -2^-40/ln 2 · (1 + 2^-41 + ...).
    double x = 1 - 0x1p-40;
    assertEquals(Math.log1p(-0x1p-40) / Math.log(2), Tensor.scalar(x).log2().item(),
        1e-15 * 0x1p-40);
    assertValues(t(0, -1, Double.POSITIVE_INFINITY).log2(), 0, Double.NEGATIVE_INFINITY,
        Double.NaN, Double.POSITIVE_INFINITY);
    assertValues(t(4, 0.25).rsqrt(), 0, 0.5, 2);
    assertValues(t(0.0).rsqrt(), 0, Double.POSITIVE_INFINITY);
  }

  @Test
  void geluMatchesPyTorch() {
    // torch.nn.functional.gelu(x) = x·Φ(x) in float64, Φ the standard normal CDF.
    assertValues(t(1, -1, 2, -3, 0.5, 0).gelu(), 4e-16, 0.8413447460685429,
        -0.15865525393145705, 1.9544997361036416, -0.0040496940948902835, 0.34573123063700656, 0);
    // Large negative x keeps its relative accuracy (1 + erf(x/√2) would give 0 at -10):
    // -10·Φ(-10) = -10·erfc(10/√2)/2, Φ(-10) = 7.619853024160526e-24.
    assertEquals(-7.619853024160526e-23, Tensor.scalar(-10.0).gelu().item(), 1e-36);
    assertValues(t(-40, 40).gelu(), 0, -0.0, 40);
    // The tanh approximation, closed form, and within 5e-4 of the exact form.
    double c = Math.sqrt(2 / PI);
    Tensor z = t(-3, -1, -0.2, 0.4, 1, 2.5);
    double[] zs = z.toDoubleArray();
    double[] tanhForm = new double[zs.length];
    for (int i = 0; i < zs.length; i++) {
      double v = zs[i];
      tanhForm[i] = 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v)));
    }
    assertArrayEquals(tanhForm, z.geluTanh().toDoubleArray(), 1e-15);
    assertArrayEquals(z.gelu().toDoubleArray(), z.geluTanh().toDoubleArray(), 5e-4);
  }

  @Test
  void activationClosedForms() {
    double[] z = {-30, -4, -1.5, -0.2, 0.3, 0.9, 2.5, 8, 40};
    Tensor x = Tensor.of(z);
    double[] silu = new double[z.length];
    double[] elu = new double[z.length];
    double[] selu = new double[z.length];
    double[] mish = new double[z.length];
    double[] logSigmoid = new double[z.length];
    double[] softsign = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      double v = z[i];
      double sig = 1 / (1 + Math.exp(-v));
      silu[i] = v * sig;
      elu[i] = v > 0 ? v : 0.7 * (Math.exp(v) - 1);
      selu[i] = 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1));
      mish[i] = v * Math.tanh(Math.log1p(Math.exp(v)));
      logSigmoid[i] = Math.log(sig);
      softsign[i] = v / (1 + Math.abs(v));
    }
    assertValues(x.silu(), 1e-15, silu);
    assertValues(x.elu(0.7), 1e-15, elu);
    assertValues(x.selu(), 1e-15, selu);
    assertValues(x.mish(), 1e-15, mish);
    assertValues(x.logSigmoid(), 1e-14, logSigmoid);
    assertValues(x.softsign(), 1e-15, softsign);
    assertValues(t(-2, -1, 0.5, 1, 3).hardtanh(), 0, -1, -1, 0.5, 1, 1);
    assertValues(t(-2, 0.5, 3).hardtanh(-0.5, 2), 0, -0.5, 0.5, 2);
    // Extremes stay finite and exact.
    Tensor big = t(-1000, 1000);
    assertValues(big.logSigmoid(), 0, -1000, -0.0);
    assertValues(big.elu(), 0, -1, 1000);
    assertValues(big.mish(), 0, -0.0, 1000);
    assertValues(big.silu(), 0, -0.0, 1000);
  }

  @Test
  void softplusFollowsPyTorchsThreshold() {
    // beta = 2, threshold = 5: linear where 2x > 5, log1p(e^(2x))/2 elsewhere (2x = 5 included).
    Tensor x = t(2.5, Math.nextUp(2.5), 1, -3, 1000, -1000);
    assertValues(x.softplus(2, 5), 1e-15, Math.log1p(Math.exp(5)) / 2, Math.nextUp(2.5),
        Math.log1p(Math.exp(2)) / 2, Math.log1p(Math.exp(-6)) / 2, 1000, 0);
    Tensor a = t(1, 3).requiresGrad(true);
    a.softplus(2, 5).sum().backward();
    assertArrayEquals(new double[] {1 / (1 + Math.exp(-2)), 1}, a.grad().toDoubleArray(), 1e-15);
    // With the defaults beta = 1, threshold = 20, the same as softplus() below the threshold.
    Tensor y = t(-5, 0.3, 19.9, 20.1);
    assertValues(y.softplus(1, 20), 0, y.softplus().get(0), y.softplus().get(1),
        y.softplus().get(2), 20.1);
  }

  @Test
  void oneSidedClampsAndFrac() {
    assertValues(t(-2, 0.3, 5).clampMin(0.3), 0, 0.3, 0.3, 5);
    assertValues(t(-2, 0.3, 5).clampMax(0.3), 0, -2, 0.3, 0.3);
    Tensor ints = Tensor.of(new int[] {-3, 1, 4});
    assertEquals(DType.INT32, ints.clampMin(0).dtype());
    assertArrayEquals(new double[] {0, 1, 4}, ints.clampMin(0).toDoubleArray());
    // The derivative is 1 at the bound itself (clamp's convention).
    Tensor x = t(0.3, 1).requiresGrad(true);
    x.clampMin(0.3).sum().backward();
    assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    assertValues(t(2.75, -2.75, 3, -0.5).frac(), 0, 0.75, -0.75, 0, -0.5);
  }

  @Test
  void lerpHitsBothEndsExactly() {
    Tensor a = t(0.1, -7.3, 1e-300);
    Tensor b = t(0.3, 2.9, 5);
    assertArrayEquals(a.toDoubleArray(), a.lerp(b, 0.0).toDoubleArray(), 0.0);
    assertArrayEquals(b.toDoubleArray(), a.lerp(b, 1.0).toDoubleArray(), 0.0);
    assertArrayEquals(b.toDoubleArray(), a.lerp(b, t(1, 1, 1)).toDoubleArray(), 0.0);
    assertValues(a.lerp(b, t(0.25, 0.5, 0.75)), 1e-15, 0.15, -2.2, 3.75);
    assertValues(a.lerp(b, 2.0), 1e-15, 0.5, 13.1, 10);
  }

  @Test
  void derivativesAtKinksAreTheDocumentedOnes() {
    // elu, selu: the left derivative α (λα) at 0, as PyTorch; hardtanh and the one-sided clamps:
    // 1 at the bounds; frac: 1 at whole numbers; softsign: 1 at 0.
    assertEquals(0.7, slopeAt(0.0, v -> v.elu(0.7)), 0.0);
    assertEquals(1.0507009873554805 * 1.6732632423543772, slopeAt(0.0, Tensor::selu), 1e-15);
    assertEquals(1.0, slopeAt(1.0, Tensor::hardtanh), 0.0);
    assertEquals(1.0, slopeAt(-1.0, Tensor::hardtanh), 0.0);
    assertEquals(1.0, slopeAt(0.5, v -> v.clampMax(0.5)), 0.0);
    assertEquals(1.0, slopeAt(3.0, Tensor::frac), 0.0);
    assertEquals(1.0, slopeAt(0.0, Tensor::softsign), 0.0);
    assertEquals(0.0, slopeAt(2.0, Tensor::round), 0.0);
  }

  /** d f(x) / dx at a point, by reverse mode (0 for a constant op). */
  private static double slopeAt(double x, UnaryOperator<Tensor> f) {
    Tensor v = Tensor.scalar(x).requiresGrad(true);
    Tensor y = f.apply(v);
    return y.requiresGrad() ? Autograd.grad(List.of(y), List.of(v), null, false).get(0).item() : 0;
  }

  // ------------------------------------------------------------------ PyTorch semantics

  @Test
  void roundIsHalfToEvenAndRoundingIsAConstant() {
    Tensor x = t(-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999999999999994, 4503599627370497.0);
    assertValues(x.round(), 0, -2, -2, -0.0, 0, 2, 2, 0, 4503599627370497.0);
    Tensor y = t(-1.5, -0.5, 0.5, 1.5, 2);
    assertValues(y.floor(), 0, -2, -1, 0, 1, 2);
    assertValues(y.ceil(), 0, -1, -0.0, 1, 2, 2);
    assertValues(y.trunc(), 0, -1, -0.0, 0, 1, 2);
    // Signed zeros as C: trunc(-0.5) and ceil(-0.5) are -0.0.
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(t(-0.5).trunc().item()));
    Tensor g = t(0.7, -1.2).requiresGrad(true);
    for (UnaryOperator<Tensor> f : List.<UnaryOperator<Tensor>>of(Tensor::floor, Tensor::ceil,
        Tensor::round, Tensor::trunc)) {
      assertFalse(f.apply(g).requiresGrad(), "rounding is a constant");
    }
    // Integer tensors are returned unchanged, in their dtype.
    Tensor ints = Tensor.of(new long[] {-3, 0, 9});
    assertEquals(DType.INT64, ints.round().dtype());
    assertArrayEquals(new long[] {-3, 0, 9}, ints.floor().toLongArray());
  }

  @Test
  void fmodTakesTheDividendsSignAndRemainderTheDivisors() {
    Tensor a = t(5.5, -5.5, 5.5, -5.5);
    Tensor b = t(2, 2, -2, -2);
    assertValues(a.fmod(b), 0, 1.5, -1.5, 1.5, -1.5);
    assertValues(a.remainder(b), 0, 1.5, 0.5, -0.5, -1.5);
    assertValues(t(1, -1).fmod(0.0), 0, Double.NaN, Double.NaN);
    Tensor ints = Tensor.of(new int[] {7, -7, 7, -7});
    Tensor fm = ints.fmod(Tensor.of(new int[] {3, 3, -3, -3}));
    assertEquals(DType.INT32, fm.dtype());
    assertArrayEquals(new long[] {1, -1, 1, -1}, fm.toLongArray());
    assertArrayEquals(new long[] {1, -1, 1, -1}, ints.fmod(3).toLongArray());
    assertEquals("fmod: integer division by zero", error(() -> ints.fmod(0)));
    // d/da = 1, d/db = -trunc(a / b).
    List<Tensor> g = grads(in -> in[0].fmod(in[1]), t(5.5, -5.5), t(2, 2));
    assertArrayEquals(new double[] {1, 1}, g.get(0).toDoubleArray());
    assertArrayEquals(new double[] {-2, 2}, g.get(1).toDoubleArray());
  }

  @Test
  void atan2FindsTheQuadrant() {
    Tensor y = t(1, 1, -1, -1, 0, -0.0, 1, -1, 0, 3);
    Tensor x = t(1, -1, -1, 1, -1, -1, 0, 0, 0, Double.POSITIVE_INFINITY);
    assertValues(y.atan2(x), 1e-15, PI / 4, 3 * PI / 4, -3 * PI / 4, -PI / 4, PI, -PI, PI / 2,
        -PI / 2, 0, 0);
    // Gradients: (x, -y) / (x² + y²), and 0 (not NaN) at the origin.
    List<Tensor> g = grads(in -> in[0].atan2(in[1]), t(1, 0), t(2, 0));
    assertArrayEquals(new double[] {0.4, 0}, g.get(0).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {-0.2, 0}, g.get(1).toDoubleArray(), 1e-15);
  }

  @Test
  void xlogyIsZeroWhereXIsZeroWithFiniteGradients() {
    Tensor x = t(0, 0, 0, 2, 0);
    Tensor y = t(0, 5, -1, 3, Double.NaN);
    assertValues(x.xlogy(y), 1e-15, 0, 0, 0, 2 * Math.log(3), Double.NaN);
    // xlogy(0, 0): gradient (0, 0), finite; at x = 0, y = 5 the true derivatives (log 5, 0).
    List<Tensor> g = grads(in -> in[0].xlogy(in[1]), t(0, 0, 2), t(0, 5, 3));
    assertArrayEquals(new double[] {0, Math.log(5), Math.log(3)}, g.get(0).toDoubleArray(),
        1e-15);
    assertArrayEquals(new double[] {0, 0, 2.0 / 3}, g.get(1).toDoubleArray(), 1e-15);
    // Second order stays finite at (0, 0) too.
    Tensor a = t(0.0).requiresGrad(true);
    Tensor b = t(0.0).requiresGrad(true);
    List<Tensor> first = Autograd.grad(List.of(a.xlogy(b).sum()), List.of(a, b), null, true);
    List<Tensor> second = Autograd.grad(List.of(first.get(0).add(first.get(1)).sum()),
        List.of(a, b), null, false);
    assertTrue(second.get(0).isFinite().toBooleanArray()[0]);
    assertTrue(second.get(1).isFinite().toBooleanArray()[0]);
    // The entropy of a distribution with a zero has a finite gradient.
    Tensor p = t(0, 0.25, 0.75).requiresGrad(true);
    p.xlogy(p).sum().neg().backward();
    assertArrayEquals(new double[] {0, -Math.log(0.25) - 1, -Math.log(0.75) - 1},
        p.grad().toDoubleArray(), 1e-15);
  }

  @Test
  void logaddexpIsExactAtPlusMinus1000() {
    Tensor a = t(1000, -1000, 1000, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0);
    Tensor b = t(1000, -1000, -1000, Double.NEGATIVE_INFINITY, 3, 0);
    double ln2 = Math.log(2);
    double inf = Double.POSITIVE_INFINITY;
    assertValues(a.logaddexp(b), 1e-15, 1000 + ln2, -1000 + ln2, 1000,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, ln2);
    // The weights σ(a - b), σ(b - a) are exact at ±1000 and finite at an infinite argument.
    List<Tensor> g = grads(in -> in[0].logaddexp(in[1]), t(1000, 1000, -1000, inf),
        t(1000, -1000, -999, 3));
    assertArrayEquals(new double[] {0.5, 1, 1 / (1 + Math.E), 1}, g.get(0).toDoubleArray(),
        1e-16);
    assertArrayEquals(new double[] {0.5, 0, 1 / (1 + 1 / Math.E), 0}, g.get(1).toDoubleArray(),
        1e-16);
  }

  @Test
  void hypotNeitherOverflowsNorUnderflowsAndIsZeroSlopedAtTheOrigin() {
    assertValues(t(3e200, 3e-200, 3).hypot(t(4e200, 4e-200, -4)), 1e-15, 5e200, 5e-200, 5);
    List<Tensor> g = grads(in -> in[0].hypot(in[1]), t(3, 0), t(-4, 0));
    assertArrayEquals(new double[] {0.6, 0}, g.get(0).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {-0.8, 0}, g.get(1).toDoubleArray(), 1e-15);
  }

  @Test
  void ieeePredicatesAndNanToNum() {
    Tensor x = t(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, -0.0);
    assertArrayEquals(new boolean[] {true, false, false, false, false},
        x.isNan().toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, true, false, false},
        x.isInf().toBooleanArray());
    assertArrayEquals(new boolean[] {false, false, false, true, true},
        x.isFinite().toBooleanArray());
    assertEquals(DType.BOOL, x.isNan().dtype());
    assertArrayEquals(new boolean[] {true, true}, Tensor.of(new int[] {3, -1}).isFinite()
        .toBooleanArray());
    assertValues(x.nanToNum(), 0, 0, Double.MAX_VALUE, -Double.MAX_VALUE, 1, -0.0);
    assertValues(x.to(DType.FLOAT32).nanToNum(), 0, 0, Float.MAX_VALUE, -Float.MAX_VALUE, 1, 0);
    assertValues(x.nanToNum(-1, 9, -9), 0, -1, 9, -9, 1, 0);
    // Gradient 1 where finite, 0 where replaced.
    Tensor v = x.requiresGrad(true);
    v.nanToNum().sum().backward();
    assertArrayEquals(new double[] {0, 0, 0, 1, 1}, v.grad().toDoubleArray());
    Tensor ints = Tensor.of(new int[] {1, 2});
    assertEquals(DType.INT32, ints.nanToNum().dtype());
  }

  // ------------------------------------------------------------------ dtypes and errors

  @Test
  void floatOpsKeepFloat32AndTurnIntegersIntoFloat32() {
    List<UnaryOperator<Tensor>> unary = List.of(Tensor::tan, Tensor::asin, Tensor::acos,
        Tensor::atan, Tensor::sinh, Tensor::cosh, Tensor::asinh, Tensor::atanh, Tensor::log2,
        Tensor::log10, Tensor::exp2, Tensor::rsqrt, Tensor::erf, Tensor::erfc, Tensor::erfinv,
        Tensor::gelu, Tensor::geluTanh, Tensor::silu, Tensor::elu, Tensor::selu, Tensor::mish,
        Tensor::logSigmoid, Tensor::hardtanh, Tensor::softsign, x -> x.softplus(2, 5),
        Tensor::frac, x -> x.lerp(x, 0.3), x -> x.lerp(x, x), x -> x.atan2(x),
        x -> x.hypot(x), x -> x.xlogy(x), x -> x.logaddexp(x), x -> x.fmod(1.5));
    Tensor f32 = Tensor.of(new float[] {0.25f, 0.5f});
    Tensor i32 = Tensor.of(new int[] {0, 1});
    for (UnaryOperator<Tensor> f : unary) {
      assertEquals(DType.FLOAT32, f.apply(f32).dtype());
      Tensor r = f.apply(i32);
      assertEquals(DType.FLOAT32, r.dtype());
      assertArrayEquals(f.apply(i32.to(DType.FLOAT64)).toDoubleArray(), r.toDoubleArray(),
          1e-6);
    }
    assertEquals(DType.FLOAT64, Tensor.of(new float[] {1}).atan2(t(1)).dtype());
  }

  @Test
  void badArgumentsAreNamed() {
    Tensor x = t(1, 2);
    assertEquals("elu: alpha must be finite, got NaN", error(() -> x.elu(Double.NaN)));
    assertEquals("hardtanh: need min <= max, got min=1.0, max=-1.0",
        error(() -> x.hardtanh(1, -1)));
    assertEquals("softplus: beta must be finite and > 0, got 0.0", error(() -> x.softplus(0, 20)));
    assertEquals("softplus: threshold is NaN", error(() -> x.softplus(1, Double.NaN)));
    assertEquals("clampMin: min is NaN", error(() -> x.clampMin(Double.NaN)));
    assertEquals("clampMax: max is NaN", error(() -> x.clampMax(Double.NaN)));
    Tensor bool = Tensor.of(new boolean[] {true});
    assertEquals("floor: not defined for bool tensors (convert with to(DType))",
        error(bool::floor));
    assertEquals("nanToNum: not defined for bool tensors (convert with to(DType))",
        error(bool::nanToNum));
    assertEquals("atan2: cannot broadcast [2] with [3]: axis 0 has sizes 2 and 3 (must be equal "
        + "or 1)", error(() -> x.atan2(t(1, 2, 3))));
  }

  // ------------------------------------------------------------------ composites

  @Test
  void compositesPassGradientChecksInBothModesToSecondOrder() {
    // Values away from the kinks at 0 (elu, softsign), ±1 and the bounds (hardtanh, clamps),
    // the softplus threshold (2x = 5 at x = 2.5), whole numbers (frac) and weight 1/2 (lerp).
    Tensor x = t(-2.3, -0.7, 0.4, 1.3, 2.9);
    List<UnaryOperator<Tensor>> smooth = List.of(Tensor::gelu, Tensor::geluTanh, Tensor::silu,
        Tensor::elu, v -> v.elu(0.6), Tensor::selu, Tensor::mish, Tensor::logSigmoid,
        Tensor::hardtanh, v -> v.hardtanh(-0.5, 2), Tensor::softsign, v -> v.softplus(2, 5),
        v -> v.softplus(0.5, 1), v -> v.clampMin(0.1), v -> v.clampMax(-0.1), Tensor::frac,
        v -> v.abs().rsqrt());
    for (UnaryOperator<Tensor> f : smooth) {
      CHECK.check(in -> f.apply(in[0]).mul(t(1.0, -0.5, 2.0, 0.7, -1.3)), x);
    }
    Tensor end = t(0.5, 3, -1, 2, 0);
    Tensor w = t(0.1, 0.3, 0.7, 0.9, 1.2);
    CHECK.check(in -> in[0].lerp(in[1], in[2]), x, end, w);
    CHECK.check(in -> in[0].lerp(in[1], 0.25), x, end);
    CHECK.check(in -> in[0].lerp(in[1], 0.75), x, end);
  }
}
