package dev.jgrad.nn.io;

import dev.jgrad.DType;
import dev.jgrad.io.TensorFileException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One layer's entry of an architecture file, {@code {"type": "linear", "in": 64, "out": 10}},
 * as a {@link LayerCodec} reads it: typed, bounded accessors for its hyperparameters, each of
 * which names the file and the field in its error ({@code model.json: layers[0].in is 0,
 * outside [1, 16777216]}). Every field the codec does not read is reported as unknown after it
 * has built the layer, so files stay strict.
 *
 * <p>Numbers from the file are bounded before they are converted: a literal such as
 * {@code 1e999999999} is rejected by its magnitude without ever being expanded or printed in
 * full.
 */
public final class LayerSpec {
  private static final int MAX_SHOWN = 40;

  private final String source;
  private final int index;
  private final String type;
  private final Map<String, Object> fields;
  private final DType dtype;
  private final Set<String> read = new HashSet<>();

  LayerSpec(String source, int index, String type, Map<String, Object> fields, DType dtype) {
    this.source = source;
    this.index = index;
    this.type = type;
    this.fields = fields;
    this.dtype = dtype;
    read.add("type");
  }

  /**
   * The layer's {@code type}.
   *
   * @return the type name, e.g. {@code linear}
   */
  public String type() {
    return type;
  }

  /**
   * The model's dtype (the file's top-level {@code dtype}), for the layer's state.
   *
   * @return FLOAT32 or FLOAT64
   */
  public DType dtype() {
    return dtype;
  }

  String source() {
    return source;
  }

  /**
   * The layer's position in the file's {@code layers} array.
   *
   * @return the index, from 0
   */
  public int index() {
    return index;
  }

  /**
   * Whether the entry has the field.
   *
   * @param key the field's name
   * @return true if present (reading it is still required for it to count as known)
   */
  public boolean has(String key) {
    return fields.containsKey(key);
  }

  /**
   * A required integer field in {@code [min, max]}.
   *
   * @param key the field's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return the value
   * @throws TensorFileException if the field is absent, not an integer or out of range
   */
  public int integer(String key, int min, int max) throws TensorFileException {
    return (int) boundedInteger(source, field(key), required(key), min, max);
  }

  /**
   * An optional integer field in {@code [min, max]}.
   *
   * @param key the field's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param defaultValue the value when the field is absent
   * @return the value
   * @throws TensorFileException if the field is not an integer or out of range
   */
  public int integer(String key, int min, int max, int defaultValue) throws TensorFileException {
    read.add(key);
    return fields.containsKey(key)
        ? (int) boundedInteger(source, field(key), fields.get(key), min, max) : defaultValue;
  }

  /**
   * An optional 64-bit integer field (e.g. a seed) in {@code [min, max]}.
   *
   * @param key the field's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param defaultValue the value when the field is absent
   * @return the value
   * @throws TensorFileException if the field is not an integer or out of range
   */
  public long longInteger(String key, long min, long max, long defaultValue)
      throws TensorFileException {
    read.add(key);
    return fields.containsKey(key)
        ? boundedInteger(source, field(key), fields.get(key), min, max) : defaultValue;
  }

  /**
   * A required number field in {@code [min, max]}.
   *
   * @param key the field's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return the value (the double nearest to the literal)
   * @throws TensorFileException if the field is absent, not a number or out of range
   */
  public double real(String key, double min, double max) throws TensorFileException {
    return boundedReal(source, field(key), required(key), min, max);
  }

  /**
   * An optional number field in {@code [min, max]}.
   *
   * @param key the field's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param defaultValue the value when the field is absent
   * @return the value
   * @throws TensorFileException if the field is not a number or out of range
   */
  public double real(String key, double min, double max, double defaultValue)
      throws TensorFileException {
    read.add(key);
    return fields.containsKey(key)
        ? boundedReal(source, field(key), fields.get(key), min, max) : defaultValue;
  }

  /**
   * An optional boolean field.
   *
   * @param key the field's name
   * @param defaultValue the value when the field is absent
   * @return the value
   * @throws TensorFileException if the field is not {@code true} or {@code false}
   */
  public boolean bool(String key, boolean defaultValue) throws TensorFileException {
    read.add(key);
    Object v = fields.getOrDefault(key, defaultValue);
    if (!(v instanceof Boolean)) {
      throw new TensorFileException(source, field(key) + " must be true or false, got "
          + show(v));
    }
    return (Boolean) v;
  }

  /**
   * A required string field, one of {@code allowed}.
   *
   * @param key the field's name
   * @param allowed the accepted values
   * @return the value
   * @throws TensorFileException if the field is absent or not one of the allowed strings
   */
  public String string(String key, Set<String> allowed) throws TensorFileException {
    Object v = required(key);
    if (!(v instanceof String) || !allowed.contains(v)) {
      throw new TensorFileException(source, field(key) + " is " + show(v) + ", expected one of "
          + new TreeSet<>(allowed));
    }
    return (String) v;
  }

