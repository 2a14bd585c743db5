package dev.jgrad.examples;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Split;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.Metric;
import dev.jgrad.nn.models.DeepNetwork;
import dev.jgrad.nn.models.Network;
import dev.jgrad.nn.models.ShallowNetwork;
import dev.jgrad.nn.models.Task;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Shallow and deep networks on the built-in digits, two experiments with everything else fixed.
 *
 * <p><b>Initialization</b> of a shallow ReLU network {@code 64 → 64 → 10} and a deep one
 * {@code 64 → 64 → 32 → 10}, trained by mini-batch SGD: all zeros; small random
 * {@code N(0,1)·0.01} (the course's); Xavier/Glorot uniform
 * {@code U(±sqrt(6/(fan_in+fan_out)))}; He normal {@code N(0, 2/fan_in)}. With zeros every
 * hidden unit of a layer computes the same function and gets the same gradient, so they stay
 * identical forever (here, with ReLU, they even stay at 0: ReLU'(0) = 0 stops every gradient,
 * and only the output bias learns). A shallow sigmoid network {@code 64 → 32 → 10} started at
 * zero shows the subtler case: its hidden units do learn, yet stay exact copies of each other —
 * 32 units worth one. Small random weights are fine for one hidden layer but shrink the signal
 * (and the gradients) at every layer of the deep network, which then barely trains; Xavier and
 * He keep the scale and train at once.
 *
 * <p><b>Optimizers</b> on the He-initialized network: batch gradient descent (one step per epoch
 * on all 1,437 samples), mini-batch SGD (batches of 32), SGD with momentum 0.9 and Adam. The
 * learning curves (training loss per epoch) share one plot.
 *
 * <p>Prints the final training loss and test accuracy of every run and the spread between the
 * hidden units of the zero-initialized networks.
 */
public final class InitAndOptimizers {
  private InitAndOptimizers() {}

  /**
   * One training run.
   *
   * @param history per epoch: {@code loss}, {@code accuracy}, {@code val_loss},
   *     {@code val_accuracy} (validation = the test set)
   * @param unitSpread {@code max_ij |W1[i,j] - W1[0,j]|} and the same for b1 after training:
   *     0 when all hidden units of the first layer are identical
   * @param firstLayerNorm the largest |value| in W1 after training
   */
  public record Run(History history, double unitSpread, double firstLayerNorm) {
    /** The final test accuracy. */
    public double testAccuracy() {
      return history.last("val_accuracy");
    }

    /** The final mean training loss. */
    public double finalLoss() {
      return history.last("loss");
    }
  }

  /**
   * All runs and the plots.
   *
   * @param shallowInits the shallow ReLU network by initializer name
   * @param deepInits the deep ReLU network by initializer name
   * @param zeroSigmoid the shallow sigmoid network started at zero
   * @param optimizers the He-initialized deep network by optimizer name
   * @param files the plots written
   */
  public record Result(Map<String, Run> shallowInits, Map<String, Run> deepInits,
      Run zeroSigmoid, Map<String, Run> optimizers, List<Path> files) {}

  /**
   * Runs both experiments.
   *
   * @param epochs epochs of every run
   * @param seed seeds the split, the weights and the shuffling
   * @param verbose whether runs report progress on the console
   */
  public static Result run(int epochs, long seed, Path out, boolean verbose) {
    Split split = Split.stratified(Datasets.digits(), 0.2, seed);
    Standardizer scaler = Standardizer.fit(split.train());
    Dataset train = scaler.transform(split.train()).to(DType.FLOAT32);
    Dataset test = scaler.transform(split.test()).to(DType.FLOAT32);
    int[] sizes = {64, 64, 32, 10};

    Map<String, Init> inits = new LinkedHashMap<>();
    inits.put("zeros", Init.zeros());
    inits.put("small random (x0.01)", Init.smallRandom());
    inits.put("Xavier uniform", Init.xavierUniform());
    inits.put("He normal", Init.heNormal());
    Map<String, Run> shallowRuns = new LinkedHashMap<>();
    Map<String, Run> deepRuns = new LinkedHashMap<>();
    for (Map.Entry<String, Init> e : inits.entrySet()) {
      ShallowNetwork shallowNet = new ShallowNetwork(64, 64, 10, Activation.RELU,
          Task.MULTICLASS, e.getValue(), new SplittableRandom(seed), DType.FLOAT32);
      shallowRuns.put(e.getKey(), train(shallowNet, new SGD(shallowNet.parameters(), 0.05),
          DataLoader.of(train, 32).shuffle(seed), test, epochs,
          progress("shallow, " + e.getKey(), verbose)));
      DeepNetwork net = DeepNetwork.builder(sizes).activation(Activation.RELU).init(e.getValue())
          .seed(seed).build();
      deepRuns.put(e.getKey(), train(net, new SGD(net.parameters(), 0.05),
          DataLoader.of(train, 32).shuffle(seed),
          test, epochs, progress("deep, " + e.getKey(), verbose)));
    }

    ShallowNetwork shallow = new ShallowNetwork(64, 32, 10, Activation.SIGMOID, Task.MULTICLASS,
        Init.zeros(), new SplittableRandom(seed), DType.FLOAT32);
    Run zeroSigmoid = train(shallow, new SGD(shallow.parameters(), 0.5),
        DataLoader.of(train, 32).shuffle(seed), test, epochs,
        progress("zeros, sigmoid", verbose));

    // One batch of everything, or batches of 32, each with its own update rule.
    List<OptimizerSetting> settings = List.of(
        new OptimizerSetting("batch GD (lr 0.1)", train.size(), p -> new SGD(p, 0.1)),
        new OptimizerSetting("mini-batch SGD (lr 0.01)", 32, p -> new SGD(p, 0.01)),
        new OptimizerSetting("momentum 0.9 (lr 0.01)", 32, p -> new SGD(p, 0.01).momentum(0.9)),
        new OptimizerSetting("Adam (lr 0.001)", 32, p -> new Adam(p, 1e-3)));
    Map<String, Run> optimizerRuns = new LinkedHashMap<>();
    for (OptimizerSetting o : settings) {
      DeepNetwork net = DeepNetwork.builder(sizes).activation(Activation.RELU).init(Init.heNormal())
          .seed(seed).build();
      DataLoader loader = DataLoader.of(train, o.batchSize()).shuffle(seed);
      optimizerRuns.put(o.name(), train(net, o.optimizer().apply(net.parameters()), loader, test,
          epochs,
          progress(o.name(), verbose)));
    }

    List<Path> files = new ArrayList<>();
    files.addAll(Plots.save(Plots.lineChart("Digits, shallow ReLU network 64-64-10: "
        + "initialization", "epoch", "training loss", true, losses(shallowRuns)), out,
        "init-learning-curves-shallow"));
    files.addAll(Plots.save(Plots.lineChart("Digits, deep ReLU network 64-64-32-10: "
        + "initialization", "epoch", "training loss", true, losses(deepRuns)), out,
        "init-learning-curves-deep"));
    files.addAll(Plots.save(Plots.lineChart("Digits, deep ReLU network (He init): optimizers",
        "epoch", "training loss", true, losses(optimizerRuns)), out,
        "optimizer-learning-curves"));
    Map<String, double[]> acc = new LinkedHashMap<>();
    optimizerRuns.forEach((k, v) -> acc.put(k, DigitsDemo.percent(
        v.history().values("val_accuracy"))));
    files.addAll(Plots.save(Plots.lineChart("Digits: test accuracy per epoch by optimizer",
        "epoch", "test accuracy (%)", false, acc), out, "optimizer-test-accuracy"));
    return new Result(shallowRuns, deepRuns, zeroSigmoid, optimizerRuns, files);
  }

  /** An optimizer to compare: its name, its batch size and how to build it. */
  private record OptimizerSetting(String name, int batchSize,
      Function<List<Tensor>, Optimizer> optimizer) {}

  private static Progress progress(String task, boolean verbose) {
    return verbose ? Progress.console(task, 0) : Progress.off();
  }

  /** Trains with the nn Trainer, tracking accuracy on the training and the test set. */
  static Run train(Network net, Optimizer opt, DataLoader loader, Dataset test, int epochs,
      Progress progress) {
    History h = net.trainer(opt).epochs(epochs)
        .metric("accuracy", Metric.accuracyFromLogits()).validation(test).listener(progress)
        .fit(loader);
    Linear first = (Linear) net.get(0);
    Tensor w = first.weight();
    Tensor b = first.bias();
    // Every row minus row 0: all zeros exactly when the hidden units are copies of each other.
    double spread = Math.max(w.sub(w.slice(0, 0, 1)).abs().max().item(),
        b.sub(b.slice(0, 0, 1)).abs().max().item());
    return new Run(h, spread, w.abs().max().item());
  }

  private static Map<String, double[]> losses(Map<String, Run> runs) {
    Map<String, double[]> out = new LinkedHashMap<>();
    runs.forEach((k, v) -> out.put(k, v.history().losses()));
    return out;
  }

  /** Runs both experiments for 20 epochs and prints tables of the results. */
  public static void main(String[] args) {
    Path out = Output.dir("init-and-optimizers");
    System.out.println("Digits (80/20 stratified split, standardized), 20 epochs per run");
    Result r = run(20, 11, out, true);
    System.out.println();
    System.out.println("Initialization, ReLU networks, mini-batch SGD lr 0.05 (test accuracy; "
        + "spread = max |W1[i] - W1[0]| over hidden units, 0 if all are identical):");
    System.out.println("  init                    shallow 64-64-10          deep 64-64-32-10");
    System.out.println("                          loss   test acc spread    loss   test acc "
        + "spread");
    for (String k : r.deepInits().keySet()) {
      Run a = r.shallowInits().get(k);
      Run b = r.deepInits().get(k);
      System.out.printf(Locale.ROOT, "  %-22s %6.3f %8.1f%% %7.3g  %6.3f %8.1f%% %7.3g%n", k,
          a.finalLoss(), 100 * a.testAccuracy(), a.unitSpread(), b.finalLoss(),
          100 * b.testAccuracy(), b.unitSpread());
    }
    Run z = r.zeroSigmoid();
    System.out.printf(Locale.ROOT, "  zeros, shallow sigmoid 64-32-10 (lr 0.5): final loss %.4f, "
        + "test acc %.1f%%, max|W1| = %.3f but spread = %.3g: the 32 hidden units learned, all "
        + "the same thing%n", z.finalLoss(), 100 * z.testAccuracy(), z.firstLayerNorm(),
        z.unitSpread());
    System.out.println();
    System.out.println("Optimizers, He-initialized 64-64-32-10:");
    System.out.println("  optimizer                  final loss   test acc");
    r.optimizers().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-26s %10.4f %9.1f%%%n",
        k, v.finalLoss(), 100 * v.testAccuracy()));
    System.out.println("Plots written to " + out + ":");
    r.files().forEach(f -> System.out.println("  " + f.getFileName()));
  }
}
