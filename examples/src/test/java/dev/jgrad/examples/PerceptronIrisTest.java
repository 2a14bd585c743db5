package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.nn.data.Dataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerceptronIrisTest {
  @Test
  void theDataIsSetosaAgainstVersicolorOnTwoFeatures() {
    Dataset d = PerceptronIris.setosaVersicolor();
    assertEquals(100, d.size());
    assertEquals(2, d.numFeatures());
    assertEquals(0, d.targets().sum().item(), 1e-12); // 50 of -1 and 50 of +1
    assertEquals(5.1, d.features().get(0, 0), 1e-6); // the first setosa: sepal 5.1, petal 1.4
    assertEquals(1.4, d.features().get(0, 1), 1e-6);
    assertEquals(-1, d.targets().get(0));
    assertEquals(1, d.targets().get(99));
  }

  @Test
  void reachesZeroErrorsAsInTheBook(@TempDir Path out) throws Exception {
    PerceptronIris.Result r = PerceptronIris.run(0.1, 10, out);
    // Raschka, Python Machine Learning, ch. 2 (weights starting at zero).
    assertArrayEquals(new int[] {2, 2, 3, 2, 1, 0, 0, 0, 0, 0}, r.errorsPerEpoch());
    assertEquals(1.0, r.accuracy());
    PlotFiles.assertWritten(r.files(), out, "errors-per-epoch.png", "errors-per-epoch.svg",
        "decision-regions.png", "decision-regions.svg");
  }

  @Test
  void theEpochCountIsAParameter(@TempDir Path out) {
    PerceptronIris.Result r = PerceptronIris.run(0.1, 3, out);
    assertArrayEquals(new int[] {2, 2, 3}, r.errorsPerEpoch());
  }
}
