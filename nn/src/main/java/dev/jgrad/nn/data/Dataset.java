package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;

/**
 * An immutable in-memory supervised dataset: features {@code X [n, d]} (one sample per row) and
 * targets {@code y}, either {@code [n]} (class labels as integral values, or regression values)
 * or {@code [n, k]} (one-hot, multi-label or multi-output targets), with optional class names.
 *
 * <p>The constructor checks what would otherwise fail far from its cause: at least one sample
 * and one feature, matching row counts, and no NaN or infinity anywhere (naming the row and
 * column). Tensors are detached copies, so a dataset never carries a graph.
 */
public final class Dataset {
  private final Tensor features;
  private final Tensor targets;
  private final List<String> classNames;

  /**
   * A dataset without class names.
   *
   * @param features {@code [n, d]} with {@code n, d >= 1}, all finite
   * @param targets {@code [n]} or {@code [n, k]}, all finite
   * @throws IllegalArgumentException see {@link #Dataset(Tensor, Tensor, List)}
   */
  public Dataset(Tensor features, Tensor targets) {
    this(features, targets, List.of());
  }

  /**
   * A dataset.
   *
   * @param features {@code [n, d]} with {@code n, d >= 1}, all finite
   * @param targets {@code [n]} or {@code [n, k]}, all finite, in any dtype (converted to the
   *     features' dtype)
   * @param classNames names of classes 0, 1, ... (empty if unknown or not a classification)
   * @throws IllegalArgumentException e.g. {@code dataset: empty (features shape [0, 4])},
   *     {@code dataset: 150 feature rows but 149 targets}, {@code dataset: NaN in features at
   *     row 3, column 2}
   */
  public Dataset(Tensor features, Tensor targets, List<String> classNames) {
    checkArgument(features.rank() == 2, "dataset: features must be [samples, features], got "
        + "shape %s", features.shape());
    checkArgument(features.size(0) > 0, "dataset: empty (features shape %s)", features.shape());
    checkArgument(features.size(1) > 0, "dataset: no features (features shape %s)",
        features.shape());
    checkArgument(targets.rank() == 1 || targets.rank() == 2, "dataset: targets must be [n] or "
        + "[n, k], got shape %s", targets.shape());
    checkArgument(targets.size(0) == features.size(0), "dataset: %s feature rows but %s targets "
        + "(targets shape %s)", features.size(0), targets.size(0), targets.shape());
    this.features = checkedCopy("features", features, features.dtype());
    // Integer targets are class labels and stay exact (INT64); others take the features' dtype.
    this.targets = targets.dtype().isInteger() || targets.dtype() == DType.BOOL
        ? Tensor.of(targets.toLongArray(), targets.shape().dims())
        : checkedCopy("targets", targets, features.dtype());
    this.classNames = List.copyOf(classNames);
  }

