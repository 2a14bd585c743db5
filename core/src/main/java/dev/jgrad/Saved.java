package dev.jgrad;

/**
 * What a rule sees of one op application: its attributes, its inputs and its output. Reading a
 * saved input or output ({@link #x}, {@link #y}) checks that its storage was not modified in place
 * since the op recorded it — the rule would otherwise differentiate the wrong values — so a rule
 * that never reads a value (add's, say) is not refused when that value changes. Shapes and
 * dtypes ({@link #shape}, {@link #dtype}) never change and are not checked.
 *
 * @param <A> the op's attribute type
 */
class Saved<A> {
  private final A attrs;
  private final Tensor[] inputs;
  private final Tensor output;
  /** The recording node (for version checks) or null in forward mode. */
  private final Node node;
  /**
   * Which inputs the current backward pass wants gradients for; null in forward mode. Set by
   * the engine once it knows (its per-pass slot is this object).
   */
  boolean[] needs;

  Saved(A attrs, Node node, boolean[] needs) {
    this.attrs = attrs;
    this.inputs = node.inputs;
    this.output = node.output;
    this.node = node;
    this.needs = needs;
  }

  Saved(A attrs, Tensor[] inputs, Tensor output) {
    this.attrs = attrs;
    this.inputs = inputs;
    this.output = output;
    this.node = null;
    this.needs = null;
  }

  /** The call's attributes. */
  A a() {
    return attrs;
  }

  /** Input i's value (refused if modified in place since it was saved). */
  Tensor x(int i) {
    if (node != null) {
      node.checkInput(i);
    }
    return inputs[i];
  }

  /** The output's value (refused if modified in place since it was saved). */
  Tensor y() {
    if (node != null) {
      node.checkOutput();
    }
    return output;
  }

  /** Number of inputs. */
  int arity() {
    return inputs.length;
  }

  /** Input i's shape (always available). */
  Shape shape(int i) {
    return inputs[i].shape();
  }

  /** Input i's dtype (always available). */
  DType dtype(int i) {
    return inputs[i].dtype();
  }

  /** The output's shape. */
  Shape outShape() {
    return output.shape();
  }

  /**
   * A buffer the rule may add input i's gradient into in place and then return as that gradient,
   * instead of allocating one, or null (always, unless the op declares {@code addsInto(i)} and
   * the engine offers the leaf's own dense {@code .grad}: see {@link Engine}).
   */
  Tensor into(int i) {
    return null;
  }

  /** Whether the backward pass wants input i's gradient (always true in forward mode). */
  boolean needs(int i) {
    return needs == null || needs[i];
  }
}
