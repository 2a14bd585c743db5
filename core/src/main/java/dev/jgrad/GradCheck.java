package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks autodiff against central finite differences, for built-in ops and users' own
 * functions alike:
 *
 * <pre>{@code
 * GradCheck.create().check(in -> myLoss(in[0], in[1]), logits, targets);
 * GradCheck.create().secondOrder(true).check(in -> in[0].tanh().sum(), x);
 * }</pre>
 *
 * <p>Inputs are copied to FLOAT64 whatever their dtype. First order compares the whole Jacobian:
 * for output element o and input element j, the autodiff entry (a backward pass with a one-hot
 * output gradient) against {@code (f(x + eps·e_j) - f(x - eps·e_j))_o / (2 eps)}, and passes when
 * {@code |autodiff - numeric| <= atol + rtol·|numeric|} (PyTorch gradcheck's defaults: eps 1e-6,
 * atol 1e-5, rtol 1e-3). Second order checks the gradient of
 * {@code F(x) = Σ_i <w_i, vjp(f, x, v)_i>} for seeded random cotangents v, w, which differentiates
 * every backward rule once more.
 *
 * <p>Instances are immutable; the {@code with}-style methods return modified copies.
 */
public final class GradCheck {
  private final double eps;
  private final double atol;
  private final double rtol;
  private final long seed;
  private final boolean secondOrder;
  private final boolean fast;

  private GradCheck(double eps, double atol, double rtol, long seed, boolean secondOrder,
      boolean fast) {
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
    this.secondOrder = secondOrder;
    this.fast = fast;
  }

  /** Defaults: eps 1e-6, atol 1e-5, rtol 1e-3, seed 0, first order only. */
  public static GradCheck create() {
    return new GradCheck(1e-6, 1e-5, 1e-3, 0, false, false);
  }

