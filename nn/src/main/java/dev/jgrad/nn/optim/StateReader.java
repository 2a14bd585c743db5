package dev.jgrad.nn.optim;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a state dict for {@code loadStateDict} in two phases: every read records what is
 * missing, mis-shaped or invalid and returns a copy (or a placeholder), then {@link #finish()}
 * throws one {@link IllegalArgumentException} listing every problem and every unexpected name.
 * Callers commit what they read only after {@code finish()} returns, so a bad dict changes
 * nothing.
 *
 * <p>Counts (step numbers, epochs, evaluations) are 0-d INT64 tensors ({@link #countTensor}),
 * as PyTorch saves {@code num_batches_tracked}; {@link #count} also accepts the 0-d FLOAT64 whole
 * numbers that jgrad wrote before it had INT64, so older state files still load. Rates and other
 * real values are 0-d FLOAT64 ({@link #scalarTensor}).
 */
final class StateReader {
  private final String op;
  private final Map<String, Tensor> state;
  private final Set<String> used = new HashSet<>();
  private final List<String> missing = new ArrayList<>();
  private final List<String> misShaped = new ArrayList<>();
  private final List<String> invalid = new ArrayList<>();

  /**
   * @param op the owner named in the message, e.g. {@code adam}
   * @throws IllegalArgumentException if state is null
   */
  StateReader(String op, Map<String, Tensor> state) {
    if (state == null) {
      throw new IllegalArgumentException(op + ": loadStateDict: the state is null");
    }
    this.op = op;
    this.state = state;
  }

  /**
   * A copy of tensor {@code name}, which must have exactly this shape and dtype; null (and a
   * recorded problem) if it is missing or does not fit.
   */
  Tensor tensor(String name, Shape shape, DType dtype) {
    Tensor t = get(name);
    if (t == null) {
      return null;
    }
    if (!t.shape().equals(shape) || t.dtype() != dtype) {
      misShaped.add(name + ": expected " + shape + " " + dtype + ", got " + t.shape() + " "
          + t.dtype());
      return null;
    }
    return copy(t);
  }

  /**
   * A copy of FLOAT64 tensor {@code name} of rank {@code rank} (any sizes: the caller checks
   * them); null (and a recorded problem) if it is missing or does not fit.
   */
  Tensor float64(String name, int rank) {
    Tensor t = get(name);
    if (t == null) {
      return null;
    }
    if (t.rank() != rank || t.dtype() != DType.FLOAT64) {
      misShaped.add(name + ": expected a " + rank + "-d float64 tensor, got " + t.shape() + " "
          + t.dtype());
      return null;
    }
    return copy(t);
  }

  /** The value of 0-d FLOAT64 tensor {@code name}; NaN (and a recorded problem) if absent. */
  double scalar(String name) {
    Tensor t = get(name);
    if (t == null) {
      return Double.NaN;
    }
    if (t.rank() != 0 || t.dtype() != DType.FLOAT64) {
      misShaped.add(name + ": expected [] float64, got " + t.shape() + " " + t.dtype());
      return Double.NaN;
    }
    return t.item();
  }

  /** {@link #scalar} that must be finite and {@code >= 0} (a rate, a decay). */
  double nonNegative(String name) {
    double v = scalar(name);
    if (!Double.isNaN(v) && !(v >= 0 && Double.isFinite(v))) {
      invalid.add(name + " must be finite and >= 0, got " + v);
    }
    return v;
  }

  /**
   * The value of count {@code name}: a 0-d INT64 tensor {@code >= 0}, or (as saved by earlier
   * jgrad versions) a 0-d FLOAT64 whole number in {@code [0, 2^53]}; 0 (and a recorded problem)
   * if it is absent or not such a count.
   */
  long count(String name) {
    Tensor t = get(name);
    if (t == null) {
      return 0;
    }
    if (t.rank() != 0 || (t.dtype() != DType.INT64 && t.dtype() != DType.FLOAT64)) {
      misShaped.add(name + ": expected [] int64, got " + t.shape() + " " + t.dtype());
      return 0;
    }
    if (t.dtype() == DType.FLOAT64) {
      double v = t.item();
      if (!(v >= 0 && v <= 0x1p53 && v == Math.rint(v))) {
        invalid.add(name + " must be an integer >= 0, got " + v);
        return 0;
      }
      return (long) v;
    }
    long v = t.longItem();
    if (v < 0) {
      invalid.add(name + " must be an integer >= 0, got " + v);
      return 0;
    }
    return v;
  }

  /**
   * Checks that configuration value {@code name} (not restored: it belongs to the code that
   * built the object) equals {@code expected}.
   */
  void config(String name, double expected) {
    double v = scalar(name);
    if (!Double.isNaN(v) && Double.doubleToLongBits(v) != Double.doubleToLongBits(expected)) {
      invalid.add(name + " is " + v + " in the state but " + expected + " in this " + op
          + " (configure it as the saved one was)");
    }
  }

  /** Records a problem found by the caller. */
  void invalid(String problem) {
    invalid.add(problem);
  }

  /** True if {@code name} is present (and marks it as used). */
  boolean has(String name) {
    if (state.containsKey(name)) {
      used.add(name);
      return true;
    }
    return false;
  }

  private Tensor get(String name) {
    Tensor t = state.get(name);
    if (t == null) {
      missing.add(name);
      return null;
    }
    used.add(name);
    return t;
  }

  /**
   * Throws if anything was missing, mis-shaped, invalid or unexpected, e.g. {@code adam:
   * loadStateDict: missing [state.0.exp_avg]; unexpected [state.9.step]}.
   *
   * @throws IllegalArgumentException listing every problem
   */
  void finish() {
    Set<String> unexpected = new TreeSet<>();
    for (String k : state.keySet()) {
      if (!used.contains(k)) {
        unexpected.add(k);
      }
    }
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("missing " + missing);
    }
    if (!unexpected.isEmpty()) {
      parts.add("unexpected " + unexpected);
    }
    if (!misShaped.isEmpty()) {
      parts.add("mis-shaped " + misShaped);
    }
    parts.addAll(invalid);
    if (!parts.isEmpty()) {
      throw new IllegalArgumentException(op + ": loadStateDict: " + String.join("; ", parts)
          + "; nothing was loaded");
    }
  }

  /** An independent copy of {@code t} (same shape, dtype and bits). */
  static Tensor copy(Tensor t) {
    int[] dims = t.shape().dims();
    return t.dtype() == DType.FLOAT32 ? Tensor.of(t.toFloatArray(), dims)
        : Tensor.of(t.toDoubleArray(), dims);
  }

  /** A 0-d FLOAT64 tensor (how rates and other real values are stored). */
  static Tensor scalarTensor(double v) {
    return Tensor.scalar(DType.FLOAT64, v);
  }

  /** A 0-d INT64 tensor (how counts are stored; read back with {@link #count}). */
  static Tensor countTensor(long v) {
    return Tensor.scalar(DType.INT64, v);
  }
}
