package dev.jgrad.kernels;

/**
 * Elementwise unary kernels {@code out[i] = f(in[i])} over dense arrays. One switch outside the
 * loop per call keeps each loop monomorphic, so the JIT inlines {@code f}. Float32 inputs are
 * computed in double precision and rounded once. Parameters {@code p}, {@code q} are used by
 * {@link #LEAKY_RELU} (slope), {@link #CLAMP} (low, high) and {@link #POW} (exponent).
 */
public enum Unary {
  NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, LEAKY_RELU, SOFTPLUS, CLAMP, POW, SIGN, STEP,
  LOG1P, EXPM1, SIN, COS;

  /** The scalar function: the reference for tests and the fallback of the loops below. */
  public double apply(double x, double p, double q) {
    switch (this) {
      case NEG: return -x;
      case EXP: return Math.exp(x);
      case LOG: return Math.log(x);
      case SQRT: return Math.sqrt(x);
      case ABS: return Math.abs(x);
      case TANH: return Math.tanh(x);
      case SIGMOID: return sigmoid(x);
      case RELU: return x > 0 || x != x ? x : 0.0; // NaN stays NaN, as in PyTorch
      case LEAKY_RELU: return x > 0 ? x : p * x;
      case SOFTPLUS: return softplus(x);
      case CLAMP: return x < p ? p : (x > q ? q : x);
      case POW: return pow(x, p);
      case SIGN: return Math.signum(x);
      case STEP: return x > 0 ? 1.0 : 0.0;
      case LOG1P: return Math.log1p(x);
      case EXPM1: return Math.expm1(x);
      case SIN: return Math.sin(x);
      case COS: return Math.cos(x);
      default: throw new AssertionError(this);
    }
  }

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

  /** {@code out[i] = f(in[i])} for float64. {@code out} may be {@code in}. */
  public void apply(double[] in, double[] out, double p, double q) {
    int n = in.length;
    switch (this) {
      case NEG: for (int i = 0; i < n; i++) out[i] = -in[i]; break;
      case EXP: for (int i = 0; i < n; i++) out[i] = Math.exp(in[i]); break;
      case TANH: for (int i = 0; i < n; i++) out[i] = Math.tanh(in[i]); break;
      case SIGMOID: for (int i = 0; i < n; i++) out[i] = sigmoid(in[i]); break;
      case RELU:
      case STEP:
        if (Simd.AVAILABLE) {
          VectorUnary.apply(in, out, this == STEP); // C2 does not vectorize the conditional
        } else {
          for (int i = 0; i < n; i++) out[i] = apply(in[i], p, q);
        }
        break;
      default: for (int i = 0; i < n; i++) out[i] = apply(in[i], p, q); break;
    }
  }

  /** {@code out[i] = f(in[i])} for float32. {@code out} may be {@code in}. */
  public void apply(float[] in, float[] out, double p, double q) {
    int n = in.length;
    switch (this) {
      case NEG: for (int i = 0; i < n; i++) out[i] = -in[i]; break;
      case EXP: for (int i = 0; i < n; i++) out[i] = (float) Math.exp(in[i]); break;
      case TANH: for (int i = 0; i < n; i++) out[i] = (float) Math.tanh(in[i]); break;
      case SIGMOID: for (int i = 0; i < n; i++) out[i] = (float) sigmoid(in[i]); break;
      case RELU:
      case STEP:
        if (Simd.AVAILABLE) {
          VectorUnary.apply(in, out, this == STEP);
        } else {
          for (int i = 0; i < n; i++) out[i] = (float) apply(in[i], p, q);
        }
        break;
      default: for (int i = 0; i < n; i++) out[i] = (float) apply(in[i], p, q); break;
    }
  }
}
