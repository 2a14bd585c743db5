package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never needs the real data set: a missing directory, and a tiny synthetic one in IDX format. */
class FashionMnistCnnTest {

  @Test
  void missingDataSaysHowToGetItAndExitsNonZero(@TempDir Path empty) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = FashionMnistCnn.cli(new String[] {empty.toString()},
        () -> { throw new AssertionError("no output folder for a failed run"); },
        Progress.off(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(FashionMnist.EXIT_NO_DATA, status);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("Fashion-MNIST not found in " + empty.toAbsolutePath()), message);
    assertTrue(message.contains("sudo apt-get install dataset-fashion-mnist"), message);
    assertTrue(message.contains("-Dexec.mainClass=dev.jgrad.examples.FashionMnistCnn "),
        message);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void trainsOnATinySyntheticIdxSetAndReloadsToTheSameAccuracy(@TempDir Path data,
      @TempDir Path out) throws Exception {
    FashionMnistTest.writeSynthetic(data, 300, 100, 7);
    FashionMnistCnn.Result r = FashionMnistCnn.run(data, 2, 32, 1, out, Progress.off());
    assertEquals(300, r.trainSize());
    assertEquals(100, r.testSize());
    assertEquals(2, r.history().size());
    for (double v : r.examplesPerSecond()) {
      assertTrue(v > 0 && Double.isFinite(v), "throughput " + v);
    }
    // The classes are bright bands in different rows: easy for a CNN.
    assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
    assertEquals(r.testAccuracy(), r.reloadedAccuracy(), 0);
    PlotFiles.assertWritten(r.files(), out, "model.json", "model.safetensors", "loss.png",
        "test-accuracy.svg");
  }

  @Test
  void theCommandLineReportsEpochsThroughputAndTheReloadedAccuracy(@TempDir Path data,
      @TempDir Path out) throws Exception {
    FashionMnistTest.writeSynthetic(data, 100, 50, 3);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int status = FashionMnistCnn.cli(new String[] {data.toString(), "1"}, () -> out,
        Progress.off(), new PrintStream(buf, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, status);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("examples/s"), text);
    assertTrue(text.contains("Test accuracy: "), text);
    assertTrue(text.contains("saved and reloaded: "), text);
  }
}
