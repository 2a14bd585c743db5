package dev.jgrad.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the unary kernels C2 does not vectorize by itself (its loops cannot
 * turn {@code x > 0 ? x : 0} into SIMD): relu and step, the activation and its derivative mask.
 * Used only when {@link Simd#AVAILABLE}; same results as the scalar loops (relu(NaN) = NaN).
 */
final class VectorUnary {
  private VectorUnary() {}

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  /** out = relu(in) if {@code step} is false, else out = (in > 0 ? 1 : 0). */
  static void apply(float[] in, float[] out, boolean step) {
    int n = in.length;
    int i = 0;
    FloatVector zero = FloatVector.zero(F);
    FloatVector one = FloatVector.broadcast(F, 1f);
    for (int end = F.loopBound(n); i < end; i += F.length()) {
      FloatVector x = FloatVector.fromArray(F, in, i);
      VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
      // relu keeps x where x > 0 or x is NaN; step is 1 where x > 0
      (step ? zero.blend(one, pos) : x.blend(zero, pos.not().and(x.test(
          VectorOperators.IS_NAN).not()))).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = step ? (in[i] > 0 ? 1f : 0f) : (in[i] > 0 || in[i] != in[i] ? in[i] : 0f);
    }
  }

  /** Float64 version of {@link #apply(float[], float[], boolean)}. */
  static void apply(double[] in, double[] out, boolean step) {
    int n = in.length;
    int i = 0;
    DoubleVector zero = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int end = D.loopBound(n); i < end; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, in, i);
      VectorMask<Double> pos = x.compare(VectorOperators.GT, 0.0);
      (step ? zero.blend(one, pos) : x.blend(zero, pos.not().and(x.test(
          VectorOperators.IS_NAN).not()))).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = step ? (in[i] > 0 ? 1.0 : 0.0) : (in[i] > 0 || in[i] != in[i] ? in[i] : 0.0);
    }
  }
}
