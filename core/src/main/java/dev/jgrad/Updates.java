package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Optimizer steps as single in-place passes: each method reads a parameter, its gradient and its
 * state tensors element by element and writes the new parameter and state back, allocating no
 * temporaries (the composite form {@code m.mulInPlace(β1).addInPlace(g, 1 - β1)}, ... makes about
 * ten tensors per parameter per step).
 *
 * <p>These are not graph ops: nothing is recorded and no gradient flows through them. They
 * <b>modify {@code p} and the state tensors in place</b> and bump each written storage's version
 * counter, so a graph that saved the old values refuses to backpropagate through them (as after
 * {@link Tensor#set}). The gradient is only read.
 *
 * <p>Each element is computed with the same operations in the same order as the composite
 * tensor-op form written in each method's comment, in the tensors' own precision (float32 math
 * for FLOAT32 with every hyperparameter rounded to float32 first, as the composite's scalar
 * operands are), so results are bit-identical to it.
 *
 * <p>Every tensor must be FLOAT32 or FLOAT64 of {@code p}'s dtype and shape and contiguous
 * (any offset); {@code p} and the state must be leaves that do not alias each other or the
 * gradient. A {@code p} that requires grad may be updated only with grad mode off ({@link
 * Autograd#noGrad()}), as for {@link Tensor#set}. Otherwise an {@link IllegalArgumentException}
 * names the update, the tensor and its shape/dtype.
 */
public final class Updates {
  private Updates() {}

  /**
   * One SGD step with optional L2 weight decay λ, heavy-ball momentum β with dampening τ and
   * Nesterov's look-ahead. With {@code ĝ = g + λ·p}:
   *
   * <pre>
   *   buf == null (β = 0):  p ← p - η·ĝ
   *   otherwise:            v ← ĝ if firstStep, else v ← β·v + (1 - τ)·ĝ
   *                         p ← p - η·(nesterov ? (1 - τ)·ĝ + β·v : v)
   * </pre>
   *
   * PyTorch's SGD is {@code firstStep} on a parameter's first step and τ its dampening (0 with
   * Nesterov); an exponentially weighted velocity (the course's form, from v = 0) is τ = β and
   * never {@code firstStep}.
   *
   * @param p the parameter, updated in place
   * @param g its gradient (read only)
   * @param buf the velocity v, updated in place; null without momentum
   * @param lr η
   * @param momentum β (ignored when buf is null)
   * @param dampening τ
   * @param nesterov use the look-ahead
   * @param weightDecay λ (0: none)
   * @param firstStep set v ← ĝ instead of the momentum update
   * @throws IllegalArgumentException as described in the class comment, or if momentum is not 0
   *     and buf is null
   */
  public static void sgd(Tensor p, Tensor g, Tensor buf, double lr, double momentum,
      double dampening, boolean nesterov, double weightDecay, boolean firstStep) {
    checkArgument(buf != null || momentum == 0, "sgd update: momentum %s needs a velocity buffer",
        momentum);
    check("sgd update", p, g, buf);
    int n = p.numel();
    if (p.storage.f != null) {
      float[] pa = p.storage.f;
      float[] ga = g.storage.f;
      float[] va = buf == null ? null : buf.storage.f;
      int po = p.offset;
      int go = g.offset;
      int vo = buf == null ? 0 : buf.offset;
      float wd = (float) weightDecay;
      float step = (float) -lr;
      float beta = (float) momentum;
      float c = (float) (1 - dampening);
      for (int i = 0; i < n; i++) {
        float gi = ga[go + i];
        if (weightDecay != 0) {
          gi = gi + pa[po + i] * wd;
        }
        if (va == null) {
          pa[po + i] += step * gi;
          continue;
        }
        float v = firstStep ? gi : va[vo + i] * beta + c * gi;
        va[vo + i] = v;
        pa[po + i] += step * (nesterov ? gi * c + v * beta : v);
      }
    } else {
      double[] pa = p.storage.d;
      double[] ga = g.storage.d;
      double[] va = buf == null ? null : buf.storage.d;
      int po = p.offset;
      int go = g.offset;
      int vo = buf == null ? 0 : buf.offset;
      double step = -lr;
      double c = 1 - dampening;
      for (int i = 0; i < n; i++) {
        double gi = ga[go + i];
        if (weightDecay != 0) {
          gi = gi + pa[po + i] * weightDecay;
        }
        if (va == null) {
          pa[po + i] += step * gi;
          continue;
        }
        double v = firstStep ? gi : va[vo + i] * momentum + c * gi;
        va[vo + i] = v;
        pa[po + i] += step * (nesterov ? gi * c + v * momentum : v);
      }
    }
    bump(p, buf);
  }

  /**
   * One Adam step (Kingma and Ba; AdamW with {@code decoupled}; AMSGrad with {@code vmax}), at
   * step t (from 1), with L2 weight decay {@code ĝ = g + λ·p} or, decoupled, {@code p ← p·(1 -
   * η·λ)} first and {@code ĝ = g}:
   *
   * <pre>
   *   m ← β1·m + (1 - β1)·ĝ        v ← β2·v + (1 - β2)·ĝ²
   *   v̂ ← max(v̂, v) with AMSGrad (vmax), else v̂ = v
   *   p ← p - (η / (1 - β1^t))·m / (√v̂ / √(1 - β2^t) + ε)
   * </pre>
   *
   * @param p the parameter, updated in place
   * @param g its gradient (read only)
   * @param m the first moment, updated in place
   * @param v the second moment, updated in place
   * @param vmax the running maximum of v for AMSGrad, updated in place; null without AMSGrad
   * @param lr η
   * @param beta1 β1
   * @param beta2 β2
   * @param eps ε
   * @param weightDecay λ (0: none)
   * @param decoupled decoupled weight decay (AdamW) instead of L2
   * @param step t, the parameter's step count including this one
   * @throws IllegalArgumentException as described in the class comment, or if step is below 1
   */
  public static void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vmax, double lr,
      double beta1, double beta2, double eps, double weightDecay, boolean decoupled, long step) {
    checkArgument(step >= 1, "adam update: step must be >= 1 (the count including this step), got"
        + " %s", step);
    checkArgument(m != null && v != null, "adam update: the moments m and v are required");
    check("adam update", p, g, m, v, vmax);
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    boolean l2 = weightDecay != 0 && !decoupled;
    boolean shrink = weightDecay != 0 && decoupled;
    int n = p.numel();
    if (p.storage.f != null) {
      float[] pa = p.storage.f;
      float[] ga = g.storage.f;
      float[] ma = m.storage.f;
      float[] va = v.storage.f;
      float[] xa = vmax == null ? null : vmax.storage.f;
      int po = p.offset;
      int go = g.offset;
      int mo = m.offset;
      int vo = v.offset;
      int xo = vmax == null ? 0 : vmax.offset;
      float wd = (float) weightDecay;
      float keep = (float) (1 - lr * weightDecay);
      float b1 = (float) beta1;
      float b2 = (float) beta2;
      float a1 = (float) (1 - beta1);
      float a2 = (float) (1 - beta2);
      float sc2 = (float) Math.sqrt(c2);
      float e = (float) eps;
      float rate = (float) (-lr / c1);
      if (!shrink && !l2 && xa == null) {
        // The common case as a branch-free loop, which C2 vectorizes (same operations).
        for (int i = 0; i < n; i++) {
          float gi = ga[go + i];
          float mi = ma[mo + i] * b1 + a1 * gi;
          float vi = va[vo + i] * b2 + a2 * (gi * gi);
          ma[mo + i] = mi;
          va[vo + i] = vi;
          pa[po + i] = pa[po + i] + rate * (mi / ((float) Math.sqrt(vi) / sc2 + e));
        }
        bump(p, m, v);
        return;
      }
      for (int i = 0; i < n; i++) {
        float w = pa[po + i];
        float gi = ga[go + i];
        if (shrink) {
          w = w * keep;
        } else if (l2) {
          gi = gi + w * wd;
        }
        float mi = ma[mo + i] * b1 + a1 * gi;
        float vi = va[vo + i] * b2 + a2 * (gi * gi);
        ma[mo + i] = mi;
        va[vo + i] = vi;
        if (xa != null) {
          vi = Math.max(xa[xo + i], vi);
          xa[xo + i] = vi;
        }
        float denom = (float) Math.sqrt(vi) / sc2 + e;
        pa[po + i] = w + rate * (mi / denom);
      }
    } else {
      double[] pa = p.storage.d;
      double[] ga = g.storage.d;
      double[] ma = m.storage.d;
      double[] va = v.storage.d;
      double[] xa = vmax == null ? null : vmax.storage.d;
      int po = p.offset;
      int go = g.offset;
      int mo = m.offset;
      int vo = v.offset;
      int xo = vmax == null ? 0 : vmax.offset;
      double keep = 1 - lr * weightDecay;
      double a1 = 1 - beta1;
      double a2 = 1 - beta2;
      double sc2 = Math.sqrt(c2);
      double rate = -lr / c1;
      for (int i = 0; i < n; i++) {
        double w = pa[po + i];
        double gi = ga[go + i];
        if (shrink) {
          w = w * keep;
        } else if (l2) {
          gi = gi + w * weightDecay;
        }
        double mi = ma[mo + i] * beta1 + a1 * gi;
        double vi = va[vo + i] * beta2 + a2 * (gi * gi);
        ma[mo + i] = mi;
        va[vo + i] = vi;
        if (xa != null) {
          vi = Math.max(xa[xo + i], vi);
          xa[xo + i] = vi;
        }
        double denom = Math.sqrt(vi) / sc2 + eps;
        pa[po + i] = w + rate * (mi / denom);
      }
    }
    bump(p, m, v, vmax);
  }

  /**
   * One RMSProp step (PyTorch's {@code RMSprop}), with {@code ĝ = g + λ·p}:
   *
   * <pre>
   *   s ← α·s + (1 - α)·ĝ²
   *   centered (gradAvg):  ḡ ← α·ḡ + (1 - α)·ĝ,  d = √(s - ḡ²) + ε;   otherwise  d = √s + ε
   *   momentum (buf):      b ← μ·b + ĝ / d,  p ← p - η·b;             otherwise  p ← p - η·ĝ / d
   * </pre>
   *
   * @param p the parameter, updated in place
   * @param g its gradient (read only)
   * @param squareAvg s, updated in place
   * @param gradAvg ḡ, updated in place; null when not centered
   * @param buf b, updated in place; null without momentum
   * @param lr η
   * @param alpha α
   * @param eps ε
   * @param momentum μ (ignored when buf is null)
   * @param weightDecay λ (0: none)
   * @throws IllegalArgumentException as described in the class comment, or if squareAvg is null
   */
  public static void rmsprop(Tensor p, Tensor g, Tensor squareAvg, Tensor gradAvg, Tensor buf,
      double lr, double alpha, double eps, double momentum, double weightDecay) {
    checkArgument(squareAvg != null, "rmsprop update: the square average s is required");
    check("rmsprop update", p, g, squareAvg, gradAvg, buf);
    int n = p.numel();
    if (p.storage.f != null) {
      float[] pa = p.storage.f;
      float[] ga = g.storage.f;
      float[] sa = squareAvg.storage.f;
      float[] ma = gradAvg == null ? null : gradAvg.storage.f;
      float[] ba = buf == null ? null : buf.storage.f;
      int po = p.offset;
      int go = g.offset;
      int so = squareAvg.offset;
      int mo = gradAvg == null ? 0 : gradAvg.offset;
      int bo = buf == null ? 0 : buf.offset;
      float wd = (float) weightDecay;
      float a = (float) alpha;
      float c = (float) (1 - alpha);
      float e = (float) eps;
      float mu = (float) momentum;
      float step = (float) -lr;
      for (int i = 0; i < n; i++) {
        float gi = ga[go + i];
        if (weightDecay != 0) {
          gi = gi + pa[po + i] * wd;
        }
        float s = sa[so + i] * a + c * (gi * gi);
        sa[so + i] = s;
        float d;
        if (ma != null) {
          float mean = ma[mo + i] * a + c * gi;
          ma[mo + i] = mean;
          d = (float) Math.sqrt(s - mean * mean) + e;
        } else {
          d = (float) Math.sqrt(s) + e;
        }
        if (ba != null) {
          float b = ba[bo + i] * mu + gi / d;
          ba[bo + i] = b;
          pa[po + i] += step * b;
        } else {
          pa[po + i] += step * (gi / d);
        }
      }
    } else {
      double[] pa = p.storage.d;
      double[] ga = g.storage.d;
      double[] sa = squareAvg.storage.d;
      double[] ma = gradAvg == null ? null : gradAvg.storage.d;
      double[] ba = buf == null ? null : buf.storage.d;
      int po = p.offset;
      int go = g.offset;
      int so = squareAvg.offset;
      int mo = gradAvg == null ? 0 : gradAvg.offset;
      int bo = buf == null ? 0 : buf.offset;
      double c = 1 - alpha;
      double step = -lr;
      for (int i = 0; i < n; i++) {
        double gi = ga[go + i];
        if (weightDecay != 0) {
          gi = gi + pa[po + i] * weightDecay;
        }
        double s = sa[so + i] * alpha + c * (gi * gi);
        sa[so + i] = s;
        double d;
        if (ma != null) {
          double mean = ma[mo + i] * alpha + c * gi;
          ma[mo + i] = mean;
          d = Math.sqrt(s - mean * mean) + eps;
        } else {
          d = Math.sqrt(s) + eps;
        }
        if (ba != null) {
          double b = ba[bo + i] * momentum + gi / d;
          ba[bo + i] = b;
          pa[po + i] += step * b;
        } else {
          pa[po + i] += step * (gi / d);
        }
      }
    }
    bump(p, squareAvg, gradAvg, buf);
  }

  /** p, g and the non-null state: same float dtype and shape, contiguous, writable, unaliased. */
  private static void check(String op, Tensor p, Tensor g, Tensor... state) {
    checkArgument(p != null && g != null, "%s: the parameter and its gradient are required", op);
    checkArgument(p.dtype().isFloatingPoint(), "%s: the parameter must be float32 or float64, got"
        + " %s", op, p.dtype());
    p.checkModifiableLeaf(op);
    operand(op, "gradient", p, g);
    for (Tensor s : state) {
      if (s != null) {
        operand(op, "state", p, s);
        s.checkModifiableLeaf(op);
        checkArgument(s.storage != p.storage && s.storage != g.storage, "%s: a state tensor "
            + "shares storage with the parameter or the gradient", op);
        for (Tensor t : state) {
          checkArgument(t == null || t == s || t.storage != s.storage, "%s: two state tensors "
              + "share storage", op);
        }
      }
    }
    checkArgument(g.storage != p.storage, "%s: the gradient shares storage with the parameter",
        op);
  }

  private static void operand(String op, String what, Tensor p, Tensor t) {
    checkArgument(t.dtype() == p.dtype() && t.shape().equals(p.shape()), "%s: %s is %s %s but "
        + "the parameter is %s %s", op, what, t.dtype(), t.shape(), p.dtype(), p.shape());
    if (!p.isContiguous() || !t.isContiguous()) { // the strides' text only when failing
      throw new IllegalArgumentException(String.format("%s: parameter (strides %s) and %s "
          + "(strides %s) must be contiguous; pass contiguous() copies", op,
          java.util.Arrays.toString(p.strides), what, java.util.Arrays.toString(t.strides)));
    }
  }

  private static void bump(Tensor... written) {
    for (Tensor t : written) {
      if (t != null) {
        t.storage.version++;
      }
    }
  }
}
