package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.EpochResult;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training of a jgrad model on the rows of a Spark {@code Dataset<Row>}.
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(model, Losses::crossEntropy, p -> new Adam(p, 1e-3))
 *     .columns("features", "label").batchSize(64).epochs(10)
 *     .metric("accuracy", SparkMetric.accuracyFromLogits());
 * TrainingResult result = trainer.fit(dataFrame);
 * }</pre>
 *
 * <p><b>Data.</b> The features column holds an array of float/double or a Spark ML vector, the
 * label column a number (see {@link RowReader}). The rows are read once into one dense block per
 * partition, checked (a bad row fails {@link #fit} before training, naming the column and the
 * row: its position in the DataFrame's partition order, as {@code collectAsList()} lists it) and
 * cached until {@code fit} returns. Empty partitions are skipped. An epoch has
 * {@code S = ceil(N/B)} steps for N rows and batch size B; each step's global batch takes from
 * every partition its proportional share (so a batch has B rows give or take the number of
 * partitions), drawn by a per-epoch permutation of the partition's rows (see
 * {@link PartitionData}).
 *
 * <p><b>Synchronous mode</b> (the default) is mini-batch SGD as on one machine: each step the
 * driver broadcasts the parameters as safetensors bytes, every partition computes
 * {@code Σ_{i in batch_p} ∂l_i/∂w} and its row count {@code m_p}, {@code treeAggregate} combines
 * them, and the driver sets each gradient to {@code (Σ_p Σ_i ∂l_i/∂w) / Σ_p m_p}, the gradient of
 * the batch's mean loss, and steps its optimizer (whose state stays on the driver).
 *
 * <p><b>Local-steps mode</b> ({@link #localSteps(int)} K) is parameter averaging, as DL4J's
 * averaging frequency: the driver broadcasts parameters and optimizer state, each partition runs
 * its shares of K consecutive steps with its own copy of the optimizer, and the driver replaces
 * parameters and optimizer state by their averages weighted by the rows each partition used.
 * One Spark job per K steps instead of per step; with K = 1 and plain SGD it equals synchronous
 * training. The K local models drift apart between averagings, so larger K trades accuracy per
 * step for less per-job overhead.
 *
 * <p><b>Determinism.</b> Partition results are summed with {@link ExactSum}, whose result does
 * not depend on the order in which Spark combines them, so two runs with the same seed and the
 * same partitioning give bit-identical parameters and history (also when tasks fail and are
 * retried: a task's result is used once, whichever attempt produced it).
 *
 * <p><b>Checkpoints</b> ({@link #checkpoints}) are written by the driver every N updates;
 * {@link #resumeFrom} continues from one bit-identically.
 *
 * <p>Spark task closures (this configuration, the loss, the metric, the factories) travel with
 * Spark's own Java serialization between the driver and its executors; parameters, optimizer
 * state and checkpoints are safetensors. Not thread-safe; one {@code fit} at a time.
 */
public final class SparkTrainer {
  private final Sequential model;
  private final LayerFactory factory;
  private final SparkLoss loss;
  private final OptimizerFactory optimizer;
  private String featuresColumn = "features";
  private String labelColumn = "label";
  private int batchSize = 32;
  private int epochs = 10;
  private int localSteps;
  private long seed;
  private boolean shuffle = true;
  private String metricName;
  private SparkMetric metric;
  private Path checkpointDirectory;
  private int checkpointEvery;
  private Path resumeFrom;
  private final List<TrainingListener> listeners = new ArrayList<>();

  /**
   * A trainer for a model the {@code ModelFiles} architecture format describes (a
   * {@link Sequential} of linear layers and activations): the executors rebuild it from its
   * architecture JSON. The model is trained in place when {@link #fit} returns, and only then.
   *
   * @param model the model with its initial parameters
   * @param loss the mean loss over a batch, e.g. {@code Losses::crossEntropy}
   * @param optimizer builds the optimizer, e.g. {@code p -> new Adam(p, 1e-3)}
   * @throws IllegalArgumentException if the model holds a layer the format cannot describe (use
   *     {@link #SparkTrainer(LayerFactory, SparkLoss, OptimizerFactory)}), or has no parameters
   */
  public SparkTrainer(Sequential model, SparkLoss loss, OptimizerFactory optimizer) {
    checkArgument(model != null && loss != null && optimizer != null,
        "spark_trainer: model, loss and optimizer must not be null");
    checkArgument(model.numParameters() > 0, "spark_trainer: the model has no parameters");
    ModelSpec.of(model); // fails now, not at fit, if the architecture cannot be written
    this.model = model;
    this.factory = null;
    this.loss = loss;
    this.optimizer = optimizer;
  }

  /**
   * A trainer for a model built by {@code factory} on the driver and on every executor. The
   * driver's model (the factory's first result, made in {@link #fit}) gives the initial values
   * and is returned trained.
   *
   * @param factory builds the model; each call must give the same parameter names and shapes
   *     (serialized to the executors)
   * @param loss the mean loss over a batch, e.g. {@code Losses::crossEntropy}
   * @param optimizer builds the optimizer, e.g. {@code p -> new Adam(p, 1e-3)}
   * @throws IllegalArgumentException if an argument is null
   */
  public SparkTrainer(LayerFactory factory, SparkLoss loss, OptimizerFactory optimizer) {
    checkArgument(factory != null && loss != null && optimizer != null,
        "spark_trainer: factory, loss and optimizer must not be null");
    this.model = null;
    this.factory = factory;
    this.loss = loss;
    this.optimizer = optimizer;
  }

  /**
   * The names of the features and label columns (default {@code features}, {@code label}).
   * Whether they exist and have usable types is checked by {@link #fit}.
   *
   * @param features the column holding each row's feature vector (an array of float/double or a
   *     Spark ML vector), non-empty
   * @param label the column holding each row's label (a number), non-empty
   * @return this
   * @throws IllegalArgumentException if a name is null or empty
   */
  public SparkTrainer columns(String features, String label) {
    checkArgument(features != null && !features.isEmpty() && label != null && !label.isEmpty(),
        "spark_trainer: column names must not be empty, got '%s' and '%s'", features, label);
    this.featuresColumn = features;
    this.labelColumn = label;
    return this;
  }

  /**
   * The global batch size B (default 32); B at least the row count gives full-batch training.
   *
   * @param batchSize rows per step summed over all partitions, {@code >= 1}; an epoch of N rows
   *     has {@code ceil(N/B)} steps
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public SparkTrainer batchSize(int batchSize) {
    checkArgument(batchSize > 0, "spark_trainer: batch size must be positive, got %s", batchSize);
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Number of passes over the data (default 10).
   *
   * @param epochs the number of epochs, {@code >= 1}; when resuming, the total including those
   *     the checkpointed run already completed
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public SparkTrainer epochs(int epochs) {
    checkArgument(epochs > 0, "spark_trainer: epochs must be positive, got %s", epochs);
    this.epochs = epochs;
    return this;
  }

  /**
   * Switches to local-steps mode: each partition runs K steps with its own optimizer between
   * averagings (see the class comment). Rounds do not cross epochs: an epoch of S steps has
   * {@code ceil(S/K)} rounds.
   *
   * @param k local steps per averaging, at least 1
   * @return this
   * @throws IllegalArgumentException if {@code k < 1}
   */
  public SparkTrainer localSteps(int k) {
    checkArgument(k >= 1, "spark_trainer: local steps must be at least 1, got %s", k);
    this.localSteps = k;
    return this;
  }

  /**
   * The seed of the per-epoch row permutations (default 0).
   *
   * @param seed any value; the same seed, data and partitioning give bit-identical runs
   * @return this
   */
  public SparkTrainer seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Whether to permute each partition's rows every epoch (default true); without, steps take
   * rows in partition order.
   *
   * @param shuffle true to draw each epoch's steps from a fresh permutation of every partition's
   *     rows, false to take them in order
   * @return this
   */
  public SparkTrainer shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /**
   * A metric recorded per epoch under {@code name}, the example-weighted mean over the epoch's
   * steps of its value on each step's batch (before the update), like the loss. One metric per
   * trainer: a second call replaces the first.
   *
   * @param name the key of the metric in each {@link EpochResult}; not {@code loss},
   *     {@code examples} or {@code seconds_per_step}
   * @param metric the metric, a mean over the rows it is given (e.g.
   *     {@link SparkMetric#accuracyFromLogits()}), serialized to the executors
   * @return this
   * @throws IllegalArgumentException if the name is reserved ({@code loss}, {@code examples},
   *     {@code seconds_per_step}) or the metric null
   */
  public SparkTrainer metric(String name, SparkMetric metric) {
    checkArgument(metric != null && name != null && !List.of("loss", "examples",
        "seconds_per_step").contains(name), "spark_trainer: metric name '%s' is reserved or the "
        + "metric is null", name);
    this.metricName = name;
    this.metric = metric;
    return this;
  }

  /**
   * Writes a checkpoint into {@code directory} after every {@code every} driver updates (see
   * {@link Checkpoints}).
   *
   * @param directory where the driver writes {@code step-NNNNNNNN.safetensors} files (a path on
   *     the driver's file system, created if missing)
   * @param every the number of driver updates between checkpoints, {@code >= 1} (an update is a
   *     step in synchronous mode, an averaging round in local-steps mode)
   * @return this
   * @throws IllegalArgumentException if {@code directory} is null or {@code every} is not
   *     positive
   */
  public SparkTrainer checkpoints(Path directory, int every) {
    checkArgument(directory != null && every > 0, "spark_trainer: checkpoints need a directory "
        + "and a positive interval, got %s and %s", directory, every);
    this.checkpointDirectory = directory;
    this.checkpointEvery = every;
    return this;
  }

  /**
   * Starts {@link #fit} from a checkpoint (e.g. {@code Checkpoints.latest(dir).get()}) instead
   * of the model's parameters: the run continues as if it had not stopped and ends with the same
   * parameters. The data, partitioning, batch size, seed and mode must be those of the run that
   * wrote it; the epochs may be more.
   *
   * @param checkpoint a checkpoint file on the driver's file system written by
   *     {@link #checkpoints}, or null to start from the model's parameters; it is read and
   *     checked against this run by {@link #fit}
   * @return this
   */
  public SparkTrainer resumeFrom(Path checkpoint) {
    this.resumeFrom = checkpoint;
    return this;
  }

  /**
   * Adds a listener: {@code onBatchEnd} after each driver update (batch = the update's index in
   * its epoch), {@code onEpochEnd} after each epoch. An exception it throws stops {@link #fit}.
   *
   * @param listener the listener, non-null, called on the thread that runs {@code fit} (on the
   *     driver), in the order listeners were added
   * @return this
   * @throws IllegalArgumentException if {@code listener} is null
   */
  public SparkTrainer listener(TrainingListener listener) {
    checkArgument(listener != null, "spark_trainer: listener is null");
    listeners.add(listener);
    return this;
  }

  /**
   * Trains on {@code data} and returns the trained model and its history. The model given to
   * the constructor is changed only if this returns normally.
   *
   * @param data the rows, with the features and label columns
   * @return the model, the per-epoch history and the update count
   * @throws IllegalArgumentException for a missing column or one of the wrong type, no rows, a
   *     bad row (naming the column and the row), a checkpoint that does not fit this run, or a
   *     caller mistake the model or the loss reports on a batch (naming epoch, step and
   *     partition)
   * @throws IllegalStateException if the loss or a gradient becomes NaN or infinite (naming
   *     epoch and step; the model keeps the last finite parameters)
   * @throws UncheckedIOException if a checkpoint cannot be written or read
   */
  public TrainingResult fit(Dataset<Row> data) {
    checkArgument(data != null, "spark_trainer: data is null");
    Layer target = model != null ? model : factory.create();
    ModelSpec spec = model != null ? ModelSpec.of(model)
        : ModelSpec.of(factory, target.numParameters());
    Layer driver = spec.build(); // the copy trained here; `target` gets its values at the end
    driver.loadStateDict(target.stateDict(), true);
    DType dtype = driver.parameters().get(0).dtype();
    RowReader reader = RowReader.check(data.schema(), featuresColumn, labelColumn,
        ModelSpec.inputFeatures(driver));
    boolean float32 = dtype == DType.FLOAT32;
    JavaRDD<PartitionData> blocks = data.javaRDD()
        .mapPartitionsWithIndex((i, rows) -> Collections.singletonList(
            reader.read(i, rows, float32)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long[] rows = checkedRows(blocks, reader);
      Run run = new Run(spec, driver, rows, JavaSparkContext.fromSparkContext(
          data.sparkSession().sparkContext()));
      run.train(blocks);
      target.loadStateDict(driver.stateDict(), true);
      return new TrainingResult(target, run.history, run.updates);
    } finally {
      blocks.unpersist(false);
    }
  }

  /** Row counts per partition, after checking every partition read cleanly. */
  private static long[] checkedRows(JavaRDD<PartitionData> blocks, RowReader reader) {
    List<PartitionData.Summary> summary = blocks.map(PartitionData::summary).collect();
    long[] rows = new long[summary.size()];
    long before = 0;
    int width = -1;
    long widthRow = -1;
    for (int p = 0; p < rows.length; p++) {
      PartitionData.Summary s = summary.get(p);
      if (s.problem() != null) {
        throw new IllegalArgumentException(String.format("spark_trainer: row %s (row %s of "
            + "partition %s): %s", before + s.problemRow(), s.problemRow(), p, s.problem()));
      }
      if (s.rows() > 0 && width < 0) {
        width = s.features();
        widthRow = before;
      } else if (s.rows() > 0 && s.features() != width) {
        throw new IllegalArgumentException(String.format("spark_trainer: row %s (row 0 of "
            + "partition %s): features column '%s' has %s values, but row %s has %s", before, p,
            reader.featuresColumn(), s.features(), widthRow, width));
      }
      rows[p] = s.rows();
      before += s.rows();
    }
    checkArgument(before > 0, "spark_trainer: the DataFrame has no rows");
    return rows;
  }

  /** The state of one {@link #fit}: the driver's model and optimizer, position and history. */
  private final class Run {
    final ModelSpec spec;
    final Layer model;
    final Optimizer opt;
    final long[] rows;
    final long total;
    final long[] phases;
    final int stepsPerEpoch;
    final int updatesPerEpoch;
    final JavaSparkContext sc;
    final History history = new History();
    long updates;
    // the running epoch's sums
    double lossSum;
    double metricSum;
    long examples;
    double seconds;
    int epochUpdates;

    Run(ModelSpec spec, Layer model, long[] rows, JavaSparkContext sc) {
      this.spec = spec;
      this.model = model;
      this.opt = optimizer.create(model.parameters());
      this.rows = rows;
      this.sc = sc;
      this.total = Arrays.stream(rows).sum();
      this.stepsPerEpoch = (int) Math.min(Integer.MAX_VALUE, (total + batchSize - 1) / batchSize);
      this.updatesPerEpoch = localSteps == 0 ? stepsPerEpoch
          : (stepsPerEpoch + localSteps - 1) / localSteps;
      this.phases = new long[rows.length];
      long before = 0;
      for (int p = 0; p < rows.length; p++) {
        phases[p] = before % stepsPerEpoch;
        before += rows[p];
      }
    }

    void train(JavaRDD<PartitionData> blocks) {
      if (resumeFrom != null) {
        resume();
      }
      for (TrainingListener l : listeners) {
        l.onTrainStart(epochs, updatesPerEpoch);
      }
      long end = (long) epochs * updatesPerEpoch;
      for (; updates < end; updates++) {
        int epoch = (int) (updates / updatesPerEpoch);
        int r = (int) (updates % updatesPerEpoch);
        update(blocks, epoch, r);
        if (r == updatesPerEpoch - 1) {
          endEpoch(epoch);
        }
        if (checkpointEvery > 0 && (updates + 1) % checkpointEvery == 0) {
          checkpoint(updates + 1);
        }
      }
      for (TrainingListener l : listeners) {
        l.onTrainEnd(history);
      }
    }

    private void update(JavaRDD<PartitionData> blocks, int epoch, int r) {
      long t0 = System.nanoTime();
      boolean local = localSteps > 0;
      int firstStep = local ? r * localSteps : r;
      int steps = local ? Math.min(localSteps, stepsPerEpoch - firstStep) : 1;
      Map<String, Tensor> state = new LinkedHashMap<>();
      model.stateDict().forEach((k, v) -> state.put(WorkerStep.MODEL + k, v));
      if (local) {
        opt.stateDict().forEach((k, v) -> state.put(WorkerStep.OPTIMIZER + k, v));
      }
      Broadcast<byte[]> bc = sc.broadcast(SafeTensors.toBytes(state, null));
      Contribution c;
      try {
        WorkerStep step = new WorkerStep(spec, loss, metric, local ? optimizer : null, bc, seed,
            shuffle, epoch, firstStep, steps, stepsPerEpoch, phases);
        c = blocks.treeAggregate(Contribution.empty(), step::apply, Contribution::merge, 2);
      } finally {
        bc.destroy();
      }
      if (c.problem != null) {
        throw new IllegalArgumentException("spark_trainer: " + c.problem);
      }
      double[] stats = c.stats.values();
      double meanLoss = stats[0] / c.examples;
      if (!Double.isFinite(meanLoss)) {
        throw new IllegalStateException(String.format("spark_trainer: loss is %s at epoch %s, "
            + "update %s (learning rate %s too high?); the model keeps the parameters before "
            + "this update", meanLoss, epoch, r, opt.learningRate()));
      }
      double[] values = c.vector.values();
      for (int i = 0; i < values.length; i++) {
        values[i] /= c.examples;
        if (!Double.isFinite(values[i])) {
          throw new IllegalStateException(String.format("spark_trainer: %s is %s at epoch %s, "
              + "update %s; the model keeps the parameters before this update",
              local ? "an averaged parameter or optimizer state" : "a gradient", values[i],
              epoch, r));
        }
      }
      if (local) {
        Map<String, Tensor> averaged = WorkerStep.unflatten(c.layout, values);
        model.loadStateDict(strip(averaged, WorkerStep.MODEL), true);
        Map<String, Tensor> optState = strip(averaged, WorkerStep.OPTIMIZER);
        // Hyperparameters and learning rates are the driver's (every worker had the same ones;
        // averaging would only round them); step counts, INT64, were rounded by unflatten.
        Map<String, Tensor> mine = opt.stateDict();
        optState.replaceAll((k, v) -> k.startsWith("config.") || k.startsWith("param_groups.")
            ? mine.get(k) : v);
        opt.loadStateDict(optState);
      } else {
        setGradients(values);
        opt.step();
      }
      lossSum += stats[0];
      metricSum += stats[1];
      examples += c.examples;
      seconds += (System.nanoTime() - t0) / 1e9;
      epochUpdates++;
      for (TrainingListener l : listeners) {
        l.onBatchEnd(epoch, r, updatesPerEpoch, meanLoss);
      }
    }

    /**
     * Sets every parameter's gradient to its slice of {@code g}: the gradient of
     * {@code Σ_w sum(w ⊙ g_w)} with respect to w is exactly g_w (core has no gradient setter).
     */
    private void setGradients(double[] g) {
      opt.zeroGrad();
      Tensor surrogate = null;
      int at = 0;
      for (Tensor p : model.parameters()) {
        int n = p.numel();
        Tensor gp = Tensor.of(Arrays.copyOfRange(g, at, at + n), p.shape().dims()).to(p.dtype());
        at += n;
        Tensor term = p.mul(gp).sum();
        surrogate = surrogate == null ? term : surrogate.add(term);
      }
      surrogate.backward();
    }

    private void endEpoch(int epoch) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("loss", lossSum / examples);
      if (metric != null) {
        values.put(metricName, metricSum / examples);
      }
      values.put("examples", (double) examples);
      values.put("seconds_per_step", seconds / epochUpdates);
      EpochResult result = new EpochResult(epoch, values, opt.learningRate());
      history.add(result);
      lossSum = 0;
      metricSum = 0;
      examples = 0;
      seconds = 0;
      epochUpdates = 0;
      for (TrainingListener l : listeners) {
        l.onEpochEnd(result);
      }
    }

    /** What a checkpoint must match to be resumed by this run. */
    private Map<String, String> fingerprint() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("rows", Arrays.toString(rows));
      m.put("batch_size", Integer.toString(batchSize));
      m.put("seed", Long.toString(seed));
      m.put("shuffle", Boolean.toString(shuffle));
      m.put("local_steps", Integer.toString(localSteps));
      return m;
    }

    private void checkpoint(long after) {
      Map<String, String> meta = fingerprint();
      meta.put("updates", Long.toString(after));
      meta.put("epoch.loss_sum", Double.toString(lossSum));
      meta.put("epoch.metric_sum", Double.toString(metricSum));
      meta.put("epoch.examples", Long.toString(examples));
      meta.put("epoch.seconds", Double.toString(seconds));
      meta.put("epoch.updates", Integer.toString(epochUpdates));
      meta.put("history.epochs", Integer.toString(history.size()));
      for (EpochResult e : history.epochs()) {
        StringBuilder sb = new StringBuilder();
        e.values().forEach((k, v) -> sb.append(k).append('=').append(v).append(';'));
        meta.put("history." + e.epoch(), sb.append("lr=").append(e.learningRate()).toString());
      }
      try {
        Checkpoints.write(checkpointDirectory, after, model.stateDict(),
            opt.stateDict(), meta);
      } catch (IOException e) {
        throw new UncheckedIOException("spark_trainer: cannot write a checkpoint into "
            + checkpointDirectory, e);
      }
    }

    private void resume() {
      Checkpoints.Contents c;
      try {
        c = Checkpoints.read(resumeFrom);
      } catch (IOException e) {
        throw new UncheckedIOException("spark_trainer: cannot read checkpoint " + resumeFrom, e);
      }
      Map<String, String> meta = c.metadata();
      fingerprint().forEach((k, v) -> checkArgument(v.equals(meta.get(k)), "spark_trainer: "
          + "checkpoint %s was written with %s = %s, this run has %s", resumeFrom, k,
          meta.get(k), v));
      model.loadStateDict(c.model(), true);
      opt.loadStateDict(c.optimizer());
      updates = Long.parseLong(meta.get("updates"));
      lossSum = Double.parseDouble(meta.get("epoch.loss_sum"));
      metricSum = Double.parseDouble(meta.get("epoch.metric_sum"));
      examples = Long.parseLong(meta.get("epoch.examples"));
      seconds = Double.parseDouble(meta.get("epoch.seconds"));
      epochUpdates = Integer.parseInt(meta.get("epoch.updates"));
      int done = Integer.parseInt(meta.get("history.epochs"));
      for (int e = 0; e < done; e++) {
        Map<String, Double> values = new LinkedHashMap<>();
        double lr = 0;
        for (String kv : meta.get("history." + e).split(";")) {
          String[] p = kv.split("=", 2);
          if (p[0].equals("lr")) {
            lr = Double.parseDouble(p[1]);
          } else {
            values.put(p[0], Double.parseDouble(p[1]));
          }
        }
        history.add(new EpochResult(e, values, lr));
      }
    }
  }

  private static Map<String, Tensor> strip(Map<String, Tensor> entries, String prefix) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    entries.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
