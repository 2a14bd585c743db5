package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Limited-memory BFGS over all parameters as one flat vector, with the algorithm and defaults of
 * PyTorch's {@code torch.optim.LBFGS} (after Schmidt's minFunc): each {@link #step(Supplier)}
 * runs up to {@code maxIter} iterations, calling the loss closure to re-evaluate.
 *
 * <pre>{@code
 * LBFGS opt = new LBFGS(model.parameters(), 1).lineSearch(LBFGS.LineSearch.STRONG_WOLFE);
 * for (int i = 0; i < 10; i++) {
 *   opt.step(() -> Losses.mse(model.forward(x), y));   // zeroGrad and backward are done for you
 * }
 * }</pre>
 *
 * <p>Per iteration, with flat gradient g: the direction is {@code d = -H·g}, H the L-BFGS inverse
 * Hessian approximation from the last {@code historySize} pairs {@code s = t·d}, {@code y = Δg}
 * kept while {@code y·s > 1e-10} (two-loop recursion, initial scaling {@code H₀ = y·s / y·y}; the
 * very first direction is {@code -g}). The step length t is {@code min(1, 1/|g|₁)·η} on the first
 * iteration and η after it; with {@link LineSearch#STRONG_WOLFE} it is then refined by a line
 * search satisfying the strong Wolfe conditions ({@code c1 = 1e-4}, {@code c2 = 0.9}, at most 25
 * evaluations, cubic interpolation; Nocedal and Wright, Algorithm 3.5/3.6, as PyTorch). It stops
 * when {@code max|g| <= toleranceGrad}, when the directional derivative {@code g·d >
 * -toleranceChange}, when {@code max|t·d|} or the change of the loss is at most {@code
 * toleranceChange}, or after {@code maxIter} iterations or {@code maxEval} evaluations.
 *
 * <p>The vectors are float64 whatever the parameters' dtype (float32 parameters receive the
 * rounded step). One group only (as PyTorch); no weight decay. {@link #step()} without a closure
 * is refused. State: the counts {@code state.func_evals} and {@code state.n_iter} (int64) and,
 * after the first iteration, {@code state.d}, {@code state.t}, {@code state.h_diag},
 * {@code state.prev_flat_grad}, {@code state.prev_loss}, {@code state.old_dirs} and
 * {@code state.old_stps} ({@code [k, n]}, the y and s pairs) and {@code state.ro} ({@code [k]},
 * their {@code 1/(y·s)}), all float64.
 */
public final class LBFGS extends Optimizer {
  /** How the step length is chosen. */
  public enum LineSearch {
    /** The fixed length t (PyTorch's {@code line_search_fn=None}). */
    NONE,
    /** A strong-Wolfe line search from t (PyTorch's {@code "strong_wolfe"}). */
    STRONG_WOLFE
  }

  private int maxIter = 20;
  private int maxEval = -1; // -1: maxIter * 5 / 4, as PyTorch
  private double toleranceGrad = 1e-7;
  private double toleranceChange = 1e-9;
  private int historySize = 100;
  private LineSearch lineSearch = LineSearch.NONE;
  private final int n;

  // The state carried between steps (PyTorch keeps the same in state[params[0]]).
  private long funcEvals;
  private long nIter;
  private double[] d;
  private double t;
  private double hDiag = 1;
  private double[] prevFlatGrad;
  private double prevLoss;
  private final List<double[]> oldDirs = new ArrayList<>();
  private final List<double[]> oldStps = new ArrayList<>();
  private final List<Double> ro = new ArrayList<>();

  /**
   * L-BFGS with PyTorch's defaults: 20 iterations and 25 evaluations per step, tolerances 1e-7
   * (gradient) and 1e-9 (change), history 100, no line search. PyTorch's default rate is 1.
   *
   * @param params the parameters
   * @param learningRate η, the step length
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public LBFGS(Collection<Tensor> params, double learningRate) {
    super("lbfgs", params, learningRate);
    long total = 0;
    for (Tensor p : parameters()) {
      total += p.numel();
    }
    checkArgument(total <= Integer.MAX_VALUE, "lbfgs: %s parameter elements in all, more than "
        + "one flat vector holds (2^31 - 1)", total);
    n = (int) total;
  }

  /**
   * The iterations per step.
   *
   * @param iterations at least 1
   * @return this
   * @throws IllegalArgumentException if less than 1
   */
  public LBFGS maxIter(int iterations) {
    checkArgument(iterations >= 1, "lbfgs: max iterations must be >= 1, got %s", iterations);
    this.maxIter = iterations;
    return this;
  }

  /**
   * The loss evaluations per step (default {@code maxIter·5/4}).
   *
   * @param evaluations at least 1
   * @return this
   * @throws IllegalArgumentException if less than 1
   */
  public LBFGS maxEval(int evaluations) {
    checkArgument(evaluations >= 1, "lbfgs: max evaluations must be >= 1, got %s", evaluations);
    this.maxEval = evaluations;
    return this;
  }

  /**
   * Stop when the largest gradient component is at most this.
   *
   * @param tolerance the tolerance
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public LBFGS toleranceGrad(double tolerance) {
    checkRange("gradient tolerance", tolerance, 0, Double.MAX_VALUE, true);
    this.toleranceGrad = tolerance;
    return this;
  }

  /**
   * Stop when the step or the change of the loss is at most this.
   *
   * @param tolerance the tolerance
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public LBFGS toleranceChange(double tolerance) {
    checkRange("change tolerance", tolerance, 0, Double.MAX_VALUE, true);
    this.toleranceChange = tolerance;
    return this;
  }

  /**
   * The number of (s, y) pairs kept.
   *
   * @param size at least 1
   * @return this
   * @throws IllegalArgumentException if less than 1
   */
  public LBFGS historySize(int size) {
    checkArgument(size >= 1, "lbfgs: history size must be >= 1, got %s", size);
    this.historySize = size;
    return this;
  }

  /**
   * The step-length rule.
   *
   * @param search the rule
   * @return this
   * @throws IllegalArgumentException if null
   */
  public LBFGS lineSearch(LineSearch search) {
    checkArgument(search != null, "lbfgs: line search is null");
    this.lineSearch = search;
    return this;
  }

  private int maxEvaluations() {
    return maxEval > 0 ? maxEval : maxIter * 5 / 4;
  }

  /**
   * Refused: L-BFGS re-evaluates the loss within a step.
   *
   * @throws IllegalStateException always
   */
  @Override
  public void step() {
    throw new IllegalStateException("lbfgs: step() cannot re-evaluate the loss; call "
        + "step(() -> loss) with a closure that computes it");
  }

  /** Not used: {@link #step(Supplier)} updates all parameters together. */
  @Override
  protected void update(int index, Tensor param, Tensor grad, double learningRate,
      double weightDecay) {
    throw new IllegalStateException("lbfgs: parameters are updated together by step(closure)");
  }

  /**
   * Runs up to {@code maxIter} L-BFGS iterations (see the class comment), calling {@code loss}
   * once at the start and once per evaluation; each call is preceded by {@code zeroGrad()} and
   * followed by {@code backward()}. Parameters are changed in place.
   *
   * @param loss computes the loss from the current parameters (one value)
   * @return the loss of the first evaluation, before the parameters changed
   * @throws IllegalArgumentException if loss is null or returns other than one value
   */
  @Override
  public Tensor step(Supplier<Tensor> loss) {
    checkArgument(loss != null, "lbfgs: step: the loss closure is null");
    countStep();
    double lr = learningRate();
    int evalLimit = maxEvaluations();
    Tensor origLoss = evaluate(loss);
    double f = origLoss.item();
    int currentEvals = 1;
    funcEvals++;
    double[] g = flatGrad();
    if (maxAbs(g) <= toleranceGrad) {
      return origLoss;
    }
    int iter = 0;
    while (iter < maxIter) {
      iter++;
      nIter++;
      if (nIter == 1) {
        d = scaled(g, -1);
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
        hDiag = 1;
      } else {
        d = direction(g);
      }
      prevFlatGrad = g.clone();
      prevLoss = f;
      t = nIter == 1 ? Math.min(1, 1 / sumAbs(g)) * lr : lr;
      double gtd = dot(g, d);
      if (gtd > -toleranceChange) {
        break;
      }
      int lsEvals = 0;
      boolean optimal = false;
      if (lineSearch == LineSearch.STRONG_WOLFE) {
        double[][] x0 = snapshot();
        Search s = strongWolfe(loss, x0, f, g, gtd);
        f = s.f;
        g = s.g;
        t = s.t;
        lsEvals = s.evals;
        addToParams(t, d);
        optimal = maxAbs(g) <= toleranceGrad;
      } else {
        addToParams(t, d);
        if (iter != maxIter) {
          f = evaluate(loss).item();
          g = flatGrad();
          optimal = maxAbs(g) <= toleranceGrad;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      funcEvals += lsEvals;
      if (iter == maxIter || currentEvals >= evalLimit || optimal) {
        break;
      }
      if (maxAbs(d) * Math.abs(t) <= toleranceChange || Math.abs(f - prevLoss) < toleranceChange) {
        break;
      }
    }
    return origLoss;
  }

  /** The L-BFGS direction -H·g after updating the history with the last step. */
  private double[] direction(double[] g) {
    double[] y = new double[n];
    double[] s = new double[n];
    for (int k = 0; k < n; k++) {
      y[k] = g[k] - prevFlatGrad[k];
      s[k] = d[k] * t;
    }
    double ys = dot(y, s);
    if (ys > 1e-10) {
      if (oldDirs.size() == historySize) {
        oldDirs.remove(0);
        oldStps.remove(0);
        ro.remove(0);
      }
      oldDirs.add(y);
      oldStps.add(s);
      ro.add(1 / ys);
      hDiag = ys / dot(y, y);
    }
    int k = oldDirs.size();
    double[] al = new double[k];
    double[] q = scaled(g, -1);
    for (int i = k - 1; i >= 0; i--) {
      al[i] = dot(oldStps.get(i), q) * ro.get(i);
      axpy(-al[i], oldDirs.get(i), q);
    }
    double[] r = scaled(q, hDiag);
    for (int i = 0; i < k; i++) {
      double be = dot(oldDirs.get(i), r) * ro.get(i);
      axpy(al[i] - be, oldStps.get(i), r);
    }
    return r;
  }

  /** The result of a line search: loss, flat gradient and step length at the chosen point. */
  private record Search(double f, double[] g, double t, int evals) {}

  /** Loss and flat gradient at {@code x0 + step·d}; the parameters are put back to x0. */
  private Search evaluateAt(Supplier<Tensor> loss, double[][] x0, double step) {
    addToParams(step, d);
    double f = evaluate(loss).item();
    double[] g = flatGrad();
    restore(x0);
    return new Search(f, g, step, 1);
  }

  /**
   * Strong-Wolfe line search along d from the current point (loss f0, gradient g0, slope gtd0 =
   * g0·d), starting at length t: a bracketing phase, then a zoom phase by safeguarded cubic
   * interpolation (the logic of PyTorch's {@code _strong_wolfe}).
   */
  private Search strongWolfe(Supplier<Tensor> loss, double[][] x0, double f0, double[] g0,
      double gtd0) {
    final double c1 = 1e-4;
    final double c2 = 0.9;
    final int maxLs = 25;
    double dNorm = maxAbs(d);
    double step = t;
    Search cur = evaluateAt(loss, x0, step);
    int evals = 1;
    double gtdNew = dot(cur.g, d);
    double tPrev = 0;
    double fPrev = f0;
    double[] gPrev = g0;
    double gtdPrev = gtd0;
    boolean done = false;
    int lsIter = 0;
    // bracket[0..1] with their losses, gradients and slopes; a single point when done early
    double[] bt = null;
    double[] bf = null;
    double[][] bg = null;
    double[] bgtd = null;
    while (lsIter < maxLs) {
      if (cur.f > f0 + c1 * step * gtd0 || (lsIter > 1 && cur.f >= fPrev)) {
        bt = new double[] {tPrev, step};
        bf = new double[] {fPrev, cur.f};
        bg = new double[][] {gPrev, cur.g};
        bgtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      if (Math.abs(gtdNew) <= -c2 * gtd0) {
        bt = new double[] {step};
        bf = new double[] {cur.f};
        bg = new double[][] {cur.g};
        done = true;
        break;
      }
      if (gtdNew >= 0) {
        bt = new double[] {tPrev, step};
        bf = new double[] {fPrev, cur.f};
        bg = new double[][] {gPrev, cur.g};
        bgtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      double minStep = step + 0.01 * (step - tPrev);
      double maxStep = step * 10;
      double previous = step;
      step = cubicMinimum(tPrev, fPrev, gtdPrev, step, cur.f, gtdNew, minStep, maxStep);
      tPrev = previous;
      fPrev = cur.f;
      gPrev = cur.g;
      gtdPrev = gtdNew;
      cur = evaluateAt(loss, x0, step);
      evals++;
      gtdNew = dot(cur.g, d);
      lsIter++;
    }
    if (lsIter == maxLs) {
      bt = new double[] {0, step};
      bf = new double[] {f0, cur.f};
      bg = new double[][] {g0, cur.g};
      bgtd = new double[] {gtd0, gtdNew};
    }
    boolean insufficientProgress = false;
    int low = bf[0] <= bf[bf.length - 1] ? 0 : 1;
    int high = 1 - low;
    while (!done && lsIter < maxLs) {
      if (Math.abs(bt[1] - bt[0]) * dNorm < toleranceChange) {
        break;
      }
      step = cubicMinimum(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1],
          Math.min(bt[0], bt[1]), Math.max(bt[0], bt[1]));
      double hi = Math.max(bt[0], bt[1]);
      double lo = Math.min(bt[0], bt[1]);
      double eps = 0.1 * (hi - lo);
      if (Math.min(hi - step, step - lo) < eps) {
        // too close to an end of the bracket: move away from it unless progress was fine
        if (insufficientProgress || step >= hi || step <= lo) {
          step = Math.abs(step - hi) < Math.abs(step - lo) ? hi - eps : lo + eps;
          insufficientProgress = false;
        } else {
          insufficientProgress = true;
        }
      } else {
        insufficientProgress = false;
      }
      cur = evaluateAt(loss, x0, step);
      evals++;
      gtdNew = dot(cur.g, d);
      lsIter++;
      if (cur.f > f0 + c1 * step * gtd0 || cur.f >= bf[low]) {
        bt[high] = step;
        bf[high] = cur.f;
        bg[high] = cur.g;
        bgtd[high] = gtdNew;
        low = bf[0] <= bf[1] ? 0 : 1;
        high = 1 - low;
      } else {
        if (Math.abs(gtdNew) <= -c2 * gtd0) {
          done = true;
        } else if (gtdNew * (bt[high] - bt[low]) >= 0) {
          bt[high] = bt[low];
          bf[high] = bf[low];
          bg[high] = bg[low];
          bgtd[high] = bgtd[low];
        }
        bt[low] = step;
        bf[low] = cur.f;
        bg[low] = cur.g;
        bgtd[low] = gtdNew;
      }
    }
    if (bt.length == 1) {
      low = 0;
    }
    return new Search(bf[low], bg[low], bt[low], evals);
  }

  /**
   * The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to
   * [lo, hi]; the midpoint of [lo, hi] if the cubic has no real minimizer.
   */
  static double cubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2,
      double lo, double hi) {
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2Square = d1 * d1 - g1 * g2;
    if (d2Square >= 0) {
      double d2 = Math.sqrt(d2Square);
      double min = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
          : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      return Math.min(Math.max(min, lo), hi);
    }
    return (lo + hi) / 2;
  }

  // ---------------------------------------------------------------- flat vectors

  private double[] flatGrad() {
    double[] g = new double[n];
    int off = 0;
    for (Tensor p : parameters()) {
      Tensor grad = p.grad();
      if (grad != null) {
        System.arraycopy(grad.toDoubleArray(), 0, g, off, p.numel());
      }
      off += p.numel();
    }
    return g;
  }

  @SuppressWarnings("try") // the scope is only opened and closed
  private void addToParams(double step, double[] dir) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      int off = 0;
      for (Tensor p : parameters()) {
        int k = p.numel();
        int[] dims = p.shape().dims();
        Tensor part;
        if (p.dtype() == DType.FLOAT32) {
          float[] v = new float[k];
          for (int i = 0; i < k; i++) {
            v[i] = (float) dir[off + i];
          }
          part = Tensor.of(v, dims);
        } else {
          part = Tensor.of(java.util.Arrays.copyOfRange(dir, off, off + k), dims);
        }
        p.addInPlace(part, step);
        off += k;
      }
    }
  }

  private double[][] snapshot() {
    double[][] x = new double[parameters().size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = parameters().get(i).toDoubleArray();
    }
    return x;
  }

  @SuppressWarnings("try") // the scope is only opened and closed
  private void restore(double[][] x) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 0; i < x.length; i++) {
        Tensor p = parameters().get(i);
        p.set(Tensor.of(x[i], p.shape().dims()));
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  private static double[] scaled(double[] x, double c) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = c * x[i];
    }
    return out;
  }

  private static double maxAbs(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static double sumAbs(double[] x) {
    double s = 0;
    for (double v : x) {
      s += Math.abs(v);
    }
    return s;
  }

  // ---------------------------------------------------------------- state

  @Override
  protected List<String> stateNames() {
    return List.of();
  }

  @Override
  protected Map<String, Double> config() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("max_iter", (double) maxIter);
    c.put("max_eval", (double) maxEvaluations());
    c.put("tolerance_grad", toleranceGrad);
    c.put("tolerance_change", toleranceChange);
    c.put("history_size", (double) historySize);
    c.put("strong_wolfe", flag(lineSearch == LineSearch.STRONG_WOLFE));
    return c;
  }

  @Override
  void putExtraState(Map<String, Tensor> out) {
    out.put("state.func_evals", StateReader.countTensor(funcEvals));
    out.put("state.n_iter", StateReader.countTensor(nIter));
    if (nIter == 0) {
      return;
    }
    int k = oldDirs.size();
    double[] dirs = new double[k * n];
    double[] stps = new double[k * n];
    double[] r = new double[k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(oldDirs.get(i), 0, dirs, i * n, n);
      System.arraycopy(oldStps.get(i), 0, stps, i * n, n);
      r[i] = ro.get(i);
    }
    out.put("state.d", Tensor.of(d.clone(), n));
    out.put("state.t", StateReader.scalarTensor(t));
    out.put("state.h_diag", StateReader.scalarTensor(hDiag));
    out.put("state.prev_flat_grad", Tensor.of(prevFlatGrad.clone(), n));
    out.put("state.prev_loss", StateReader.scalarTensor(prevLoss));
    out.put("state.old_dirs", Tensor.of(dirs, k, n));
    out.put("state.old_stps", Tensor.of(stps, k, n));
    out.put("state.ro", Tensor.of(r, k));
  }

  @Override
  Runnable readExtraState(StateReader r) {
    long evals = r.count("state.func_evals");
    long iters = r.count("state.n_iter");
    if (iters == 0) {
      return () -> {
        funcEvals = evals;
        nIter = 0;
        d = null;
        prevFlatGrad = null;
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
        hDiag = 1;
      };
    }
    double[] newD = vector(r, "state.d");
    double newT = r.scalar("state.t");
    double newH = r.scalar("state.h_diag");
    double[] newPrev = vector(r, "state.prev_flat_grad");
    double newPrevLoss = r.scalar("state.prev_loss");
    Tensor ros = r.float64("state.ro", 1);
    Tensor dirs = r.float64("state.old_dirs", 2);
    Tensor stps = r.float64("state.old_stps", 2);
    int k = ros == null ? -1 : ros.size(0);
    if (k > historySize) {
      r.invalid("state.ro has " + k + " pairs, more than the history size " + historySize);
    }
    for (Tensor m : new Tensor[] {dirs, stps}) {
      if (m != null && k >= 0 && (m.size(0) != k || m.size(1) != n)) {
        r.invalid("history: expected [" + k + ", " + n + "] (" + k + " pairs of " + n
            + " elements), got " + m.shape());
      }
    }
    return () -> {
      funcEvals = evals;
      nIter = iters;
      d = newD;
      t = newT;
      hDiag = newH;
      prevFlatGrad = newPrev;
      prevLoss = newPrevLoss;
      oldDirs.clear();
      oldStps.clear();
      ro.clear();
      double[] dv = dirs.toDoubleArray();
      double[] sv = stps.toDoubleArray();
      double[] rv = ros.toDoubleArray();
      for (int i = 0; i < rv.length; i++) {
        oldDirs.add(java.util.Arrays.copyOfRange(dv, i * n, (i + 1) * n));
        oldStps.add(java.util.Arrays.copyOfRange(sv, i * n, (i + 1) * n));
        ro.add(rv[i]);
      }
    };
  }

  private double[] vector(StateReader r, String name) {
    Tensor v = r.tensor(name, dev.jgrad.Shape.of(n), DType.FLOAT64);
    return v == null ? null : v.toDoubleArray();
  }
}
