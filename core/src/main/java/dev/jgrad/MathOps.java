package dev.jgrad;

import static dev.jgrad.ElementwiseOps.declare;
import static dev.jgrad.ElementwiseOps.unary;

import dev.jgrad.Samples.Domain;
import dev.jgrad.kernels.Elementwise;
import dev.jgrad.kernels.Special;
import java.util.EnumSet;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * The elementwise vocabulary beyond the basics, declared like {@link ElementwiseOps} and
 * {@link BinaryOps} (kernel, rule, samples and an independent reference side by side): the
 * remaining trigonometric and hyperbolic functions and their inverses, {@code log2 log10 exp2},
 * the error function family, rounding (constants), the IEEE predicates (BOOL constants),
 * {@code nanToNum}, and the binary {@code atan2 hypot fmod xlogy logaddexp}.
 *
 * <p>Ops that compose exactly and stably from primitives (gelu, silu, elu, selu, mish,
 * logSigmoid, hardtanh, softsign, softplus with beta and threshold, clampMin/clampMax, rsqrt,
 * frac, lerp) are plain {@link Tensor} methods with no declaration. Those here need a kernel of
 * their own (erf, erfc, erfinv to full double precision; asinh, atanh and log2 accurate near
 * 0 and 1; hypot and logaddexp without overflow) or a derivative convention (xlogy's
 * {@code 0·log 0 = 0}, hypot's and atan2's 0 at the origin).
 */
final class MathOps {
  private MathOps() {}

  static final double LN2 = 0.6931471805599453;
  static final double LN10 = 2.302585092994046;
  static final double SQRT_PI_OVER_2 = 0.886226925452758;

  // ------------------------------------------------------------------ scalar kernels

  /** {@code asinh x = sign(x)·log1p(|x| + x²/(1 + √(1 + x²)))}: exact near 0, no overflow. */
  static double asinh(double x) {
    double a = Math.abs(x);
    double r = a > 0x1p28 ? Math.log(a) + LN2 : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
    return Math.copySign(r, x);
  }

  /** {@code atanh x = sign(x)·log1p(2|x| / (1 - |x|)) / 2}: exact near 0, ±∞ at ±1. */
  static double atanh(double x) {
    double a = Math.abs(x);
    return Math.copySign(0.5 * Math.log1p(2 * a / (1 - a)), x);
  }

  /**
   * {@code log2 x} from the binary exponent: x = m·2^e with m in [√2/2, √2), so powers of two
   * (subnormal ones too) are exact and x near 1 keeps its relative accuracy.
   */
  static double log2(double x) {
    if (!(x > 0 && x < Double.POSITIVE_INFINITY)) {
      return Math.log(x) / LN2; // 0, negatives, infinity, NaN
    }
    int e = 0;
    if (x < Double.MIN_NORMAL) {
      x *= 0x1p54; // subnormal: normalize first
      e = -54;
    }
    int k = Math.getExponent(x);
    double m = Math.scalb(x, -k);
    e += k;
    if (m > 1.4142135623730951) {
      m *= 0.5;
      e++;
    }
    return e + Math.log(m) / LN2;
  }

  /** {@code log(e^a + e^b) = max + log1p(e^-|a - b|)}; equal arguments (±∞ too) give a + log 2. */
  static double logaddexp(double a, double b) {
    if (a == b) {
      return a + LN2;
    }
    double m = Math.max(a, b);
    return m + Math.log1p(Math.exp(-Math.abs(a - b)));
  }

  /** {@code x·log y}, 0 where x = 0 unless y is NaN (PyTorch). */
  static double xlogy(double x, double y) {
    if (y != y) {
      return y;
    }
    return x == 0 ? 0.0 : x * Math.log(y);
  }

  /** Truncation toward zero ({@code -0.0} for negative fractions, as C's trunc). */
  static double trunc(double x) {
    return x < 0 ? Math.ceil(x) : Math.floor(x);
  }

  // ------------------------------------------------------------------ trigonometric, hyperbolic

  static final Prim<Void> TAN = unary("tan", Tensor::tan, Math::tan,
      (s, v) -> v.mul(s.y().square().add(1.0)),
      x -> StrictMath.sin(x) / StrictMath.cos(x), new Domain(-1.2, 1.2));

  static final Prim<Void> ASIN = unary("asin", Tensor::asin, Math::asin,
      (s, v) -> v.div(s.x(0).square().neg().add(1.0).sqrt()),
      x -> StrictMath.atan(x / StrictMath.sqrt(1 - x * x)), Domain.UNIT);

