package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives an {@link LrSchedule} for one optimizer: it counts time and sets every group's rate to
 * {@code schedule(group's initial rate, t)}. Call {@link #step()} after each optimizer step to
 * schedule per batch, or after each epoch to schedule per epoch; the schedule's time unit is
 * whichever you choose.
 *
 * <pre>{@code
 * LrScheduler scheduler = new LrScheduler(opt, LrSchedule.cosine(epochs, 0));  // sets t = 0
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   for (Batch b : loader) { opt.zeroGrad(); loss(b).backward(); opt.step(); }
 *   scheduler.step();                                                          // t = epoch + 1
 * }
 * }</pre>
 *
 * <p>Its state is the time, {@code last_step} (0-d int64); save it beside the optimizer's to
 * resume exactly.
 */
public final class LrScheduler {
  private final Optimizer optimizer;
  private final LrSchedule schedule;
  private long t;

  /**
   * Binds {@code schedule} to {@code optimizer} and applies it at t = 0 (so the first step uses
   * {@code schedule(initial, 0)}).
   *
   * @param optimizer the optimizer whose rates are set
   * @param schedule the schedule
   * @throws IllegalArgumentException if either is null or the schedule's rate at 0 is negative
   *     or not finite
   */
  public LrScheduler(Optimizer optimizer, LrSchedule schedule) {
    checkArgument(optimizer != null && schedule != null,
        "lr_scheduler: optimizer and schedule must not be null");
    this.optimizer = optimizer;
    this.schedule = schedule;
    schedule.apply(optimizer, 0);
  }

  /**
   * Advances the time by one and sets the rates for the following optimizer steps.
   *
   * @throws IllegalArgumentException if the schedule's rate is negative or not finite (the time
   *     then stays where it was)
   */
  public void step() {
    schedule.apply(optimizer, t + 1);
    t++;
  }

  /**
   * The time: the number of {@link #step()} calls since construction (or as loaded).
   *
   * @return t
   */
  public long time() {
    return t;
  }

  /**
   * The state: {@code last_step}, the time.
   *
   * @return a new map
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("last_step", StateReader.countTensor(t));
    return out;
  }

  /**
   * Restores the time and re-applies the schedule at it (so the optimizer's rates are what they
   * were when the state was saved, whether or not the optimizer's state is loaded too).
   *
   * @param state a map from {@link #stateDict()}
   * @throws IllegalArgumentException if {@code last_step} is missing, not a 0-d int64 (or, as
   *     earlier versions saved it, whole float64) {@code >= 0}, or other names are present;
   *     nothing is modified
   */
  public void loadStateDict(Map<String, Tensor> state) {
    StateReader r = new StateReader("lr_scheduler", state);
    long loaded = r.count("last_step");
    r.finish();
    schedule.apply(optimizer, loaded);
    t = loaded;
  }
}
