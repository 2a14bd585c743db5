package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A regression network: hidden ReLU layers (He-normal weights), a linear output layer
 * (Xavier-uniform weights) and a head activation, either {@link Activation#IDENTITY} (any real
 * output) or {@link Activation#RELU} (non-negative outputs such as prices or counts), trained on
 * the L2 ({@link Task#REGRESSION_L2}, mean squared error) or L1 ({@link Task#REGRESSION_L1},
 * mean absolute error, robust to outliers) loss. No hidden layers makes it linear regression.
 *
 * <p>A ReLU head outputs 0 with zero gradient wherever its input is negative; if that holds for
 * every sample (more likely with very few input features, since all biases start at zero) the
 * head is "dead" and the network cannot learn. Prefer IDENTITY unless outputs must be
 * non-negative, and check that the initial predictions are not all 0.
 */
public final class RegressionNetwork extends Network {
  /**
   * A network {@code numFeatures → hidden[0] → ... → outputs}.
   *
   * @param numFeatures d
   * @param hidden the hidden layers' units (none: linear regression)
   * @param outputs the output units
   * @param head IDENTITY or RELU
   * @param loss REGRESSION_L2 or REGRESSION_L1
   * @param rng draws the weights, layer by layer
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException for a non-positive size, another head or a non-regression
   *     task
   */
  public RegressionNetwork(int numFeatures, int[] hidden, int outputs, Activation head, Task loss,
      RandomGenerator rng, DType dtype) {
    super(check(head, loss), layers(numFeatures, hidden, outputs, head, rng, dtype));
  }

  private static Task check(Activation head, Task loss) {
    checkArgument(head == Activation.IDENTITY || head == Activation.RELU, "regression_network: "
        + "head must be IDENTITY or RELU, got %s", head);
    checkArgument(loss == Task.REGRESSION_L2 || loss == Task.REGRESSION_L1, "regression_network: "
        + "loss must be REGRESSION_L2 or REGRESSION_L1, got %s", loss);
    return loss;
  }

  private static List<Layer> layers(int in, int[] hidden, int outputs, Activation head,
      RandomGenerator rng, DType dtype) {
    List<Layer> layers = new ArrayList<>();
    int prev = in;
    for (int h : hidden) {
      layers.add(new Linear(prev, h, Activation.RELU.defaultInit(), rng, dtype));
      layers.add(Activation.RELU.layer());
      prev = h;
    }
    layers.add(new Linear(prev, outputs, Init.xavierUniform(), rng, dtype));
    if (head == Activation.RELU) {
      layers.add(Activation.RELU.layer());
    }
    return layers;
  }
}
