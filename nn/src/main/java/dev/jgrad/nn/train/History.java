package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The per-epoch record of a training run (loss history and metrics), in epoch order. */
public final class History {
  private final List<EpochResult> epochs = new ArrayList<>();

  /** An empty history. */
  public History() {}

  /**
   * Appends an epoch's result.
   *
   * @param result the epoch's values
   */
  public void add(EpochResult result) {
    epochs.add(result);
  }

  /**
   * The epochs so far.
   *
   * @return an unmodifiable view
   */
  public List<EpochResult> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /**
   * Number of epochs recorded.
   *
   * @return the count
   */
  public int size() {
    return epochs.size();
  }

  /**
   * The series of one value over the epochs, e.g. {@code values("loss")} for a loss curve.
   *
   * @param name the value's name
   * @return one entry per epoch
   * @throws IllegalArgumentException if an epoch did not record it
   */
  public double[] values(String name) {
    double[] out = new double[epochs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = epochs.get(i).get(name);
    }
    return out;
  }

  /**
   * The training loss per epoch.
   *
   * @return {@code values("loss")}
   */
  public double[] losses() {
    return values("loss");
  }

  /**
   * The last epoch's value of {@code name}.
   *
   * @param name the value's name
   * @return the value
   * @throws IllegalArgumentException if nothing was recorded
   */
  public double last(String name) {
    checkArgument(!epochs.isEmpty(), "history: no epochs recorded");
    return epochs.get(epochs.size() - 1).get(name);
  }
}