  /**
   * A required array of 1 to {@code maxLength} integers, each in {@code [min, max]}.
   *
   * @param key the field's name
   * @param maxLength the longest allowed array
   * @param min the smallest allowed element
   * @param max the largest allowed element
   * @return the values
   * @throws TensorFileException if the field is absent, not such an array, or an element is not
   *     an integer in range (naming its index)
   */
  public int[] integers(String key, int maxLength, int min, int max) throws TensorFileException {
    Object v = required(key);
    if (!(v instanceof List) || ((List<?>) v).isEmpty() || ((List<?>) v).size() > maxLength) {
      throw new TensorFileException(source, field(key) + " must be an array of 1 to " + maxLength
          + " integers, got " + show(v) + (v instanceof List ? " of " + ((List<?>) v).size() : ""));
    }
    List<?> list = (List<?>) v;
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) boundedInteger(source, field(key) + "[" + i + "]", list.get(i), min, max);
    }
    return out;
  }

  private String field(String key) {
    return "layers[" + index + "]." + key;
  }

  private Object required(String key) throws TensorFileException {
    read.add(key);
    if (!fields.containsKey(key)) {
      throw new TensorFileException(source, "layers[" + index + "] lacks the field \"" + key
          + "\"");
    }
    return fields.get(key);
  }

  /** Throws for the first field no accessor read. */
  void checkAllRead() throws TensorFileException {
    for (String k : fields.keySet()) {
      if (!read.contains(k)) {
        throw new TensorFileException(source, "layers[" + index + "] has an unknown field \"" + k
            + "\" (a " + type + " layer reads " + new TreeSet<>(read) + ")");
      }
    }
  }

  // ---------------------------------------------------------------- bounded numbers

  /**
   * An integer in {@code [min, max]} from a parsed JSON value, bounding a {@link BigDecimal} by
   * its magnitude ({@code precision - scale}) before any conversion, so huge exponents cost
   * nothing and are never printed in full.
   */
  static long boundedInteger(String source, String where, Object v, long min, long max)
      throws TensorFileException {
    if (v instanceof BigInteger) {
      v = new BigDecimal((BigInteger) v); // integer literals beyond long, from some parsers
    }
    if (v instanceof Long || v instanceof Integer) {
      long x = ((Number) v).longValue();
      if (x < min || x > max) {
        throw outside(source, where, v, min, max);
      }
      return x;
    }
    if (!(v instanceof BigDecimal)) {
      throw new TensorFileException(source, where + " must be an integer, got " + show(v));
    }
    BigDecimal b = (BigDecimal) v;
    if (b.signum() == 0) {
      if (min > 0 || max < 0) {
        throw outside(source, where, v, min, max);
      }
      return 0;
    }
    long magnitude = (long) b.precision() - b.scale(); // 10^(magnitude-1) <= |b| < 10^magnitude
    if (magnitude > 19) {
      throw outside(source, where, v, min, max);
    }
    if (magnitude < 1) {
      throw new TensorFileException(source, where + " must be an integer, got " + show(v));
    }
    // Now |b| < 10^19 and its scale is at most its precision (at most the literal's length).
    BigDecimal whole = b.setScale(0, RoundingMode.DOWN);
    if (whole.compareTo(b) != 0) {
      throw new TensorFileException(source, where + " must be an integer, got " + show(v));
    }
    if (whole.compareTo(BigDecimal.valueOf(min)) < 0
        || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw outside(source, where, v, min, max);
    }
    return whole.longValueExact();
  }

  /** A double in {@code [min, max]} from a parsed JSON value, bounded by magnitude first. */
  static double boundedReal(String source, String where, Object v, double min, double max)
      throws TensorFileException {
    if (v instanceof BigInteger) {
      v = new BigDecimal((BigInteger) v);
    }
    double x;
    if (v instanceof Long || v instanceof Integer) {
      x = ((Number) v).doubleValue();
    } else if (v instanceof BigDecimal) {
      BigDecimal b = (BigDecimal) v;
      long magnitude = (long) b.precision() - b.scale();
      if (b.signum() == 0 || magnitude < -400) {
        x = 0; // below the smallest double: rounds to zero
      } else if (magnitude > 400) {
        x = b.signum() * Double.POSITIVE_INFINITY;
      } else {
        x = b.doubleValue();
      }
    } else {
      throw new TensorFileException(source, where + " must be a number, got " + show(v));
    }
    if (!(x >= min && x <= max)) {
      throw new TensorFileException(source, where + " is " + show(v) + ", outside [" + min + ", "
          + max + "]");
    }
    // JSON has no negative zero (it parses as 0), so a tiny negative reads as 0 too: the value
    // then writes back and reads again unchanged.
    return x == 0 ? 0.0 : x;
  }

  private static TensorFileException outside(String source, String where, Object v, long min,
      long max) {
    return new TensorFileException(source, where + " is " + show(v) + ", outside [" + min + ", "
        + max + "]");
  }

  /** A JSON value for a message, at most about 40 characters. */
  static String show(Object v) {
    String s;
    if (v == null) {
      return "null (or absent)";
    } else if (v instanceof String) {
      s = "\"" + v + "\"";
    } else if (v instanceof Map) {
      return "an object";
    } else if (v instanceof List) {
      return "an array";
    } else {
      // BigDecimal.toString uses an exponent for large scales, so it stays short.
      s = String.valueOf(v).toLowerCase(Locale.ROOT);
    }
    return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s;
  }
}