  /** A detached copy in {@code dtype}, after checking every value is finite. */
  private static Tensor checkedCopy(String what, Tensor t, DType dtype) {
    double[] v = t.toDoubleArray();
    int cols = t.rank() == 2 ? t.size(1) : 1;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(t.rank() == 2
            ? String.format("dataset: %s in %s at row %s, column %s", v[i], what, i / cols,
                i % cols)
            : String.format("dataset: %s in %s at row %s", v[i], what, i));
      }
    }
    return Tensor.of(v, t.shape().dims()).to(dtype);
  }

  /** {@return the number of samples n} */
  public int size() {
    return features.size(0);
  }

  /** {@return the number of features d} */
  public int numFeatures() {
    return features.size(1);
  }

  /** {@return the features {@code [n, d]} (a constant; do not modify in place)} */
  public Tensor features() {
    return features;
  }

  /** {@return the targets {@code [n]} or {@code [n, k]} (a constant), in the features' dtype} */
  public Tensor targets() {
    return targets;
  }

  /** {@return the dtype of features and targets} */
  public DType dtype() {
    return features.dtype();
  }

  /** {@return the names of classes 0, 1, ... (empty if none were given)} */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The targets as integer class labels.
   *
   * @return the labels, one per sample
   * @throws IllegalArgumentException if targets are not {@code [n]} or a value is not a
   *     non-negative integer, naming the row
   */
  public int[] labels() {
    return labels(-1);
  }

  private int[] labels(int classes) {
    checkArgument(targets.rank() == 1, "dataset: class labels need targets of shape [n], got %s",
        targets.shape());
    return Labels.toInts("dataset", "label", targets, classes);
  }

  /**
   * Number of classes: the number of class names if given, else the largest label + 1.
   *
   * @return the number of classes C
   * @throws IllegalArgumentException as {@link #labels()}, or if a label is not below the
   *     number of class names
   */
  public int numClasses() {
    if (!classNames.isEmpty()) {
      labels(classNames.size());
      return classNames.size();
    }
    int max = -1;
    for (int label : labels()) {
      max = Math.max(max, label);
    }
    return max + 1;
  }

  /**
   * The samples at the given rows, in that order (repeats allowed).
   *
   * @param rows sample indices in {@code [0, n)}
   * @return a dataset of {@code rows.length} samples
   * @throws IllegalArgumentException if no rows are given or one is out of range
   */
  public Dataset subset(int... rows) {
    checkArgument(rows.length > 0, "dataset: subset of no rows would be empty");
    for (int i = 0; i < rows.length; i++) {
      if (!(rows[i] >= 0 && rows[i] < size())) { // plain check: a per-element message would box
        throw new IllegalArgumentException(String.format("dataset: row %s at position %s is out of "
          + "range for %s samples", rows[i], i, size()));
      }
    }
    return new Dataset(features.indexSelect(0, rows), targets.indexSelect(0, rows), classNames);
  }

  /**
   * The same samples with only the given feature columns, in that order.
   *
   * @param columns feature indices in {@code [0, d)}
   * @return a dataset of {@code columns.length} features
   * @throws IllegalArgumentException if none are given or one is out of range
   */
  public Dataset selectFeatures(int... columns) {
    checkArgument(columns.length > 0, "dataset: no feature columns selected");
    for (int i = 0; i < columns.length; i++) {
      if (!(columns[i] >= 0 && columns[i] < numFeatures())) {
        throw new IllegalArgumentException(String.format("dataset: feature column %s is "
          + "out of range for %s features", columns[i], numFeatures()));
      }
    }
    return new Dataset(features.indexSelect(1, columns), targets, classNames);
  }

  /**
   * The same targets and class names with new features (e.g. standardized).
   *
   * @param newFeatures {@code [n, d']}, all finite
   * @return the new dataset
   * @throws IllegalArgumentException as the constructor (e.g. a different row count)
   */
  public Dataset withFeatures(Tensor newFeatures) {
    return new Dataset(newFeatures, targets, classNames);
  }

  /**
   * The same samples with new targets (e.g. one-hot or ±1 labels); class names are kept.
   *
   * @param newTargets {@code [n]} or {@code [n, k]}, all finite
   * @return the new dataset
   * @throws IllegalArgumentException as the constructor
   */
  public Dataset withTargets(Tensor newTargets) {
    return new Dataset(features, newTargets, classNames);
  }

  /**
   * Features and targets converted to {@code dtype} (this dataset if already so).
   *
   * @param dtype the dtype wanted
   * @return a dataset in {@code dtype}
   */
  public Dataset to(DType dtype) {
    return dtype == dtype() ? this : new Dataset(features.to(dtype), targets, classNames);
  }

  @Override
  public String toString() {
    return "Dataset(" + size() + " samples, " + numFeatures() + " features, targets "
        + targets.shape() + ", " + dtype() + (classNames.isEmpty() ? "" : ", classes "
        + classNames) + ")";
  }
}
