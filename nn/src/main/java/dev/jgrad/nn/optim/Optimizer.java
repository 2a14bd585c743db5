package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.Updates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Updates parameters in place from their accumulated gradients: {@link #step()} applies one
 * update to every parameter whose {@code grad()} is not null (others are skipped, as in
 * PyTorch), inside {@link Autograd#noGrad()}; {@link #zeroGrad()} clears the gradients.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * for (Batch b : loader) {
 *   opt.zeroGrad();
 *   loss(model.forward(b.features()), b.targets()).backward();
 *   opt.step();
 * }
 * }</pre>
 *
 * <p><b>Parameter groups.</b> Parameters come in one or more {@link ParamGroup}s, each with its own
 * learning rate and weight decay (e.g. no decay on biases); every other hyperparameter (betas,
 * momentum, ε) is the optimizer's. Schedules ({@link LrSchedule}, {@link LrScheduler}, {@link
 * ReduceLrOnPlateau}) scale each group's rate from the group's initial rate.
 *
 * <p><b>State.</b> Per-parameter state (moments, velocities) is kept as tensors of the
 * parameter's shape and dtype, starting at zero; every parameter also counts its own steps (the
 * steps in which it had a gradient). {@link #stateDict()} returns all of it, with the groups' rates
 * and decays and the optimizer's step count, as tensors under fixed names, ready for {@code
 * SafeTensors.write}; {@link #loadStateDict} restores it exactly, so a resumed run is
 * bit-identical to an uninterrupted one. The names are
 *
 * <ul>
 *   <li>{@code steps}: the number of {@link #step()} calls;
 *   <li>{@code param_groups.G.lr}, {@code param_groups.G.initial_lr}, {@code
 *       param_groups.G.weight_decay} for each group G from 0;
 *   <li>{@code state.I.step} and {@code state.I.NAME} for each parameter I from 0, numbered
 *       across the groups in order (NAME as in PyTorch: {@code momentum_buffer}, {@code exp_avg},
 *       {@code exp_avg_sq}, {@code max_exp_avg_sq}, {@code square_avg}, {@code sum}, {@code
 *       mu_product});
 *   <li>{@code config.NAME}: the optimizer-wide hyperparameters (β, ε, momentum, flags as 0/1).
 *       These are not restored but checked: build the new optimizer with the same settings, as you
 *       build the model with the same architecture.
 * </ul>
 *
 * <p>Rates, decays and scalars are 0-d FLOAT64 tensors, the counts ({@code steps},
 * {@code state.I.step}) 0-d INT64 (counts saved as whole FLOAT64 numbers by earlier versions
 * still load). The optimizer is not thread-safe.
 */
public abstract class Optimizer {
  private final String name;
  private final List<Tensor> params;
  private final List<List<Tensor>> groupParams;
  private final int[] groupOf;
  private final double[] initialLr;
  private final double[] lr;
  private final double[] weightDecay;
  private final boolean[] ownWeightDecay;
  private double defaultWeightDecay;
  private final long[] paramSteps;
  private final LinkedHashMap<String, double[]> scalars = new LinkedHashMap<>();
  private final Map<String, Tensor[]> buffers = new LinkedHashMap<>();
  private long steps;

  /**
   * One group of parameters with the given rate.
   *
   * @param name used in messages and errors, e.g. {@code sgd}
   * @param params the parameters (a tensor listed twice is updated once)
   * @param learningRate the initial rate η
   * @throws IllegalArgumentException if there are no parameters, one is not a leaf that requires
   *     grad, or the learning rate is negative or not finite
   */
  protected Optimizer(String name, Collection<Tensor> params, double learningRate) {
    this(name, List.of(ParamGroup.of(nonNull(name, params))), learningRate);
  }

  /**
   * Parameters in groups; a group without its own rate gets {@code learningRate}.
   *
   * @param name used in messages and errors, e.g. {@code sgd}
   * @param groups the groups, in order (parameters are numbered across them in this order)
   * @param learningRate the initial rate of groups that set none
   * @throws IllegalArgumentException if there are no groups, a group is empty, a parameter is in
   *     two groups or is not a leaf that requires grad, or the learning rate is negative or not
   *     finite
   */
  protected Optimizer(String name, List<ParamGroup> groups, double learningRate) {
    this.name = name;
    checkArgument(groups != null && !groups.isEmpty(), "%s: no parameter groups given", name);
    checkLearningRate(learningRate);
    Map<Tensor, Integer> seen = new IdentityHashMap<>();
    List<Tensor> all = new ArrayList<>();
    List<List<Tensor>> perGroup = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      ParamGroup group = groups.get(g);
      checkArgument(group != null, "%s: parameter group %s is null", name, g);
      List<Tensor> mine = new ArrayList<>();
      int i = 0;
      for (Tensor p : group.parameters()) {
        String where = groups.size() == 1 ? "parameter " + i : "group " + g + ", parameter " + i;
        checkArgument(p != null, "%s: %s is null", name, where);
        checkArgument(p.isLeaf() && p.requiresGrad(), "%s: %s (shape %s) is not a leaf that "
            + "requires grad", name, where, p.shape());
        Integer before = seen.putIfAbsent(p, g);
        checkArgument(before == null || before == g, "%s: %s (shape %s) is also in group %s; a "
            + "parameter may be in one group only", name, where, p.shape(), before);
        if (before == null) {
          mine.add(p); // a tensor listed twice in a group is updated once
          all.add(p);
          owner.add(g);
        }
        i++;
      }
      if (mine.isEmpty()) {
        throw new IllegalArgumentException(groups.size() == 1 ? name + ": no parameters given"
            : name + ": parameter group " + g + " is empty");
      }
      perGroup.add(Collections.unmodifiableList(mine));
    }
    this.params = Collections.unmodifiableList(all);
    this.groupParams = Collections.unmodifiableList(perGroup);
    this.groupOf = owner.stream().mapToInt(Integer::intValue).toArray();
    int n = groups.size();
    initialLr = new double[n];
    lr = new double[n];
    weightDecay = new double[n];
    ownWeightDecay = new boolean[n];
    for (int g = 0; g < n; g++) {
      double own = groups.get(g).learningRateOrNaN();
      initialLr[g] = Double.isNaN(own) ? learningRate : own;
      lr[g] = initialLr[g];
      double wd = groups.get(g).weightDecayOrNaN();
      ownWeightDecay[g] = !Double.isNaN(wd);
      weightDecay[g] = ownWeightDecay[g] ? wd : 0;
    }
    paramSteps = new long[all.size()];
  }

  private static Collection<Tensor> nonNull(String name, Collection<Tensor> params) {
    checkArgument(params != null, "%s: no parameters given", name);
    return params;
  }

  // ---------------------------------------------------------------- stepping

  /**
   * One update of every parameter that has a gradient, in place (the parameters' storage
   * changes; graphs that used the old values can no longer be differentiated). Each updated
   * parameter's step count grows by one; gradients are left as they are.
   *
   * @throws IllegalStateException for optimizers that need the loss itself ({@link LBFGS}: use
   *     {@link #step(Supplier)})
   */
  @SuppressWarnings("try") // the scope is only opened and closed
  public void step() {
    steps++;
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 0; i < params.size(); i++) {
        Tensor p = params.get(i);
        Tensor g = p.grad();
        if (g != null) {
          paramSteps[i]++;
          int group = groupOf[i];
          update(i, p, g.detach(), lr[group], weightDecay[group]);
        }
      }
    }
  }

  /**
   * Evaluates the loss and steps: clears the gradients, calls {@code loss} (with grad mode as
   * the caller has it), backpropagates its one value and calls {@link #step()}. {@link LBFGS}
   * calls {@code loss} several times per step.
   *
   * @param loss computes the loss from the current parameters (a one-element tensor)
   * @return the loss computed first, before the parameters changed
   * @throws IllegalArgumentException if loss is null or returns a tensor that is not one element
   *     or does not require grad
   */
  public Tensor step(Supplier<Tensor> loss) {
    checkArgument(loss != null, "%s: step: the loss closure is null", name);
    Tensor l = evaluate(loss);
    step();
    return l;
  }

  /**
   * Counts a step taken by an optimizer that overrides {@link #step(Supplier)} and updates every
   * parameter together (LBFGS).
   */
  final void countStep() {
    steps++;
    for (int i = 0; i < paramSteps.length; i++) {
      paramSteps[i]++;
    }
  }

  /** Clears gradients, evaluates {@code loss} and backpropagates it; the loss is returned. */
  final Tensor evaluate(Supplier<Tensor> loss) {
    zeroGrad();
    Tensor l = loss.get();
    checkArgument(l != null && l.numel() == 1, "%s: step: the closure must return the loss as "
        + "one value, got %s", name, l == null ? "null" : "shape " + l.shape());
    l.backward();
    return l;
  }

  /**
   * Updates parameter {@code index} in place from its gradient (same shape and dtype). Called
   * with grad mode off, after the parameter's step count ({@link #stepOf}) was incremented.
   *
   * @param index the parameter's number across all groups
   * @param param the parameter, to update in place
   * @param grad its gradient (a detached view: read it, do not modify it)
   * @param learningRate the rate of the parameter's group
   * @param weightDecay the weight decay of the parameter's group
   */
  protected abstract void update(int index, Tensor param, Tensor grad, double learningRate,
      double weightDecay);

  /**
   * Applies an in-place update kernel (one of {@link Updates}'s, which need contiguous tensors)
   * to {@code param}: directly when it is contiguous, else to a contiguous copy that is then
   * written back with {@link Tensor#set}.
   *
   * @param param the parameter to update in place
   * @param kernel updates the contiguous tensor it is given in place
   */
  protected static void updateContiguous(Tensor param, Consumer<Tensor> kernel) {
    Tensor p = param.contiguous();
    kernel.accept(p);
    if (p != param) {
      param.set(p);
    }
  }

  /** Sets every parameter's gradient to none. */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Resets every parameter's gradient: to none, or with {@code setToNone = false} by zeroing it
   * in place so the next backward reuses the buffer ({@link Tensor#zeroGrad(boolean)}: no new
   * gradient tensors per step; a caller holding an old gradient sees it change).
   *
   * @param setToNone drop the gradients (true) or zero them in place (false)
   */
  public final void zeroGrad(boolean setToNone) {
    for (Tensor p : params) {
      p.zeroGrad(setToNone);
    }
  }

  // ---------------------------------------------------------------- per-parameter state

  /**
   * The per-parameter state tensor {@code name} of parameter {@code index}: zeros of the
   * parameter's shape and dtype until first updated in place. Only names listed by {@link
   * #stateNames()} are saved.
   *
   * @param name the state's name, e.g. {@code exp_avg}
   * @param index the parameter's number
   * @return the state tensor (a leaf that does not require grad; update it in place)
   */
  protected final Tensor buffer(String name, int index) {
    Tensor[] b = buffers.computeIfAbsent(name, k -> new Tensor[params.size()]);
    if (b[index] == null) {
      Tensor p = params.get(index);
      b[index] = Tensor.zeros(p.dtype(), p.shape().dims());
    }
    return b[index];
  }

  /**
   * The names of the per-parameter state tensors this optimizer uses with its current settings,
   * in a fixed order (e.g. Adam: {@code exp_avg, exp_avg_sq}, plus {@code max_exp_avg_sq} with
   * AMSGrad).
   *
   * @return the names
   */
  protected abstract List<String> stateNames();

  /**
   * Registers a per-parameter scalar state (e.g. NAdam's {@code mu_product}), one double per
   * parameter starting at {@code initial}, saved as {@code state.I.NAME}. Call it from the
   * constructor.
   *
   * @param name the state's name
   * @param initial its value before the first step
   * @return the array to read and write, indexed by parameter number
   */
  protected final double[] scalarState(String name, double initial) {
    double[] v = new double[params.size()];
    java.util.Arrays.fill(v, initial);
    scalars.put(name, v);
    return v;
  }

  /**
   * The optimizer-wide hyperparameters, checked (not restored) by {@link #loadStateDict}; flags as
   * 0 or 1.
   *
   * @return name to value, in a fixed order
   */
  protected abstract Map<String, Double> config();

  /**
   * How many steps parameter {@code index} has taken (including the one being applied, inside
   * {@link #update}).
   *
   * @param index the parameter's number
   * @return its step count t, from 1 in its first update
   */
  protected final long stepOf(int index) {
    return paramSteps[index];
  }

  /**
   * Every piece of state as tensors under the fixed names described in the class comment: copies,
   * so later steps do not change the returned map. Save it with {@code SafeTensors.write}.
   *
   * @return a new map, in a fixed order
   */
  public Map<String, Tensor> stateDict() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    out.put("steps", StateReader.countTensor(steps));
    for (int g = 0; g < lr.length; g++) {
      out.put("param_groups." + g + ".lr", StateReader.scalarTensor(lr[g]));
      out.put("param_groups." + g + ".initial_lr", StateReader.scalarTensor(initialLr[g]));
      out.put("param_groups." + g + ".weight_decay", StateReader.scalarTensor(weightDecay[g]));
    }
    List<String> names = stateNames();
    for (int i = 0; i < params.size(); i++) {
      out.put("state." + i + ".step", StateReader.countTensor(paramSteps[i]));
      for (Map.Entry<String, double[]> e : scalars.entrySet()) {
        out.put("state." + i + "." + e.getKey(), StateReader.scalarTensor(e.getValue()[i]));
      }
      for (String b : names) {
        out.put("state." + i + "." + b, StateReader.copy(buffer(b, i)));
      }
    }
    for (Map.Entry<String, Double> e : config().entrySet()) {
      out.put("config." + e.getKey(), StateReader.scalarTensor(e.getValue()));
    }
    putExtraState(out);
    return out;
  }

  /** Adds state that is not per parameter (LBFGS's history) to a state dict. */
  void putExtraState(Map<String, Tensor> out) {}

  /**
   * Reads the state {@link #putExtraState} wrote, recording problems in {@code r}; the returned
   * action commits it and runs only if the whole dict is valid.
   */
  Runnable readExtraState(StateReader r) {
    return () -> {};
  }

  /**
   * Restores the state saved by {@link #stateDict()} of an optimizer of the same kind, built with
   * the same settings over parameters of the same shapes and dtypes in the same groups (the values
   * are copied in; the map is not kept).
   *
   * @param state the saved names and tensors, e.g. {@code SafeTensors.read(path).tensors()}
   * @throws IllegalArgumentException naming every missing, unexpected, mis-shaped or invalid
   *     entry and every setting that differs, e.g. {@code adam: loadStateDict: missing
   *     [state.0.exp_avg]; unexpected [state.2.step]; nothing was loaded}; nothing is modified
   */
  public void loadStateDict(Map<String, Tensor> state) {
    StateReader r = new StateReader(name, state);
    long newSteps = r.count("steps");
    int groups = lr.length;
    double[] newLr = new double[groups];
    double[] newInitial = new double[groups];
    double[] newDecay = new double[groups];
    for (int g = 0; g < groups; g++) {
      newLr[g] = r.nonNegative("param_groups." + g + ".lr");
      newInitial[g] = r.nonNegative("param_groups." + g + ".initial_lr");
      newDecay[g] = r.nonNegative("param_groups." + g + ".weight_decay");
    }
    List<String> names = stateNames();
    long[] newParamSteps = new long[params.size()];
    Map<String, double[]> newScalars = new LinkedHashMap<>();
    Map<String, Tensor[]> newBuffers = new LinkedHashMap<>();
    for (String s : scalars.keySet()) {
      newScalars.put(s, new double[params.size()]);
    }
    for (String b : names) {
      newBuffers.put(b, new Tensor[params.size()]);
    }
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      newParamSteps[i] = r.count("state." + i + ".step");
      for (Map.Entry<String, double[]> e : newScalars.entrySet()) {
        e.getValue()[i] = r.scalar("state." + i + "." + e.getKey());
      }
      for (Map.Entry<String, Tensor[]> e : newBuffers.entrySet()) {
        e.getValue()[i] = r.tensor("state." + i + "." + e.getKey(), p.shape(), p.dtype());
      }
    }
    for (Map.Entry<String, Double> e : config().entrySet()) {
      r.config("config." + e.getKey(), e.getValue());
    }
    Runnable extra = readExtraState(r);
    r.finish();
    steps = newSteps;
    System.arraycopy(newLr, 0, lr, 0, groups);
    System.arraycopy(newInitial, 0, initialLr, 0, groups);
    System.arraycopy(newDecay, 0, weightDecay, 0, groups);
    System.arraycopy(newParamSteps, 0, paramSteps, 0, paramSteps.length);
    for (Map.Entry<String, double[]> e : newScalars.entrySet()) {
      System.arraycopy(e.getValue(), 0, scalars.get(e.getKey()), 0, params.size());
    }
    buffers.clear();
    buffers.putAll(newBuffers);
    extra.run();
  }

  // ---------------------------------------------------------------- groups and rates

  /**
   * The parameters of every group, in order (duplicates removed).
   *
   * @return an unmodifiable list; a parameter's position is its number in {@link #stateDict()}
   */
  public final List<Tensor> parameters() {
    return params;
  }

  /**
   * The parameters of one group.
   *
   * @param group the group's number from 0
   * @return an unmodifiable list
   * @throws IllegalArgumentException if there is no such group
   */
  public final List<Tensor> parameters(int group) {
    return groupParams.get(checkGroup(group));
  }

  /**
   * The number of parameter groups.
   *
   * @return at least 1
   */
  public final int numGroups() {
    return lr.length;
  }

  /**
   * The learning rate the next step uses in group 0 (the only group unless you made several).
   *
   * @return the rate
   */
  public final double learningRate() {
    return lr[0];
  }

  /**
   * The learning rate the next step uses in a group.
   *
   * @param group the group's number
   * @return the rate
   * @throws IllegalArgumentException if there is no such group
   */
  public final double groupLearningRate(int group) {
    return lr[checkGroup(group)];
  }

  /**
   * The learning rate group 0 was built with (what schedules scale).
   *
   * @return the initial rate
   */
  public final double initialLearningRate() {
    return initialLr[0];
  }

  /**
   * The learning rate a group was built with (what schedules scale).
   *
   * @param group the group's number
   * @return the initial rate
   * @throws IllegalArgumentException if there is no such group
   */
  public final double groupInitialLearningRate(int group) {
    return initialLr[checkGroup(group)];
  }

  /**
   * Sets every group's learning rate for the following steps.
   *
   * @param learningRate the new rate
   * @throws IllegalArgumentException if negative or not finite
   */
  public final void setLearningRate(double learningRate) {
    checkLearningRate(learningRate);
    java.util.Arrays.fill(lr, learningRate);
  }

  /**
   * Sets one group's learning rate for the following steps.
   *
   * @param group the group's number
   * @param learningRate the new rate
   * @throws IllegalArgumentException if there is no such group, or the rate is negative or not
   *     finite
   */
  public final void setGroupLearningRate(int group, double learningRate) {
    checkGroup(group);
    checkLearningRate(learningRate);
    lr[group] = learningRate;
  }

  /**
   * The weight decay of groups that set none of their own.
   *
   * @return λ
   */
  public final double weightDecay() {
    return defaultWeightDecay;
  }

  /**
   * The weight decay a group's next step uses.
   *
   * @param group the group's number
   * @return λ
   * @throws IllegalArgumentException if there is no such group
   */
  public final double groupWeightDecay(int group) {
    return weightDecay[checkGroup(group)];
  }

  /**
   * Sets the weight decay of every group that has none of its own (subclasses expose it as a
   * fluent {@code weightDecay(λ)}).
   *
   * @param lambda λ
   * @throws IllegalArgumentException if negative or not finite
   */
  protected final void setWeightDecay(double lambda) {
    checkRange("weight decay", lambda, 0, Double.MAX_VALUE, true);
    defaultWeightDecay = lambda;
    for (int g = 0; g < weightDecay.length; g++) {
      if (!ownWeightDecay[g]) {
        weightDecay[g] = lambda;
      }
    }
  }

  /**
   * Number of {@link #step()} calls so far.
   *
   * @return the count
   */
  public final long stepCount() {
    return steps;
  }

  /**
   * The name used in messages, e.g. {@code adam}.
   *
   * @return the name
   */
  protected final String name() {
    return name;
  }

  private int checkGroup(int group) {
    checkArgument(group >= 0 && group < lr.length, "%s: no parameter group %s (there are %s)",
        name, group, lr.length);
    return group;
  }

  private void checkLearningRate(double rate) {
    checkArgument(rate >= 0 && Double.isFinite(rate), "%s: learning rate must be finite and >= 0, "
        + "got %s", name, rate);
  }

  /**
   * Checks a hyperparameter lies in {@code [lo, hi)} (or {@code [lo, hi]} if inclusive).
   *
   * @param what named in the message, e.g. {@code beta1}
   * @param v the value
   * @param lo the lower bound (included)
   * @param hi the upper bound
   * @param inclusive whether hi is allowed
   * @throws IllegalArgumentException if v is outside or NaN, e.g. {@code adam: beta1 must be in
   *     [0.0, 1.0), got 1.0}
   */
  protected final void checkRange(String what, double v, double lo, double hi, boolean inclusive) {
    boolean ok = v >= lo && (inclusive ? v <= hi : v < hi) && !Double.isNaN(v);
    checkArgument(ok, "%s: %s must be in [%s, %s%s, got %s", name, what, lo, hi,
        inclusive ? "]" : ")", v);
  }

  /**
   * A 0/1 flag for {@link #config()}.
   *
   * @param on the flag
   * @return 1 or 0
   */
  protected static double flag(boolean on) {
    return on ? 1 : 0;
  }
}
