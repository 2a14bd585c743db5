package dev.jgrad;

/**
 * One primitive op as recorded in a graph: its {@link OpInfo} row of the op table plus the
 * attributes of this call (axes, exponent, shape, ...). The backward rule is a vector-Jacobian
 * product written with differentiable {@link Tensor} ops, so running it with grad mode on records
 * a graph of the backward itself (gradients of gradients, for every op, by construction).
 */
abstract class Op {
  /** The table row: name and the metadata tests use. */
  abstract OpInfo info();

  /**
   * Vector-Jacobian product: given the output gradient {@code g} (the output's shape) return one
   * gradient per input; entries where {@code !node.needsGrad(i)} may be null. A returned gradient
   * may have the broadcast shape of the op; the engine sums it back to the input's shape.
   */
  abstract Tensor[] vjp(Node node, Tensor g);

  /** Attributes for messages and graph export, e.g. {@code axes=[1], keepdims=true}; "" if none. */
  String attributes() {
    return "";
  }

  @Override
  public String toString() {
    String a = attributes();
    return a.isEmpty() ? info().name() : info().name() + "(" + a + ")";
  }
}
