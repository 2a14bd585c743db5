package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.metrics.Metrics;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Trainer;
import java.util.List;

/**
 * A {@link Sequential} stack of layers with a {@link Task} that gives it its loss and its
 * predictions: the common base of the classic models. {@link #forward} returns the raw output
 * (logits for classification); a single output unit of a {@link Task#BINARY} or regression task
 * is squeezed, so a batch gives {@code [n]} to match targets {@code [n]}. Parameters are named
 * {@code layers.<i>.weight}, {@code layers.<i>.bias}.
 */
public class Network extends Sequential {
  private final Task task;
  private final int outputs;

  /**
   * A network of the given layers; the last {@link Linear} layer's units are the outputs.
   *
   * @throws IllegalArgumentException if there is no Linear layer, or the output units do not
   *     fit the task (BINARY needs 1, MULTICLASS at least 2)
   */
  public Network(Task task, List<? extends Layer> layers) {
    super(layers);
    checkArgument(task != null, "network: task is null");
    this.task = task;
    int out = -1;
    for (Layer m : layers) {
      if (m instanceof Linear) {
        out = ((Linear) m).outFeatures();
      }
    }
    checkArgument(out > 0, "network: no Linear layer among %s", layers);
    checkArgument(task != Task.BINARY || out == 1, "network: a BINARY network has 1 output unit, "
        + "got %s (use MULTI_LABEL or MULTICLASS)", out);
    checkArgument(task != Task.MULTICLASS || out >= 2, "network: a MULTICLASS network needs at "
        + "least 2 output units, got %s (use BINARY)", out);
    this.outputs = out;
  }

  /** The task. */
  public final Task task() {
    return task;
  }

  /** Number of output units. */
  public final int outputs() {
    return outputs;
  }

  /** The raw output: {@code [n, outputs]}, or {@code [n]} for one unit of BINARY/regression. */
  @Override
  public Tensor forward(Tensor input) {
    Tensor y = super.forward(input);
    boolean squeeze = outputs == 1 && task != Task.MULTI_LABEL;
    return squeeze && y.rank() == 2 && y.size(1) == 1 ? y.reshape(y.size(0)) : y;
  }

  /** The task's loss of a raw output against targets (mean over samples). */
  public Tensor loss(Tensor output, Tensor targets) {
    return task.loss(output, targets);
  }

  /** Predictions for {@code x} (labels or values), computed in evaluation mode without a graph. */
  public Tensor predict(Tensor x) {
    return task.predictions(inference(x));
  }

  /** Class probabilities for {@code x}, in evaluation mode without a graph. */
  public Tensor predictProbabilities(Tensor x) {
    return task.probabilities(inference(x));
  }

  /** The fraction of a dataset's targets that {@link #predict} gets right (classification). */
  public double accuracy(Dataset data) {
    checkArgument(task.isClassification(), "accuracy: %s is not a classification task", task);
    return Metrics.accuracy(predict(data.features()), data.targets());
  }

  private Tensor inference(Tensor x) {
    boolean was = isTraining();
    eval();
    try {
      return Autograd.noGrad(() -> forward(x));
    } finally {
      train(was);
    }
  }

  /**
   * Trains with {@link Trainer} for {@code epochs} passes over {@code loader} on the task's loss
   * and returns the loss history.
   */
  public History fit(DataLoader loader, Optimizer optimizer, int epochs) {
    return new Trainer(this, this::loss, optimizer).epochs(epochs).fit(loader);
  }
}
