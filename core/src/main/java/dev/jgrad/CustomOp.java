package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A user-defined primitive: its own forward and its own backward, e.g. a fused or more stable
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
 * };
 * Tensor y = logCosh.apply(x);
 * }</pre>
 *
 * <p>{@link #forward} runs with grad mode off on detached inputs, so whatever it computes is not
 * recorded; the result is recorded as one node named {@link #name()}. {@link #backward} receives
 * the original inputs (with their graphs), the output and the output gradient, and returns one
 * gradient per input (null allowed where {@code needsGrad} is false), each of the input's shape
 * or broadcastable to it. Written in tensor ops, the backward is itself differentiable, so second
 * derivatives work; if it is not (it uses raw arrays, say), pass {@code onceDifferentiable = true}
 * and a second derivative through it throws an error naming the op.
 */
public abstract class CustomOp {
  private final String name;
  private final boolean onceDifferentiable;
  private final OpInfo info;

  /** A twice-differentiable custom op (its backward is written in tensor ops). */
  protected CustomOp(String name) {
    this(name, false);
  }

  /**
   * A custom op.
   *
   * @param name used in graph export and in every error about this op
   * @param onceDifferentiable true if {@link #backward} is not itself differentiable
   */
  protected CustomOp(String name, boolean onceDifferentiable) {
    checkArgument(name != null && !name.isEmpty(), "custom op: name must not be empty");
    this.name = name;
    this.onceDifferentiable = onceDifferentiable;
    this.info = OpInfo.smooth(name, -1);
  }

  /** The op's name. */
  public String name() {
    return name;
  }

  /**
   * Computes the output from constant inputs (grad mode is off here).
   *
   * @param inputs detached views of the arguments of {@link #apply}
   */
  protected abstract Tensor forward(Tensor... inputs);

  /**
   * The vector-Jacobian product: {@code result[i] = gradOutput · d output / d inputs[i]}.
   *
   * @param inputs the arguments of {@link #apply}, with their graphs
   * @param output the result of {@link #forward}
   * @param gradOutput gradient with respect to the output (the output's shape)
   */
  protected abstract Tensor[] backward(Tensor[] inputs, Tensor output, Tensor gradOutput);

  /**
   * Runs the op on {@code inputs} and records it in the graph when grad mode is on and an input
   * requires grad.
   *
   * @throws IllegalArgumentException if forward returns null
   */
  public final Tensor apply(Tensor... inputs) {
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
    return Engine.record(new Call(), out.detach(), inputs.clone());
  }

  private final class Call extends Op {
    @Override
    OpInfo info() {
      return info;
    }

    @Override
    Tensor[] vjp(Node node, Tensor g) {
      if (!onceDifferentiable || !Autograd.isGradEnabled()) {
        return backward(node.inputs.clone(), node.output, g);
      }
      Tensor[] grads;
      try (Autograd.Scope s = Autograd.noGrad()) {
        grads = backward(node.inputs.clone(), node.output, g);
      }
      // Recorded as a node whose own backward refuses, so a second derivative fails loudly.
      Tensor[] out = new Tensor[grads.length];
      for (int i = 0; i < grads.length; i++) {
        out[i] = grads[i] == null ? null : Engine.record(new Refuse(), grads[i].detach(),
            g, node.inputs[i]);
      }
      return out;
    }
  }

  private final class Refuse extends Op {
    private final OpInfo refuseInfo = OpInfo.smooth(name + "_backward", 2);

    @Override
    OpInfo info() {
      return refuseInfo;
    }

    @Override
    Tensor[] vjp(Node node, Tensor g) {
      throw new UnsupportedOperationException(String.format("custom op '%s' is "
          + "once-differentiable: its backward cannot be differentiated again (second "
          + "derivatives, createGraph=true)", name));
    }
  }
}
