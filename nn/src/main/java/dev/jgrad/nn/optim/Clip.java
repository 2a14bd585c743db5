package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Gradient clipping, between {@code backward()} and the optimizer's {@code step()} (PyTorch's
 * {@code clip_grad_norm_} and {@code clip_grad_value_}); parameters without a gradient are skipped.
 * Gradients are changed in place.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = Clip.clipGradNorm(model.parameters(), 1.0);   // the norm before clipping
 * opt.step();
 * }</pre>
 */
public final class Clip {
  private Clip() {}

  /**
   * {@link #clipGradNorm(Collection, double, double, boolean)} with the 2-norm, throwing on a
   * non-finite norm.
   *
   * @param params the parameters whose gradients are clipped
   * @param maxNorm the largest total norm allowed
   * @return the total norm before clipping
   * @throws IllegalArgumentException as the full form
   * @throws IllegalStateException if the total norm is NaN or infinite
   */
  public static double clipGradNorm(Collection<Tensor> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2, true);
  }

  /**
   * Scales all gradients together so their total p-norm is at most {@code maxNorm}: with {@code
   * N = (Σ over every gradient element |g|^p)^(1/p)} (for {@code p = ∞}, {@code max |g|}; the
   * norm of the per-parameter norms, as PyTorch), every gradient is multiplied by {@code
   * maxNorm / (N + 1e-6)} if that is below 1, else left alone. N is computed in float64 with
   * scaling, so large gradients do not overflow it.
   *
   * <p>If N is NaN or infinite the gradients are left unchanged; with {@code errorIfNonFinite} an
   * exception names the first parameter whose gradient is not finite, otherwise N is returned and
   * the caller decides (e.g. skips the step). PyTorch instead scales by the non-finite
   * coefficient unless asked to error.
   *
   * @param params the parameters whose gradients are clipped
   * @param maxNorm the largest total norm allowed, finite and {@code >= 0}
   * @param normType p: {@code > 0}, or {@code Double.POSITIVE_INFINITY}
   * @param errorIfNonFinite whether a non-finite N throws
   * @return N, the total norm before clipping (0 if no parameter has a gradient)
   * @throws IllegalArgumentException if params is null or holds null, maxNorm or p is out of
   *     range, or a gradient was recorded with {@code createGraph} (it cannot be changed in place)
   * @throws IllegalStateException if N is not finite and {@code errorIfNonFinite}
   */
  @SuppressWarnings("try") // the scope is only opened and closed
  public static double clipGradNorm(Collection<Tensor> params, double maxNorm, double normType,
      boolean errorIfNonFinite) {
    String op = "clip_grad_norm";
    checkArgument(maxNorm >= 0 && Double.isFinite(maxNorm), "%s: maxNorm must be finite and >= "
        + "0, got %s", op, maxNorm);
    checkArgument(normType > 0, "%s: norm type must be > 0 or infinity, got %s", op, normType);
    List<Tensor> grads = gradients(op, params);
    double[][] values = new double[grads.size()][];
    double scale = 0;
    boolean nan = false;
    for (int i = 0; i < values.length; i++) {
      values[i] = grads.get(i).toDoubleArray();
      for (double v : values[i]) {
        if (Double.isNaN(v)) {
          nan = true;
        }
        scale = Math.max(scale, Math.abs(v));
      }
    }
    double norm;
    if (nan) {
      norm = Double.NaN;
    } else if (scale == 0 || Double.isInfinite(scale) || normType == Double.POSITIVE_INFINITY) {
      norm = scale;
    } else {
      double sum = 0;
      for (double[] vs : values) {
        for (double v : vs) {
          sum += normType == 2 ? (v / scale) * (v / scale) : Math.pow(Math.abs(v) / scale,
              normType);
        }
      }
      norm = scale * (normType == 2 ? Math.sqrt(sum) : Math.pow(sum, 1 / normType));
    }
    if (!Double.isFinite(norm)) {
      if (errorIfNonFinite) {
        throw new IllegalStateException(String.format("%s: the total %s-norm of the gradients is "
            + "%s (%s); gradients left unchanged. Pass errorIfNonFinite = false to get the norm "
            + "back and skip the step yourself", op, normType == 2 ? "2" : normType, norm,
            firstNonFinite(params)));
      }
      return norm;
    }
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1) {
      try (Autograd.Scope s = Autograd.noGrad()) {
        for (Tensor g : grads) {
          g.mulInPlace(coef);
        }
      }
    }
    return norm;
  }

  /**
   * Clamps every gradient element to {@code [-clipValue, clipValue]} in place.
   *
   * @param params the parameters whose gradients are clipped
   * @param clipValue the bound, finite and {@code >= 0}
   * @throws IllegalArgumentException if params is null or holds null, clipValue is negative or
   *     not finite, or a gradient was recorded with {@code createGraph}
   */
  @SuppressWarnings("try") // the scope is only opened and closed
  public static void clipGradValue(Collection<Tensor> params, double clipValue) {
    String op = "clip_grad_value";
    checkArgument(clipValue >= 0 && Double.isFinite(clipValue), "%s: clip value must be finite "
        + "and >= 0, got %s", op, clipValue);
    List<Tensor> grads = gradients(op, params);
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (Tensor g : grads) {
        g.set(g.clamp(-clipValue, clipValue));
      }
    }
  }

  /** The gradients that exist, checked to be modifiable before any is modified. */
  private static List<Tensor> gradients(String op, Collection<Tensor> params) {
    checkArgument(params != null, "%s: parameters are null", op);
    List<Tensor> out = new ArrayList<>();
    int i = 0;
    for (Tensor p : params) {
      checkArgument(p != null, "%s: parameter %s is null", op, i);
      Tensor g = p.grad();
      if (g != null) {
        checkArgument(g.isLeaf(), "%s: the gradient of parameter %s (shape %s) was recorded with "
            + "createGraph and cannot be clipped in place", op, i, p.shape());
        out.add(g);
      }
      i++;
    }
    return out;
  }

  private static String firstNonFinite(Collection<Tensor> params) {
    int i = 0;
    for (Tensor p : params) {
      if (p.grad() != null && !p.grad().allFinite()) {
        return "parameter " + i + ", shape " + p.shape() + ", has a non-finite gradient";
      }
      i++;
    }
    return "no single gradient is non-finite: the norm overflowed";
  }
}
