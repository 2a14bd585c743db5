package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.function.Supplier;

/**
 * Grad mode and the functional gradient API.
 *
 * <p>Grad mode is per thread and on by default: while it is on, every op on a tensor that
 * requires grad records a node. {@link #noGrad()} turns it off for a scope (inference, optimizer
 * updates); scopes nest and restore the previous mode when closed:
 *
 * <pre>{@code
 * try (Autograd.Scope s = Autograd.noGrad()) {
 *   Tensor y = model.forward(x); // records nothing
 * }
 * }</pre>
 */
public final class Autograd {
  private Autograd() {}

  /** Per-thread modes: grad mode, anomaly mode and the open forward-mode levels. */
  static final class State {
    boolean grad = true;
    boolean anomaly;
    /** Open {@link ForwardAD} levels, innermost last (null until first used). */
    java.util.List<ForwardAD.Level> levels;
    /** Levels 1..forwardLimit propagate tangents now (0: forward mode off, the common case). */
    int forwardLimit;
    /** Sequence number of the next node recorded on this thread (see Node#hash). */
    int nodes = java.util.concurrent.ThreadLocalRandom.current().nextInt();
  }

  static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  /** A scope that restores the previous mode when closed. Closing twice is harmless. */
  public static final class Scope implements AutoCloseable {
    private final State state;
    private final boolean grad;
    private final boolean anomaly;
    private boolean closed;

    Scope(State state) {
      this.state = state;
      this.grad = state.grad;
      this.anomaly = state.anomaly;
    }

    /** Restores the grad and anomaly modes that were in force when this scope opened. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        state.grad = grad;
        state.anomaly = anomaly;
      }
    }
  }

  /**
   * Whether ops on this thread currently record graphs.
   *
   * @return true while grad mode is on for the calling thread (the default), false inside a
   *     {@link #noGrad()} scope that no inner {@link #enableGrad()} scope has overridden
   */
  public static boolean isGradEnabled() {
    return STATE.get().grad;
  }

  /**
   * Turns grad mode off on this thread until the returned scope is closed.
   *
   * @return a scope whose {@link Scope#close()} restores the grad and anomaly modes in force
   *     before this call; it affects only the calling thread
   */
  public static Scope noGrad() {
    State s = STATE.get();
    Scope scope = new Scope(s);
    s.grad = false;
    return scope;
  }

  /**
   * Turns grad mode on on this thread (inside a {@link #noGrad()} scope) until closed.
   *
   * @return a scope whose {@link Scope#close()} restores the grad and anomaly modes in force
   *     before this call; it affects only the calling thread
   */
  public static Scope enableGrad() {
    State s = STATE.get();
    Scope scope = new Scope(s);
    s.grad = true;
    return scope;
  }

  /**
   * Runs {@code body} with grad mode off on this thread and returns its result; the previous mode
   * is restored afterwards, also when {@code body} throws (its exception propagates unchanged).
   *
   * @param <T> the type of the body's result
   * @param body the computation to run without recording graphs, called once on this thread
   * @return what {@code body} returned
   */
  public static <T> T noGrad(Supplier<T> body) {
    try (Scope s = noGrad()) {
      return body.get();
    }
  }

  /**
   * Gradients of a scalar {@code output} with respect to {@code inputs}, without touching any
   * {@code .grad}: {@code result[i] = d output / d inputs[i]}, shaped like {@code inputs[i]}.
   *
   * @param output the scalar (one element, any rank) to differentiate
   * @param inputs tensors that require grad, at least one
   * @return one fresh gradient per input, in order, each shaped like its input; zeros for an
   *     input that does not influence {@code output}
   * @throws IllegalArgumentException if the output is not a scalar or an input does not require
   *     grad
   */
  public static Tensor[] grad(Tensor output, Tensor... inputs) {
    checkArgument(output.shape().numel() == 1,
        "grad: output has shape %s; pass a gradient of that shape with grad(outputs, inputs, "
            + "gradOutputs, createGraph)", output.shape());
    return grad(List.of(output), List.of(inputs), null, false).toArray(new Tensor[0]);
  }

  /**
   * The vector-Jacobian product {@code sum_j gradOutputs[j] · d outputs[j] / d inputs[i]} for
   * every input, returned as fresh tensors; nothing is mutated (no {@code .grad} changes). An
   * input that does not influence the outputs gets zeros (as in JAX).
   *
   * @param outputs the tensors to differentiate, at least one
   * @param inputs tensors that require grad, at least one
   * @param gradOutputs one per output with the output's shape, or null for scalar outputs (ones)
   * @param createGraph record the backward pass so the gradients can be differentiated again
   *     (gradient penalties, Hessian-vector products)
   * @return one fresh gradient per input, in order, each shaped like its input (an unmodifiable
   *     list)
   * @throws IllegalArgumentException if lists are empty or mismatched, an input does not require
   *     grad, a gradient's shape differs from its output's, or a non-scalar output has no gradient
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs,
      List<Tensor> gradOutputs, boolean createGraph) {
    checkArgument(!outputs.isEmpty(), "grad: no outputs given");
    checkArgument(!inputs.isEmpty(), "grad: no inputs given");
    for (int i = 0; i < inputs.size(); i++) {
      checkArgument(inputs.get(i).requiresGrad(),
          "grad: input %s (shape %s) does not require grad; call requiresGrad(true) on it before "
              + "computing the outputs", i, inputs.get(i).shape());
    }
    Tensor[] roots = outputs.toArray(new Tensor[0]);
    Tensor[] seeds = seeds("grad", roots, gradOutputs);
    Tensor[] out = Engine.run(roots, seeds, inputs.toArray(new Tensor[0]), createGraph);
    return List.of(out);
  }

  /** Validates or creates (ones, for scalars) the output gradients. */
  static Tensor[] seeds(String op, Tensor[] roots, List<Tensor> gradOutputs) {
    checkArgument(gradOutputs == null || gradOutputs.size() == roots.length,
        "%s: %s gradients given for %s outputs", op,
        gradOutputs == null ? 0 : gradOutputs.size(), roots.length);
    Tensor[] seeds = new Tensor[roots.length];
    for (int i = 0; i < roots.length; i++) {
      Tensor r = roots[i];
      if (gradOutputs == null) {
        checkArgument(r.shape().numel() == 1,
            "%s: output %s has shape %s; a non-scalar output needs an explicit gradient of that "
                + "shape", op, i, r.shape());
        seeds[i] = Tensor.full(r.dtype(), 1.0, r.shape().dims());
      } else {
        Tensor g = gradOutputs.get(i);
        checkArgument(g.shape().equals(r.shape()),
            "%s: gradient for output %s has shape %s, expected the output's shape %s", op, i,
            g.shape(), r.shape());
        seeds[i] = g.dtype() == r.dtype() ? g : g.to(r.dtype());
      }
    }
    return seeds;
  }
}
