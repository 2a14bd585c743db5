package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A learning-rate schedule: the rate to use at time {@code t} (an epoch index from 0 in
 * {@code Trainer}; a plain loop may count steps instead) given the initial rate.
 *
 * <pre>{@code
 * LrSchedule schedule = LrSchedule.cosine(50, 0.0);
 * for (int epoch = 0; epoch < 50; epoch++) {
 *   schedule.apply(optimizer, epoch);
 *   ... // the epoch's steps
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LrSchedule {
  /** The learning rate at time {@code t >= 0} for an initial rate {@code initial}. */
  double learningRate(double initial, int t);

  /** Sets {@code optimizer}'s rate to {@code learningRate(optimizer.initialLearningRate(), t)}. */
  default void apply(Optimizer optimizer, int t) {
    optimizer.setLearningRate(learningRate(optimizer.initialLearningRate(), t));
  }

  /** The initial rate at every t. */
  static LrSchedule constant() {
    return (initial, t) -> initial;
  }

  /**
   * Step decay: {@code initial · γ^floor(t / stepSize)} (PyTorch's {@code StepLR}).
   *
   * @throws IllegalArgumentException if {@code stepSize < 1} or γ is negative or not finite
   */
  static LrSchedule step(int stepSize, double gamma) {
    checkArgument(stepSize >= 1, "lr_schedule: step size must be >= 1, got %s", stepSize);
    checkArgument(gamma >= 0 && Double.isFinite(gamma), "lr_schedule: gamma must be finite and "
        + ">= 0, got %s", gamma);
    return (initial, t) -> initial * Math.pow(gamma, Math.floorDiv(Math.max(t, 0), stepSize));
  }

  /**
   * Cosine annealing from the initial rate to {@code minRate} over {@code period} time units,
   * then constant: {@code min + (initial - min)·(1 + cos(π·min(t, T)/T)) / 2}
   * (PyTorch's {@code CosineAnnealingLR} without restarts).
   *
   * @throws IllegalArgumentException if {@code period < 1} or minRate is negative
   */
  static LrSchedule cosine(int period, double minRate) {
    checkArgument(period >= 1, "lr_schedule: cosine period must be >= 1, got %s", period);
    checkArgument(minRate >= 0 && Double.isFinite(minRate), "lr_schedule: minimum rate must be "
        + "finite and >= 0, got %s", minRate);
    return (initial, t) -> {
      double x = Math.min(Math.max(t, 0), period) / (double) period;
      return minRate + (initial - minRate) * (1 + Math.cos(Math.PI * x)) / 2;
    };
  }
}
