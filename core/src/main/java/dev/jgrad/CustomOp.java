package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A user-defined primitive: its own forward, its own backward (vector-Jacobian product) and,
 * optionally, its own forward-mode rule (Jacobian-vector product), e.g. a fused or more stable
 * formula. Use it like any built-in op and check it with {@link GradCheck}:
 *
 * <pre>{@code
 * CustomOp logCosh = new CustomOp("log_cosh") {
 *   protected Tensor forward(Tensor... in) {        // inputs are constants here
 *     Tensor x = in[0];
 *     return x.abs().add(x.abs().mul(-2).exp().log1p()).sub(Math.log(2));
 *   }
 *   protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
 *     return new Tensor[] {g.mul(in[0].tanh())};   // written in tensor ops: twice differentiable
 *   }
 *   protected Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
 *     return t[0].mul(in[0].tanh());               // forward mode: J·t
 *   }
 * };
 * Tensor y = logCosh.apply(x);
 * }</pre>
 *
 * <p>{@link #forward} runs with grad mode off on detached inputs, so whatever it computes is not
 * recorded; the result is recorded as one node named {@link #name()}. {@link #backward} receives
 * the original inputs (with their graphs), the output and the output gradient, and returns one
 * gradient per input (null allowed for inputs that need none), each of the input's shape or
 * broadcastable to it. Written in tensor ops, the backward is itself differentiable, so second
 * derivatives work; if it is not (it uses raw arrays, say), pass {@code onceDifferentiable = true}
 * and a second derivative through it — reverse or forward over reverse — throws an error naming
 * the op. {@link #jvp} is used only in forward mode ({@link ForwardAD}, {@link Functional#jvp});
 * an op that does not override it fails there with an error naming forward mode.
 */
public abstract class CustomOp {
  private final String name;
  private final boolean onceDifferentiable;
  private final Prim<Void> prim;
  private final Prim<Void> refuse;

  /**
   * A twice-differentiable custom op (its backward is written in tensor ops).
   *
   * @param name used in graph export and in every error about this op
   * @throws IllegalArgumentException if the name is null or empty
   */
  protected CustomOp(String name) {
    this(name, false);
  }

  /**
   * A custom op.
   *
   * @param name used in graph export and in every error about this op
   * @param onceDifferentiable true if {@link #backward} is not itself differentiable
   * @throws IllegalArgumentException if the name is null or empty
   */
  protected CustomOp(String name, boolean onceDifferentiable) {
    checkArgument(name != null && !name.isEmpty(), "custom op: name must not be empty");
    this.name = name;
    this.onceDifferentiable = onceDifferentiable;
    this.prim = Prim.<Void>builder(name, (a, in) -> run(in))
        .vjp((s, g) -> vjp(s, g))
        .jvp((s, t) -> {
          Tensor[] in = new Tensor[s.arity()];
          Tensor[] tangents = new Tensor[t.length];
          for (int i = 0; i < in.length; i++) {
            in[i] = s.x(i);
            tangents[i] = t[i] != null ? t[i] : Tensor.zeros(s.dtype(i), s.shape(i).dims());
          }
          Tensor r = jvp(in, s.y(), tangents);
          checkArgument(r != null, "custom op '%s': jvp returned null", name);
          return r;
        }).unregistered();
    this.refuse = Prim.<Void>builder(name + "_backward", (a, in) -> in[0])
        .vjp((s, g) -> {
          throw once("second derivatives, createGraph=true");
        })
        .jvp((s, t) -> {
          throw once("forward mode over its backward, e.g. Functional.hvp");
        }).unregistered();
  }

  private UnsupportedOperationException once(String what) {
    return new UnsupportedOperationException(String.format("custom op '%s' is "
        + "once-differentiable: its backward cannot be differentiated again (%s)", name, what));
  }

  /**
   * The op's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Computes the output from constant inputs (grad mode is off here).
   *
   * @param inputs detached views of the arguments of {@link #apply}
   * @return the output
   */
  protected abstract Tensor forward(Tensor... inputs);

  /**
   * The vector-Jacobian product: {@code result[i] = gradOutput · d output / d inputs[i]}.
   *
   * @param inputs the arguments of {@link #apply}, with their graphs
   * @param output the result of {@link #forward}
   * @param gradOutput gradient with respect to the output (the output's shape)
   * @return one gradient per input (null where no gradient is needed)
   */
  protected abstract Tensor[] backward(Tensor[] inputs, Tensor output, Tensor gradOutput);

  /**
   * The Jacobian-vector product {@code Σ_i d output / d inputs[i] · tangents[i]} for forward
   * mode, written in tensor ops. The default refuses: override it to use the op under
   * {@link ForwardAD} or {@link Functional#jvp}.
   *
   * @param inputs the arguments of {@link #apply}
   * @param output the result of {@link #forward}
   * @param tangents one per input, of the input's shape (zeros for inputs without a tangent)
   * @return the output's tangent (the output's shape, or broadcastable to it)
   * @throws UnsupportedOperationException if the op declares no forward-mode rule
   */
  protected Tensor jvp(Tensor[] inputs, Tensor output, Tensor[] tangents) {
    throw new UnsupportedOperationException(String.format("custom op '%s' has no forward-mode "
        + "rule: override jvp(inputs, output, tangents) to use it with ForwardAD or "
        + "Functional.jvp", name));
  }

  /**
   * Runs the op on {@code inputs} and records it in the graph when grad mode is on and an input
   * requires grad (and computes its tangent in forward mode).
   *
   * @param inputs the arguments
   * @return the output
   * @throws IllegalArgumentException if forward returns null
   */
  public final Tensor apply(Tensor... inputs) {
    return prim.apply(inputs.clone());
  }

  private Tensor run(Tensor[] inputs) {
    Tensor[] detached = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      detached[i] = inputs[i].detach();
    }
    Tensor out;
    try (Autograd.Scope s = Autograd.noGrad()) {
      out = forward(detached);
    }
    checkArgument(out != null, "%s: forward returned null", name);
    // A fresh tensor object, so recording never attaches history to a tensor the user holds.
    return out.detach();
  }

  private Tensor[] vjp(Saved<Void> s, Tensor g) {
    Tensor[] in = new Tensor[s.arity()];
    for (int i = 0; i < in.length; i++) {
      in[i] = s.x(i);
    }
    if (!onceDifferentiable) {
      return backward(in, s.y(), g);
    }
    Tensor[] grads;
    Autograd.State state = Autograd.STATE.get();
    int limit = state.forwardLimit;
    state.forwardLimit = 0; // the raw backward must not be mistaken for a differentiable one
    try (Autograd.Scope scope = Autograd.noGrad()) {
      grads = backward(in, s.y(), g);
    } finally {
      state.forwardLimit = limit;
    }
    // Recorded as a node whose own rules refuse, so a second derivative fails loudly.
    Tensor[] out = new Tensor[grads.length];
    for (int i = 0; i < grads.length; i++) {
      out[i] = grads[i] == null ? null : refuse.apply(grads[i].detach(), g, in[i]);
    }
    return out;
  }
}
