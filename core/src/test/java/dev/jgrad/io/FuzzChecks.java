package dev.jgrad.io;

/**
 * What every reader's fuzz test asserts beyond "only the documented exception": the message names
 * the input, and reading allocated no more than the input justifies.
 */
final class FuzzChecks {
  private FuzzChecks() {}

  /** Label the fuzz tests give their input; every message must start with it. */
  static final String SOURCE = "<fuzz>";

  /** Fixed allowance for small objects and buffers. */
  static final long BASE_BYTES = 1 << 20;

  /** A read of one input; returns what was read. */
  interface Read<T> {
    T read(byte[] data) throws Exception;
  }

  /** The outcome of a read: the value, or the documented exception. */
  static final class Outcome<T> {
    final T value;
    final Exception rejection;

    Outcome(T value, Exception rejection) {
      this.value = value;
      this.rejection = rejection;
    }
  }

  /**
   * Reads the input, letting only {@code documented} exceptions through as a rejection, and
   * fails if the read allocated more than {@code BASE_BYTES + perInputByte × input length}: a
   * short input must never make a reader allocate much (e.g. a header claiming 16 GB). A read
   * over budget is measured again before failing, since the first run of a code path also
   * allocates for class loading (and, under Jazzer, instrumentation); a real over-allocation
   * repeats.
   */
  static <T> Outcome<T> read(byte[] data, long perInputByte,
      Class<? extends Exception> documented, Read<T> read) throws Exception {
    long budget = BASE_BYTES + perInputByte * data.length;
    long before = IoTesting.allocatedBytes();
    Outcome<T> outcome = attempt(data, documented, read);
    long used = IoTesting.allocatedBytes() - before;
    if (used > budget) {
      before = IoTesting.allocatedBytes();
      outcome = attempt(data, documented, read);
      used = IoTesting.allocatedBytes() - before;
      if (used > budget) {
        throw new AssertionError("reading " + data.length + " bytes allocated " + used
            + " bytes, more than the budget of " + budget);
      }
    }
    if (outcome.rejection instanceof TensorFileException) {
      TensorFileException e = (TensorFileException) outcome.rejection;
      if (!e.getMessage().startsWith(SOURCE + ": ") || !SOURCE.equals(e.source())
          || e.problem().isEmpty()) {
        throw new AssertionError("message does not name the input: " + e.getMessage(), e);
      }
    }
    return outcome;
  }

  private static <T> Outcome<T> attempt(byte[] data, Class<? extends Exception> documented,
      Read<T> read) throws Exception {
    try {
      return new Outcome<>(read.read(data), null);
    } catch (Exception e) {
      if (documented.isInstance(e)) {
        return new Outcome<>(null, e);
      }
      throw e;
    }
  }
}
