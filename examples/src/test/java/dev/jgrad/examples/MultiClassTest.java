package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiClassTest {
  @Test
  void softmaxAndIndependentSigmoidsOnIrisAndWine(@TempDir Path out) throws Exception {
    MultiClass.Result r = MultiClass.run(100, 0.1, 5, out);
    List<MultiClass.Evaluation> e = r.evaluations();
    assertEquals(4, e.size());
    assertEquals("iris", e.get(0).dataset());
    assertEquals("wine", e.get(2).dataset());
    for (MultiClass.Evaluation ev : e) {
      assertTrue(ev.testAccuracy() > 0.7, ev.dataset() + " " + ev.model() + ": "
          + ev.testAccuracy());
      assertEquals(ev.testAccuracy(), ev.confusion().accuracy(), 1e-12);
      assertEquals(3, ev.confusion().numClasses());
    }
    assertEquals(45, e.get(0).confusion().total()); // 30% of 150, stratified
    // Softmax probabilities sum to 1 for every sample; independent sigmoids do not.
    assertEquals(0, e.get(0).maxProbabilityGap(), 1e-12);
    assertEquals(0, e.get(2).maxProbabilityGap(), 1e-12);
    assertTrue(e.get(1).maxProbabilityGap() > 0.05, "iris sigmoids " + e.get(1));
    assertTrue(e.get(3).maxProbabilityGap() > 0.05, "wine sigmoids " + e.get(3));
    assertTrue(e.get(0).testAccuracy() > 0.85, "iris softmax " + e.get(0).testAccuracy());
    assertTrue(e.get(2).testAccuracy() > 0.95, "wine softmax " + e.get(2).testAccuracy());
    PlotFiles.assertWritten(r.files(), out, "confusion-iris-softmax.png",
        "confusion-wine-sigmoid.svg", "decision-regions-softmax.png",
        "decision-regions-sigmoid.svg");
  }
}
