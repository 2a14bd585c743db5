package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsDemoTest {
  @Test
  void aSmallDeepNetworkLearnsTheDigits(@TempDir Path out) throws Exception {
    DigitsDemo.Result r = DigitsDemo.run(new int[] {32, 16}, 6, 32, 7, out, Progress.off());
    assertEquals(64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10, r.parameters());
    assertEquals(1797, r.trainSize() + r.testSize());
    assertEquals(r.testSize(), r.confusion().total());
    assertEquals(6, r.history().size());
    double[] loss = r.history().losses();
    assertTrue(loss[5] < 0.5 * loss[0], "training loss must fall: " + loss[0] + " -> " + loss[5]);
    assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
    assertEquals(r.confusion().accuracy(), r.testAccuracy(), 1e-12);
    PlotFiles.assertWritten(r.files(), out, "loss.png", "loss.svg", "accuracy.png",
        "confusion-matrix.svg");
    // The saved model reloads into a network that predicts the test set the same way.
    var loaded = (dev.jgrad.nn.models.Network) dev.jgrad.nn.io.ModelFiles.load(
        r.modelFiles().get(0), r.modelFiles().get(1));
    var stats = dev.jgrad.io.SafeTensors.read(r.modelFiles().get(2));
    var split = dev.jgrad.nn.data.Split.stratified(dev.jgrad.nn.data.Datasets.digits(), 0.2, 7);
    dev.jgrad.Tensor x = split.test().features().sub(stats.get("mean")).div(stats.get("std"))
        .to(dev.jgrad.DType.FLOAT32);
    var predicted = loaded.predict(x);
    var cm = dev.jgrad.nn.metrics.ConfusionMatrix.of(predicted, split.test().targets(), 10);
    assertEquals(r.testAccuracy(), cm.accuracy(), 1e-12);
  }
}
