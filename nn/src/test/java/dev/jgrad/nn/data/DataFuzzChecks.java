package dev.jgrad.nn.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.zip.GZIPInputStream;

/**
 * What the data readers' fuzz tests and allocation tests assert: the only exception is a
 * {@link DataFileException} whose message starts with the input's name, and reading allocates
 * no more than the input justifies: {@code BASE_BYTES} plus a per-byte allowance times the bytes
 * present, which for gzip input are the bytes it inflates to (measured here separately, in
 * bounded memory).
 */
final class DataFuzzChecks {
  private DataFuzzChecks() {}

  /** Label the fuzz tests give their input; every message must start with it. */
  static final String SOURCE = "<fuzz>";

  /** Fixed allowance for small objects and buffers (the readers' first chunk is 64 KiB). */
  static final long BASE_BYTES = 1 << 20;

  /** A read of one input; returns what was read. */
  interface Read<T> {
    T read(byte[] data) throws IOException;
  }

  /** The value read, or null if the input was rejected. */
  static <T> T read(byte[] data, long perByte, Read<T> read) throws IOException {
    long budget = BASE_BYTES + perByte * Math.max(data.length, inflatedLength(data));
    long before = allocatedBytes();
    T value = attempt(read, data);
    long used = allocatedBytes() - before;
    if (used > budget) {
      // The first run of a path also allocates for class loading and instrumentation; a real
      // over-allocation repeats.
      before = allocatedBytes();
      value = attempt(read, data);
      used = allocatedBytes() - before;
      if (used > budget) {
        throw new AssertionError("reading " + data.length + " bytes allocated " + used
            + " bytes, more than the budget of " + budget);
      }
    }
    return value;
  }

  private static <T> T attempt(Read<T> read, byte[] data) throws IOException {
    try {
      return read.read(data);
    } catch (DataFileException e) {
      if (!e.getMessage().startsWith(SOURCE + ": ") || !SOURCE.equals(e.source())
          || e.getMessage().length() == SOURCE.length() + 2) {
        throw new AssertionError("message does not name the input: " + e.getMessage(), e);
      }
      if (e.getMessage().length() > 2000) {
        throw new AssertionError("message of " + e.getMessage().length() + " chars", e);
      }
      return null;
    }
  }

  /** How many bytes gzip input inflates to before it ends or breaks (0 if not gzip). */
  static long inflatedLength(byte[] data) {
    if (data.length < 2 || (data[0] & 0xff) != 0x1f || (data[1] & 0xff) != 0x8b) {
      return 0;
    }
    long n = 0;
    byte[] buf = new byte[8192];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
      }
    } catch (IOException e) {
      // Corrupt or truncated: what inflated before counts.
    }
    return n;
  }

  private static final Object THREAD_BEAN;
  private static final Method ALLOCATED;

  static {
    // Reflection: the tests compile inside module dev.jgrad.nn, which does not read
    // java.management; at run time they are on the class path and may use it.
    try {
      THREAD_BEAN = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      ALLOCATED = Class.forName("com.sun.management.ThreadMXBean")
          .getMethod("getCurrentThreadAllocatedBytes");
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Bytes allocated so far by the current thread (HotSpot's per-thread counter). */
  static long allocatedBytes() {
    try {
      return (Long) ALLOCATED.invoke(THREAD_BEAN);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
