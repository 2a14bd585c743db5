package org.example.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jgrad.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs {@link BrokenBackwardSpec} through jqwik and checks the failure is caught and shrunk. */
class ShrinkingTest {

  @Test
  void aWrongCustomBackwardIsCaughtAndShrunkToASmallCounterexample() {
    EngineExecutionResults results = EngineTestKit.engine("jqwik")
        .selectors(selectClass(BrokenBackwardSpec.class)).execute();
    List<Event> failed = results.testEvents().failed().list();
    assertEquals(1, failed.size(), "the property must fail");
    Throwable t = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .orElseThrow().getThrowable().orElseThrow();
    assertInstanceOf(GradCheck.GradCheckFailure.class, t);
    String msg = t.getMessage();
    // Shrunk: a 0-d or one-element input whose value shrank toward 0 but not to it (the rule is
    // right at 0, so the smallest counterexample is a small nonzero value).
    assertTrue(msg.contains("input shapes [], output shape []")
        || msg.contains("input shapes [1], output shape []"), msg);
  }
}