  static final Prim<Void> ACOS = unary("acos", Tensor::acos, Math::acos,
      (s, v) -> v.div(s.x(0).square().neg().add(1.0).sqrt()).neg(),
      x -> StrictMath.atan2(StrictMath.sqrt(1 - x * x), x), Domain.UNIT);

  static final Prim<Void> ATAN = unary("atan", Tensor::atan, Math::atan,
      (s, v) -> v.div(s.x(0).square().add(1.0)),
      x -> StrictMath.asin(x / StrictMath.sqrt(1 + x * x)), new Domain(-3, 3));

  static final Prim<Void> SINH = unary("sinh", Tensor::sinh, Math::sinh,
      (s, v) -> v.mul(s.x(0).cosh()),
      x -> (StrictMath.exp(x) - StrictMath.exp(-x)) / 2, Domain.REAL);

  static final Prim<Void> COSH = unary("cosh", Tensor::cosh, Math::cosh,
      (s, v) -> v.mul(s.x(0).sinh()),
      x -> (StrictMath.exp(x) + StrictMath.exp(-x)) / 2, Domain.REAL);

  static final Prim<Void> ASINH = unary("asinh", Tensor::asinh, MathOps::asinh,
      (s, v) -> v.div(s.x(0).square().add(1.0).sqrt()),
      x -> StrictMath.log(x + StrictMath.sqrt(x * x + 1)), new Domain(-3, 3));

  static final Prim<Void> ATANH = unary("atanh", Tensor::atanh, MathOps::atanh,
      (s, v) -> v.div(s.x(0).square().neg().add(1.0)),
      x -> 0.5 * StrictMath.log((1 + x) / (1 - x)), Domain.UNIT);

  // ------------------------------------------------------------------ logarithms, exponentials

  static final Prim<Void> LOG2 = unary("log2", Tensor::log2, MathOps::log2,
      (s, v) -> v.div(s.x(0).mul(LN2)),
      x -> StrictMath.log(x) / StrictMath.log(2), Domain.POSITIVE);

  static final Prim<Void> LOG10 = unary("log10", Tensor::log10, Math::log10,
      (s, v) -> v.div(s.x(0).mul(LN10)),
      x -> StrictMath.log(x) / StrictMath.log(10), Domain.POSITIVE);

  static final Prim<Void> EXP2 = unary("exp2", Tensor::exp2, x -> Math.pow(2, x),
      (s, v) -> v.mul(s.y().mul(LN2)),
      x -> StrictMath.exp(x * StrictMath.log(2)), Domain.REAL);

  // ------------------------------------------------------------------ error function family

  /** {@code erf' = 2/√π·e^(-x²)}. */
  static final Prim<Void> ERF = unary("erf", Tensor::erf, Special::erf,
      (s, v) -> v.mul(s.x(0).square().neg().exp().mul(Special.TWO_OVER_SQRT_PI)),
      MathOps::erfSeries, new Domain(-4.5, 4.5));

  /** {@code erfc' = -2/√π·e^(-x²)}. */
  static final Prim<Void> ERFC = unary("erfc", Tensor::erfc, Special::erfc,
      (s, v) -> v.mul(s.x(0).square().neg().exp().mul(-Special.TWO_OVER_SQRT_PI)),
      MathOps::erfcReference, new Domain(-4.5, 4.5));

  /** {@code erfinv' = √π/2·e^(erfinv(y)²)} (written with the output). */
  static final Prim<Void> ERFINV = unary("erfinv", Tensor::erfinv, Special::erfinv,
      (s, v) -> v.mul(s.y().square().exp().mul(SQRT_PI_OVER_2)),
      MathOps::erfinvReference, new Domain(-0.95, 0.95));

  // ------------------------------------------------------------------ rounding (constants)

  static final Prim<Void> FLOOR = rounding("floor", Tensor::floor, Math::floor, x -> {
    double t = (long) x;
    return t > x ? t - 1 : t;
  });

  static final Prim<Void> CEIL = rounding("ceil", Tensor::ceil, Math::ceil, x -> {
    double t = (long) x;
    return t < x ? t + 1 : t;
  });

  /** Half to even (IEEE roundTiesToEven, as PyTorch and NumPy). */
  static final Prim<Void> ROUND = rounding("round", Tensor::round, Math::rint, x -> {
    double f = (long) x > x ? (long) x - 1 : (long) x;
    double d = x - f;
    return d < 0.5 ? f : d > 0.5 ? f + 1 : (long) f % 2 == 0 ? f : f + 1;
  });