  /** Finite-difference step (must be > 0). */
  public GradCheck eps(double eps) {
    checkArgument(eps > 0, "gradcheck: eps must be > 0, got %s", eps);
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast);
  }

  /** Absolute tolerance (>= 0). */
  public GradCheck atol(double atol) {
    checkArgument(atol >= 0, "gradcheck: atol must be >= 0, got %s", atol);
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast);
  }

  /** Relative tolerance (>= 0). */
  public GradCheck rtol(double rtol) {
    checkArgument(rtol >= 0, "gradcheck: rtol must be >= 0, got %s", rtol);
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast);
  }

  /** Seed of the random cotangents used by the second-order check. */
  public GradCheck seed(long seed) {
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast);
  }

  /** Also check second derivatives (gradients of the backward pass). */
  public GradCheck secondOrder(boolean on) {
    return new GradCheck(eps, atol, rtol, seed, on, fast);
  }

  /**
   * Fast mode for large inputs (as PyTorch's fast gradcheck): instead of the full Jacobian,
   * compare one projection {@code vᵀ J u} for seeded random unit-scale directions u (inputs)
   * and v (output): autodiff {@code <vjp(v), u>} against
   * {@code <v, f(x + eps·u) - f(x - eps·u)> / (2 eps)}. Costs one backward and two forward
   * passes per order instead of one per element; a failure names no element, so rerun without
   * fast mode to locate it.
   */
  public GradCheck fast(boolean on) {
    return new GradCheck(eps, atol, rtol, seed, secondOrder, on);
  }

  /** Thrown when autodiff and finite differences disagree. */
  public static final class GradCheckFailure extends AssertionError {
    GradCheckFailure(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code f} at {@code inputs} (not modified; float64 copies are differentiated).
   *
   * @throws GradCheckFailure naming the order, input, elements, both values and the shapes
   */
  public void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    checkArgument(inputs.length > 0, "gradcheck: no inputs given");
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Tensor.of(inputs[i].toDoubleArray(), inputs[i].shape().dims()).requiresGrad(true);
    }
    compare("first-order", f, xs);
    if (secondOrder) {
      Tensor out = f.apply(xs);
      SplittableRandom rng = new SplittableRandom(seed);
      Tensor v = random(rng, out.shape());
      Tensor[] w = new Tensor[xs.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = random(rng, xs[i].shape());
      }
      Function<Tensor[], Tensor> vjpDotW = in -> {
        Tensor y = f.apply(in);
        List<Tensor> g = Autograd.grad(List.of(y), List.of(in), List.of(v), true);
        Tensor s = Tensor.scalar(0.0);
        for (int i = 0; i < in.length; i++) {
          s = s.add(g.get(i).mul(w[i]).sum());
        }
        return s;
      };
      compare("second-order", vjpDotW, xs);
    }
  }

  private static Tensor random(SplittableRandom rng, Shape s) {
    return Tensor.uniform(rng, DType.FLOAT64, -1, 1, s.dims());
  }

  private void compare(String order, Function<Tensor[], Tensor> f, Tensor[] xs) {
    if (fast) {
      projection(order, f, xs);
    } else {
      jacobian(order, f, xs);
    }
  }

  /** Fast mode: one random projection vᵀJu, autodiff vs central differences. */
  private void projection(String order, Function<Tensor[], Tensor> f, Tensor[] xs) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    Tensor out = f.apply(xs);
    Tensor v = random(rng, out.shape());
    Tensor[] u = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      u[i] = random(rng, xs[i].shape());
    }
    List<Tensor> g = Autograd.grad(List.of(out), List.of(xs), List.of(v), false);
    double auto = 0;
    for (int i = 0; i < xs.length; i++) {
      auto += g.get(i).mul(u[i]).sum().item();
    }
    Tensor[] plus = new Tensor[xs.length];
    Tensor[] minus = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      plus[i] = xs[i].detach().add(u[i].mul(eps)).requiresGrad(true);
      minus[i] = xs[i].detach().sub(u[i].mul(eps)).requiresGrad(true);
    }
    double numeric = f.apply(plus).sub(f.apply(minus)).mul(v).sum().item() / (2 * eps);
    if (!(Math.abs(auto - numeric) <= atol + rtol * Math.abs(numeric))) {
      throw new GradCheckFailure(String.format("gradcheck (%s, fast): random projection vᵀJu: "
          + "autodiff %s vs numeric %s (|diff| %.3g > atol %s + rtol %s * |numeric|); input "
          + "shapes %s, output shape %s, seed %s; rerun without fast mode to find the element",
          order, auto, numeric, Math.abs(auto - numeric), atol, rtol, shapes(xs), out.shape(),
          seed));
    }
  }

  /** Compares the full Jacobian of f at xs, autodiff vs central differences. */
  private void jacobian(String order, Function<Tensor[], Tensor> f, Tensor[] xs) {
    Tensor out = f.apply(xs);
    checkArgument(out.dtype() == DType.FLOAT64, "gradcheck: the function returned %s for float64 "
        + "inputs; it must not convert dtypes", out.dtype());
    int nOut = out.numel();
    // Autodiff: row o of each input's Jacobian from a backward pass with a one-hot cotangent.
    List<double[][]> auto = new ArrayList<>();
    for (Tensor x : xs) {
      auto.add(new double[nOut][]);
    }
    for (int o = 0; o < nOut; o++) {
      double[] onehot = new double[nOut];
      onehot[o] = 1;
      List<Tensor> g = Autograd.grad(List.of(out), List.of(xs),
          List.of(Tensor.of(onehot, out.shape().dims())), false);
      for (int i = 0; i < xs.length; i++) {
        Tensor gi = g.get(i);
        if (!gi.shape().equals(xs[i].shape())) {
          throw new GradCheckFailure(String.format("gradcheck (%s): gradient of input %s has "
              + "shape %s, expected the input's shape %s", order, i, gi.shape(), xs[i].shape()));
        }
        auto.get(i)[o] = gi.toDoubleArray();
      }
    }
    // Numeric: column j from central differences of every output element.
    for (int i = 0; i < xs.length; i++) {
      double[] base = xs[i].toDoubleArray();
      for (int j = 0; j < base.length; j++) {
        double[] plus = evalWith(f, xs, i, base, j, base[j] + eps);
        double[] minus = evalWith(f, xs, i, base, j, base[j] - eps);
        for (int o = 0; o < nOut; o++) {
          double numeric = (plus[o] - minus[o]) / (2 * eps);
          double a = auto.get(i)[o][j];
          if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
            throw new GradCheckFailure(String.format(
                "gradcheck (%s): d output%s / d input %s%s: autodiff %s vs numeric %s "
                    + "(|diff| %.3g > atol %s + rtol %s * |numeric|); input shapes %s, output "
                    + "shape %s", order, index(out.shape(), o), i, index(xs[i].shape(), j), a,
                numeric, Math.abs(a - numeric), atol, rtol, shapes(xs), out.shape()));
          }
        }
      }
    }
  }

  private static double[] evalWith(Function<Tensor[], Tensor> f, Tensor[] xs, int i,
      double[] base, int j, double value) {
    double[] moved = base.clone();
    moved[j] = value;
    Tensor[] args = xs.clone();
    args[i] = Tensor.of(moved, xs[i].shape().dims()).requiresGrad(true);
    return f.apply(args).toDoubleArray();
  }

  private static String index(Shape s, int flat) {
    if (s.rank() == 0) {
      return "";
    }
    int[] idx = new int[s.rank()];
    int[] st = s.strides();
    for (int k = 0; k < idx.length; k++) {
      idx[k] = flat / st[k];
      flat %= st[k];
    }
    return Arrays.toString(idx);
  }

  private static String shapes(Tensor[] xs) {
    StringBuilder sb = new StringBuilder();
    for (Tensor x : xs) {
      sb.append(sb.length() == 0 ? "" : ", ").append(x.shape());
    }
    return sb.toString();
  }
}
