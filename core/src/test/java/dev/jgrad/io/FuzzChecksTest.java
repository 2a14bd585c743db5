package dev.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Negative controls: the checks the fuzz tests rely on do fail when they should. */
class FuzzChecksTest {
  static volatile byte[] sink;

  @Test
  void overAllocationIsCaught() {
    AssertionError e = assertThrows(AssertionError.class, () -> FuzzChecks.read(new byte[10], 64,
        TensorFileException.class, d -> {
          sink = new byte[8 << 20];
          return "ok";
        }));
    assertTrue(e.getMessage().startsWith("reading 10 bytes allocated "), e.getMessage());
  }

  @Test
  void allocationWithinBudgetPasses() throws Exception {
    assertEquals("ok", FuzzChecks.read(new byte[10_000], 64, TensorFileException.class, d -> {
      sink = new byte[100_000];
      return "ok";
    }).value);
  }

  @Test
  void onlyTheDocumentedExceptionIsARejection() throws Exception {
    TensorFileException documented = new TensorFileException(FuzzChecks.SOURCE, "bad");
    assertSame(documented, FuzzChecks.read(new byte[1], 64, TensorFileException.class, d -> {
      throw documented;
    }).rejection);
    assertThrows(IllegalStateException.class, () -> FuzzChecks.read(new byte[1], 64,
        TensorFileException.class, d -> {
          throw new IllegalStateException("a bug");
        }));
    assertThrows(java.io.IOException.class, () -> FuzzChecks.read(new byte[1], 64,
        TensorFileException.class, d -> {
          throw new java.io.IOException("not the documented type");
        }));
  }

  @Test
  void rejectionMustNameTheInput() {
    AssertionError e = assertThrows(AssertionError.class, () -> FuzzChecks.read(new byte[1], 64,
        TensorFileException.class, d -> {
          throw new TensorFileException("other", "bad");
        }));
    assertTrue(e.getMessage().startsWith("message does not name the input"), e.getMessage());
  }
}
