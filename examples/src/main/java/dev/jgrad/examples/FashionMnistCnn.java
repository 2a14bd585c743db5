package dev.jgrad.examples;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Idx;
import dev.jgrad.nn.io.ModelFiles;
import dev.jgrad.nn.metrics.Metrics;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.EpochResult;
import dev.jgrad.nn.train.History;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A small convolutional network on Fashion-MNIST (28×28 grey images of clothing, 10 classes):
 * {@code conv 3×3 (1 → 16, padding 1) → ReLU → max-pool 2 → conv 3×3 (16 → 32, padding 1) → ReLU
 * → max-pool 2 → flatten (32·7·7) → linear 128 → ReLU → linear 10}, softmax cross-entropy, Adam
 * 1e-3, batches of 64, PyTorch's default initialization. Prints the test accuracy and the
 * training throughput in examples per second after each epoch, then saves the model with
 * {@link ModelFiles} and checks that the reloaded model has the same test accuracy.
 *
 * <p>The data is read as {@link FashionMnist} reads it (the four IDX files, gzip-compressed or
 * not, from {@code /usr/share/datasets/fashion-mnist} where {@code apt-get install
 * dataset-fashion-mnist} puts them, or from the directory given as the first argument; their
 * headers and sizes are checked by {@link Idx#mnist}); the second argument is the number of
 * epochs (default 5). If the files are not there, it says how to get them and exits with
 * status 2.
 */
public final class FashionMnistCnn {
  private FashionMnistCnn() {}

  /**
   * A training run.
   *
   * @param history per epoch: {@code loss} (mean training loss) and {@code val_accuracy} (test)
   * @param testAccuracy the final test accuracy
   * @param reloadedAccuracy the test accuracy of the model saved and loaded back
   * @param examplesPerSecond training throughput of each epoch (forward, backward and Adam
   *     steps over every training image, excluding evaluation)
   * @param trainSize training images
   * @param testSize test images
   * @param files the model files and plots written
   */
  public record Result(History history, double testAccuracy, double reloadedAccuracy,
      double[] examplesPerSecond, int trainSize, int testSize, List<Path> files) {}

  /**
   * The network, its weights drawn from {@code rng}.
   *
   * @param rng the initialization's randomness
   * @return the model: {@code [N, 1, 28, 28]} images to {@code [N, 10]} logits
   */
  public static Sequential network(SplittableRandom rng) {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2), // [N, 16, 14, 14]
        new Conv2d(16, 32, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2), // [N, 32, 7, 7]
        new Flatten(),
        new Linear(32 * 7 * 7, 128, rng), new ReLU(),
        new Linear(128, 10, rng));
  }

  /**
   * Loads the data from {@code dir}, trains, saves and reloads the model, and writes the plots.
   *
   * @param dir where the IDX files are
   * @param epochs passes over the training images
   * @param batchSize images per Adam step
   * @param seed seeds the weights and the shuffling
   * @param out where the model files and plots go
   * @param progress reports batches and epochs
   * @return what happened
   * @throws FashionMnist.MissingDataException if the files are not in {@code dir}
   * @throws IOException if a file cannot be read (or is not IDX: {@code DataFileException}) or
   *     written
   */
  public static Result run(Path dir, int epochs, int batchSize, long seed, Path out,
      Progress progress) throws FashionMnist.MissingDataException, IOException {
    Path[] f = FashionMnist.locate(dir);
    Dataset train = Idx.mnist(f[0], f[1], Idx.FASHION_MNIST_CLASSES);
    Dataset test = Idx.mnist(f[2], f[3], Idx.FASHION_MNIST_CLASSES);
    Sequential net = network(new SplittableRandom(seed));
    Optimizer opt = new Adam(net.parameters(), 1e-3);
    DataLoader loader = DataLoader.of(train, batchSize).shuffle(seed);

    History history = new History();
    double[] throughput = new double[epochs];
    progress.onTrainStart(epochs, loader.numBatches());
    for (int epoch = 0; epoch < epochs; epoch++) {
      net.train();
      long start = System.nanoTime();
      double lossSum = 0;
      int b = 0;
      for (Batch batch : loader) {
        opt.zeroGrad();
        Tensor loss = Losses.crossEntropy(net.forward(images(batch.features())),
            batch.targets());
        loss.backward();
        opt.step();
        lossSum += loss.item() * batch.size();
        progress.onBatchEnd(epoch, b++, loader.numBatches(), loss.item());
      }
      throughput[epoch] = train.size() / ((System.nanoTime() - start) / 1e9);
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("loss", lossSum / train.size());
      values.put("val_accuracy", accuracy(net, test));
      EpochResult r = new EpochResult(epoch, values, opt.learningRate());
      history.add(r);
      progress.onEpochEnd(r);
    }
    progress.onTrainEnd(history);

    List<Path> files = new ArrayList<>();
    Path arch = out.resolve("model.json");
    Path params = out.resolve("model.safetensors");
    ModelFiles.save(net, arch, params);
    files.add(arch);
    files.add(params);
    double reloaded = accuracy(ModelFiles.load(arch, params), test);

    Map<String, double[]> loss = new LinkedHashMap<>();
    loss.put("training loss", history.losses());
    files.addAll(Plots.save(Plots.lineChart("Fashion-MNIST CNN: training loss per epoch",
        "epoch", "softmax cross-entropy", false, loss), out, "loss"));
    Map<String, double[]> acc = new LinkedHashMap<>();
    acc.put("test accuracy", DigitsDemo.percent(history.values("val_accuracy")));
    files.addAll(Plots.save(Plots.lineChart("Fashion-MNIST CNN: test accuracy per epoch",
        "epoch", "accuracy (%)", false, acc), out, "test-accuracy"));
    return new Result(history, history.last("val_accuracy"), reloaded, throughput, train.size(),
        test.size(), files);
  }

  /** {@code [N, 784]} pixel rows as {@code [N, 1, 28, 28]} images. */
  static Tensor images(Tensor rows) {
    return rows.reshape(rows.size(0), 1, 28, 28);
  }

  /** Test accuracy in evaluation mode, in chunks of 1,000 images, without a graph. */
  static double accuracy(Sequential net, Dataset data) {
    net.eval();
    List<Tensor> parts = new ArrayList<>();
    for (int from = 0; from < data.size(); from += 1000) {
      Tensor rows = data.features().slice(0, from, Math.min(from + 1000, data.size()));
      parts.add(Autograd.noGrad(() -> net.forward(images(rows)).argmax(1)));
    }
    return Metrics.accuracy(Tensor.concat(0, parts.toArray(new Tensor[0])), data.targets());
  }

  /**
   * The command line: {@code [data directory] [epochs]}. Returns the exit status: 0, or
   * {@link FashionMnist#EXIT_NO_DATA} after printing how to get the data to {@code err}.
   */
  static int cli(String[] args, Supplier<Path> outDir, Progress progress, PrintStream stdout,
      PrintStream err) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : FashionMnist.DEBIAN_DIR;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try {
      FashionMnist.locate(dir); // before anything else, so a missing data set costs nothing
    } catch (FashionMnist.MissingDataException e) {
      err.println(e.getMessage().replace("dev.jgrad.examples.FashionMnist ",
          "dev.jgrad.examples.FashionMnistCnn "));
      return FashionMnist.EXIT_NO_DATA;
    }
    stdout.printf(Locale.ROOT, "Fashion-MNIST from %s: CNN conv3x3(16)-pool-conv3x3(32)-pool-"
        + "128-10 (ReLU), Adam 1e-3, batch 64, %d epochs%n", dir.toAbsolutePath(), epochs);
    Path out = outDir.get();
    Files.createDirectories(out);
    Result r;
    try {
      r = run(dir, epochs, 64, 1, out, progress);
    } catch (FashionMnist.MissingDataException e) {
      throw new IllegalStateException(e); // located above: only if the files vanished meanwhile
    }
    stdout.printf(Locale.ROOT, "%,d training / %,d test images%n", r.trainSize(), r.testSize());
    stdout.println("epoch   training loss   test accuracy   throughput");
    for (int e = 0; e < r.history().size(); e++) {
      EpochResult er = r.history().epochs().get(e);
      stdout.printf(Locale.ROOT, "%5d   %13.4f   %12.2f%%   %,8.0f examples/s%n", e + 1,
          er.loss(), 100 * er.get("val_accuracy"), r.examplesPerSecond()[e]);
    }
    stdout.printf(Locale.ROOT, "Test accuracy: %.2f%%; saved and reloaded: %.2f%%%n",
        100 * r.testAccuracy(), 100 * r.reloadedAccuracy());
    stdout.println("Model and plots written to " + out + ":");
    r.files().forEach(f -> stdout.println("  " + f.getFileName()));
    return 0;
  }

  /**
   * {@code [data directory (default /usr/share/datasets/fashion-mnist)] [epochs (default 5)]}.
   *
   * @param args the command line
   * @throws IOException if reading the data or writing the results fails
   */
  public static void main(String[] args) throws IOException {
    int status = cli(args, () -> Output.dir("fashion-mnist-cnn"),
        Progress.console("fashion-mnist-cnn"), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }
}
