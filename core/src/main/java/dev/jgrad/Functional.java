package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.function.Function;

/**
 * Function transforms in the style of {@code torch.func} / JAX, for a function
 * {@code f: R^(shape x) -> R^(shape y)} of one tensor:
 *
 * <ul>
 *   <li>{@link #vjp}: {@code vᵀ J} (one reverse pass),
 *   <li>{@link #jvp}: {@code f(x)} and {@code J u} together in one forward pass (forward mode,
 *       {@link ForwardAD}: no reverse pass),
 *   <li>{@link #jacobian} (reverse mode, one pass per output element) and {@link #jacfwd}
 *       (forward mode, one pass per input element — cheaper when x has few elements and f(x)
 *       many): the full {@code J} of shape {@code y.shape + x.shape},
 *   <li>{@link #hessian}: {@code ∇²f} of a scalar f, shape {@code x.shape + x.shape},
 *   <li>{@link #hvp}: {@code ∇²f · v} without forming the Hessian, as forward-over-reverse (one
 *       reverse pass whose rules carry a tangent).
 * </ul>
 *
 * Inputs are not modified; x is evaluated through a fresh leaf of its own values, and results
 * are constants (they do not require grad).
 */
public final class Functional {
  private Functional() {}

  private static Tensor leaf(Tensor x) {
    checkArgument(x.dtype().isFloatingPoint(), "functional: x must be floating point, got %s",
        x.dtype());
    return x.detach().requiresGrad(true);
  }

  /**
   * {@code vᵀ J_f(x)}.
   *
   * @param f the function
   * @param x the point
   * @param v the cotangent, of f(x)'s shape
   * @return the vector-Jacobian product, shaped like x
   * @throws IllegalArgumentException if v's shape differs from f(x)'s
   */
  public static Tensor vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    Tensor xl = leaf(x);
    Tensor y = f.apply(xl);
    return Autograd.grad(List.of(y), List.of(xl), List.of(v), false).get(0);
  }

  /**
   * A function value and its Jacobian-vector product.
   *
   * @param value {@code f(x)}
   * @param tangent {@code J_f(x) · u}, shaped like the value
   */
  public record Jvp(Tensor value, Tensor tangent) {}

  /**
   * {@code f(x)} and {@code J_f(x) · u} in one forward pass (forward mode: each op computes its
   * output's tangent beside its value).
   *
   * @param f the function
   * @param x the point
   * @param u the tangent direction, of x's shape
   * @return the value and the tangent
   * @throws IllegalArgumentException if u's shape differs from x's
   * @throws UnsupportedOperationException if f uses a custom op without a forward-mode rule
   */
  public static Jvp jvp(Function<Tensor, Tensor> f, Tensor x, Tensor u) {
    checkArgument(u.shape().equals(x.shape()), "jvp: tangent has shape %s, expected x's shape %s",
        u.shape(), x.shape());
    checkArgument(x.dtype().isFloatingPoint(), "jvp: x must be floating point, got %s",
        x.dtype());
    try (ForwardAD.Level level = ForwardAD.enter()) {
      Tensor y = f.apply(level.dual(x.detach(), u.detach()));
      return new Jvp(y.detach(), level.tangent(y).detach());
    }
  }

  /**
   * The Jacobian {@code J[o..., i...] = d f(x)[o...] / d x[i...]} by reverse mode (one backward
   * pass per element of f(x)).
   *
   * @param f the function
   * @param x the point
   * @return J, of shape {@code f(x).shape + x.shape}
   */
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
    int[] dims = joined(y.shape(), x.shape());
    return n == 0 ? Tensor.zeros(x.dtype(), dims) : Tensor.stack(0, rows).reshape(dims);
  }

  /**
   * The Jacobian by forward mode: one forward pass per element of x (column {@code j} is
   * {@code J·e_j}), so it wins over {@link #jacobian} when x has few elements and f(x) many.
   *
   * @param f the function
   * @param x the point
   * @return J, of shape {@code f(x).shape + x.shape}
   * @throws UnsupportedOperationException if f uses a custom op without a forward-mode rule
   */
  public static Tensor jacfwd(Function<Tensor, Tensor> f, Tensor x) {
    int n = x.numel();
    Tensor[] columns = new Tensor[n];
    Shape ys = null;
    for (int j = 0; j < n; j++) {
      double[] onehot = new double[n];
      onehot[j] = 1;
      Tensor u = Tensor.of(onehot, x.shape().dims()).to(x.dtype());
      Tensor t = jvp(f, x, u).tangent();
      ys = t.shape();
      columns[j] = t.flatten();
    }
    if (n == 0) {
      Tensor y = Autograd.noGrad(() -> f.apply(x.detach()));
      return Tensor.zeros(x.dtype(), joined(y.shape(), x.shape()));
    }
    // stack on the last axis: [numel(y), numel(x)], then the full shape
    return Tensor.stack(1, columns).reshape(joined(ys, x.shape()));
  }

  private static int[] joined(Shape a, Shape b) {
    int[] dims = new int[a.rank() + b.rank()];
    System.arraycopy(a.dims(), 0, dims, 0, a.rank());
    System.arraycopy(b.dims(), 0, dims, a.rank(), b.rank());
    return dims;
  }

  /**
   * The Hessian of a scalar function (reverse over reverse).
   *
   * @param f the function, returning one element
   * @param x the point
   * @return the Hessian, of shape {@code x.shape + x.shape}
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
   * Hessian: forward mode over the reverse-mode gradient (the gradient's tangent along v).
   *
   * @param f the function, returning one element
   * @param x the point
   * @param v the direction, of x's shape
   * @return the product, shaped like x
   * @throws IllegalArgumentException if f(x) is not one element or v's shape differs from x's
   */
  public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    checkArgument(v.shape().equals(x.shape()), "hvp: v has shape %s, expected x's shape %s",
        v.shape(), x.shape());
    Tensor xl = leaf(x);
    try (ForwardAD.Level level = ForwardAD.enter()) {
      Tensor y = f.apply(level.dual(xl, v.to(xl.dtype())));
      checkArgument(y.numel() == 1, "hvp: f must return one element, got shape %s", y.shape());
      Tensor g = Autograd.grad(List.of(y), List.of(xl), null, false).get(0);
      return level.tangent(g).detach();
    }
  }
}
