package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs {@link FailingSpecs} through jqwik: counterexamples shrink to the smallest shape that
 * still fails (the failing element is kept through every cut) and to the allowed value nearest
 * to 0.
 */
class ShrinkingTest {

  /** The message of the one failure of the property, after shrinking. */
  private static String shrunk(String method) {
    List<Event> failed = EngineTestKit.engine("jqwik")
        .selectors(selectMethod(FailingSpecs.class, method, "dev.jgrad.Tensor"))
        .execute().testEvents().failed().list();
    assertEquals(1, failed.size(), method + " must fail");
    return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
        .orElseThrow().getMessage();
  }

  @Test
  void oneFailingElementShrinksToAScalarJustPastTheThreshold() {
    FailingSpecs.calls = 0;
    // The smallest value above 1.3 on the 12-significant-digit grid of [-2, 2].
    assertEquals("shape [] values [1.30000000001]", shrunk("oneLargeElementAnywhere"));
    // jqwik's own decimal shrinking needed 18,074 evaluations to get there at this precision.
    assertTrue(FailingSpecs.calls < 1000, FailingSpecs.calls + " evaluations");
  }

  @Test
  void aKinkExclusionShrinksToTheAllowedValueNextToTheKink() {
    assertEquals("shape [] values [-0.001]", shrunk("anyNegativeElementNearAKink"));
  }

  @Test
  void aFixedShapeStaysWhileItsValuesShrink() {
    String msg = shrunk("sumAboveOneWithAFixedShape");
    assertTrue(msg.startsWith("shape [2, 2] values ["), msg);
  }
}