  static final Prim<Void> TRUNC = rounding("trunc", Tensor::trunc, MathOps::trunc,
      x -> (long) x);

  /**
   * A rounding op: a constant (zero gradient almost everywhere, none recorded); integer dtypes
   * are returned unchanged (as a copy). Samples mix continuous values with a grid of quarters,
   * so that exact integers and halves (the ties of round) are drawn.
   */
  private static Prim<Void> rounding(String name, UnaryOperator<Tensor> call,
      DoubleUnaryOperator kernel, DoubleUnaryOperator reference) {
    return declare(name, a -> kernel, a -> x -> x, null, null, new Spec(r -> {
      int[] shape = Samples.shape(r, 0, 3);
      Tensor x = r.nextBoolean() ? Samples.tensor(r, shape, new Domain(-3, 3))
          : Samples.integers(r, shape, -12, 12).mul(0.25);
      return new Spec.Sample(name + "(x)", in -> call.apply(in[0]),
          in -> Samples.map(in[0], reference), x);
    }, r -> new Spec.Sample(name + "(x) on integers", in -> call.apply(in[0]),
        in -> Samples.map(in[0], reference), Samples.integers(r, Samples.shape(r, 0, 3), -3, 3)),
        EnumSet.of(DType.INT32, DType.INT64)));
  }

  // ------------------------------------------------------------------ IEEE predicates, nanToNum

  static final Prim<Void> IS_NAN = predicate("isnan", Tensor::isNan, Double::isNaN,
      v -> v != v);
  static final Prim<Void> IS_INF = predicate("isinf", Tensor::isInf, Double::isInfinite,
      v -> v == Double.POSITIVE_INFINITY || v == Double.NEGATIVE_INFINITY);
  static final Prim<Void> IS_FINITE = predicate("isfinite", Tensor::isFinite, Double::isFinite,
      v -> Math.abs(v) <= Double.MAX_VALUE);

  /** Test values with NaN, +∞ and -∞ mixed in (about one in four). */
  private static Tensor withSpecials(SplittableRandom r, int[] shape) {
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    return Samples.map(Samples.real(r, shape),
        v -> r.nextInt(4) == 0 ? specials[r.nextInt(3)] : v);
  }

  /** An IEEE predicate as a BOOL constant, on every dtype (integers and bools are finite). */
  private static Prim<Void> predicate(String name, UnaryOperator<Tensor> call,
      Elementwise.DoubleTest test, Elementwise.DoubleTest reference) {
    return Prim.<Void>builder(name, (a, in) -> {
      Tensor x = in[0];
      Tensor y = Tensor.empty(DType.BOOL, x.shape());
      Elementwise.test(test, x.storage.array(), x.offset, x.strides, y.storage.b,
          x.shape().dimsRef());
      return y;
    }).spec(new Spec(r -> new Spec.Sample(name + "(x)", in -> call.apply(in[0]),
        in -> Samples.map(in[0], v -> reference.test(v) ? 1 : 0),
        withSpecials(r, Samples.shape(r, 0, 3))),
        r -> new Spec.Sample(name + "(x) on integers", in -> call.apply(in[0]),
            in -> Samples.map(in[0], v -> reference.test(v) ? 1 : 0),
            Samples.integers(r, Samples.shape(r, 0, 3), -1, 1)),
        EnumSet.of(DType.INT32, DType.INT64, DType.BOOL))).build();
  }

  /**
   * NaN, +∞, -∞ replaced by the attributes {@code [nan, posinf, neginf]}; derivative 1 where x is
   * finite, 0 where it was replaced. Integer dtypes are returned unchanged.
   */
  static final Prim<double[]> NAN_TO_NUM = declare("nan_to_num",
      c -> x -> x != x ? c[0] : x == Double.POSITIVE_INFINITY ? c[1]
          : x == Double.NEGATIVE_INFINITY ? c[2] : x,
      c -> x -> x, (s, v) -> v.mul(s.x(0).isFinite()),
      c -> "nan=" + c[0] + ", posinf=" + c[1] + ", neginf=" + c[2], new Spec(r -> {
        double nan = Domain.REAL.draw(r);
        double pos = 10 + r.nextDouble();
        double neg = -10 - r.nextDouble();
        return new Spec.Sample("nan_to_num(x, " + nan + ", " + pos + ", " + neg + ")",
            in -> in[0].nanToNum(nan, pos, neg), in -> Samples.map(in[0],
                v -> Double.isNaN(v) ? nan : v > Double.MAX_VALUE ? pos
                    : v < -Double.MAX_VALUE ? neg : v),
            withSpecials(r, Samples.shape(r, 0, 3)));
      }, r -> new Spec.Sample("nan_to_num(x) on integers", in -> in[0].nanToNum(),
          in -> in[0], Samples.integers(r, Samples.shape(r, 0, 3), -3, 3)),
          EnumSet.of(DType.INT32, DType.INT64)));

