package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * Forward-mode automatic differentiation with dual tensors, as PyTorch's
 * {@code torch.autograd.forward_ad}: inside a level, a dual tensor carries a tangent {@code u}
 * beside its value, and every op applied to it also computes its output's tangent with the op's
 * Jacobian-vector product rule — {@code J·u} in the same forward pass, no reverse pass:
 *
 * <pre>{@code
 * try (ForwardAD.Level level = ForwardAD.enter()) {
 *   Tensor x = level.dual(primal, u);
 *   Tensor y = f(x);
 *   Tensor ju = level.tangent(y);      // J_f(primal) · u, shaped like y
 * }
 * }</pre>
 *
 * <p>Levels nest (forward-over-forward: higher derivatives) and mix with reverse mode: the
 * tangent rules are differentiable tensor ops, so a tangent can be back-propagated
 * (reverse-over-forward), and a backward pass over dual tensors propagates tangents through its
 * rules (forward-over-reverse: Hessian-vector products). Levels are per thread and must be closed
 * in the reverse order of opening. A tangent is only seen by the level that attached it; after
 * the level closes, tensors it touched behave as plain tensors.
 */
public final class ForwardAD {
  private ForwardAD() {}

  /** A tangent attached to a tensor for one level (a short linked list per tensor). */
  static final class Tangent {
    final Level level;
    final Tensor value;
    final Tangent next;

    Tangent(Level level, Tensor value, Tangent next) {
      this.level = level;
      this.value = value;
      this.next = next;
    }
  }

  /** An open dual level on this thread; close it to leave forward mode. */
  public static final class Level implements AutoCloseable {
    private final Autograd.State state;
    /** 1-based position in the thread's stack of levels. */
    final int depth;
    private boolean closed;

    Level(Autograd.State state, int depth) {
      this.state = state;
      this.depth = depth;
    }

    /**
     * A dual tensor: {@code primal}'s value (shared storage, a differentiable alias, so
     * gradients and the tangents of outer levels flow through it) with {@code tangent} attached
     * for this level.
     *
     * @param primal the value
     * @param tangent the direction, of primal's shape (converted to primal's dtype)
     * @return the dual tensor
     * @throws IllegalArgumentException if shapes differ, primal is not floating point, or the
     *     level is closed
     */
    public Tensor dual(Tensor primal, Tensor tangent) {
      checkArgument(!closed, "dual: this forward-mode level is closed");
      checkArgument(primal.dtype().isFloatingPoint(), "dual: only floating-point tensors carry "
          + "tangents, got %s", primal.dtype());
      checkArgument(tangent.shape().equals(primal.shape()), "dual: tangent has shape %s, "
          + "expected the primal's shape %s", tangent.shape(), primal.shape());
      Tensor d = ShapeOps.alias(primal);
      Tensor t = tangent.dtype() == primal.dtype() ? tangent : tangent.to(primal.dtype());
      d.tangents = new Tangent(this, t, d.tangents);
      return d;
    }

    /**
     * The tangent of {@code t} at this level: {@code J·u} for a function of the dual inputs, or
     * zeros of t's shape if t does not depend on them.
     *
     * @param t any tensor computed inside this level
     * @return its tangent (a tensor that may itself carry outer tangents or a graph)
     */
    public Tensor tangent(Tensor t) {
      Tensor v = t.tangentAt(this);
      return v != null ? v : Tensor.zeros(t.dtype(), t.shape().dims());
    }

    /**
     * Closes the level: ops stop computing its tangents.
     *
     * @throws IllegalStateException if an inner level is still open
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      List<Level> stack = state.levels;
      if (stack.get(stack.size() - 1) != this) {
        throw new IllegalStateException("forward-mode levels must be closed innermost first");
      }
      stack.remove(stack.size() - 1);
      state.forwardLimit = stack.size();
      closed = true;
    }
  }

  /**
   * Opens a new (innermost) forward-mode level on this thread.
   *
   * @return the level; close it (try-with-resources) when done
   */
  public static Level enter() {
    Autograd.State s = Autograd.STATE.get();
    if (s.levels == null) {
      s.levels = new ArrayList<>();
    }
    Level l = new Level(s, s.levels.size() + 1);
    s.levels.add(l);
    s.forwardLimit = s.levels.size();
    return l;
  }

  /**
   * Computes the output tangents of one op application for every active level that an input has
   * a tangent at, outermost first. Inside a level-l rule only levels below l are active, so a
   * tangent's own computation carries the outer levels' tangents (forward-over-forward); the
   * output's outer tangents exist by then, so a rule that reads the output (exp's) sees them.
   */
  static <A> void propagate(Autograd.State state, Prim<A> prim, A attrs, Tensor[] inputs,
      Tensor out) {
    int limit = state.forwardLimit;
    for (int l = 1; l <= limit; l++) {
      Level level = state.levels.get(l - 1);
      Tensor[] tangents = null;
      for (int i = 0; i < inputs.length; i++) {
        Tensor t = inputs[i].tangentAt(level);
        if (t != null) {
          if (tangents == null) {
            tangents = new Tensor[inputs.length];
          }
          tangents[i] = t;
        }
      }
      if (tangents == null) {
        continue;
      }
      Tensor t;
      state.forwardLimit = l - 1;
      try {
        t = check(prim, prim.tangent(attrs, inputs, out, tangents), out);
      } finally {
        state.forwardLimit = limit;
      }
      out.tangents = new Tangent(level, t, out.tangents);
    }
  }

  private static Tensor check(Prim<?> prim, Tensor t, Tensor out) {
    if (t == null) {
      throw new IllegalStateException("forward-mode rule of '" + prim.name + "' returned null");
    }
    if (t.dtype() != out.dtype()) {
      throw new IllegalStateException(String.format("forward-mode rule of '%s' returned a %s "
          + "tangent for a %s output", prim.name, t.dtype(), out.dtype()));
    }
    if (!t.shape().equals(out.shape())) {
      if (!t.shape().broadcastsTo(out.shape())) {
        throw new IllegalStateException(String.format("forward-mode rule of '%s' returned a "
            + "tangent of shape %s for an output of shape %s", prim.name, t.shape(), out.shape()));
      }
      t = t.broadcastTo(out.shape().dims());
    }
    return t;
  }
}
