package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code softmax(z)_i = e^(z_i - m) / Σ_j e^(z_j - m)} along an axis (m the max, so logits of
 * ±1000 are exact): class probabilities, summing to 1 along the axis. Meant as an output for
 * inference; to train, feed the logits to {@link Losses#crossEntropy}, which is stable and
 * cheaper than {@code log(softmax)}. No parameters (saved as
 * {@code {"type": "softmax", "axis": axis}}).
 */
public final class Softmax extends Layer {
  private final int axis;

  /** Along the last axis (classes of a {@code [batch, classes]} input). */
  public Softmax() {
    this(-1);
  }

  /**
   * Along {@code axis}.
   *
   * @param axis the axis (negative counts from the end), checked against each input
   */
  public Softmax(int axis) {
    this.axis = axis;
  }

  /**
   * The axis the probabilities sum to 1 along.
   *
   * @return the axis as given
   */
  public int axis() {
    return axis;
  }

  /**
   * Probabilities of the input's shape.
   *
   * @param input logits
   * @return probabilities summing to 1 along the axis
   * @throws IllegalArgumentException if the axis is out of range for the input
   */
  @Override
  public Tensor forward(Tensor input) {
    input.shape().axis("softmax", axis);
    return input.softmax(axis);
  }

  @Override
  protected String extraRepr() {
    return "axis=" + axis;
  }
}
