package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

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
 * GradCheck.create().secondOrder(true).forwardMode(true).check(in -> in[0].tanh().sum(), x);
 * }</pre>
 *
 * <p>Inputs are copied to FLOAT64 whatever their dtype. First order compares the whole Jacobian:
 * for output element o and input element j, the reverse-mode entry (a backward pass with a
 * one-hot output gradient) against {@code (f(x + eps·e_j) - f(x - eps·e_j))_o / (2 eps)}, and
 * passes when {@code |autodiff - numeric| <= atol + rtol·|numeric|} (PyTorch gradcheck's defaults:
 * eps 1e-6, atol 1e-5, rtol 1e-3). Second order checks the gradient of
 * {@code F(x) = Σ_i <w_i, vjp(f, x, v)_i>} for seeded random cotangents v, w, which differentiates
 * every backward rule once more.
 *
 * <p>With {@link #forwardMode(boolean)} the forward-mode Jacobian (one {@link ForwardAD} pass per
 * input element, {@code J·e_j}) is compared with the same finite differences, the two modes are
 * checked against each other ({@code <v, J·u>} both ways for random u, v), and with second order
 * also the derivatives of {@code x -> J(x)·u}: by reverse mode (reverse over forward) and by
 * forward mode (forward over forward).
 *
 * <p>Instances are immutable; the configuring methods return modified copies.
 */
public final class GradCheck {
  private final double eps;
  private final double atol;
  private final double rtol;
  private final long seed;
  private final boolean secondOrder;
  private final boolean fast;
  private final boolean forward;

  private GradCheck(double eps, double atol, double rtol, long seed, boolean secondOrder,
      boolean fast, boolean forward) {
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
    this.secondOrder = secondOrder;
    this.fast = fast;
    this.forward = forward;
  }

  /**
   * Defaults: eps 1e-6, atol 1e-5, rtol 1e-3, seed 0, first order, reverse mode only.
   *
   * @return the checker
   */
  public static GradCheck create() {
    return new GradCheck(1e-6, 1e-5, 1e-3, 0, false, false, false);
  }

