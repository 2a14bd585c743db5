package dev.jgrad;

/**
 * The record of one op application in a graph: the primitive with its attributes, its input
 * tensors and its output. Saved tensors are the inputs and output themselves, so graphs stay
 * valid after backward and can be differentiated again. A node is immutable once built: every
 * backward pass keeps its own state (see {@link Engine}), so passes may nest and run concurrently.
 */
final class Node {
  final Prim<?> prim;
  final Object attrs;
  final Tensor[] inputs;
  final Tensor output;
  /** Where the user created this node; recorded only in anomaly mode. */
  final StackTraceElement site;
  /**
   * Storage versions when recorded: the output's, the first two inputs' inline (most nodes,
   * and one allocation fewer per node), any further inputs' in {@link #moreVersions}.
   */
  private final int outVersion;
  private final int version0;
  private final int version1;
  private final int[] moreVersions;
  /**
   * The engine's pass-local tables hash on this: a per-thread sequence number, so the nodes of a
   * graph built on one thread fill consecutive slots (cache-friendly, no identity hash codes).
   */
  final int hash;

  Node(Prim<?> prim, Object attrs, Tensor[] inputs, Tensor output, StackTraceElement site,
      int hash) {
    this.prim = prim;
    this.hash = hash;
    this.attrs = attrs;
    this.inputs = inputs;
    this.output = output;
    this.site = site;
    int n = inputs.length;
    this.outVersion = output.storage.version;
    this.version0 = n > 0 ? inputs[0].storage.version : 0;
    this.version1 = n > 1 ? inputs[1].storage.version : 0;
    if (n > 2) {
      moreVersions = new int[n - 2];
      for (int i = 2; i < n; i++) {
        moreVersions[i - 2] = inputs[i].storage.version;
      }
    } else {
      moreVersions = null;
    }
  }

  private int recordedVersion(int i) {
    return i == 0 ? version0 : i == 1 ? version1 : moreVersions[i - 2];
  }

  /**
   * Refuses input i if its storage was modified in place after this node used it.
   *
   * @throws IllegalStateException naming the op, the input and both versions
   */
  void checkInput(int i) {
    int now = inputs[i].storage.version;
    int recorded = recordedVersion(i);
    if (now != recorded) {
      throw new IllegalStateException(String.format(
          "backward: input %s of '%s' (shape %s) was modified in place after it was used "
              + "(version %s, recorded %s); recompute the forward pass after updating it",
          i, prim.name, inputs[i].shape(), now, recorded));
    }
  }

  /** Refuses the output if it (or a view sharing its storage) was modified in place. */
  void checkOutput() {
    int now = output.storage.version;
    if (now != outVersion) {
      throw new IllegalStateException(String.format(
          "backward: the output of '%s' (shape %s), which its backward rule needs, was modified "
              + "in place after it was computed (version %s, recorded %s); recompute the forward "
              + "pass after updating it", prim.name, output.shape(), now, outVersion));
    }
  }

  /** Whether anomaly mode was on when this node was recorded (then {@link #site} is set). */
  boolean watched() {
    return site != null;
  }

  /** The op with its attributes, e.g. {@code sum(axes=[1], keepdims=true)}. */
  String describe() {
    return prim.describe(attrs);
  }
}
