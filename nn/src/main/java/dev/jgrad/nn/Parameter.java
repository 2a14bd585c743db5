package dev.jgrad.nn;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A typed handle on one trainable parameter of a {@link Layer}, returned by
 * {@link Layer#registerParameter}. A layer keeps the handle (typically in a {@code final} field)
 * and reads the parameter with {@link #value()} in {@code forward}:
 *
 * <pre>{@code
 * final class Scale extends Layer {
 *   private final Parameter scale = registerParameter("scale", Tensor.ones(DType.FLOAT64, 3));
 *
 *   public Tensor forward(Tensor x) {
 *     return x.mul(scale.value());
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #value()} is the live leaf tensor (the one {@link Layer#parameters()} hands to an
 * optimizer, updated in place by it and by {@link Layer#loadStateDict}), except inside
 * {@link Layer#functionalCall} on the calling thread, where it is the replacement given for this
 * parameter. So a layer that reads through its handles can never compute with a stale value,
 * whichever style it is written in; a {@code Tensor} kept in a field instead would be, which is
 * why registration returns this handle rather than the tensor.
 */
public final class Parameter {
  /** Replacements active on this thread, innermost {@link Layer#functionalCall} first. */
  private static final ThreadLocal<Substitution> CURRENT = new ThreadLocal<>();

  private final String name;
  private final Tensor live;

  Parameter(String name, Tensor live) {
    this.name = name;
    this.live = live;
  }

  /**
   * The value to compute with: the replacement given for this parameter by an enclosing
   * {@link Layer#functionalCall} on this thread, else the live leaf tensor (which requires grad).
   *
   * @return a tensor of {@link #shape()}
   */
  public Tensor value() {
    for (Substitution s = CURRENT.get(); s != null; s = s.outer) {
      Tensor r = s.replacements.get(live);
      if (r != null) {
        s.read.put(live, Boolean.TRUE);
        return r;
      }
    }
    return live;
  }

  /**
   * The name it was registered under in its layer.
   *
   * @return e.g. {@code weight}
   */
  public String name() {
    return name;
  }

  /**
   * Its shape, fixed at registration (replacements must have it too).
   *
   * @return the shape
   */
  public Shape shape() {
    return live.shape();
  }

  /**
   * The live tensor's dtype.
   *
   * @return the dtype
   */
  public DType dtype() {
    return live.dtype();
  }

  Tensor live() {
    return live;
  }

  /** E.g. {@code Parameter(weight, [3, 4] float32)}. */
  @Override
  public String toString() {
    return "Parameter(" + name + ", " + live.shape() + " " + live.dtype() + ")";
  }

  /**
   * Pushes replacements (live tensor to its stand-in) for this thread until {@link
   * Substitution#close()}.
   */
  static Substitution substitute(Map<Tensor, Tensor> replacements) {
    Substitution s = new Substitution(replacements, CURRENT.get());
    // An enclosing call's replacement that this one overrides counts as used: the inner one is
    // typically computed from it (fast weights).
    for (Substitution o = s.outer; o != null; o = o.outer) {
      for (Tensor live : replacements.keySet()) {
        if (o.replacements.containsKey(live)) {
          o.read.put(live, Boolean.TRUE);
        }
      }
    }
    CURRENT.set(s);
    return s;
  }

  /** One functionalCall's replacements and which of them forward actually read. */
  static final class Substitution implements AutoCloseable {
    final Map<Tensor, Tensor> replacements;
    final Map<Tensor, Boolean> read = new IdentityHashMap<>();
    final Substitution outer;

    private Substitution(Map<Tensor, Tensor> replacements, Substitution outer) {
      this.replacements = replacements;
      this.outer = outer;
    }

    boolean wasRead(Tensor live) {
      return read.containsKey(live);
    }

    @Override
    public void close() {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }
}
