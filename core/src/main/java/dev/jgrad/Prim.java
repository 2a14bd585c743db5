package dev.jgrad;

import java.util.function.Function;

/**
 * One primitive op, declared once: its name, its forward computation, its vector-Jacobian product
 * (reverse mode), its Jacobian-vector product (forward mode) — both written with differentiable
 * {@link Tensor} ops, so they can be differentiated again in either mode — the formatting of its
 * attributes, and what the generic tests need ({@link Spec}: input domains, kinks, a sample
 * generator and an independent reference for forward values).
 *
 * <p>Declaring a built-in primitive ({@link Builder#build()}) registers it in the {@link OpTable};
 * the generic properties then exercise it. Custom ops ({@link CustomOp}) build unregistered ones.
 *
 * <p>The engine owns everything generic: recording a {@link Node} when grad mode is on and an
 * input requires grad, summing broadcast gradients back to input shapes, broadcasting tangents up
 * to the output shape, checking the count, shapes and dtypes a rule returns, refusing values that
 * were modified in place after they were saved.
 *
 * @param <A> the type of the per-call attributes (axes, exponent, shape, ...); {@link Void} if none
 */
final class Prim<A> {
  /** Computes the output from the inputs' values (never records anything). */
  interface Forward<A> {
    Tensor apply(A attrs, Tensor[] inputs);
  }

  /**
   * {@code grads[i] = gᵀ · d output / d inputs[i]} (entries where {@code !s.needs(i)} may be null;
   * a gradient may have the broadcast shape of the op: the engine sums it back).
   */
  interface Vjp<A> {
    Tensor[] apply(Saved<A> s, Tensor g);
  }

  /**
   * The output tangent {@code Σ_i J_i · tangents[i]} ({@code tangents[i]} is null for an input
   * without a tangent; at least one is not). The result may have a shape that broadcasts to the
   * output's: the engine expands it.
   */
  interface Jvp<A> {
    Tensor apply(Saved<A> s, Tensor[] tangents);
  }

  final String name;
  final Forward<A> forward;
  /** Null for ops whose outputs are constants to autodiff (comparisons, argmax, floor, ...). */
  final Vjp<A> vjp;
  final Jvp<A> jvp;
  final Function<A, String> format;
  final Spec spec;
  /**
   * Bit i set: the VJP may add input i's gradient into that input's existing {@code .grad} in
   * place ({@link Saved#into}); declared by ops whose weight gradient is a large product.
   */
  final int addsInto;

  private Prim(Builder<A> b) {
    this.name = b.name;
    this.forward = b.forward;
    this.vjp = b.vjp;
    this.jvp = b.jvp;
    this.format = b.format;
    this.spec = b.spec;
    this.addsInto = b.addsInto;
  }

  /** Whether outputs of this op carry gradients and tangents at all. */
  boolean differentiable() {
    return vjp != null;
  }

  /** Runs the op and records it (reverse node, forward tangents) as the engine decides. */
  Tensor apply(A attrs, Tensor... inputs) {
    Tensor out = forward.apply(attrs, inputs);
    return Engine.record(this, attrs, out, inputs);
  }

  /** {@link #apply} for ops without attributes. */
  Tensor apply(Tensor... inputs) {
    return apply(null, inputs);
  }

  /** The VJP for one node of a pass; the pass's slot for the node is its Saved view. */
  @SuppressWarnings("unchecked")
  Tensor[] backward(Saved<?> slot, Tensor g) {
    return vjp.apply((Saved<A>) slot, g);
  }

  @SuppressWarnings("unchecked")
  Tensor tangent(Object attrs, Tensor[] inputs, Tensor output, Tensor[] tangents) {
    return jvp.apply(new Saved<>((A) attrs, inputs, output), tangents);
  }

  /** {@code name} or {@code name(attributes)} for messages and graph export. */
  @SuppressWarnings("unchecked")
  String describe(Object attrs) {
    String a = attrs == null || format == null ? "" : format.apply((A) attrs);
    return a.isEmpty() ? name : name + "(" + a + ")";
  }

  @Override
  public String toString() {
    return name;
  }

  static <A> Builder<A> builder(String name, Forward<A> forward) {
    return new Builder<>(name, forward);
  }

  /** Fluent declaration; {@link #build()} registers built-ins in the op table. */
  static final class Builder<A> {
    private final String name;
    private final Forward<A> forward;
    private Vjp<A> vjp;
    private Jvp<A> jvp;
    private Function<A, String> format;
    private Spec spec = Spec.NONE;
    private int addsInto;

    private Builder(String name, Forward<A> forward) {
      this.name = name;
      this.forward = forward;
    }

    /** The reverse rule (and, with {@link #jvp}, makes the op differentiable). */
    Builder<A> vjp(Vjp<A> rule) {
      this.vjp = rule;
      return this;
    }

    /** The forward-mode rule. */
    Builder<A> jvp(Jvp<A> rule) {
      this.jvp = rule;
      return this;
    }

    /** Attribute text for messages, e.g. {@code a -> "axes=" + ...}. */
    Builder<A> format(Function<A, String> f) {
      this.format = f;
      return this;
    }

    /**
     * Declares that the VJP adds input i's gradient, for each i given, into
     * {@link Saved#into}{@code (i)} when the engine offers a buffer there (and returns that
     * buffer), instead of allocating one. The engine offers at most one buffer per call.
     */
    Builder<A> addsInto(int... inputs) {
      for (int i : inputs) {
        this.addsInto |= 1 << i;
      }
      return this;
    }

    /** Test metadata: domains, kinks, sample generator, reference. */
    Builder<A> spec(Spec s) {
      this.spec = s;
      return this;
    }

    /** A built-in primitive, registered in the op table. */
    Prim<A> build() {
      Prim<A> p = unregistered();
      OpTable.register(p);
      return p;
    }

    /** A primitive outside the op table (custom ops, internal adjoints declared elsewhere). */
    Prim<A> unregistered() {
      if ((vjp == null) != (jvp == null)) {
        throw new IllegalStateException("op '" + name + "' declares only one of vjp and jvp");
      }
      return new Prim<>(this);
    }
  }
}
