package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.metrics.Metric;
import dev.jgrad.nn.optim.LrSchedule;
import dev.jgrad.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optional training loop: epochs of mini-batches with {@code zeroGrad / forward / loss /
 * backward / step}, recording a loss history and metrics and calling listeners. It is exactly
 * the plain loop below plus bookkeeping, which remains the obvious way to train:
 *
 * <pre>{@code
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   for (Batch b : loader) {
 *     optimizer.zeroGrad();
 *     loss.compute(model.forward(b.features()), b.targets()).backward();
 *     optimizer.step();
 *   }
 * }
 * }</pre>
 *
 * <p>Per epoch it also applies the learning-rate schedule (if any) before the first step, and
 * after the last step evaluates the metrics on the whole training set and the validation data
 * (if any) in evaluation mode without a graph. Configuration methods return this.
 */
public final class Trainer {
  private final Layer model;
  private final Loss loss;
  private final Optimizer optimizer;
  private int epochs = 10;
  private LrSchedule schedule;
  private final LinkedHashMap<String, Metric> metrics = new LinkedHashMap<>();
  private Dataset validation;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private boolean stop;

  /**
   * A loop training {@code model} on {@code loss} with {@code optimizer}.
   *
   * @param model the layer trained (switched to training mode by {@link #fit})
   * @param loss the loss of its output against the batch's targets
   * @param optimizer updates the model's parameters
   * @throws IllegalArgumentException if one is null
   */
  public Trainer(Layer model, Loss loss, Optimizer optimizer) {
    checkArgument(model != null && loss != null && optimizer != null,
        "trainer: model, loss and optimizer must not be null");
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
  }

  /**
   * Number of epochs (default 10).
   *
   * @param epochs the number of passes over the loader
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public Trainer epochs(int epochs) {
    checkArgument(epochs > 0, "trainer: epochs must be positive, got %s", epochs);
    this.epochs = epochs;
    return this;
  }

  /**
   * A learning-rate schedule applied at the start of each epoch (t = epoch index).
   *
   * @param schedule the schedule
   * @return this
   */
  public Trainer schedule(LrSchedule schedule) {
    this.schedule = schedule;
    return this;
  }

  /**
   * Tracks a metric under {@code name} on the training set (and as {@code val_<name>} on the
   * validation data).
   *
   * @param name the metric's name
   * @param metric computes it from the model's output and the targets
   * @return this
   * @throws IllegalArgumentException if the name is {@code loss} or already used
   */
  public Trainer metric(String name, Metric metric) {
    checkArgument(!name.equals("loss") && !name.startsWith("val_") && !metrics.containsKey(name),
        "trainer: metric name '%s' is reserved or already used", name);
    metrics.put(name, metric);
    return this;
  }

  /**
   * Validation data evaluated after each epoch ({@code val_loss}, {@code val_<metric>}).
   *
   * @param data the validation set
   * @return this
   */
  public Trainer validation(Dataset data) {
    this.validation = data;
    return this;
  }

  /**
   * Adds a listener.
   *
   * @param listener called on the training thread
   * @return this
   */
  public Trainer listener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Asks {@link #fit} to finish after the current epoch (e.g. from a listener: early stopping). */
  public void stop() {
    stop = true;
  }

  /**
   * Trains for the configured epochs, each a pass over {@code loader} (its next epoch), and
   * returns the history. The model is left in training mode.
   *
   * @param loader the batches
   * @return the per-epoch values
   *
   * @throws IllegalArgumentException if the loss is not a one-element tensor
   * @throws IllegalStateException if the loss becomes NaN or infinite (naming epoch and batch)
   */
  public History fit(DataLoader loader) {
    History history = new History();
    stop = false;
    model.train();
    for (TrainingListener l : listeners) {
      l.onTrainStart(epochs, loader.numBatches());
    }
    for (int epoch = 0; epoch < epochs && !stop; epoch++) {
      if (schedule != null) {
        schedule.apply(optimizer, epoch);
      }
      double sum = 0;
      long count = 0;
      int b = 0;
      for (Batch batch : loader) {
        optimizer.zeroGrad();
        Tensor l = loss.compute(model.forward(batch.features()), batch.targets());
        checkArgument(l.numel() == 1, "trainer: the loss has shape %s; it must be one value "
            + "(use Reduction.MEAN or SUM)", l.shape());
        double v = l.item();
        if (!Double.isFinite(v)) {
          throw new IllegalStateException(String.format("trainer: loss is %s at epoch %s, batch "
              + "%s (learning rate %s too high? Anomaly.detect() finds the op)", v, epoch, b,
              optimizer.learningRate()));
        }
        l.backward();
        optimizer.step();
        sum += v * batch.size();
        count += batch.size();
        for (TrainingListener lis : listeners) {
          lis.onBatchEnd(epoch, b, loader.numBatches(), v);
        }
        b++;
      }
      LinkedHashMap<String, Double> values = new LinkedHashMap<>();
      values.put("loss", sum / count);
      if (!metrics.isEmpty()) {
        evaluate(loader.dataset(), "", false, values);
      }
      if (validation != null) {
        evaluate(validation, "val_", true, values);
      }
      EpochResult r = new EpochResult(epoch, values, optimizer.learningRate());
      history.add(r);
      for (TrainingListener lis : listeners) {
        lis.onEpochEnd(r);
      }
    }
    for (TrainingListener l : listeners) {
      l.onTrainEnd(history);
    }
    return history;
  }

  /** Loss (if wanted) and metrics of the model on a dataset, in eval mode without a graph. */
  @SuppressWarnings("try") // the scope is only opened and closed
  private void evaluate(Dataset data, String prefix, boolean withLoss, Map<String, Double> out) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      model.eval();
      Tensor output = model.forward(data.features());
      if (withLoss) {
        out.put(prefix + "loss", loss.compute(output, data.targets()).item());
      }
      for (Map.Entry<String, Metric> e : metrics.entrySet()) {
        out.put(prefix + e.getKey(), e.getValue().compute(output, data.targets()));
      }
    } finally {
      model.train();
    }
  }
}
