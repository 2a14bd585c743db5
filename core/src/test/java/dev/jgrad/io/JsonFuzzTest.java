package dev.jgrad.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@link Json#parse(byte[])}. The normal test run replays the seed corpus in
 * {@code JsonFuzzTestInputs/fuzz/}; to fuzz for a while:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl core test -Dtest=JsonFuzzTest -Djazzer.max_duration=60s}.
 *
 * <p>For any input: the only exception is {@link JsonException}; parsing allocates at most 1 MiB
 * plus 256 bytes per input byte; and an accepted document written back (compact and indented)
 * parses to an equal value.
 */
class JsonFuzzTest {
  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({"true", "false", "null", "\\u", "\\uD83D\\uDE00", "\\uD800", "1e",
      "-0.0", "E+", "9223372036854775808", "\uFEFF", "\":", "[[[[", "{\"a\":"})
  void fuzz(byte[] data) throws Exception {
    FuzzChecks.Outcome<Object> outcome = FuzzChecks.read(data, 256, JsonException.class,
        Json::parse);
    if (outcome.rejection != null) {
      if (((JsonException) outcome.rejection).reason().isEmpty()) {
        throw new AssertionError("exception without a reason", outcome.rejection);
      }
      return;
    }
    Object value = outcome.value;
    for (int indent : new int[] {0, 2}) {
      Object back = Json.parse(Json.write(value, indent));
      if (!sameJson(value, back)) {
        throw new AssertionError("round trip changed " + Json.write(value) + " into "
            + Json.write(back));
      }
    }
  }

  /** Deep equality where numbers compare by value (1E+0 written back reads as the Long 1). */
  static boolean sameJson(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    if (a instanceof Map && b instanceof Map) {
      Map<?, ?> x = (Map<?, ?>) a;
      Map<?, ?> y = (Map<?, ?>) b;
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Object k : x.keySet()) {
        if (!sameJson(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!sameJson(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }
}
