package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A learning-rate schedule: the rate at time {@code t} (counted in whatever unit you step it:
 * epochs or batches) given a group's initial rate, as a closed form (PyTorch's {@code
 * _get_closed_form_lr} where it has one), so the rate at any t is exact and needs no history.
 * Drive it with an {@link LrScheduler} (which counts t and is saved with the optimizer) or with
 * {@link #apply(Optimizer, long)} from your own counter:
 *
 * <pre>{@code
 * // 500 batches of linear warm-up from 1% of the rate, then cosine to 0 over 9,500 batches
 * LrSchedule s = LrSchedule.linear(0.01, 1, 500).then(500, LrSchedule.cosine(9_500, 0));
 * LrScheduler scheduler = new LrScheduler(optimizer, s);
 * for (Batch b : loader) { ...; optimizer.step(); scheduler.step(); }   // per batch
 * }</pre>
 *
 * <p>Time starts at 0; a negative t is treated as 0.
 */
@FunctionalInterface
public interface LrSchedule {
  /**
   * The learning rate at time t.
   *
   * @param initial the group's initial rate (what the schedule scales)
   * @param t the time, from 0
   * @return the rate
   */
  double learningRate(double initial, long t);

  /**
   * Sets every group's rate of {@code optimizer} to {@code learningRate(group's initial rate,
   * t)}.
   *
   * @param optimizer the optimizer to change
   * @param t the time
   * @throws IllegalArgumentException if the schedule gives a negative or non-finite rate
   */
  default void apply(Optimizer optimizer, long t) {
    int groups = optimizer.numGroups();
    double[] rates = new double[groups];
    for (int g = 0; g < groups; g++) {
      rates[g] = learningRate(optimizer.groupInitialLearningRate(g), t);
      checkArgument(rates[g] >= 0 && Double.isFinite(rates[g]), "lr_schedule: the rate at t = "
          + "%s is %s for group %s; it must be finite and >= 0", t, rates[g], g);
    }
    for (int g = 0; g < groups; g++) {
      optimizer.setGroupLearningRate(g, rates[g]);
    }
  }

  /**
   * This schedule for the first {@code steps} time units, then {@code next} with its own clock
   * restarted: {@code t < steps ? this(t) : next(t - steps)} (PyTorch's {@code SequentialLR}).
   *
   * @param steps how long this schedule runs, at least 1
   * @param next the schedule after it
   * @return the composed schedule
   * @throws IllegalArgumentException if steps is less than 1 or next is null
   */
  default LrSchedule then(long steps, LrSchedule next) {
    checkArgument(steps >= 1, "lr_schedule: then: steps must be >= 1, got %s", steps);
    checkArgument(next != null, "lr_schedule: then: the next schedule is null");
    LrSchedule first = this;
    return (initial, t) -> t < steps ? first.learningRate(initial, t)
        : next.learningRate(initial, t - steps);
  }

  /**
   * This schedule, whose time unit is an epoch, stepped per batch: {@code this(floor(t / n))} for
   * n batches per epoch, so the rate changes at epoch boundaries (e.g. a per-batch warm-up {@link
   * #then} a per-epoch decay in one per-batch scheduler).
   *
   * @param batchesPerEpoch n, at least 1
   * @return the stretched schedule
   * @throws IllegalArgumentException if n is less than 1
   */
  default LrSchedule perEpoch(int batchesPerEpoch) {
    checkArgument(batchesPerEpoch >= 1, "lr_schedule: batches per epoch must be >= 1, got %s",
        batchesPerEpoch);
    LrSchedule epochs = this;
    return (initial, t) -> epochs.learningRate(initial, Math.floorDiv(Math.max(t, 0),
        batchesPerEpoch));
  }

  /**
   * The initial rate at every t.
   *
   * @return the schedule
   */
  static LrSchedule constant() {
    return (initial, t) -> initial;
  }

  /**
   * Step decay: {@code initial · γ^floor(t / stepSize)} (PyTorch's {@code StepLR}).
   *
   * @param stepSize the time between decays, at least 1
   * @param gamma γ, finite and {@code >= 0}
   * @return the schedule
   * @throws IllegalArgumentException if {@code stepSize < 1} or γ is negative or not finite
   */
  static LrSchedule step(int stepSize, double gamma) {
    checkArgument(stepSize >= 1, "lr_schedule: step size must be >= 1, got %s", stepSize);
    checkGamma(gamma);
    return (initial, t) -> initial * Math.pow(gamma, Math.floorDiv(Math.max(t, 0), stepSize));
  }

  /**
   * Decay by γ at each milestone: {@code initial · γ^k}, k the number of milestones {@code <= t}
   * (PyTorch's {@code MultiStepLR}).
   *
   * @param gamma γ, finite and {@code >= 0}
   * @param milestones the times of the decays, strictly increasing, each {@code >= 1}
   * @return the schedule
   * @throws IllegalArgumentException if γ is negative or not finite, or the milestones are empty,
   *     not increasing or below 1
   */
  static LrSchedule multiStep(double gamma, long... milestones) {
    checkGamma(gamma);
    checkArgument(milestones != null && milestones.length > 0,
        "lr_schedule: multi-step needs at least one milestone");
    long[] m = milestones.clone();
    for (int i = 0; i < m.length; i++) {
      checkArgument(m[i] >= 1 && (i == 0 || m[i] > m[i - 1]), "lr_schedule: milestones must be "
          + ">= 1 and strictly increasing, got %s", Arrays.toString(m));
    }
    return (initial, t) -> {
      int k = 0;
      while (k < m.length && m[k] <= t) {
        k++;
      }
      return initial * Math.pow(gamma, k);
    };
  }

  /**
   * Exponential decay {@code initial · γ^t} (PyTorch's {@code ExponentialLR}).
   *
   * @param gamma γ, finite and {@code >= 0}
   * @return the schedule
   * @throws IllegalArgumentException if γ is negative or not finite
   */
  static LrSchedule exponential(double gamma) {
    checkGamma(gamma);
    return (initial, t) -> initial * Math.pow(gamma, Math.max(t, 0));
  }

  /**
   * Cosine annealing from the initial rate to {@code minRate} over {@code period} time units,
   * then constant: {@code min + (initial - min)·(1 + cos(π·min(t, T)/T)) / 2}
   * (PyTorch's {@code CosineAnnealingLR} without restarts).
   *
   * @param period T, at least 1
   * @param minRate the final rate, finite and {@code >= 0}
   * @return the schedule
   * @throws IllegalArgumentException if {@code period < 1} or minRate is negative or not finite
   */
  static LrSchedule cosine(long period, double minRate) {
    checkArgument(period >= 1, "lr_schedule: cosine period must be >= 1, got %s", period);
    checkArgument(minRate >= 0 && Double.isFinite(minRate), "lr_schedule: minimum rate must be "
        + "finite and >= 0, got %s", minRate);
    return (initial, t) -> {
      double x = Math.min(Math.max(t, 0), period) / (double) period;
      return minRate + (initial - minRate) * (1 + Math.cos(Math.PI * x)) / 2;
    };
  }

  /**
   * Linear change of the factor from {@code startFactor} to {@code endFactor} over {@code steps}
   * time units, then constant: {@code initial · (s + (e - s)·min(t, n)/n)} (PyTorch's {@code
   * LinearLR}); with {@code s < 1 = e}, a linear warm-up.
   *
   * @param startFactor s, finite and {@code >= 0}
   * @param endFactor e, finite and {@code >= 0}
   * @param steps n, at least 1
   * @return the schedule
   * @throws IllegalArgumentException if a factor is negative or not finite, or n is less than 1
   */
  static LrSchedule linear(double startFactor, double endFactor, long steps) {
    checkArgument(startFactor >= 0 && Double.isFinite(startFactor) && endFactor >= 0
        && Double.isFinite(endFactor), "lr_schedule: linear factors must be finite and >= 0, got "
        + "%s and %s", startFactor, endFactor);
    checkArgument(steps >= 1, "lr_schedule: linear steps must be >= 1, got %s", steps);
    return (initial, t) -> initial * (startFactor
        + (endFactor - startFactor) * Math.min(Math.max(t, 0), steps) / steps);
  }

  /**
   * {@link #oneCycle(long, double, double, double)} with PyTorch's defaults: 30% rising, start at
   * initial/25, end at initial/25/10⁴.
   *
   * @param totalSteps the cycle's length
   * @return the schedule
   * @throws IllegalArgumentException as the full form
   */
  static LrSchedule oneCycle(long totalSteps) {
    return oneCycle(totalSteps, 0.3, 25, 1e4);
  }

  /**
   * The one-cycle policy (Smith and Topin, 2017; PyTorch's {@code OneCycleLR} with cosine
   * annealing, two phases, no momentum cycling). The group's initial rate is the peak M; with
   * {@code a = M / divFactor}, {@code z = a / finalDivFactor}, {@code p = pctStart·T - 1} and
   * {@code cos(x, y, u) = y + (x - y)·(1 + cos(π·u)) / 2}: the rate is {@code cos(a, M, t / p)}
   * for {@code t <= p}, then {@code cos(M, z, (t - p) / (T - 1 - p))}, and z from {@code t = T -
   * 1} on (PyTorch refuses to step past T).
   *
   * @param totalSteps T
   * @param pctStart the rising fraction of the cycle, in (0, 1), with {@code pctStart·T > 1}
   * @param divFactor the peak over the start rate, {@code >= 1}
   * @param finalDivFactor the start rate over the final rate, {@code >= 1}
   * @return the schedule
   * @throws IllegalArgumentException if a value is outside its range
   */
  static LrSchedule oneCycle(long totalSteps, double pctStart, double divFactor,
      double finalDivFactor) {
    checkArgument(pctStart > 0 && pctStart < 1, "lr_schedule: one-cycle pctStart must be in (0, "
        + "1), got %s", pctStart);
    checkArgument(totalSteps >= 2 && pctStart * totalSteps > 1, "lr_schedule: one-cycle needs "
        + "pctStart * totalSteps > 1 (a rising phase of at least one step), got %s * %s",
        pctStart, (Object) totalSteps);
    checkArgument(divFactor >= 1 && Double.isFinite(divFactor) && finalDivFactor >= 1
        && Double.isFinite(finalDivFactor), "lr_schedule: one-cycle div factors must be finite "
        + "and >= 1, got %s and %s", divFactor, finalDivFactor);
    double peakStep = pctStart * totalSteps - 1;
    double lastStep = totalSteps - 1;
    return (max, t) -> {
      double start = max / divFactor;
      double end = start / finalDivFactor;
      double s = Math.max(t, 0);
      if (s <= peakStep) {
        return annealCos(start, max, s / peakStep);
      }
      return annealCos(max, end, s >= lastStep ? 1 : (s - peakStep) / (lastStep - peakStep));
    };
  }

  /** Cosine annealing from {@code from} to {@code to} at fraction u in [0, 1]. */
  private static double annealCos(double from, double to, double u) {
    return to + (from - to) / 2 * (Math.cos(Math.PI * u) + 1);
  }

  private static void checkGamma(double gamma) {
    checkArgument(gamma >= 0 && Double.isFinite(gamma), "lr_schedule: gamma must be finite and "
        + ">= 0, got %s", gamma);
  }
}
