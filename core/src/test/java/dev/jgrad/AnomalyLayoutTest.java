package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgradapp.UberCaller;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Anomaly mode detects and names a call site in every jar layout. */
class AnomalyLayoutTest {

  private static String anomaly() {
    try (Autograd.Scope s = Anomaly.detect()) {
      return assertThrows(Anomaly.AnomalyException.class, UberCaller::logOfNegative)
          .getMessage();
    }
  }

  @Test
  void separateJarsNameTheApplicationFrame() {
    String m = anomaly();
    assertTrue(m.startsWith("log produced NaN or Inf in forward: inputs [2] float64, created at "
        + "dev.jgradapp.UberCaller.logOfNegative(UberCaller.java:"), m);
  }

  @Test
  void aShadedJarStillDetectsAndNamesTheApplicationFrame() {
    Predicate<Class<?>> real = Anomaly.inCoreJar;
    Anomaly.inCoreJar = c -> true; // application and jgrad-core in one jar: one code source
    try {
      String m = anomaly();
      assertTrue(m.contains("created at dev.jgradapp.UberCaller.logOfNegative(UberCaller.java:"),
          m);
    } finally {
      Anomaly.inCoreJar = real;
    }
  }
}
