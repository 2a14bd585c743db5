package dev.jgrad.nn.models;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * K independent sigmoid neurons on the same input (the course's "3 independent neurons"): logits
 * {@code Z = X·Wᵀ + b}, {@code W [K, d]}, {@code b [K]}, each unit a logistic regression for its
 * own label, trained on the multi-label cross-entropy (the sum of the K binary cross-entropies).
 * A row may have any number of labels on; unlike softmax, the probabilities need not sum to 1.
 */
public final class MultiLabelClassifier extends Network {
  /**
   * Weights and bias start at zero (each unit's loss is convex).
   *
   * @param numFeatures d
   * @param numLabels K
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if numFeatures or numLabels is not positive
   */
  public MultiLabelClassifier(int numFeatures, int numLabels, DType dtype) {
    this(numFeatures, numLabels, Init.zeros(), null, dtype);
  }

  /**
   * With weights from {@code init} (bias zero).
   *
   * @param numFeatures d
   * @param numLabels K
   * @param init makes the {@code [K, d]} weight
   * @param rng draws it (may be null for deterministic initializers)
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if numFeatures or numLabels is not positive
   */
  public MultiLabelClassifier(int numFeatures, int numLabels, Init init, RandomGenerator rng,
      DType dtype) {
    super(Task.MULTI_LABEL, List.of(new Linear(numFeatures, numLabels, true, init, Init.zeros(),
        rng, dtype)));
  }

  /**
   * The weight.
   *
   * @return {@code [K, d]}
   */
  public Tensor weight() {
    return ((Linear) get(0)).weight();
  }

  /**
   * The bias.
   *
   * @return {@code [K]}
   */
  public Tensor bias() {
    return ((Linear) get(0)).bias();
  }
}
