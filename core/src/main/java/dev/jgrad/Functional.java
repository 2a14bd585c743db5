package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.function.Function;

/**
 * Function transforms in the style of {@code torch.autograd.functional} / JAX, for a function
 * {@code f: R^(shape x) -> R^(shape y)} of one tensor:
 *
 * <ul>
 *   <li>{@link #vjp}: {@code vᵀ J} (one reverse pass),
 *   <li>{@link #jvp}: {@code J u}, computed as the reverse-mode derivative of {@code vjp} with
 *       respect to its cotangent (the "double-vjp" trick: two reverse passes, exact, no
 *       finite differences),
 *   <li>{@link #jacobian}: the full {@code J} of shape {@code y.shape + x.shape},
 *   <li>{@link #hessian}: {@code ∇²f} of a scalar f, shape {@code x.shape + x.shape},
 *   <li>{@link #hvp}: {@code ∇²f · v} without forming the Hessian (two reverse passes).
 * </ul>
 *
 * Inputs are not modified; x is evaluated through a fresh leaf copy of itself, and results are
 * constants (they do not require grad).
 */
public final class Functional {
  private Functional() {}

  private static Tensor leaf(Tensor x) {
    return x.detach().requiresGrad(true);
  }

  /** {@code vᵀ J_f(x)}, shaped like x; {@code v} has f(x)'s shape. */
  public static Tensor vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    Tensor xl = leaf(x);
    Tensor y = f.apply(xl);
    return Autograd.grad(List.of(y), List.of(xl), List.of(v), false).get(0);
  }

  /** {@code J_f(x) u}, shaped like f(x); {@code u} has x's shape. */
  public static Tensor jvp(Function<Tensor, Tensor> f, Tensor x, Tensor u) {
    checkArgument(u.shape().equals(x.shape()), "jvp: tangent has shape %s, expected x's shape %s",
        u.shape(), x.shape());
    Tensor xl = leaf(x);
    Tensor y = f.apply(xl);
    // g(v) = vᵀJ is linear in v, so d<g(v), u>/dv = J u for any v; zeros is as good as any.
    Tensor v = Tensor.zeros(y.dtype(), y.shape().dims()).requiresGrad(true);
    Tensor g = Autograd.grad(List.of(y), List.of(xl), List.of(v), true).get(0);
    return Autograd.grad(List.of(g.mul(u.to(g.dtype())).sum()), List.of(v), null, false).get(0);
  }

  /** The Jacobian {@code J[o..., i...] = d f(x)[o...] / d x[i...]}, shape y.shape + x.shape. */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
    Tensor xl = leaf(x);
    Tensor y = f.apply(xl);
    int n = y.numel();
    Tensor[] rows = new Tensor[n];
    for (int o = 0; o < n; o++) {
      double[] onehot = new double[n];
      onehot[o] = 1;
      Tensor v = Tensor.of(onehot, y.shape().dims()).to(y.dtype());
      rows[o] = Autograd.grad(List.of(y), List.of(xl), List.of(v), false).get(0).flatten();
    }
    int[] dims = new int[y.rank() + x.rank()];
    System.arraycopy(y.shape().dims(), 0, dims, 0, y.rank());
    System.arraycopy(x.shape().dims(), 0, dims, y.rank(), x.rank());
    if (n == 0) {
      return Tensor.zeros(x.dtype(), dims);
    }
    return Tensor.stack(0, rows).reshape(dims);
  }

  /**
   * The Hessian of a scalar function, shape x.shape + x.shape.
   *
   * @throws IllegalArgumentException if f(x) is not a one-element tensor
   */
  public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
    return jacobian(z -> {
      Tensor y = f.apply(z);
      checkArgument(y.numel() == 1, "hessian: f must return one element, got shape %s",
          y.shape());
      return Autograd.grad(List.of(y), List.of(z), null, true).get(0);
    }, x);
  }

  /**
   * The Hessian-vector product {@code ∇²f(x) · v} of a scalar function, without forming the
   * Hessian: the gradient of {@code <∇f(x), v>}.
   */
  public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    checkArgument(v.shape().equals(x.shape()), "hvp: v has shape %s, expected x's shape %s",
        v.shape(), x.shape());
    Tensor xl = leaf(x);
    Tensor y = f.apply(xl);
    checkArgument(y.numel() == 1, "hvp: f must return one element, got shape %s", y.shape());
    Tensor g = Autograd.grad(List.of(y), List.of(xl), null, true).get(0);
    return Autograd.grad(List.of(g.mul(v.to(g.dtype())).sum()), List.of(xl), null, false).get(0);
  }
}
