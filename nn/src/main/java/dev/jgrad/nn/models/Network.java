package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Linear;
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
 * predictions: the common base of the classic models, which all train the same way,
 *
 * <pre>{@code
 * History h = model.fit(DataLoader.of(train, 32).shuffle(1), new SGD(model.parameters(), 0.1), 20);
 * }</pre>
 *
 * (or {@link #trainer(Optimizer)} for metrics, validation and listeners). {@link #forward}
 * returns the raw output (logits for classification); a single output unit of a task other than
 * {@link Task#MULTI_LABEL} is squeezed, so a batch gives {@code [n]} to match targets
 * {@code [n]}. Parameters are named {@code layers.<i>.weight}, {@code layers.<i>.bias}.
 */
public class Network extends Sequential {
  private final Task task;
  private final int outputs;

  /**
   * A network of the given layers; the last {@link Linear} layer's units are the outputs.
   *
   * @param task what the output means
   * @param layers the layers, in order
   * @throws IllegalArgumentException if there is no Linear layer, or the output units do not
   *     fit the task (BINARY, ADALINE and PERCEPTRON need 1, MULTICLASS at least 2)
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
    checkArgument(!(task == Task.ADALINE || task == Task.PERCEPTRON) || out == 1,
        "network: an %s network has 1 output unit, got %s", task, out);
    checkArgument(task != Task.MULTICLASS || out >= 2, "network: a MULTICLASS network needs at "
        + "least 2 output units, got %s (use BINARY)", out);
    this.outputs = out;
  }

  /**
   * The task.
   *
   * @return what the output means
   */
  public final Task task() {
    return task;
  }

  /**
   * Number of output units.
   *
   * @return the last Linear layer's units
   */
  public final int outputs() {
    return outputs;
  }

  /**
   * The raw output.
   *
   * @param input {@code [n, features]}
   * @return {@code [n, outputs]}, or {@code [n]} for one unit of a task other than MULTI_LABEL
   * @throws IllegalArgumentException if a layer rejects the input
   */
  @Override
  public Tensor forward(Tensor input) {
    Tensor y = super.forward(input);
    boolean squeeze = outputs == 1 && task != Task.MULTI_LABEL;
    return squeeze && y.rank() == 2 && y.size(1) == 1 ? y.reshape(y.size(0)) : y;
  }

  /**
   * {@link #forward(Tensor)} of the single input (a network has one input and one output).
   *
   * @param inputs exactly one tensor
   * @return its raw output
   * @throws IllegalArgumentException if there is not exactly one input
   */
  @Override
  public Tensor[] forward(Tensor... inputs) {
    checkArgument(inputs != null && inputs.length == 1, "network: takes one input, got %s",
        inputs == null ? "null" : inputs.length);
    return new Tensor[] {forward(inputs[0])};
  }

  /**
   * The task's loss of a raw output against targets.
   *
   * @param output the raw output
   * @param targets the targets
   * @return a one-element tensor
   * @throws IllegalArgumentException if the shapes or targets do not fit the task
   */
  public Tensor loss(Tensor output, Tensor targets) {
    return task.loss(output, targets);
  }

  /**
   * Predictions for {@code x}, computed in evaluation mode without a graph.
   *
   * @param x the input
   * @return labels, -1/1 or values (see {@link Task#predictions})
   */
  public Tensor predict(Tensor x) {
    return task.predictions(inference(x));
  }

  /**
   * Class probabilities for {@code x}, in evaluation mode without a graph.
   *
   * @param x the input
   * @return the probabilities
   * @throws IllegalArgumentException for a task without probabilities
   */
  public Tensor predictProbabilities(Tensor x) {
    return task.probabilities(inference(x));
  }

  /**
   * The fraction of a dataset's targets that {@link #predict} gets right.
   *
   * @param data features and targets
   * @return the accuracy in [0, 1]
   * @throws IllegalArgumentException for a regression task
   */
  public double accuracy(Dataset data) {
    checkArgument(task.isClassification(), "accuracy: %s is not a classification task", task);
    Tensor predicted = predict(data.features());
    if (task == Task.ADALINE || task == Task.PERCEPTRON) {
      // -1/1 targets are not class labels; compare them as values.
      double[] p = predicted.toDoubleArray();
      double[] t = data.targets().toDoubleArray();
      int right = 0;
      for (int i = 0; i < p.length; i++) {
        right += p[i] == t[i] ? 1 : 0;
      }
      return (double) right / p.length;
    }
    return Metrics.accuracy(predicted, data.targets());
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
   * A {@link Trainer} of this network on its task's loss with {@code optimizer} (add epochs,
   * metrics, validation data, listeners).
   *
   * @param optimizer updates this network's parameters
   * @return a new trainer
   * @throws IllegalArgumentException if the optimizer is null
   */
  public Trainer trainer(Optimizer optimizer) {
    return new Trainer(this, this::loss, optimizer);
  }

  /**
   * Trains for {@code epochs} passes over {@code loader} on the task's loss, one
   * {@code optimizer} step per batch, and returns the loss history. Every classic model trains
   * this way: e.g. full-batch gradient descent is {@code DataLoader.of(train, train.size())}
   * with {@code new SGD(model.parameters(), lr)}.
   *
   * @param loader the batches (one pass per epoch)
   * @param optimizer updates this network's parameters
   * @param epochs the number of passes, positive
   * @return the per-epoch losses (see {@link Trainer#fit})
   * @throws IllegalArgumentException if epochs is not positive or the optimizer is null
   * @throws IllegalStateException if the loss becomes NaN or infinite
   */
  public History fit(DataLoader loader, Optimizer optimizer, int epochs) {
    return trainer(optimizer).epochs(epochs).fit(loader);
  }
}
