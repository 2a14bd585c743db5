package dev.jgrad.spark;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.io.TensorContents;
import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.optim.Optimizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/**
 * The work of one partition for one driver update (the {@code treeAggregate} sequence op): it
 * rebuilds the model from the broadcast parameters and either computes the gradient sum of its
 * share of one global batch (synchronous) or runs its shares of up to K consecutive steps with
 * its own copy of the optimizer (local steps). Caller mistakes ({@link IllegalArgumentException}
 * from the model, the loss or the metric) are recorded in the result rather than thrown, so Spark
 * does not retry a task that can only fail again; anything else fails the task and Spark retries
 * it, which is safe because a retried task recomputes the same result from the same inputs.
 */
final class WorkerStep implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Prefixes of the broadcast safetensors entries. */
  static final String MODEL = "model.";
  static final String OPTIMIZER = "optimizer.";

  private final ModelSpec spec;
  private final SparkLoss loss;
  private final SparkMetric metric;
  private final OptimizerFactory optimizer;
  private final Broadcast<byte[]> state;
  private final long seed;
  private final boolean shuffle;
  private final int epoch;
  private final int firstStep;
  private final int steps;
  private final int stepsPerEpoch;
  private final long[] phases;
  private final boolean local;

  /**
   * @param optimizer null for a synchronous step; for local steps, the executors' optimizer
   * @param state safetensors bytes: the parameters ({@code model.<name>}) and, for local steps,
   *     the optimizer state ({@code optimizer.<key>})
   * @param firstStep the first step within the epoch; {@code steps} of them are run
   * @param phases per partition index, its batch phase (see {@link PartitionData})
   */
  WorkerStep(ModelSpec spec, SparkLoss loss, SparkMetric metric, OptimizerFactory optimizer,
      Broadcast<byte[]> state, long seed, boolean shuffle, int epoch, int firstStep, int steps,
      int stepsPerEpoch, long[] phases) {
    this.spec = spec;
    this.loss = loss;
    this.metric = metric;
    this.optimizer = optimizer;
    this.state = state;
    this.seed = seed;
    this.shuffle = shuffle;
    this.epoch = epoch;
    this.firstStep = firstStep;
    this.steps = steps;
    this.stepsPerEpoch = stepsPerEpoch;
    this.phases = phases;
    this.local = optimizer != null;
  }

  /** Adds {@code data}'s result into {@code acc} and returns it. */
  Contribution apply(Contribution acc, PartitionData data) {
    if (data.rows == 0) {
      return acc; // an empty partition (after a filter, say) contributes nothing
    }
    int[][] rows = new int[steps][];
    long m = 0;
    for (int j = 0; j < steps; j++) {
      rows[j] = data.stepRows(seed, shuffle, epoch, firstStep + j, stepsPerEpoch,
          phases[data.partition]);
      m += rows[j].length;
    }
    if (m == 0) {
      return acc;
    }
    try {
      TensorContents contents = read(state.value());
      Layer model = spec.build();
      model.loadStateDict(prefixed(contents, MODEL), true);
      model.train();
      if (local) {
        runLocal(acc, data, rows, model, prefixed(contents, OPTIMIZER), m);
      } else {
        double[] s = batch(data, rows[0], model);
        acc.add(m, s[0] * m, s[1] * m, flatten(gradients(model)), null);
      }
    } catch (IllegalArgumentException e) {
      acc.fail(data.partition, String.format("epoch %s, step %s, partition %s: %s", epoch,
          firstStep, data.partition, e.getMessage()));
    }
    return acc;
  }

  private static TensorContents read(byte[] bytes) {
    try {
      return SafeTensors.read(bytes);
    } catch (TensorFileException e) {
      throw new IllegalStateException("spark_trainer: the broadcast parameters do not read back",
          e);
    }
  }

  private void runLocal(Contribution acc, PartitionData data, int[][] rows, Layer model,
      Map<String, Tensor> optimizerState, long m) {
    Optimizer opt = optimizer.create(model.parameters());
    opt.loadStateDict(optimizerState);
    double lossSum = 0;
    double metricSum = 0;
    for (int[] r : rows) {
      if (r.length == 0) {
        continue;
      }
      opt.zeroGrad();
      double[] s = batch(data, r, model);
      opt.step();
      lossSum += s[0] * r.length;
      metricSum += s[1] * r.length;
    }
    Map<String, Tensor> entries = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> entries.put(MODEL + k, v));
    opt.stateDict().forEach((k, v) -> entries.put(OPTIMIZER + k, v));
    List<String> layout = new ArrayList<>();
    entries.forEach((k, v) -> layout.add(layoutEntry(k, v)));
    double[] values = flatten(new ArrayList<>(entries.values()));
    for (int i = 0; i < values.length; i++) {
      values[i] *= m; // weighted by the rows this partition used in the round
    }
    acc.add(m, lossSum, metricSum, values, layout);
  }

  /**
   * Forward and backward of one batch: {@code [mean loss, mean metric]} over its rows; the
   * parameters' gradients hold the gradient of the <i>sum</i> of the per-example losses.
   */
  private double[] batch(PartitionData data, int[] rows, Layer model) {
    Tensor x = data.features(rows);
    Tensor y = data.labels(rows);
    Tensor out = model.forward(x);
    Tensor l = loss.compute(out, y);
    if (l.numel() != 1) {
      throw new IllegalArgumentException("the loss has shape " + l.shape() + "; it must be one "
          + "value, the mean over the rows (Reduction.MEAN)");
    }
    double lv = l.item();
    // Scaling the mean by the row count makes the gradients per-example sums, which add up
    // across partitions; the driver divides by the global count. In local steps the mean's own
    // gradient drives the local optimizer.
    (local ? l : l.mul((double) rows.length)).backward();
    double mv = metric == null ? 0 : metric.compute(out.detach(), y);
    return new double[] {lv, mv};
  }

  private static List<Tensor> gradients(Layer model) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor p : model.parameters()) {
      out.add(p.grad() == null ? Tensor.zeros(p.dtype(), p.shape().dims()) : p.grad());
    }
    return out;
  }

  /** The tensors' values one after another, as doubles. */
  static double[] flatten(List<Tensor> tensors) {
    int n = 0;
    for (Tensor t : tensors) {
      n += t.numel();
    }
    double[] out = new double[n];
    int at = 0;
    for (Tensor t : tensors) {
      double[] v = t.toDoubleArray();
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /** The entries of {@code contents} whose names start with {@code prefix}, without it. */
  static Map<String, Tensor> prefixed(TensorContents contents, String prefix) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    contents.tensors().forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** {@code name|DTYPE|d0,d1,...}: how the driver unflattens a local-steps vector. */
  static String layoutEntry(String name, Tensor t) {
    StringBuilder sb = new StringBuilder(name).append('|').append(t.dtype().name()).append('|');
    int[] dims = t.shape().dims();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ",").append(dims[i]);
    }
    return sb.toString();
  }

  /**
   * The tensors a layout describes, cut from {@code values} in order. Integer entries (step
   * counts, {@code num_batches_tracked}) are rounded to the nearest whole number: an average of
   * counts is a count again, and converting without rounding would truncate.
   */
  static Map<String, Tensor> unflatten(List<String> layout, double[] values) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    int at = 0;
    for (String entry : layout) {
      String[] parts = entry.split("\\|", -1);
      int[] dims = parts[2].isEmpty() ? new int[0]
          : java.util.Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt).toArray();
      int n = Shape.of(dims).numel();
      double[] v = java.util.Arrays.copyOfRange(values, at, at + n);
      at += n;
      DType dtype = DType.valueOf(parts[1]);
      if (dtype.isInteger()) {
        for (int i = 0; i < n; i++) {
          v[i] = Math.rint(v[i]);
        }
      }
      out.put(parts[0], Tensor.of(v, dims).to(dtype));
    }
    return out;
  }
}
