package dev.jgrad;

/**
 * A row of the op table ({@link OpTable}): what tests need to know about a primitive op.
 *
 * @param name the op name used in errors, graph export and test reports
 * @param arity number of tensor inputs, or -1 for variadic ({@code concat})
 * @param domain where the op is defined and smooth for its first input
 * @param kinks points where the first input's derivative jumps (e.g. 0 for relu); tests keep
 *     sample values at least 1e-3 away from them
 * @param differentiable false for ops whose output is a constant to autodiff (comparisons,
 *     sign, step, argmax): their outputs never require grad, so they contribute zero gradient
 */
record OpInfo(String name, int arity, Domain domain, double[] kinks, boolean differentiable) {

  /** Input domain of an op's first argument. */
  enum Domain {
    /** Any real number. */
    REAL,
    /** Strictly positive (log, sqrt, the base of tensor pow). */
    POSITIVE,
    /** Greater than -1 (log1p). */
    ABOVE_MINUS_ONE
  }

  static OpInfo smooth(String name, int arity) {
    return new OpInfo(name, arity, Domain.REAL, new double[0], true);
  }

  static OpInfo constant(String name, int arity) {
    return new OpInfo(name, arity, Domain.REAL, new double[0], false);
  }
}
