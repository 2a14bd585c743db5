package org.example.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.jgrad.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs {@link BrokenBackwardSpec} through jqwik and checks each failure is caught and shrunk. */
class ShrinkingTest {

  private static Throwable failureOf(String property) {
    List<Event> failed = EngineTestKit.engine("jqwik")
        .selectors(selectMethod(BrokenBackwardSpec.class, property, "dev.jgrad.Tensor"))
        .execute().testEvents().failed().list();
    assertEquals(1, failed.size(), property + " must fail");
    return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
        .orElseThrow();
  }

  @Test
  void aWrongCustomBackwardIsCaughtAndShrunkToAScalar() {
    Throwable t = failureOf("softsignGradient");
    assertInstanceOf(GradCheck.GradCheckFailure.class, t);
    // Shrunk to a 0-d input whose value moved toward 0 but not to it (the rule is right at 0,
    // so the smallest counterexample is a small nonzero value).
    assertTrue(t.getMessage().contains("input shapes [], output shape []"), t.getMessage());
  }

  @Test
  void aWrongReluBackwardShrinksToTheAllowedValueNextToTheKink() {
    Throwable t = failureOf("reluGradient");
    assertInstanceOf(GradCheck.GradCheckFailure.class, t.getCause());
    // -0.001: the default margin from the avoided kink, on the side where the rule is wrong
    // (autodiff passes 1 through, the true derivative is 0).
    assertTrue(t.getMessage().startsWith("at [-0.001]: gradcheck (first-order, reverse mode): "),
        t.getMessage());
    assertTrue(t.getMessage().contains("autodiff 1.0 vs numeric 0.0"), t.getMessage());
    assertTrue(t.getMessage().contains("input shapes [], output shape []"), t.getMessage());
  }

  @Test
  void withoutTheExclusionReluFailsAtItsKinkAndShrinksToIt() {
    Throwable t = failureOf("reluNextToTheKinkWithoutTheExclusion");
    // At 0 the central difference is 0.5 and autodiff gives the one-sided 0.
    assertTrue(t.getMessage().startsWith("at [0.0]: gradcheck (first-order, reverse mode): "),
        t.getMessage());
    assertTrue(t.getMessage().contains("input shapes [], output shape []"), t.getMessage());
  }
}
