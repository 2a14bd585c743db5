package dev.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the io tests: byte building, bit-exact comparison, allocation metering. */
final class IoTesting {
  private IoTesting() {}

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] le64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  static byte[] le32(long v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
  }

  static byte[] le16(int v) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
  }

  static byte[] f32le(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putInt(Float.floatToRawIntBits(x));
    }
    return b.array();
  }

  static byte[] f64le(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) {
      b.putLong(Double.doubleToRawLongBits(x));
    }
    return b.array();
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  /** A safetensors file: length field, the header exactly as given (no padding), the data. */
  static byte[] safetensors(String header, byte[] data) {
    byte[] h = utf8(header);
    return concat(le64(h.length), h, data);
  }

  static byte[] resource(String name) {
    try (InputStream in = IoTesting.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that the body throws TensorFileException and returns its message. */
  static String rejected(Executable body) {
    return assertThrows(TensorFileException.class, body).getMessage();
  }

  /**
   * Asserts dtype, shape and every element's bits (NaN payloads and signed zeros included; integer
   * and bool elements compared exactly in their own type).
   */
  static void assertBitsEqual(Tensor expected, Tensor actual) {
    assertEquals(expected.dtype(), actual.dtype(), "dtype");
    assertEquals(expected.shape(), actual.shape(), "shape");
    switch (expected.dtype()) {
      case FLOAT32: {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        int[] eb = new int[e.length];
        int[] ab = new int[a.length];
        for (int i = 0; i < e.length; i++) {
          eb[i] = Float.floatToRawIntBits(e[i]);
          ab[i] = Float.floatToRawIntBits(a[i]);
        }
        assertArrayEquals(eb, ab, "float32 bits");
        break;
      }
      case FLOAT64: {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        long[] eb = new long[e.length];
        long[] ab = new long[a.length];
        for (int i = 0; i < e.length; i++) {
          eb[i] = Double.doubleToRawLongBits(e[i]);
          ab[i] = Double.doubleToRawLongBits(a[i]);
        }
        assertArrayEquals(eb, ab, "float64 bits");
        break;
      }
      case INT32:
        assertArrayEquals(expected.toIntArray(), actual.toIntArray(), "int32 values");
        break;
      case INT64:
        assertArrayEquals(expected.toLongArray(), actual.toLongArray(), "int64 values");
        break;
      default:
        assertArrayEquals(expected.toBooleanArray(), actual.toBooleanArray(), "bool values");
    }
  }

  static void assertAllBitsEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    assertEquals(expected.keySet(), actual.keySet(), "names");
    for (String k : expected.keySet()) {
      assertBitsEqual(expected.get(k), actual.get(k));
    }
  }

  private static final Object THREAD_BEAN;
  private static final Method ALLOCATED;

  static {
    // Reflection: the tests compile inside module dev.jgrad.core, which does not read
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

  /** Runs the body and returns the bytes it allocated on this thread. */
  static long allocation(Executable body) {
    long before = allocatedBytes();
    try {
      body.execute();
    } catch (Throwable t) {
      // The caller asserts on outcomes separately; here only the allocation matters.
    }
    return allocatedBytes() - before;
  }

  static void assertStartsWith(String prefix, String actual) {
    assertTrue(actual.startsWith(prefix), () -> "expected a message starting with\n  " + prefix
        + "\nbut got\n  " + actual);
  }

  static void assertContains(String part, String actual) {
    assertTrue(actual.contains(part), () -> "expected a message containing\n  " + part
        + "\nbut got\n  " + actual);
  }
}
