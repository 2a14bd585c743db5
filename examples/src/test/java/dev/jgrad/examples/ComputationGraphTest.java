package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputationGraphTest {
  @Test
  void forwardValuesAndChainRuleDerivatives(@TempDir Path out) throws Exception {
    ComputationGraph.Result r = ComputationGraph.run(1, 2, 3, out);
    assertEquals(6, r.u());
    assertEquals(7, r.v());
    assertEquals(28, r.j());
    assertEquals(4, r.dJdv());
    assertEquals(4, r.dJdu());
    assertEquals(4, r.dJdx());
    assertEquals(12, r.dJdy()); // 4z
    assertEquals(8, r.dJdz());  // 4y
  }

  @Test
  void derivativesFollowTheInputs(@TempDir Path out) {
    ComputationGraph.Result r = ComputationGraph.run(-1.5, 0.25, -7, out);
    assertEquals(4 * (-1.5 + 0.25 * -7), r.j(), 1e-12);
    assertEquals(4 * -7, r.dJdy(), 1e-12);
    assertEquals(4 * 0.25, r.dJdz(), 1e-12);
  }

  @Test
  void writesTheGraphAsDot(@TempDir Path out) throws Exception {
    ComputationGraph.Result r = ComputationGraph.run(1, 2, 3, out);
    assertEquals(2, r.files().size());
    String plain = Files.readString(out.resolve("graph.dot"));
    String full = Files.readString(out.resolve("graph-with-values.dot"));
    for (String dot : new String[] {plain, full}) {
      assertTrue(dot.startsWith("digraph"), dot);
      assertTrue(dot.contains("label=\"mul\"") && dot.contains("label=\"add\""), dot);
      assertTrue(dot.contains("{x |") && dot.contains("{y |") && dot.contains("{z |"), dot);
    }
    assertTrue(full.contains("grad [12.00]"), full); // dJ/dy on y's box
    assertEquals(full, r.dot());
  }
}
