package dev.jgrad.nn.data;

import dev.jgrad.Tensor;

/**
 * One mini-batch: the rows {@code indices} of a dataset.
 *
 * @param features {@code [b, d]}, a constant
 * @param targets {@code [b]} or {@code [b, k]}, a constant
 * @param indices the dataset rows in this batch, in batch order
 */
public record Batch(Tensor features, Tensor targets, int[] indices) {
  /** {@return the number of samples in the batch} */
  public int size() {
    return indices.length;
  }
}