  /**
   * The finite-difference step.
   *
   * @param eps the step (&gt; 0)
   * @return a configured copy
   * @throws IllegalArgumentException if eps &lt;= 0
   */
  public GradCheck eps(double eps) {
    checkArgument(eps > 0, "gradcheck: eps must be > 0, got %s", eps);
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast, forward);
  }

  /**
   * The absolute tolerance.
   *
   * @param atol the tolerance (&gt;= 0)
   * @return a configured copy
   * @throws IllegalArgumentException if atol &lt; 0
   */
  public GradCheck atol(double atol) {
    checkArgument(atol >= 0, "gradcheck: atol must be >= 0, got %s", atol);
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast, forward);
  }

  /**
   * The relative tolerance.
   *
   * @param rtol the tolerance (&gt;= 0)
   * @return a configured copy
   * @throws IllegalArgumentException if rtol &lt; 0
   */
  public GradCheck rtol(double rtol) {
    checkArgument(rtol >= 0, "gradcheck: rtol must be >= 0, got %s", rtol);
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast, forward);
  }

  /**
   * The seed of the random directions used by second order, fast mode and the mode-consistency
   * check.
   *
   * @param seed the seed
   * @return a configured copy
   */
  public GradCheck seed(long seed) {
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast, forward);
  }

  /**
   * Also check second derivatives (gradients of the backward pass, and with forward mode the
   * derivatives of the forward-mode rules).
   *
   * @param on whether to check second order
   * @return a configured copy
   */
  public GradCheck secondOrder(boolean on) {
    return new GradCheck(eps, atol, rtol, seed, on, fast, forward);
  }

  /**
   * Also check forward mode (JVP rules) against finite differences and against reverse mode.
   *
   * @param on whether to check forward mode
   * @return a configured copy
   */
  public GradCheck forwardMode(boolean on) {
    return new GradCheck(eps, atol, rtol, seed, secondOrder, fast, on);
  }

  /**
   * Fast mode for large inputs (as PyTorch's fast gradcheck): instead of the full Jacobian,
   * compare one projection {@code vᵀ J u} for seeded random directions u (inputs) and v
   * (output): autodiff against {@code <v, f(x + eps·u) - f(x - eps·u)> / (2 eps)}. Costs one
   * backward (or forward) and two function evaluations per order instead of one per element; a
   * failure names no element, so rerun without fast mode to locate it.
   *
   * @param on whether to use fast mode
   * @return a configured copy
   */
  public GradCheck fast(boolean on) {
    return new GradCheck(eps, atol, rtol, seed, secondOrder, on, forward);
  }

  /** Thrown when autodiff and finite differences (or the two modes) disagree. */
  public static final class GradCheckFailure extends AssertionError {
    GradCheckFailure(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code f} at {@code inputs} (not modified; float64 copies are differentiated).
   *
   * @param f the function of the inputs
   * @param inputs the point
   * @throws GradCheckFailure naming the order, the mode, the input, the elements, both values
   *     and the shapes
   * @throws IllegalArgumentException if no inputs are given
   */
  public void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    checkArgument(inputs.length > 0, "gradcheck: no inputs given");
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Tensor.of(inputs[i].toDoubleArray(), inputs[i].shape().dims()).requiresGrad(true);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    compare("first-order", f, xs, rng);
    if (secondOrder) {
      Tensor out = f.apply(xs);
      Tensor v = random(rng, out.shape());
      Tensor[] w = randoms(rng, xs);
      Function<Tensor[], Tensor> vjpDotW = in -> {
        Tensor y = f.apply(in);
        List<Tensor> g = Autograd.grad(List.of(y), List.of(in), List.of(v), true);
        Tensor s = Tensor.scalar(0.0);
        for (int i = 0; i < in.length; i++) {
          s = s.add(g.get(i).mul(w[i]).sum());
        }
        return s;
      };
      compare("second-order", vjpDotW, xs, rng);
      if (forward) {
        Tensor[] u = randoms(rng, xs);
        Function<Tensor[], Tensor> jvpAlongU = in -> {
          try (ForwardAD.Level level = ForwardAD.enter()) {
            Tensor[] d = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
              d[i] = level.dual(in[i], u[i]);
            }
            return level.tangent(f.apply(d));
          }
        };
        compare("second-order of the JVP", jvpAlongU, xs, rng);
      }
    }
  }

  private static Tensor random(SplittableRandom rng, Shape s) {
    return Tensor.uniform(rng, DType.FLOAT64, -1, 1, s.dims());
  }

  private static Tensor[] randoms(SplittableRandom rng, Tensor[] like) {
    Tensor[] r = new Tensor[like.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = random(rng, like[i].shape());
    }
    return r;
  }

  private void compare(String order, Function<Tensor[], Tensor> f, Tensor[] xs,
      SplittableRandom rng) {
    if (fast) {
      projection(order, f, xs, rng);
    } else {
      jacobian(order, f, xs);
    }
    if (forward) {
      consistency(order, f, xs, rng);
    }
  }

  /** Forward-mode tangent of f at xs along the given input tangents (null entries: zero). */
  private static Tensor forwardTangent(Function<Tensor[], Tensor> f, Tensor[] xs, Tensor[] u) {
    try (ForwardAD.Level level = ForwardAD.enter()) {
      Tensor[] d = new Tensor[xs.length];
      for (int i = 0; i < xs.length; i++) {
        d[i] = u[i] == null ? xs[i] : level.dual(xs[i], u[i]);
      }
      return level.tangent(f.apply(d));
    }
  }

  /** {@code <v, J u>} by forward mode against {@code <Jᵀ v, u>} by reverse mode. */
  private void consistency(String order, Function<Tensor[], Tensor> f, Tensor[] xs,
      SplittableRandom rng) {
    Tensor out = f.apply(xs);
    Tensor v = random(rng, out.shape());
    Tensor[] u = randoms(rng, xs);
    double fwd = forwardTangent(f, xs, u).mul(v).sum().item();
    List<Tensor> g = Autograd.grad(List.of(out), List.of(xs), List.of(v), false);
    double rev = 0;
    for (int i = 0; i < xs.length; i++) {
      rev += g.get(i).mul(u[i]).sum().item();
    }
    if (!(Math.abs(fwd - rev) <= atol + rtol * Math.abs(rev))) {
      throw new GradCheckFailure(String.format("gradcheck (%s): forward and reverse mode "
          + "disagree: <v, J·u> %s by JVP vs %s by VJP (|diff| %.3g > atol %s + rtol %s * |vjp|); "
          + "input shapes %s, output shape %s, seed %s", order, fwd, rev, Math.abs(fwd - rev), atol,
          rtol, shapes(xs), out.shape(), seed));
    }
  }

  /** Fast mode: one random projection vᵀJu, autodiff vs central differences. */
  private void projection(String order, Function<Tensor[], Tensor> f, Tensor[] xs,
      SplittableRandom rng) {
    Tensor out = f.apply(xs);
    Tensor v = random(rng, out.shape());
    Tensor[] u = randoms(rng, xs);
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
    projectionFailure(order, "reverse", auto, numeric, xs, out);
    if (forward) {
      double fwd = forwardTangent(f, xs, u).mul(v).sum().item();
      projectionFailure(order, "forward", fwd, numeric, xs, out);
    }
  }

  private void projectionFailure(String order, String mode, double auto, double numeric,
      Tensor[] xs, Tensor out) {
    if (!(Math.abs(auto - numeric) <= atol + rtol * Math.abs(numeric))) {
      throw new GradCheckFailure(String.format("gradcheck (%s, %s mode, fast): random "
          + "projection vᵀJu: autodiff %s vs numeric %s (|diff| %.3g > atol %s + rtol %s * "
          + "|numeric|); input shapes %s, output shape %s, seed %s; rerun without fast mode to "
          + "find the element", order, mode, auto, numeric, Math.abs(auto - numeric), atol, rtol,
          shapes(xs), out.shape(), seed));
    }
  }

  /** Compares the full Jacobian of f at xs, autodiff (reverse and forward) vs differences. */
  private void jacobian(String order, Function<Tensor[], Tensor> f, Tensor[] xs) {
    Tensor out = f.apply(xs);
    checkArgument(out.dtype() == DType.FLOAT64, "gradcheck: the function returned %s for float64 "
        + "inputs; it must not convert dtypes", out.dtype());
    int nOut = out.numel();
    // Reverse mode: row o of each input's Jacobian from a backward pass with a one-hot cotangent.
    double[][][] rev = new double[xs.length][nOut][];
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
        rev[i][o] = gi.toDoubleArray();
      }
    }
    for (int i = 0; i < xs.length; i++) {
      double[] base = xs[i].toDoubleArray();
      for (int j = 0; j < base.length; j++) {
        double[] plus = evalWith(f, xs, i, base, j, base[j] + eps);
        double[] minus = evalWith(f, xs, i, base, j, base[j] - eps);
        double[] fwd = null;
        if (forward) {
          double[] e = new double[base.length];
          e[j] = 1;
          Tensor[] u = new Tensor[xs.length];
          u[i] = Tensor.of(e, xs[i].shape().dims());
          Tensor t = forwardTangent(f, xs, u);
          if (!t.shape().equals(out.shape())) {
            throw new GradCheckFailure(String.format("gradcheck (%s): the forward-mode tangent "
                + "has shape %s, expected the output's shape %s", order, t.shape(), out.shape()));
          }
          fwd = t.toDoubleArray();
        }
        for (int o = 0; o < nOut; o++) {
          double numeric = (plus[o] - minus[o]) / (2 * eps);
          fail(order, "reverse", rev[i][o][j], numeric, out, o, xs, i, j);
          if (fwd != null) {
            fail(order, "forward", fwd[o], numeric, out, o, xs, i, j);
          }
        }
      }
    }
  }

  private void fail(String order, String mode, double a, double numeric, Tensor out, int o,
      Tensor[] xs, int i, int j) {
    if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
      throw new GradCheckFailure(String.format(
          "gradcheck (%s, %s mode): d output%s / d input %s%s: autodiff %s vs numeric %s "
              + "(|diff| %.3g > atol %s + rtol %s * |numeric|); input shapes %s, output "
              + "shape %s", order, mode, index(out.shape(), o), i, index(xs[i].shape(), j), a,
          numeric, Math.abs(a - numeric), atol, rtol, shapes(xs), out.shape()));
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
