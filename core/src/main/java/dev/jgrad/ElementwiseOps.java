package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Samples.Domain;
import dev.jgrad.kernels.Elementwise;
import dev.jgrad.kernels.Simd;
import java.util.EnumSet;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Elementwise primitives of one input: each declaration holds the scalar kernel, the derivative
 * rule, the domain and kinks the samples keep to, and an independent scalar reference, side by
 * side. An elementwise op's Jacobian is diagonal, {@code J = diag(f'(x))}, so one rule
 * {@code v -> v·f'(x)} is both its vector-Jacobian product ({@code v} the output gradient) and its
 * Jacobian-vector product ({@code v} the input tangent); the rule is written in differentiable
 * tensor ops, so every derivative of every order follows.
 *
 * <p>To add an elementwise op: one declaration here (kernel, rule, reference, domain, kinks) and
 * one method on {@link Tensor}.
 */
final class ElementwiseOps {
  private ElementwiseOps() {}

  /** {@code v·f'(x)} for the call in s (x = s.x(0), y = s.y(), attributes s.a()). */
  interface Rule<A> {
    Tensor apply(Saved<A> s, Tensor v);
  }

  /** A float op (plain Java scalar kernel), optionally integer-preserving (fi). */
  static <A> Prim<A> declare(String name, Function<A, DoubleUnaryOperator> kernel,
      Function<A, LongUnaryOperator> intKernel, Rule<A> rule, Function<A, String> format,
      Spec spec) {
    Prim.Builder<A> b = Prim.<A>builder(name, (a, in) -> map(name, in[0], kernel.apply(a),
        intKernel == null ? null : intKernel.apply(a)));
    if (rule != null) {
      b.vjp((s, g) -> new Tensor[] {rule.apply(s, g)}).jvp((s, t) -> rule.apply(s, t[0]));
    }
    return b.format(format).spec(spec).build();
  }

  /**
   * A float op without attributes: its public method (what the samples call), kernel, rule,
   * reference, domain, kinks.
   */
  static Prim<Void> unary(String name, UnaryOperator<Tensor> call, DoubleUnaryOperator kernel,
      Rule<Void> rule, DoubleUnaryOperator reference, Domain domain, double... kinks) {
    return declare(name, a -> kernel, null, rule, null,
        floatSpec(name, call, reference, domain, kinks));
  }

  /** The samples of a float op: random shapes (0-d too), values in the domain off the kinks. */
  static Spec floatSpec(String name, UnaryOperator<Tensor> call, DoubleUnaryOperator reference,
      Domain domain, double... kinks) {
    return Spec.of(r -> {
      Tensor x = Samples.tensor(r, Samples.shape(r, 0, 3), domain, kinks);
      return new Spec.Sample(name + "(x)", in -> call.apply(in[0]),
          in -> Samples.map(in[0], reference), x);
    });
  }

  /** The samples of an op that also works on integers (values in [-3, 3]). */
  static Spec numericSpec(String name, UnaryOperator<Tensor> call, DoubleUnaryOperator reference,
      Domain domain, double... kinks) {
    Spec f = floatSpec(name, call, reference, domain, kinks);
    return Spec.of(f.sampler, r -> {
      Tensor x = Samples.integers(r, Samples.shape(r, 0, 3), -3, 3);
      return new Spec.Sample(name + "(x) on integers", in -> call.apply(in[0]),
          in -> Samples.map(in[0], reference), x);
    }, DType.INT32, DType.INT64);
  }

  /** x itself if it is numeric (not BOOL), for ops that keep integer dtypes. */
  static Tensor numeric(String op, Tensor x) {
    checkArgument(x.dtype() != DType.BOOL, "%s: not defined for bool tensors (convert with "
        + "to(DType))", op);
    return x;
  }

  /** {@code out = f(x)} elementwise into a new dense tensor of x's dtype. */
  static Tensor map(String op, Tensor x, DoubleUnaryOperator f, LongUnaryOperator fi) {
    Tensor y = Tensor.empty(x.dtype(), x.shape());
    int[] dims = x.shape().dimsRef();
    Storage in = x.storage;
    Storage out = y.storage;
    switch (x.dtype()) {
      case FLOAT32:
        if (Simd.AVAILABLE && (f == RELU_F || f == STEP_F) && x.isDense()) {
          Elementwise.reluOrStep(in.f, out.f, f == STEP_F); // C2 does not vectorize the conditional
        } else {
          Elementwise.unary(f, in.f, x.offset, x.strides, out.f, dims);
        }
        break;
      case FLOAT64:
        if (Simd.AVAILABLE && (f == RELU_F || f == STEP_F) && x.isDense()) {
          Elementwise.reluOrStep(in.d, out.d, f == STEP_F);
        } else {
          Elementwise.unary(f, in.d, x.offset, x.strides, out.d, dims);
        }
        break;
      case INT32:
      case INT64:
        checkArgument(fi != null, "%s: not defined for %s tensors", op, x.dtype());
        if (x.dtype() == DType.INT32) {
          Elementwise.unary(fi, in.i, x.offset, x.strides, out.i, dims);
        } else {
          Elementwise.unary(fi, in.l, x.offset, x.strides, out.l, dims);
        }
        break;
      default:
        throw new IllegalArgumentException(op + ": not defined for bool tensors");
    }
    return y;
  }

  // ------------------------------------------------------------------ scalar kernels

  /** {@code 1 / (1 + e^-x)}, written so neither branch overflows. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** {@code log(1 + e^x) = max(x, 0) + log1p(e^-|x|)}: no overflow at x = 1000. */
  static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** {@code x^p} with the common exponents exact and fast. */
  static double pow(double x, double p) {
    if (p == 2.0) {
      return x * x;
    } else if (p == 1.0) {
      return x;
    } else if (p == 0.5) {
      return Math.sqrt(x);
    } else if (p == -1.0) {
      return 1.0 / x;
    }
    return Math.pow(x, p);
  }

  /** relu: NaN stays NaN, as in PyTorch. Recognized by identity for the SIMD path. */
  static final DoubleUnaryOperator RELU_F = x -> x > 0 || x != x ? x : 0.0;
  /** Heaviside step. Recognized by identity for the SIMD path. */
  static final DoubleUnaryOperator STEP_F = x -> x > 0 ? 1.0 : 0.0;

  // ------------------------------------------------------------------ declarations

  static final Prim<Void> NEG = declare("neg", a -> Elementwise.NEG, a -> x -> -x,
      (s, v) -> v.neg(), null, numericSpec("neg", Tensor::neg, x -> -x, Domain.REAL));

  static final Prim<Void> EXP = unary("exp", Tensor::exp, Math::exp, (s, v) -> v.mul(s.y()),
      StrictMath::exp, Domain.REAL);

  static final Prim<Void> LOG = unary("log", Tensor::log, Math::log, (s, v) -> v.div(s.x(0)),
      StrictMath::log, Domain.POSITIVE);

  static final Prim<Void> LOG1P = unary("log1p", Tensor::log1p, Math::log1p,
      (s, v) -> v.div(s.x(0).add(1.0)), x -> StrictMath.log(1 + x), Domain.ABOVE_MINUS_ONE);

  static final Prim<Void> EXPM1 = unary("expm1", Tensor::expm1, Math::expm1,
      (s, v) -> v.mul(s.y().add(1.0)), x -> StrictMath.exp(x) - 1, Domain.REAL);

  static final Prim<Void> SQRT = unary("sqrt", Tensor::sqrt, Math::sqrt,
      (s, v) -> v.div(s.y().mul(2.0)), x -> StrictMath.pow(x, 0.5), Domain.POSITIVE);

  static final Prim<Void> ABS = declare("abs", a -> Math::abs, a -> Math::abs,
      (s, v) -> v.mul(s.x(0).sign()), null,
      numericSpec("abs", Tensor::abs, x -> x < 0 ? -x : x, Domain.REAL, Samples.KINK_AT_ZERO));

  static final Prim<Void> TANH = unary("tanh", Tensor::tanh, Math::tanh,
      (s, v) -> v.mul(s.y().square().neg().add(1.0)),
      x -> (StrictMath.exp(2 * x) - 1) / (StrictMath.exp(2 * x) + 1), Domain.REAL);

  static final Prim<Void> SIGMOID = unary("sigmoid", Tensor::sigmoid, ElementwiseOps::sigmoid,
      (s, v) -> v.mul(s.y().mul(s.y().neg().add(1.0))), x -> 1 / (1 + StrictMath.exp(-x)),
      Domain.REAL);

  static final Prim<Void> RELU = declare("relu", a -> RELU_F, a -> x -> Math.max(x, 0),
      (s, v) -> v.mul(s.x(0).step()), null,
      numericSpec("relu", Tensor::relu, x -> x > 0 ? x : 0, Domain.REAL, Samples.KINK_AT_ZERO));

  static final Prim<Void> SOFTPLUS = unary("softplus", Tensor::softplus, ElementwiseOps::softplus,
      (s, v) -> v.mul(s.x(0).sigmoid()), x -> StrictMath.log(1 + StrictMath.exp(x)), Domain.REAL);

  static final Prim<Void> SIN = unary("sin", Tensor::sin, Math::sin, (s, v) -> v.mul(s.x(0).cos()),
      StrictMath::sin, Domain.REAL);

  static final Prim<Void> COS = unary("cos", Tensor::cos, Math::cos,
      (s, v) -> v.mul(s.x(0).sin()).neg(), StrictMath::cos, Domain.REAL);

  /** {@code x} for x &gt; 0, else {@code slope·x}; attribute: the slope. */
  static final Prim<Double> LEAKY_RELU = declare("leaky_relu",
      p -> x -> x > 0 ? x : p * x, null,
      (s, v) -> v.mul(Tensor.where(s.x(0).gt(0.0), Tensor.scalar(v.dtype(), 1.0),
          Tensor.scalar(v.dtype(), s.a()))),
      p -> "slope=" + p, Spec.of(r -> {
        double slope = 0.01 + 0.3 * r.nextDouble();
        Tensor x = Samples.tensor(r, Samples.shape(r, 0, 3), Domain.REAL, 0.0);
        return new Spec.Sample("leaky_relu(x, " + slope + ")", in -> in[0].leakyRelu(slope),
            in -> Samples.map(in[0], v -> v > 0 ? v : slope * v), x);
      }));

  /** Clip to {@code [lo, hi]}; gradient 1 inside (bounds included), 0 outside. */
  static final Prim<double[]> CLAMP = declare("clamp",
      b -> x -> x < b[0] ? b[0] : (x > b[1] ? b[1] : x),
      b -> x -> Math.min(Math.max(x, (long) b[0]), (long) b[1]),
      (s, v) -> v.mul(s.x(0).ge(s.a()[0]).logicalAnd(s.x(0).le(s.a()[1]))),
      b -> "min=" + b[0] + ", max=" + b[1], new Spec(r -> {
        double lo = -1.5 * r.nextDouble();
        double hi = lo + 0.2 + 1.5 * r.nextDouble();
        Tensor x = Samples.tensor(r, Samples.shape(r, 0, 3), Domain.REAL, lo, hi);
        return new Spec.Sample("clamp(x, " + lo + ", " + hi + ")", in -> in[0].clamp(lo, hi),
            in -> Samples.map(in[0], v -> Math.min(Math.max(v, lo), hi)), x);
      }, r -> {
        Tensor x = Samples.integers(r, Samples.shape(r, 0, 3), -4, 4);
        return new Spec.Sample("clamp(x, -2, 1) on integers", in -> in[0].clamp(-2, 1),
            in -> Samples.map(in[0], v -> Math.min(Math.max(v, -2), 1)), x);
      }, EnumSet.of(DType.INT32, DType.INT64)));

  /**
   * {@code x^p} for a constant p: derivative {@code p·x^(p-1)}, and exactly 0 for p = 0 so that
   * every derivative of {@code x^0, x^1, x^2, ...} stays finite at x = 0 (the chain of rules
   * reaches {@code x^0}, whose derivative {@code 0·x^-1} would otherwise be NaN there).
   */
  static final Prim<Double> POW_SCALAR = declare("pow_scalar", p -> x -> pow(x, p), null,
      (s, v) -> s.a() == 0.0 ? v.mul(0.0) : v.mul(s.x(0).pow(s.a() - 1.0).mul(s.a())),
      p -> "exponent=" + p, Spec.of(r -> {
        double[] choices = {-1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 1.7};
        double p = r.nextBoolean() ? choices[r.nextInt(choices.length)] : -2 + 5 * r.nextDouble();
        Tensor x = Samples.tensor(r, Samples.shape(r, 0, 3), Domain.POSITIVE);
        return new Spec.Sample("pow(x, " + p + ")", in -> in[0].pow(p),
            in -> Samples.map(in[0], v -> StrictMath.pow(v, p)), x);
      }));

  /** -1, 0, 1 (a constant: no gradient). */
  static final Prim<Void> SIGN = declare("sign", a -> Math::signum, a -> Long::signum, null,
      null, numericSpec("sign", Tensor::sign, x -> x > 0 ? 1 : x < 0 ? -1 : 0, Domain.REAL,
          Samples.KINK_AT_ZERO));

  /** Heaviside step in x's floating dtype (a constant). */
  static final Prim<Void> STEP = declare("step", a -> STEP_F, null, null, null,
      floatSpec("step", Tensor::step, x -> x > 0 ? 1 : 0, Domain.REAL, Samples.KINK_AT_ZERO));

  /** {@code x == 0} as BOOL (a constant). */
  static final Prim<Void> NOT = Prim.<Void>builder("logical_not", (a, in) -> {
    Tensor x = in[0];
    Tensor y = Tensor.empty(DType.BOOL, x.shape());
    Elementwise.test(v -> v == 0, x.storage.array(), x.offset, x.strides, y.storage.b,
        x.shape().dimsRef());
    return y;
  }).spec(new Spec(r -> new Spec.Sample("logical_not(x)", in -> in[0].logicalNot(),
      in -> Samples.map(in[0], v -> v == 0 ? 1 : 0), Samples.real(r, Samples.shape(r, 0, 3))),
      r -> new Spec.Sample("logical_not(x) on integers", in -> in[0].logicalNot(),
          in -> Samples.map(in[0], v -> v == 0 ? 1 : 0),
          Samples.integers(r, Samples.shape(r, 0, 3), -1, 1)),
      EnumSet.of(DType.INT32, DType.INT64, DType.BOOL))).build();
}
