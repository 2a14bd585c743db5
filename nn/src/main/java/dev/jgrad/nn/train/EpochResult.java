package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch of {@link Trainer#fit} recorded.
 *
 * @param epoch the epoch index, from 0
 * @param values by name, in order: {@code loss} (the mean training loss over the epoch's
 *     batches, weighted by batch size), then each metric on the training set, then
 *     {@code val_loss} and {@code val_<metric>} if there is validation data
 * @param learningRate the rate the epoch's steps used
 */
public record EpochResult(int epoch, Map<String, Double> values, double learningRate) {
  /**
   * Copies the values (keeping their order) into an unmodifiable map.
   *
   * @param epoch the epoch index, from 0
   * @param values by name, in order
   * @param learningRate the rate the epoch's steps used
   */
  public EpochResult {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * The value recorded under {@code name}.
   *
   * @param name e.g. {@code loss} or {@code val_accuracy}
   * @return the value
   * @throws IllegalArgumentException if none was
   */
  public double get(String name) {
    Double v = values.get(name);
    checkArgument(v != null, "history: no value '%s' was recorded; recorded are %s", name,
        values.keySet());
    return v;
  }

  /**
   * The mean training loss of the epoch.
   *
   * @return the value of {@code loss}
   */
  public double loss() {
    return get("loss");
  }
}
