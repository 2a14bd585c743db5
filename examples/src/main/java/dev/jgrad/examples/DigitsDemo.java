package dev.jgrad.examples;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Split;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.io.ModelFiles;
import dev.jgrad.nn.metrics.ConfusionMatrix;
import dev.jgrad.nn.models.DeepNetwork;
import dev.jgrad.nn.models.Task;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.EpochResult;
import dev.jgrad.nn.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main demo (the README's run command): a deep network {@code 64 → 128 → 64 → 10} with ReLU
 * hidden layers (He-initialized) trained with Adam on the built-in handwritten digits (8×8
 * pixels, 1,797 samples, 20% held out, stratified), with a progress bar. It prints the network,
 * its parameter count, the test accuracy (about 97%) and the confusion matrix, and writes the
 * learning curves and the confusion matrix as plots.
 *
 * <p>The training loop is written out — {@code zeroGrad}, forward, loss, {@code backward},
 * {@code step} — so this file shows everything that happens.
 */
public final class DigitsDemo {
  private DigitsDemo() {}

  /**
   * What a run produced.
   *
   * @param testAccuracy fraction of the held-out digits classified correctly
   * @param history per epoch: {@code loss} (mean training loss), {@code accuracy} (training
   *     set) and {@code val_accuracy} (test set)
   * @param confusion the test set's confusion matrix
   * @param parameters number of trained scalars
   * @param trainSize training samples
   * @param testSize held-out samples
   * @param files the plots written
   * @param modelFiles the saved model: architecture JSON, parameters and standardizer statistics
   */
  public record Result(double testAccuracy, History history, ConfusionMatrix confusion,
      long parameters, int trainSize, int testSize, List<Path> files, List<Path> modelFiles) {}

  /**
   * Trains the network and writes the plots and the model (architecture JSON, parameters and
   * standardizer statistics as safetensors) into {@code out}.
   *
   * @param hidden the hidden layer sizes, e.g. {@code {128, 64}}
   * @param epochs passes over the training set
   * @param batchSize samples per Adam step
   * @param seed seeds the split, the weights and the shuffling
   * @param progress receives the batches and epochs
   */
  public static Result run(int[] hidden, int epochs, int batchSize, long seed, Path out,
      Progress progress) {
    Dataset digits = Datasets.digits();
    Split split = Split.stratified(digits, 0.2, seed);
    Standardizer scaler = Standardizer.fit(split.train()); // fit on the training set only
    Dataset train = scaler.transform(split.train()).to(DType.FLOAT32);
    Dataset test = scaler.transform(split.test()).to(DType.FLOAT32);

    int[] sizes = new int[hidden.length + 2];
    sizes[0] = digits.numFeatures();
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = digits.numClasses();
    DeepNetwork net = DeepNetwork.builder(sizes).activation(Activation.RELU)
        .task(Task.MULTICLASS).seed(seed).build();
    Optimizer opt = new Adam(net.parameters(), 2e-3);
    DataLoader loader = DataLoader.of(train, batchSize).shuffle(seed);

    History history = new History();
    progress.onTrainStart(epochs, loader.numBatches());
    for (int epoch = 0; epoch < epochs; epoch++) {
      double lossSum = 0;
      int b = 0;
      for (Batch batch : loader) {
        opt.zeroGrad();                                              // forget the last gradients
        Tensor loss = net.loss(net.forward(batch.features()), batch.targets()); // softmax CE
        loss.backward();                                             // d loss / d every weight
        opt.step();                                                  // Adam update
        lossSum += loss.item() * batch.size();
        progress.onBatchEnd(epoch, b++, loader.numBatches(), loss.item());
      }
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("loss", lossSum / train.size());
      values.put("accuracy", net.accuracy(train));
      values.put("val_accuracy", net.accuracy(test));
      EpochResult r = new EpochResult(epoch, values, opt.learningRate());
      history.add(r);
      progress.onEpochEnd(r);
    }
    progress.onTrainEnd(history);

    ConfusionMatrix cm = ConfusionMatrix.of(net.predict(test.features()), test.targets(),
        digits.numClasses());
    List<Path> files = new ArrayList<>();
    Map<String, double[]> loss = new LinkedHashMap<>();
    loss.put("training loss", history.losses());
    files.addAll(Plots.save(Plots.lineChart("Digits: training loss (softmax cross-entropy)",
        "epoch", "loss", true, loss), out, "loss"));
    Map<String, double[]> acc = new LinkedHashMap<>();
    acc.put("training set", percent(history.values("accuracy")));
    acc.put("test set", percent(history.values("val_accuracy")));
    files.addAll(Plots.save(Plots.lineChart("Digits: accuracy per epoch", "epoch",
        "accuracy (%)", false, acc), out, "accuracy"));
    files.addAll(Plots.save(Plots.confusionMatrix("Digits: test-set confusion matrix", cm,
        digits.classNames()), out, "confusion-matrix"));
    // The shipped model: architecture + parameters, plus the standardizer's statistics, which
    // new inputs need before they reach the network.
    List<Path> model = List.of(out.resolve("digits-model.json"),
        out.resolve("digits-model.safetensors"), out.resolve("digits-standardizer.safetensors"));
    try {
      ModelFiles.save(net, model.get(0), model.get(1));
      SafeTensors.write(model.get(2), Map.of("mean", scaler.mean(), "std", scaler.std()));
    } catch (IOException e) {
      throw new UncheckedIOException("digits demo: cannot write the model to " + out, e);
    }
    return new Result(history.last("val_accuracy"), history, cm, net.numParameters(),
        train.size(), test.size(), files, model);
  }

  static double[] percent(double[] fractions) {
    double[] p = new double[fractions.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = 100 * fractions[i];
    }
    return p;
  }

  /** Trains {@code 64-128-64-10} for 30 epochs (batch 32, Adam 2e-3) and prints the results. */
  public static void main(String[] args) {
    Path out = Output.dir("digits-demo");
    System.out.println("jgrad demo: a deep network on the built-in handwritten digits (8x8 "
        + "pixels, 10 classes)");
    System.out.println("  80/20 stratified split, standardized; layers 64-128-64-10, ReLU, He "
        + "init, Adam 2e-3, batch 32, 30 epochs");
    Result r = run(new int[] {128, 64}, 30, 32, 7, out, Progress.console("digits"));
    System.out.printf(Locale.ROOT, "Trained on %d digits, tested on %d.%n", r.trainSize(),
        r.testSize());
    System.out.printf(Locale.ROOT, "Parameters: %,d%n", r.parameters());
    System.out.printf(Locale.ROOT, "Final training loss %.4f, training accuracy %.1f%%%n",
        r.history().last("loss"), 100 * r.history().last("accuracy"));
    System.out.printf(Locale.ROOT, "Test accuracy: %.1f%% (%d of %d digits)%n",
        100 * r.testAccuracy(), Math.round(r.testAccuracy() * r.confusion().total()),
        r.confusion().total());
    System.out.println("Confusion matrix (rows: actual digit, columns: predicted):");
    System.out.println(r.confusion().format(Datasets.digits().classNames()));
    System.out.println("Plots written to " + out + ":");
    for (Path f : r.files()) {
      System.out.println("  " + f.getFileName());
    }
    System.out.println("Model saved (load with ModelFiles.load(json, safetensors)):");
    for (Path f : r.modelFiles()) {
      System.out.println("  " + f);
    }
  }
}
