package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.train.EpochResult;
import dev.jgrad.nn.train.History;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

class ProgressTest {
  /** Drives a listener as a training loop would: 3 batches per epoch. */
  static void simulate(Progress p, int epochs) {
    History h = new History();
    p.onTrainStart(epochs, 3);
    for (int e = 0; e < epochs; e++) {
      for (int b = 0; b < 3; b++) {
        p.onBatchEnd(e, b, 3, 1.0 / (e + 1));
      }
      Map<String, Double> v = new LinkedHashMap<>();
      v.put("loss", 1.0 / (e + 1));
      v.put("accuracy", 0.5 + 0.01 * e);
      EpochResult r = new EpochResult(e, v, 0.1);
      h.add(r);
      p.onEpochEnd(r);
    }
    p.onTrainEnd(h);
  }

  @Test
  void linesModePrintsAFewPlainLinesWithoutCarriageReturns() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    simulate(Progress.lines("demo", new PrintStream(buf, true, StandardCharsets.UTF_8), 10), 50);
    String text = buf.toString(StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    assertTrue(lines.length >= 10 && lines.length <= 12, text);
    assertFalse(text.contains("\r"), "no carriage returns in logs");
    assertEquals("  demo epoch  1/50  loss 1.0000  accuracy 50.0%", lines[0]);
    assertTrue(lines[lines.length - 1].startsWith("  demo epoch 50/50  loss 0.0200"), text);
  }

  @Test
  void barModeShowsEpochLossAndAccuracy() {
    List<String> rendered = new ArrayList<>();
    simulate(Progress.bar("demo", new DelegatingProgressBarConsumer(rendered::add, 120)), 3);
    assertFalse(rendered.isEmpty());
    String last = rendered.get(rendered.size() - 1);
    assertTrue(last.startsWith("demo 100%"), last);
    assertTrue(last.contains("3/3 epochs"), last);
    assertTrue(last.endsWith("loss 0.3333 acc 52.0%"), last);
  }

  @Test
  void offPrintsNothing() {
    simulate(Progress.off(), 5); // must not fail or print
  }
}
