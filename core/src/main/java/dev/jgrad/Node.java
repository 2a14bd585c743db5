package dev.jgrad;

/**
 * The record of one op application in a graph: the op (with its attributes), its input tensors
 * and its output. Saved tensors are the inputs and output themselves, so graphs stay valid after
 * backward and can be differentiated again. Nodes belong to the thread that built them; the
 * scratch fields are used only by the {@link Engine} during one backward pass.
 */
final class Node {
  final Op op;
  final Tensor[] inputs;
  final Tensor output;
  /** Where the user created this node; recorded only in anomaly mode. */
  final StackTraceElement site;

  // Engine scratch, valid during one backward pass (see Engine).
  long mark;
  boolean visited;
  boolean needed;
  int targetIndex = -1;
  boolean[] needs;
  Tensor grad;

  /** Each input's storage version when recorded (see {@link Tensor#set(Tensor)}). */
  final int[] versions;

  Node(Op op, Tensor[] inputs, Tensor output, StackTraceElement site) {
    this.op = op;
    this.inputs = inputs;
    this.output = output;
    this.site = site;
    this.versions = new int[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      versions[i] = inputs[i].version[0];
    }
  }

  /**
   * Refuses to run the rule on values modified in place after this node used them.
   *
   * @throws IllegalStateException naming the op, the input and both versions
   */
  void checkVersions() {
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].version[0] != versions[i]) {
        throw new IllegalStateException(String.format(
            "backward: input %s of '%s' (shape %s) was modified in place after it was used "
                + "(version %s, recorded %s); recompute the forward pass after updating it",
            i, op.info().name(), inputs[i].shape(), inputs[i].version[0], versions[i]));
      }
    }
  }

  /** Input i. */
  Tensor input(int i) {
    return inputs[i];
  }

  /** Whether the engine wants the gradient of input i in the current pass. */
  boolean needsGrad(int i) {
    return needs[i];
  }
}
