package dev.jgrad;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * What the generic op properties need to know about one primitive, declared beside it (PyTorch's
 * OpInfo): a sample generator that draws calls inside the op's domain and away from its kinks
 * and ties, each with an independent reference for the forward value, plus the integer/bool
 * dtypes the op also accepts and how to sample them.
 */
final class Spec {
  /** No samples (an op the generic properties cannot drive; the table test flags it). */
  static final Spec NONE = new Spec(null, null, EnumSet.noneOf(DType.class));

  /** Draws one sample call. */
  interface Sampler {
    Sample draw(SplittableRandom r);
  }

  /** One sample call of an op. */
  static final class Sample {
    final String description;
    /** Float64 inputs (integer-valued for integer samples). */
    final Tensor[] inputs;
    /** Calls the op through its public method, e.g. {@code in -> in[0].sum(axes, true)}. */
    final Function<Tensor[], Tensor> call;
    /** An independent float64 computation of the same value (plain loops, scalar formulas). */
    final Function<Tensor[], Tensor> reference;
    /** Finite-difference step for gradient checks of this sample. */
    final double eps;

    Sample(String description, Function<Tensor[], Tensor> call,
        Function<Tensor[], Tensor> reference, Tensor... inputs) {
      this(description, call, reference, 1e-6, inputs);
    }

    Sample(String description, Function<Tensor[], Tensor> call,
        Function<Tensor[], Tensor> reference, double eps, Tensor... inputs) {
      this.description = description;
      this.inputs = inputs;
      this.call = call;
      this.reference = reference;
      this.eps = eps;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(description);
      for (int i = 0; i < inputs.length; i++) {
        sb.append("\n  input ").append(i).append(' ').append(inputs[i].shape()).append(' ')
            .append(inputs[i].dtype()).append(" = ")
            .append(java.util.Arrays.toString(inputs[i].toDoubleArray()));
      }
      return sb.toString();
    }
  }

  /** Float64 samples (null: none). */
  final Sampler sampler;
  /** Integer-valued samples for the integer/bool dtypes in {@link #intTypes} (null: none). */
  final Sampler intSampler;
  /** Which of INT32, INT64, BOOL the op also accepts (inputs converted from intSampler's). */
  final Set<DType> intTypes;

  Spec(Sampler sampler, Sampler intSampler, Set<DType> intTypes) {
    this.sampler = sampler;
    this.intSampler = intSampler;
    this.intTypes = intTypes;
  }

  /** Float samples only. */
  static Spec of(Sampler sampler) {
    return new Spec(sampler, null, EnumSet.noneOf(DType.class));
  }

  /** Float samples, and integer samples for the given dtypes. */
  static Spec of(Sampler sampler, Sampler intSampler, DType first, DType... rest) {
    return new Spec(sampler, intSampler, EnumSet.of(first, rest));
  }
}