  // ------------------------------------------------------------------ binary

  /** A pair of values that samples must avoid (a singularity, a branch cut, a jump). */
  interface Avoid {
    boolean test(double a, double b);
  }

  /** Broadcasting pairs, a from domA and b from domB, redrawn while any pair is to be avoided. */
  static Spec pairs(String name, BinaryOps.Caller call, DoubleBinaryOperator reference,
      Domain domA, Domain domB, Avoid avoid) {
    return Spec.of(r -> {
      while (true) {
        int[][] p = Samples.broadcastPair(r);
        Tensor a = Samples.tensor(r, p[0], domA);
        Tensor b = Samples.tensor(r, p[1], domB);
        if (any(a, b, avoid)) {
          continue;
        }
        return new Spec.Sample(name + "(a, b)", in -> call.apply(in[0], in[1]),
            in -> Samples.zip(in[0], in[1], reference), a, b);
      }
    });
  }

  private static boolean any(Tensor a, Tensor b, Avoid avoid) {
    for (double v : Samples.zip(a, b, (x, y) -> avoid.test(x, y) ? 1 : 0).toDoubleArray()) {
      if (v != 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code where(r == 0, 1, r)}: a divisor that is 1 exactly where r vanishes. */
  private static Tensor safe(Tensor r) {
    return Tensor.where(r.eq(0.0), Tensor.scalar(r.dtype(), 1.0), r);
  }

  /**
   * {@code atan2(a, b)}, the angle of the point (b, a) in [-π, π]: {@code ∂a = b/(a² + b²)},
   * {@code ∂b = -a/(a² + b²)}, both taken as 0 at the origin. Samples avoid the origin and the
   * branch cut (b &lt; 0, a = 0).
   */
  static final Prim<Void> ATAN2 = BinaryOps.differentiable("atan2", Math::atan2, null, false,
      (s, v) -> v.mul(s.x(1)).div(safe(s.x(0).square().add(s.x(1).square()))),
      (s, v) -> v.mul(s.x(0)).div(safe(s.x(0).square().add(s.x(1).square()))).neg(),
      pairs("atan2", Tensor::atan2, (a, b) -> b > 0 ? StrictMath.atan(a / b)
          : b < 0 ? StrictMath.atan(a / b) + (a >= 0 ? Math.PI : -Math.PI)
          : Math.copySign(Math.PI / 2, a), Domain.REAL, Domain.REAL,
          (a, b) -> a * a + b * b < 0.1 || b < 0 && Math.abs(a) < Samples.MARGIN));

  /**
   * {@code √(a² + b²)} without overflow or underflow: {@code ∂a = a/y}, {@code ∂b = b/y}, both 0
   * at the origin (the subgradient of least norm, as for norms of the zero vector).
   */
  static final Prim<Void> HYPOT = BinaryOps.differentiable("hypot", Math::hypot, null, false,
      (s, v) -> v.mul(s.x(0).div(safe(s.y()))), (s, v) -> v.mul(s.x(1).div(safe(s.y()))),
      pairs("hypot", Tensor::hypot, (a, b) -> StrictMath.sqrt(a * a + b * b), Domain.REAL,
          Domain.REAL, (a, b) -> a * a + b * b < 0.1));

  /**
   * C's fmod, {@code a - trunc(a / b)·b} (the dividend's sign; Java's {@code %}): {@code ∂a = 1},
   * {@code ∂b = -trunc(a / b)}. Integers exactly (division by zero is an error). Samples keep
   * a / b away from integers (the jumps).
   */
  static final Prim<Void> FMOD = BinaryOps.differentiable("fmod", (a, b) -> a % b,
      (a, b) -> a % BinaryOps.nonzero("fmod", b), false,
      (s, v) -> v, (s, v) -> v.mul(s.x(0).div(s.x(1)).trunc()).neg(),
      new Spec(pairs("fmod", Tensor::fmod, (a, b) -> a - b * (long) (a / b), Domain.REAL,
          new Domain(-2, 2), (a, b) -> Math.abs(b) < 0.5
              || Math.abs(a / b - Math.rint(a / b)) < Samples.MARGIN).sampler, r -> {
                int[][] p = Samples.broadcastPair(r);
                Tensor b = Samples.integers(r, p[1], 1, 3);
                if (r.nextBoolean()) {
                  b = b.neg();
                }
                return new Spec.Sample("fmod(a, b) on integers", in -> in[0].fmod(in[1]),
                    in -> Samples.zip(in[0], in[1], (x, y) -> x - y * (long) (x / y)),
                    Samples.integers(r, p[0], -7, 7), b);
              }, EnumSet.of(DType.INT32, DType.INT64)));

  /**
   * {@code x·log y} with {@code 0·log y = 0} for every y but NaN (PyTorch's xlogy):
   * {@code ∂x = log y}, {@code ∂y = x/y}, both taken as 0 where x = 0 and y &lt;= 0 (so
   * {@code xlogy(0, 0)} has gradient (0, 0), not NaN). Samples include exact zeros of x.
   */
  static final Prim<Void> XLOGY = BinaryOps.differentiable("xlogy", MathOps::xlogy, null, false,
      (s, v) -> {
        Tensor zero = s.x(0).eq(0.0).logicalAnd(s.x(1).le(0.0));
        Tensor y = Tensor.where(zero, Tensor.scalar(s.dtype(1), 1.0), s.x(1));
        return v.mul(Tensor.where(zero, Tensor.scalar(s.dtype(1), 0.0), y.log()));
      },
      (s, v) -> {
        Tensor zero = s.x(0).eq(0.0).logicalAnd(s.x(1).le(0.0));
        return v.mul(s.x(0)).div(Tensor.where(zero, Tensor.scalar(s.dtype(1), 1.0), s.x(1)));
      }, Spec.of(r -> {
        int[][] p = Samples.broadcastPair(r);
        Tensor x = Samples.map(Samples.real(r, p[0]), v -> r.nextInt(4) == 0 ? 0.0 : v);
        Tensor y = Samples.tensor(r, p[1], Domain.POSITIVE);
        return new Spec.Sample("xlogy(x, y)", in -> in[0].xlogy(in[1]),
            in -> Samples.zip(in[0], in[1], (a, b) -> a == 0 ? 0 : a * StrictMath.log(b)), x, y);
      }));

  /**
   * {@code log(e^a + e^b)} without overflow: {@code ∂a = σ(a - b)}, {@code ∂b = σ(b - a)} (the
   * softmax weights of the pair). Written with the difference rather than as {@code e^(a - y)}:
   * y = 1000 + log 2 is rounded to 1000's ulp, which would leave 3e-14 of error in the weights,
   * and {@code e^(∞ - ∞)} would be NaN for a = ∞.
   */
  static final Prim<Void> LOGADDEXP = BinaryOps.differentiable("logaddexp", MathOps::logaddexp,
      null, false, (s, v) -> v.mul(s.x(0).sub(s.x(1)).sigmoid()),
      (s, v) -> v.mul(s.x(1).sub(s.x(0)).sigmoid()),
      pairs("logaddexp", Tensor::logaddexp,
          (a, b) -> StrictMath.log(StrictMath.exp(a) + StrictMath.exp(b)), Domain.REAL,
          Domain.REAL, (a, b) -> false));

  // ------------------------------------------------------------------ independent references

  /**
   * erf by its series of positive terms {@code 2/√π·e^(-x²)·Σ 2ⁿ x^(2n+1) / (1·3···(2n+1))}
   * (no cancellation), with {@code x²} split exactly into {@code hi + lo} for the exponential.
   */
  static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
    }
    double lo = Math.fma(x, x, -x2);
    return 1.1283791670955126 * sum * StrictMath.exp(-x2) * (1 - lo);
  }

  /**
   * erfc as {@code 1 - erf} below 1, and beyond by the continued fraction
   * {@code √π·e^(x²)·erfc(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))} (modified Lentz).
   */
  static double erfcReference(double x) {
    if (x < 1) {
      return 1 - erfSeries(x);
    }
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 100_000; n++) {
      d = 1 / (x + n / 2.0 * d);
      c = x + n / 2.0 / c;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    double x2 = x * x;
    double lo = Math.fma(x, x, -x2);
    return StrictMath.exp(-x2) * (1 - lo) / (1.7724538509055159 * f);
  }

  /** erfinv by bisection on {@link #erfSeries} (on {@link #erfcReference} above 1/2). */
  static double erfinvReference(double y) {
    double a = Math.abs(y);
    double lo = 0;
    double hi = 7;
    while (true) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        return Math.copySign(mid, y);
      }
      if (a <= 0.5 ? erfSeries(mid) < a : erfcReference(mid) > 1 - a) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
  }
}
