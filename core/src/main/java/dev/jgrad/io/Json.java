package dev.jgrad.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON (RFC 8259) reader and a writer, with no dependencies.
 *
 * <h2>Reading</h2>
 *
 * {@link #parse(String)} accepts exactly the RFC 8259 grammar and maps values to Java as follows:
 *
 * <table>
 *   <caption>JSON to Java</caption>
 *   <tr><th>JSON</th><th>Java</th></tr>
 *   <tr><td>object</td>
 *       <td>{@link LinkedHashMap}{@code <String, Object>} in document order</td></tr>
 *   <tr><td>array</td><td>{@link ArrayList}{@code <Object>}</td></tr>
 *   <tr><td>string</td><td>{@link String}</td></tr>
 *   <tr><td>integer literal (no fraction, no exponent) that fits in a {@code long}</td>
 *       <td>{@link Long}</td></tr>
 *   <tr><td>any other integer literal</td><td>{@link BigInteger}</td></tr>
 *   <tr><td>number with a fraction or an exponent ({@code 2.5}, {@code 1e0})</td>
 *       <td>{@link BigDecimal}, exactly as written (no rounding)</td></tr>
 *   <tr><td>{@code true}/{@code false}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@code null}</td><td>{@code null}</td></tr>
 * </table>
 *
 * <p>The returned collections are fresh and owned by the caller. Strictness beyond the grammar,
 * chosen because these documents come from untrusted files: a duplicate key in an object is an
 * error (RFC 8259 leaves it undefined; readers disagree on which value wins, which attackers use),
 * as are unpaired UTF-16 surrogates (escaped or not), a byte order mark, and invalid UTF-8 in
 * byte input. Any value may be at the top level; only whitespace may follow it.
 *
 * <p>The parser is iterative (deep nesting cannot overflow the stack) and bounded by
 * {@link Limits}: input length, nesting depth and number length (RFC 8259 §9 allows such limits),
 * and by a fixed cap on exponents: a number whose exponent in scientific notation lies beyond
 * ±{@value #MAX_EXPONENT} ({@code 1e99999999}) is refused. So every {@link BigDecimal} returned
 * has at most {@code maxNumberLength} digits and a scale within ±({@code maxNumberLength} +
 * {@value #MAX_EXPONENT}): converting it ({@code toPlainString}, {@code toBigInteger},
 * {@code stripTrailingZeros}, {@code doubleValue}) is cheap, where an exponent near
 * {@code Integer.MAX_VALUE} would make those allocate gigabytes or overflow. Results do not depend
 * on the JDK version (JDK 21+ {@code BigDecimal} accepts exponents JDK 17 refuses; neither is
 * asked). All failures are {@link JsonException}s naming line, column and what is wrong; no other
 * exception escapes for any input.
 *
 * <h2>Reading fields of untrusted documents</h2>
 *
 * {@link #integer(Object, long, long)} reads a bounded integer field (a size, a count, an
 * index) from a parsed value, and {@link #describe(Object)} shows any parsed value in a message
 * in bounded length, so that no untrusted number or string is ever formatted in full:
 *
 * <pre>{@code
 * try {
 *   int units = (int) Json.integer(layer.get("in"), 1, 1 << 24);
 * } catch (JsonException e) {
 *   throw new TensorFileException(file, "layers[0].in " + e.reason());
 *   // model.json: layers[0].in must be an integer in [1, 16777216], got 1e2147483648, which is
 *   //   not an integer literal (it has a fraction or an exponent)
 * }
 * }</pre>
 *
 * <h2>Writing</h2>
 *
 * {@link #write(Object)} produces compact JSON, {@link #write(Object, int)} indented JSON, from the
 * same Java types (plus any {@link Collection} as an array and the other standard number types),
 * so that {@code parse(write(v))} equals {@code v} up to number types.
 */
public final class Json {
  private Json() {}

  /**
   * Largest exponent magnitude of a number in scientific notation d.ddd×10^E, as
   * {@link BigDecimal#toString()} and {@link #write(Object)} write it: {@code 1e1000},
   * {@code 9.9e1000} and {@code 0.01e1002} are read; {@code 1e1001}, {@code 10e1000} and
   * {@code 1e-1001} are refused. Far beyond float64's range (about 1e±308, subnormals to
   * 4.9e-324), small enough that every value converts cheaply; and every number read is written
   * back in a form that reads again.
   */
  public static final int MAX_EXPONENT = 1000;

  /**
   * Caps applied while parsing. All values must be positive.
   *
   * @param maxDepth deepest nesting of arrays and objects (the top-level container is depth 1)
   * @param maxLength longest input: chars for {@link #parse(String, Limits)}, bytes for
   *     {@link #parse(byte[], Limits)}
   * @param maxNumberLength longest number literal, in chars
   */
  public record Limits(int maxDepth, int maxLength, int maxNumberLength) {
    /** 128 levels (serde_json's default), 64 MiB, 1000-char numbers. */
    public static final Limits DEFAULT = new Limits(128, 64 << 20, 1000);

    /**
     * Validates the caps.
     *
     * @param maxDepth deepest nesting of arrays and objects, {@code >= 1}
     * @param maxLength longest input, {@code >= 1}
     * @param maxNumberLength longest number literal in chars, {@code >= 1}
     * @throws IllegalArgumentException if a cap is not positive
     */
    public Limits {
      if (maxDepth <= 0 || maxLength <= 0 || maxNumberLength <= 0) {
        throw new IllegalArgumentException(String.format(
            "Json.Limits: every cap must be positive, got maxDepth=%d, maxLength=%d, "
                + "maxNumberLength=%d", maxDepth, maxLength, maxNumberLength));
      }
    }

    /**
     * A copy with another depth cap.
     *
     * @param value the new depth cap, {@code >= 1}
     * @return a copy with this cap
     */
    public Limits withMaxDepth(int value) {
      return new Limits(value, maxLength, maxNumberLength);
    }

    /**
     * A copy with another input length cap.
     *
     * @param value the new input length cap, {@code >= 1}
     * @return a copy with this cap
     */
    public Limits withMaxLength(int value) {
      return new Limits(maxDepth, value, maxNumberLength);
    }

    /**
     * A copy with another number length cap.
     *
     * @param value the new number length cap, {@code >= 1}
     * @return a copy with this cap
     */
    public Limits withMaxNumberLength(int value) {
      return new Limits(maxDepth, maxLength, value);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Parses JSON text with {@link Limits#DEFAULT}.
   *
   * @param text the JSON text
   * @return a Map, List, String, Long, BigInteger, BigDecimal, Boolean or null (see the class
   *     comment)
   * @throws JsonException if the text is not strict JSON or exceeds a limit
   */
  public static Object parse(String text) throws JsonException {
    return parse(text, Limits.DEFAULT);
  }

  /**
   * Parses JSON text.
   *
   * @param text the JSON text
   * @param limits the caps
   * @return a Map, List, String, Long, BigInteger, BigDecimal, Boolean or null (see the class
   *     comment)
   * @throws JsonException if the text is not strict JSON or exceeds a limit
   */
  public static Object parse(String text, Limits limits) throws JsonException {
    if (text.length() > limits.maxLength()) {
      throw new JsonException("input of " + text.length() + " chars exceeds the limit of "
          + limits.maxLength());
    }
    return new Parser(text, limits).parseDocument();
  }

  /**
   * Parses UTF-8 encoded JSON with {@link Limits#DEFAULT}.
   *
   * @param utf8 the JSON text, UTF-8 encoded
   * @return a Map, List, String, Long, BigInteger, BigDecimal, Boolean or null (see the class
   *     comment)
   * @throws JsonException if the bytes are not valid UTF-8 or not strict JSON, or exceed a limit
   */
  public static Object parse(byte[] utf8) throws JsonException {
    return parse(utf8, Limits.DEFAULT);
  }

  /**
   * Parses UTF-8 encoded JSON. Malformed UTF-8 (including overlong forms and encoded surrogates)
   * is rejected, never replaced.
   *
   * @param utf8 the JSON text, UTF-8 encoded
   * @param limits the caps
   * @return a Map, List, String, Long, BigInteger, BigDecimal, Boolean or null (see the class
   *     comment)
   * @throws JsonException if the bytes are not valid UTF-8 or not strict JSON, or exceed a limit
   */
  public static Object parse(byte[] utf8, Limits limits) throws JsonException {
    if (utf8.length > limits.maxLength()) {
      throw new JsonException("input of " + utf8.length + " bytes exceeds the limit of "
          + limits.maxLength());
    }
    return new Parser(decodeUtf8(utf8), limits).parseDocument();
  }

  static String decodeUtf8(byte[] bytes) throws JsonException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      throw new JsonException("invalid UTF-8 at byte " + in.position());
    }
    out.flip();
    return out.toString();
  }

  /** Recursive descent turned into a loop over an explicit stack of open containers. */
  private static final class Parser {
    private final String s;
    private final Limits limits;
    private int pos;

    Parser(String s, Limits limits) {
      this.s = s;
      this.limits = limits;
    }

    Object parseDocument() throws JsonException {
      if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
        throw error(0, "a byte order mark (U+FEFF) is not allowed");
      }
      skipWhitespace();
      if (pos == s.length()) {
        throw error(pos, "expected a value, found end of input");
      }
      List<Object> stack = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      while (true) {
        // Parse one value; containers are pushed and their first member parsed next.
        skipWhitespace();
        Object value;
        char c = peek("a value");
        if (c == '{') {
          checkDepth(stack.size() + 1);
          pos++;
          Map<String, Object> map = new LinkedHashMap<>();
          skipWhitespace();
          if (peek("'\"' or '}'") == '}') {
            pos++;
            value = map;
          } else {
            stack.add(map);
            keys.add(readKey(map));
            continue;
          }
        } else if (c == '[') {
          checkDepth(stack.size() + 1);
          pos++;
          List<Object> list = new ArrayList<>();
          skipWhitespace();
          if (peek("a value or ']'") == ']') {
            pos++;
            value = list;
          } else {
            stack.add(list);
            continue;
          }
        } else if (c == '"') {
          value = readString();
        } else if (c == 't') {
          value = readLiteral("true", Boolean.TRUE);
        } else if (c == 'f') {
          value = readLiteral("false", Boolean.FALSE);
        } else if (c == 'n') {
          value = readLiteral("null", null);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          value = readNumber();
        } else {
          throw error(pos, "expected a value, found " + describe(pos));
        }
        // Attach the finished value to its container, closing containers as they end.
        while (true) {
          if (stack.isEmpty()) {
            skipWhitespace();
            if (pos != s.length()) {
              throw error(pos, "expected end of input after the JSON value, found "
                  + describe(pos));
            }
            return value;
          }
          Object top = stack.get(stack.size() - 1);
          skipWhitespace();
          if (top instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) top;
            map.put(keys.remove(keys.size() - 1), value);
            char d = peek("',' or '}'");
            pos++;
            if (d == ',') {
              skipWhitespace();
              keys.add(readKey(map));
              break;
            } else if (d != '}') {
              throw error(pos - 1, "expected ',' or '}' after an object member, found "
                  + describe(pos - 1));
            }
          } else {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) top;
            list.add(value);
            char d = peek("',' or ']'");
            pos++;
            if (d == ',') {
              break;
            } else if (d != ']') {
              throw error(pos - 1, "expected ',' or ']' after an array element, found "
                  + describe(pos - 1));
            }
          }
          value = stack.remove(stack.size() - 1);
        }
      }
    }

    private void checkDepth(int depth) throws JsonException {
      if (depth > limits.maxDepth()) {
        throw error(pos, "nesting deeper than the limit of " + limits.maxDepth());
      }
    }

    /** Reads {@code "key" :} and rejects a key the object already has. */
    private String readKey(Map<String, Object> map) throws JsonException {
      int start = pos;
      if (peek("'\"' (an object key)") != '"') {
        throw error(pos, "expected '\"' to start an object key, found " + describe(pos));
      }
      String key = readString();
      if (map.containsKey(key)) {
        throw error(start, "duplicate key " + quote(key));
      }
      skipWhitespace();
      if (peek("':'") != ':') {
        throw error(pos, "expected ':' after an object key, found " + describe(pos));
      }
      pos++;
      return key;
    }

    private Object readLiteral(String word, Object value) throws JsonException {
      if (!s.startsWith(word, pos)) {
        throw error(pos, "expected a value, found " + describe(pos));
      }
      pos += word.length();
      return value;
    }

    private Object readNumber() throws JsonException {
      int start = pos;
      if (s.charAt(pos) == '-') {
        pos++;
      }
      char c = peek("a digit");
      if (c == '0') {
        pos++;
        if (pos < s.length() && isDigit(s.charAt(pos))) {
          throw error(start, "leading zeros are not allowed in numbers");
        }
      } else if (c >= '1' && c <= '9') {
        skipDigits();
      } else {
        throw error(pos, "expected a digit, found " + describe(pos));
      }
      boolean integer = true;
      if (pos < s.length() && s.charAt(pos) == '.') {
        integer = false;
        pos++;
        if (pos >= s.length() || !isDigit(s.charAt(pos))) {
          throw error(pos, "expected a digit after the decimal point, found " + describe(pos));
        }
        skipDigits();
      }
      int exponentStart = -1;
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        integer = false;
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        if (pos >= s.length() || !isDigit(s.charAt(pos))) {
          throw error(pos, "expected a digit in the exponent, found " + describe(pos));
        }
        exponentStart = pos;
        skipDigits();
      }
      int length = pos - start;
      if (length > limits.maxNumberLength()) {
        throw error(start, "number of " + length + " chars exceeds the limit of "
            + limits.maxNumberLength());
      }
      String text = s.substring(start, pos);
      if (integer) {
        // Longer than a sign and 19 digits never fits a long.
        if (length <= 20) {
          try {
            return Long.parseLong(text);
          } catch (NumberFormatException e) {
            // Beyond long: a BigInteger below.
          }
        }
        return new BigInteger(text);
      }
      long exponent = scientificExponent(start, exponentStart, pos);
      if (exponent < -MAX_EXPONENT || exponent > MAX_EXPONENT) {
        long written = exponentStart < 0 ? 0 : writtenExponent(exponentStart, pos);
        throw error(start, "number " + abbreviate(text) + " has an exponent beyond the limit of "
            + "±" + MAX_EXPONENT + (Math.abs(written) <= MAX_EXPONENT
                ? " (in scientific notation d.ddd×10^E, E = " + exponent + ")" : ""));
      }
      // The grammar is checked and the exponent bounded: this cannot throw, on any JDK.
      return new BigDecimal(text);
    }

    /** Exponent digits in [from, to), signed by the char before them; saturates at ±10^7. */
    private long writtenExponent(int from, int to) {
      long value = 0;
      for (int i = from; i < to && value < 10_000_000; i++) {
        value = value * 10 + (s.charAt(i) - '0');
      }
      return s.charAt(from - 1) == '-' ? -value : value;
    }

    /**
     * The exponent E of the number in [start, end) written as d.ddd×10^E: BigDecimal's
     * {@code precision() - scale() - 1} (for zero, whose precision is 1, {@code -scale()}),
     * computed from the text so that no BigDecimal is built for an out-of-range number. Saturates
     * far beyond the cap for huge written exponents.
     */
    private long scientificExponent(int start, int exponentStart, int end) {
      int i = s.charAt(start) == '-' ? start + 1 : start;
      int mantissaEnd = exponentStart < 0 ? end : exponentStart - 1; // the 'e' or 'E'
      if (exponentStart >= 0 && (s.charAt(mantissaEnd) == '+' || s.charAt(mantissaEnd) == '-')) {
        mantissaEnd--;
      }
      int intDigits = 0;
      int fracDigits = 0;
      int lead = -1; // position of the first non-zero digit among all mantissa digits
      int digit = 0;
      boolean fraction = false;
      for (; i < mantissaEnd; i++) {
        char c = s.charAt(i);
        if (c == '.') {
          fraction = true;
          continue;
        }
        if (lead < 0 && c != '0') {
          lead = digit;
        }
        digit++;
        if (fraction) {
          fracDigits++;
        } else {
          intDigits++;
        }
      }
      long e = exponentStart < 0 ? 0 : writtenExponent(exponentStart, end);
      return lead < 0 ? e - fracDigits : intDigits - lead - 1 + e;
    }

    private void skipDigits() {
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
    }

    private String readString() throws JsonException {
      int start = pos;
      pos++; // opening quote
      StringBuilder sb = null;
      int runStart = pos;
      boolean surrogates = false;
      while (true) {
        if (pos >= s.length()) {
          throw error(start, "unterminated string");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          String out;
          if (sb == null) {
            out = s.substring(runStart, pos);
          } else {
            out = sb.append(s, runStart, pos).toString();
          }
          pos++;
          if (surrogates) {
            checkSurrogates(out, start);
          }
          return out;
        } else if (c == '\\') {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(s, runStart, pos);
          pos++;
          if (pos >= s.length()) {
            throw error(start, "unterminated string");
          }
          char e = s.charAt(pos);
          switch (e) {
            case '"': sb.append('"'); break;
            case '\\': sb.append('\\'); break;
            case '/': sb.append('/'); break;
            case 'b': sb.append('\b'); break;
            case 'f': sb.append('\f'); break;
            case 'n': sb.append('\n'); break;
            case 'r': sb.append('\r'); break;
            case 't': sb.append('\t'); break;
            case 'u': {
              int v = 0;
              for (int i = 1; i <= 4; i++) {
                int h = pos + i < s.length() ? Character.digit(s.charAt(pos + i), 16) : -1;
                // Character.digit accepts non-ASCII digits; JSON allows only [0-9a-fA-F].
                if (h < 0 || s.charAt(pos + i) > 'f') {
                  throw error(pos - 1, "invalid \\u escape: expected 4 hex digits");
                }
                v = (v << 4) | h;
              }
              char u = (char) v;
              surrogates |= Character.isSurrogate(u);
              sb.append(u);
              pos += 4;
              break;
            }
            default:
              throw error(pos - 1, "invalid escape '\\" + printable(e) + "'");
          }
          pos++;
          runStart = pos;
        } else if (c < 0x20) {
          throw error(pos, "control character " + describe(pos)
              + " must be escaped in a string");
        } else {
          surrogates |= Character.isSurrogate(c);
          pos++;
        }
      }
    }

    private void checkSurrogates(String str, int start) throws JsonException {
      for (int i = 0; i < str.length(); i++) {
        char c = str.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < str.length()
            && Character.isLowSurrogate(str.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw error(start, String.format("string has an unpaired surrogate U+%04X", (int) c));
        }
      }
    }

    private void skipWhitespace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          return;
        }
      }
    }

    private char peek(String expected) throws JsonException {
      if (pos >= s.length()) {
        throw error(pos, "expected " + expected + ", found end of input");
      }
      return s.charAt(pos);
    }

    private String describe(int at) {
      if (at >= s.length()) {
        return "end of input";
      }
      return "'" + printable(s.charAt(at)) + "'";
    }

    private JsonException error(int at, String reason) {
      int line = 1;
      int lineStart = 0;
      int end = Math.min(at, s.length());
      for (int i = 0; i < end; i++) {
        if (s.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new JsonException(line, at - lineStart + 1, at, reason);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7F || Character.isSurrogate(c) || c == '\uFEFF'
        ? String.format("U+%04X", (int) c) : String.valueOf(c);
  }

  /** Longest part of an untrusted string or number that a message quotes. */
  private static final int QUOTED_CHARS = 40;

  private static String abbreviate(String text) {
    return text.length() <= QUOTED_CHARS ? text
        : text.substring(0, QUOTED_CHARS - 3) + "... (" + text.length() + " chars)";
  }

  /** Appends {@code \\uXXXX} (lower-case hex) without String.format, which is slow. */
  private static void appendUnicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) {
      sb.append(Character.forDigit((c >> shift) & 0xF, 16));
    }
  }

  /** Longest string {@link #quote} shows in full; longer ones are cut and their length given. */
  static final int QUOTED_STRING_CHARS = 200;

  /**
   * A string as a JSON literal, for messages: {@code "a\"b"}. Never throws. Strings longer than
   * {@value #QUOTED_STRING_CHARS} chars are cut, {@code "abc..." (123456 chars)}, so that a
   * message about an untrusted name stays short.
   */
  static String quote(String s) {
    return quote(s, QUOTED_STRING_CHARS);
  }

  private static String quote(String s, int max) {
    if (s.length() <= max) {
      StringBuilder sb = new StringBuilder(s.length() + 2);
      appendString(sb, s, false);
      return sb.toString();
    }
    // Do not cut a surrogate pair in two.
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    StringBuilder sb = new StringBuilder(max + 24);
    appendString(sb, s.substring(0, end) + "...", false);
    return sb.append(" (").append(s.length()).append(" chars)").toString();
  }

  /**
   * A parsed value as a message shows it, in at most about 60 chars whatever the value: strings
   * quoted (cut after 40 chars), {@code "an object"}, {@code "an array"}, {@code "true"},
   * {@code "null"}, integers in full up to 40 digits, and a {@link BigDecimal} so that it still
   * reads as a number with a fraction or an exponent ({@code 2.5}, {@code 1E-7}, {@code 1e0} for
   * {@code 1e0} or {@code 1.0e0}, {@code 25e2} for {@code 2.5e3}: the exact value); longer
   * numbers show their first digits and their length. Never throws.
   *
   * @param value a value returned by {@link #parse(String)} (any object is accepted)
   * @return the description
   */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String) {
      return quote((String) value, QUOTED_CHARS);
    } else if (value instanceof Map) {
      return "an object";
    } else if (value instanceof Collection) {
      return "an array";
    } else if (value instanceof BigDecimal) {
      BigDecimal b = (BigDecimal) value;
      String plain = b.toString();
      if (b.scale() > 0 && plain.length() <= QUOTED_CHARS) {
        return plain; // has a '.' or "E-": visibly not an integer literal
      }
      String digits = b.unscaledValue().toString();
      boolean cut = digits.length() > QUOTED_CHARS;
      return (cut ? digits.substring(0, 20) + "..." : digits) + "e" + (-(long) b.scale())
          + (cut ? " (" + b.precision() + " digits)" : "");
    } else if (value instanceof Number || value instanceof Boolean) {
      String text = value.toString();
      return text.length() <= QUOTED_CHARS ? text
          : text.substring(0, 20) + "... (" + text.replace("-", "").length() + " digits)";
    }
    return "a " + value.getClass().getSimpleName();
  }

  /**
   * The value of an integer field of a parsed document, checked to lie in {@code [min, max]}
   * before anything converts it: for sizes, counts and indices in untrusted files. Only an
   * integer literal (a {@link Long} or {@link BigInteger} from {@link #parse(String)}) is an
   * integer: {@code 3}, not {@code 3.0} or {@code 3e0}, as Rust's serde and the safetensors
   * reference implementation read integer fields. With {@code int} bounds the result casts to
   * {@code int} exactly.
   *
   * @param value a value returned by {@link #parse(String)} (any object is accepted)
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the value
   * @throws JsonException if the value is not an integer literal in {@code [min, max]}; its
   *     {@link JsonException#reason()} reads after the field's name and quotes the value in
   *     bounded length ({@link #describe(Object)}): {@code must be an integer in [0, 10], got 11},
   *     {@code must be an integer in [0, 10], got "3"}, {@code must be an integer in [0, 10], got
   *     1e0, which is not an integer literal (it has a fraction or an exponent)}
   * @throws IllegalArgumentException if {@code min > max}
   */
  public static long integer(Object value, long min, long max) throws JsonException {
    if (min > max) {
      throw new IllegalArgumentException("Json.integer: min " + min + " > max " + max);
    }
    if (value instanceof Long && (Long) value >= min && (Long) value <= max) {
      return (Long) value;
    }
    throw new JsonException("must be an integer in [" + min + ", " + max + "], got "
        + describe(value) + (value instanceof BigDecimal
            ? ", which is not an integer literal (it has a fraction or an exponent)" : ""));
  }

  // ---------------------------------------------------------------- writing

  /**
   * Compact JSON for a value built from Map (String keys), Collection, String, Number, Boolean
   * and null, e.g. {@code {"a":[1,2.5,"x"],"b":null}}. Maps are written in iteration order.
   *
   * <p>Numbers: {@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@link BigInteger}
   * and {@link BigDecimal} are written exactly (a BigDecimal in the shorter of its
   * {@code toString()} form and {@code digits e exponent}, e.g. {@code 1e3} for {@code 1E+3});
   * {@code Double} and {@code Float} as the shortest decimal that reads back to the same value.
   *
   * @param value the value to write
   * @return compact JSON text
   * @throws IllegalArgumentException for a non-finite double or float, a null or non-String map
   *     key, an unpaired surrogate in a string, another type, or nesting deeper than 1000 (which
   *     includes a collection containing itself)
   */
  public static String write(Object value) {
    return write(value, 0);
  }

  /**
   * JSON with each array element and object member on its own line, indented by {@code indent}
   * spaces per level (0 gives the compact form of {@link #write(Object)}).
   *
   * @param value the value to write
   * @param indent spaces per nesting level, {@code >= 0}
   * @return the JSON text
   * @throws IllegalArgumentException as {@link #write(Object)}, or if indent is negative
   */
  public static String write(Object value, int indent) {
    if (indent < 0) {
      throw new IllegalArgumentException("Json.write: indent must be >= 0, got " + indent);
    }
    StringBuilder sb = new StringBuilder();
    writeValue(sb, value, indent, 0);
    return sb.toString();
  }

  private static final int MAX_WRITE_DEPTH = 1000;

  private static void writeValue(StringBuilder sb, Object v, int indent, int depth) {
    if (depth > MAX_WRITE_DEPTH) {
      throw new IllegalArgumentException("Json.write: nesting deeper than " + MAX_WRITE_DEPTH
          + " (does a collection contain itself?)");
    }
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String) {
      appendString(sb, (String) v, true);
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte || v instanceof BigInteger) {
      sb.append(v);
    } else if (v instanceof BigDecimal) {
      // The shorter of BigDecimal.toString (1E+3, 0.001) and digits×10^-scale (12345e-7): both
      // valid JSON reading back to the same value and scale, and the shorter is never longer
      // than a literal it was parsed from, so what was read within Limits is written within them.
      BigDecimal b = (BigDecimal) v;
      String plain = b.toString();
      String digits = b.unscaledValue() + "e" + (-(long) b.scale());
      sb.append(digits.length() < plain.length() ? digits : plain);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("Json.write: " + v + " is not a JSON number");
      }
      sb.append(v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
    } else if (v instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) v;
      if (map.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("Json.write: object keys must be non-null Strings, "
              + "got " + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        newline(sb, indent, depth + 1);
        appendString(sb, (String) e.getKey(), true);
        sb.append(indent > 0 ? ": " : ":");
        writeValue(sb, e.getValue(), indent, depth + 1);
      }
      newline(sb, indent, depth);
      sb.append('}');
    } else if (v instanceof Collection) {
      Collection<?> list = (Collection<?>) v;
      if (list.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      boolean first = true;
      for (Object o : list) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        newline(sb, indent, depth + 1);
        writeValue(sb, o, indent, depth + 1);
      }
      newline(sb, indent, depth);
      sb.append(']');
    } else {
      throw new IllegalArgumentException("Json.write: cannot write a " + v.getClass().getName()
          + " (supported: Map, Collection, String, Number, Boolean, null)");
    }
  }

  private static void newline(StringBuilder sb, int indent, int depth) {
    if (indent > 0) {
      sb.append('\n');
      for (int i = 0; i < indent * depth; i++) {
        sb.append(' ');
      }
    }
  }

  private static void appendString(StringBuilder sb, String s, boolean strict) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        case '\b': sb.append("\\b"); break;
        case '\f': sb.append("\\f"); break;
        default:
          if (c < 0x20) {
            appendUnicodeEscape(sb, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            if (strict) {
              // Would not survive UTF-8 encoding, and our own parser rejects it.
              throw new IllegalArgumentException(String.format(
                  "Json.write: string has an unpaired surrogate U+%04X at index %d", (int) c, i));
            }
            appendUnicodeEscape(sb, c);
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
