package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lowers every group's learning rate when a monitored metric stops improving (PyTorch's {@code
 * ReduceLROnPlateau}, same rules and defaults). Call {@link #step(double)} once per epoch with the
 * metric (e.g. the validation loss):
 *
 * <ul>
 *   <li>the metric improves on the best so far when it is below {@code best·(1 - θ)} (mode MIN,
 *       relative threshold θ), below {@code best - θ} (MIN, absolute), above {@code best·(1 + θ)}
 *       (MAX, relative) or above {@code best + θ} (MAX, absolute); then it becomes the best and
 *       the count of bad epochs resets, otherwise the count grows by one;
 *   <li>during a cooldown (after a reduction) bad epochs are not counted;
 *   <li>when the count exceeds the patience, each rate becomes {@code max(lr·factor, minLr)} (if
 *       that changes it by more than ε), the cooldown starts and the count resets.
 * </ul>
 *
 * Defaults: MIN, factor 0.1, patience 10, θ = 1e-4 relative, cooldown 0, minLr 0, ε = 1e-8. Its
 * state ({@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}) and
 * settings ({@code config.*}, checked on load) are saved like an optimizer's.
 */
public final class ReduceLrOnPlateau {
  /** Whether a smaller or a larger metric is better. */
  public enum Mode {
    /** Smaller is better (a loss). */
    MIN,
    /** Larger is better (an accuracy). */
    MAX
  }

  /** How the threshold θ is compared with the best value. */
  public enum ThresholdMode {
    /** Improve by a fraction θ of the best value. */
    RELATIVE,
    /** Improve by θ. */
    ABSOLUTE
  }

  private final Optimizer optimizer;
  private Mode mode = Mode.MIN;
  private double factor = 0.1;
  private int patience = 10;
  private double threshold = 1e-4;
  private ThresholdMode thresholdMode = ThresholdMode.RELATIVE;
  private int cooldown;
  private double minLr;
  private double eps = 1e-8;
  private double best = Double.POSITIVE_INFINITY;
  private long badEpochs;
  private long cooldownCounter;
  private long lastEpoch;

  /**
   * Watches a metric for {@code optimizer} with the default settings.
   *
   * @param optimizer the optimizer whose rates are lowered
   * @throws IllegalArgumentException if optimizer is null
   */
  public ReduceLrOnPlateau(Optimizer optimizer) {
    checkArgument(optimizer != null, "reduce_lr_on_plateau: optimizer is null");
    this.optimizer = optimizer;
  }

  /**
   * Whether smaller or larger is better (resets the best value).
   *
   * @param mode the mode
   * @return this
   * @throws IllegalArgumentException if null
   */
  public ReduceLrOnPlateau mode(Mode mode) {
    checkArgument(mode != null, "reduce_lr_on_plateau: mode is null");
    this.mode = mode;
    this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    return this;
  }

  /**
   * The factor each reduction multiplies the rate by.
   *
   * @param factor in [0, 1)
   * @return this
   * @throws IllegalArgumentException unless in [0, 1)
   */
  public ReduceLrOnPlateau factor(double factor) {
    checkArgument(factor >= 0 && factor < 1, "reduce_lr_on_plateau: factor must be in [0, 1), "
        + "got %s", factor);
    this.factor = factor;
    return this;
  }

  /**
   * How many bad epochs are tolerated before a reduction.
   *
   * @param epochs at least 0
   * @return this
   * @throws IllegalArgumentException if negative
   */
  public ReduceLrOnPlateau patience(int epochs) {
    checkArgument(epochs >= 0, "reduce_lr_on_plateau: patience must be >= 0, got %s", epochs);
    this.patience = epochs;
    return this;
  }

  /**
   * The threshold θ that counts as an improvement.
   *
   * @param theta θ, finite and {@code >= 0}
   * @param how relative to the best value or absolute
   * @return this
   * @throws IllegalArgumentException if θ is negative or not finite, or how is null
   */
  public ReduceLrOnPlateau threshold(double theta, ThresholdMode how) {
    checkArgument(theta >= 0 && Double.isFinite(theta), "reduce_lr_on_plateau: threshold must "
        + "be finite and >= 0, got %s", theta);
    checkArgument(how != null, "reduce_lr_on_plateau: threshold mode is null");
    this.threshold = theta;
    this.thresholdMode = how;
    return this;
  }

  /**
   * Epochs after a reduction in which bad epochs are not counted.
   *
   * @param epochs at least 0
   * @return this
   * @throws IllegalArgumentException if negative
   */
  public ReduceLrOnPlateau cooldown(int epochs) {
    checkArgument(epochs >= 0, "reduce_lr_on_plateau: cooldown must be >= 0, got %s", epochs);
    this.cooldown = epochs;
    return this;
  }

  /**
   * The lowest rate a reduction goes to.
   *
   * @param rate finite and {@code >= 0}
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public ReduceLrOnPlateau minLearningRate(double rate) {
    checkArgument(rate >= 0 && Double.isFinite(rate), "reduce_lr_on_plateau: minimum rate must "
        + "be finite and >= 0, got %s", rate);
    this.minLr = rate;
    return this;
  }

  /**
   * Changes smaller than ε are not made.
   *
   * @param eps ε, finite and {@code >= 0}
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public ReduceLrOnPlateau eps(double eps) {
    checkArgument(eps >= 0 && Double.isFinite(eps), "reduce_lr_on_plateau: eps must be finite "
        + "and >= 0, got %s", eps);
    this.eps = eps;
    return this;
  }

  /**
   * Records one epoch's metric and lowers the rates if it has not improved for more than the
   * patience.
   *
   * @param metric the epoch's value, e.g. the validation loss
   * @return true if the rates were lowered
   * @throws IllegalArgumentException if the metric is NaN (nothing is recorded)
   */
  public boolean step(double metric) {
    checkArgument(!Double.isNaN(metric), "reduce_lr_on_plateau: the metric at epoch %s is NaN",
        lastEpoch + 1);
    lastEpoch++;
    if (isBetter(metric)) {
      best = metric;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      badEpochs = 0;
    }
    if (badEpochs > patience) {
      boolean changed = false;
      for (int g = 0; g < optimizer.numGroups(); g++) {
        double old = optimizer.groupLearningRate(g);
        double lowered = Math.max(old * factor, minLr);
        if (old - lowered > eps) {
          optimizer.setGroupLearningRate(g, lowered);
          changed = true;
        }
      }
      cooldownCounter = cooldown;
      badEpochs = 0;
      return changed;
    }
    return false;
  }

  private boolean isBetter(double a) {
    boolean rel = thresholdMode == ThresholdMode.RELATIVE;
    if (mode == Mode.MIN) {
      return a < (rel ? best * (1 - threshold) : best - threshold);
    }
    return a > (rel ? best * (threshold + 1) : best + threshold);
  }

  /**
   * The best metric so far ({@code +∞} for MIN, {@code -∞} for MAX before the first step).
   *
   * @return the best value
   */
  public double best() {
    return best;
  }

  /**
   * The state and settings as 0-d tensors: the counts ({@code num_bad_epochs},
   * {@code cooldown_counter}, {@code last_epoch}) int64, everything else float64.
   *
   * @return a new map in a fixed order
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("best", StateReader.scalarTensor(best));
    out.put("num_bad_epochs", StateReader.countTensor(badEpochs));
    out.put("cooldown_counter", StateReader.countTensor(cooldownCounter));
    out.put("last_epoch", StateReader.countTensor(lastEpoch));
    for (Map.Entry<String, Double> e : config().entrySet()) {
      out.put("config." + e.getKey(), StateReader.scalarTensor(e.getValue()));
    }
    return out;
  }

  private Map<String, Double> config() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("mode_max", mode == Mode.MAX ? 1.0 : 0.0);
    c.put("factor", factor);
    c.put("patience", (double) patience);
    c.put("threshold", threshold);
    c.put("threshold_absolute", thresholdMode == ThresholdMode.ABSOLUTE ? 1.0 : 0.0);
    c.put("cooldown", (double) cooldown);
    c.put("min_lr", minLr);
    c.put("eps", eps);
    return c;
  }

  /**
   * Restores the state saved by {@link #stateDict()} of a scheduler with the same settings.
   *
   * @param state the saved map
   * @throws IllegalArgumentException naming what is missing, unexpected, invalid or configured
   *     differently; nothing is modified
   */
  public void loadStateDict(Map<String, Tensor> state) {
    StateReader r = new StateReader("reduce_lr_on_plateau", state);
    double newBest = r.scalar("best");
    long bad = r.count("num_bad_epochs");
    long cool = r.count("cooldown_counter");
    long epoch = r.count("last_epoch");
    for (Map.Entry<String, Double> e : config().entrySet()) {
      r.config("config." + e.getKey(), e.getValue());
    }
    r.finish();
    best = newBest;
    badEpochs = bad;
    cooldownCounter = cool;
    lastEpoch = epoch;
  }
}
