package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never needs the real data set: a missing directory, and a tiny synthetic one in IDX format. */
class FashionMnistTest {

  @Test
  void missingDataSaysHowToGetItAndExitsNonZero(@TempDir Path empty) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = FashionMnist.cli(new String[] {empty.toString()},
        () -> { throw new AssertionError("no output folder for a failed run"); },
        Progress.off(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(FashionMnist.EXIT_NO_DATA, status);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("Fashion-MNIST not found in " + empty.toAbsolutePath()), message);
    assertTrue(message.contains("sudo apt-get install dataset-fashion-mnist"), message);
    assertTrue(message.contains("train-images-idx3-ubyte"), message);
    assertTrue(message.contains("-Dexec.args="), message);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aPartialDirectoryNamesWhatIsMissing(@TempDir Path dir) throws Exception {
    writeSynthetic(dir, 20, 10, 1);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    FashionMnist.MissingDataException e = assertThrows(FashionMnist.MissingDataException.class,
        () -> FashionMnist.locate(dir));
    assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte[.gz]."), e.getMessage());
  }

  @Test
  void trainsOnATinySyntheticIdxSet(@TempDir Path data, @TempDir Path out) throws Exception {
    writeSynthetic(data, 400, 100, 7);
    FashionMnist.Result r = FashionMnist.run(data, new int[] {256, 128}, 3, 32, 1, out,
        Progress.off());
    assertEquals(400, r.trainSize());
    assertEquals(100, r.testSize());
    assertEquals(3, r.history().size());
    assertEquals(3, r.examplesPerSecond().length);
    for (double v : r.examplesPerSecond()) {
      assertTrue(v > 0 && Double.isFinite(v), "throughput " + v);
    }
    assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
    assertEquals(100, r.confusion().total());
    PlotFiles.assertWritten(r.files(), out, "loss.png", "test-accuracy.svg",
        "confusion-matrix.png");
  }

  @Test
  void theCommandLineReportsEpochsAndThroughput(@TempDir Path data, @TempDir Path out)
      throws Exception {
    writeSynthetic(data, 200, 50, 3);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int status = FashionMnist.cli(new String[] {data.toString(), "1"}, () -> out,
        Progress.off(), new PrintStream(buf, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, status);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("examples/s"), text);
    assertTrue(text.contains("Test accuracy: "), text);
    assertTrue(text.contains("Plots written to " + out), text);
  }

  /**
   * Writes an MNIST-format set of 28×28 images whose class k is a bright band in rows 2k, 2k+1
   * over faint noise: the training images and labels gzip-compressed, the test ones plain (both
   * forms are accepted).
   */
  static void writeSynthetic(Path dir, int nTrain, int nTest, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    writeSet(dir, "train", nTrain, rng, true);
    writeSet(dir, "t10k", nTest, rng, false);
  }

  private static void writeSet(Path dir, String prefix, int n, SplittableRandom rng, boolean gz)
      throws IOException {
    byte[] labels = new byte[n];
    byte[] pixels = new byte[n * 28 * 28];
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(10);
      labels[i] = (byte) k;
      for (int p = 0; p < 28 * 28; p++) {
        int row = p / 28;
        int v = row / 2 == k ? 200 + rng.nextInt(56) : rng.nextInt(60);
        pixels[i * 28 * 28 + p] = (byte) v;
      }
    }
    String suffix = gz ? ".gz" : "";
    try (DataOutputStream out = open(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gz)) {
      out.writeInt(0x00000803);
      out.writeInt(n);
      out.writeInt(28);
      out.writeInt(28);
      out.write(pixels);
    }
    try (DataOutputStream out = open(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gz)) {
      out.writeInt(0x00000801);
      out.writeInt(n);
      out.write(labels);
    }
  }

  private static DataOutputStream open(Path file, boolean gz) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    return new DataOutputStream(gz ? new GZIPOutputStream(raw) : raw);
  }
}
