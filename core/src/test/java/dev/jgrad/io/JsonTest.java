package dev.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  private static String error(String text) {
    return assertThrows(JsonException.class, () -> Json.parse(text)).getMessage();
  }

  private static String error(byte[] utf8) {
    return assertThrows(JsonException.class, () -> Json.parse(utf8)).getMessage();
  }

  // ---------------------------------------------------------------- values

  @Test
  void parsesEveryKindOfValue() throws Exception {
    Object v = Json.parse("{\"s\": \"x\", \"i\": -12, \"d\": 2.50, \"e\": 1e3, \"t\": true, "
        + "\"f\": false, \"n\": null, \"a\": [1, [], {}]}");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "x");
    expected.put("i", -12L);
    expected.put("d", new BigDecimal("2.50"));
    expected.put("e", new BigDecimal("1e3"));
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("a", List.of(1L, List.of(), Map.of()));
    assertEquals(expected, v);
    assertEquals(List.of("s", "i", "d", "e", "t", "f", "n", "a"),
        new ArrayList<>(((Map<?, ?>) v).keySet()), "document order is kept");
  }

  @Test
  void topLevelScalarsAndWhitespace() throws Exception {
    assertEquals(7L, Json.parse(" \t\r\n7\n "));
    assertEquals("a", Json.parse("\"a\""));
    assertNull(Json.parse("null"));
    assertEquals(true, Json.parse("true"));
  }

  @Test
  void integerLiteralsAreLongWhenTheyFitElseBigIntegerAndOtherNumbersExactBigDecimal()
      throws Exception {
    assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
    assertEquals(new BigInteger("-18446744073709551616"), Json.parse("-18446744073709551616"));
    assertEquals(0L, Json.parse("-0"));
    assertEquals(new BigDecimal("0.1000000000000000000000001"),
        Json.parse("0.1000000000000000000000001"), "no rounding through double");
    assertEquals(new BigDecimal("-1.5E-7"), Json.parse("-1.5E-7"));
    // With an exponent or a fraction a number is a BigDecimal even when its value is integral.
    assertEquals(new BigDecimal("1e0"), Json.parse("1e0"));
    assertEquals(new BigDecimal("1.0"), Json.parse("1.0"));
  }

  @Test
  void exponentsAreCappedAtPlusMinus1000WhateverTheJdk() throws Exception {
    assertEquals(new BigDecimal("1e1000"), Json.parse("1e1000"));
    assertEquals(new BigDecimal("-7E-1000"), Json.parse("-7E-1000"));
    assertEquals(new BigDecimal("1e1000"), Json.parse("1e+0000000000000000000001000"),
        "leading zeros of an exponent do not count");
    assertEquals("line 1, column 1 (char 0): number 1e1001 has an exponent beyond the limit of "
        + "±1000", error("1e1001"));
    assertEquals("line 1, column 1 (char 0): number 1e-1001 has an exponent beyond the limit of "
        + "±1000", error("1e-1001"));
    // JDK 17's BigDecimal refuses 1e2147483648, JDK 21+ accepts it: the parser never asks.
    assertEquals("line 1, column 1 (char 0): number 1e2147483648 has an exponent beyond the "
        + "limit of ±1000", error("1e2147483648"));
    assertEquals("line 1, column 8 (char 7): number 100e2147483647 has an exponent beyond the "
        + "limit of ±1000", error("{\"in\": 100e2147483647}"));
    assertEquals("line 1, column 1 (char 0): number 1e99999999 has an exponent beyond the limit "
        + "of ±1000", error("1e99999999"));
    assertEquals("line 1, column 1 (char 0): number 1e999999999 has an exponent beyond the limit "
        + "of ±1000", error("1e999999999"));
    assertEquals("line 1, column 1 (char 0): number 0e99999999999999999999999999999999999... "
        + "(102 chars) has an exponent beyond the limit of ±1000", error("0e" + "9".repeat(100)));
  }

  @Test
  void theCapIsOnTheExponentInScientificNotationSoThatEveryNumberWritesBackReadably()
      throws Exception {
    // Found by fuzzing: 9223372036e1000 was read, written back as 9.223372036E+1009, and refused.
    assertEquals("line 1, column 2 (char 1): number 9223372036e1000 has an exponent beyond the "
        + "limit of ±1000 (in scientific notation d.ddd×10^E, E = 1009)",
        error("[9223372036e1000]"));
    assertEquals("line 1, column 1 (char 0): number 10e1000 has an exponent beyond the limit of "
        + "±1000 (in scientific notation d.ddd×10^E, E = 1001)", error("10e1000"));
    assertEquals("line 1, column 1 (char 0): number 0.0e-1000 has an exponent beyond the limit "
        + "of ±1000 (in scientific notation d.ddd×10^E, E = -1001)", error("0.0e-1000"));
    // At the length cap too: written back, a number is never longer than its literal.
    for (String text : new String[] {"1e1000", "9.99e1000", "0.01e1002", "-0.0012e-997",
        "0e1000", "0.0000e-996", "9".repeat(998) + "e3", "0." + "0".repeat(990) + "1e-9",
        "123.456", "-0.0"}) {
      BigDecimal b = (BigDecimal) Json.parse(text);
      assertTrue(Math.abs((long) b.precision() - b.scale() - 1) <= Json.MAX_EXPONENT
          || b.signum() == 0, text);
      assertEquals(b, Json.parse(Json.write(b)), text + " reads back after writing");
      long used = IoTesting.allocation(() -> {
        b.toPlainString();
        b.stripTrailingZeros().toPlainString();
        b.toBigInteger();
        b.doubleValue();
      });
      assertTrue(used < 1_000_000, text.length() + "-char number: conversions allocated " + used);
    }
  }

  @Test
  void stringsDecodeEveryEscape() throws Exception {
    assertEquals("\"\\/\b\f\n\r\t\u00e9\u20ac", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9"
        + "\\u20ac\""));
    assertEquals("\uD834\uDD1E", Json.parse("\"\\uD834\\uDD1E\""), "escaped surrogate pair");
    assertEquals("\uD834\uDD1E", Json.parse("\"\uD834\uDD1E\""), "raw surrogate pair");
    assertEquals("\u00e9\u20ac\uD834\uDD1E", Json.parse(utf8("\"\u00e9\u20ac\uD834\uDD1E\"")));
    assertEquals("\u007f", Json.parse("\"\u007f\""), "DEL needs no escape");
  }

  @Test
  void veryDeepNestingIsIterativeNotRecursive() throws Exception {
    int depth = 200_000;
    String text = "[".repeat(depth) + "]".repeat(depth);
    Object v = Json.parse(text, Json.Limits.DEFAULT.withMaxDepth(depth));
    for (int i = 1; i < depth; i++) {
      v = ((List<?>) v).get(0);
    }
    assertEquals(List.of(), v);
  }

  // ---------------------------------------------------------------- rejections

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "``| line 1, column 1 (char 0): expected a value, found end of input",
      "`   `| line 1, column 4 (char 3): expected a value, found end of input",
      "[1,]| line 1, column 4 (char 3): expected a value, found ']'",
      "[1 2]| line 1, column 4 (char 3): expected ',' or ']' after an array element, found '2'",
      "{\"a\":1,}| line 1, column 8 (char 7): expected '\"' to start an object key, found '}'",
      "{\"a\" 1}| line 1, column 6 (char 5): expected ':' after an object key, found '1'",
      "{a:1}| line 1, column 2 (char 1): expected '\"' to start an object key, found 'a'",
      "{'a':1}| line 1, column 2 (char 1): expected '\"' to start an object key, found '''",
      "{\"a\":1 \"b\":2}| line 1, column 8 (char 7): expected ',' or '}' after an object member, "
          + "found '\"'",
      "[1]x| line 1, column 4 (char 3): expected end of input after the JSON value, found 'x'",
      "1 2| line 1, column 3 (char 2): expected end of input after the JSON value, found '2'",
      "01| line 1, column 1 (char 0): leading zeros are not allowed in numbers",
      "-01| line 1, column 1 (char 0): leading zeros are not allowed in numbers",
      "1.| line 1, column 3 (char 2): expected a digit after the decimal point, found end of "
          + "input",
      ".5| line 1, column 1 (char 0): expected a value, found '.'",
      "+1| line 1, column 1 (char 0): expected a value, found '+'",
      "-| line 1, column 2 (char 1): expected a digit, found end of input",
      "-x| line 1, column 2 (char 1): expected a digit, found 'x'",
      "1e| line 1, column 3 (char 2): expected a digit in the exponent, found end of input",
      "1e+| line 1, column 4 (char 3): expected a digit in the exponent, found end of input",
      "NaN| line 1, column 1 (char 0): expected a value, found 'N'",
      "Infinity| line 1, column 1 (char 0): expected a value, found 'I'",
      "-Infinity| line 1, column 2 (char 1): expected a digit, found 'I'",
      "tru| line 1, column 1 (char 0): expected a value, found 't'",
      "True| line 1, column 1 (char 0): expected a value, found 'T'",
      "nulll| line 1, column 5 (char 4): expected end of input after the JSON value, found 'l'",
      "\"abc| line 1, column 1 (char 0): unterminated string",
      "\"a\\| line 1, column 1 (char 0): unterminated string",
      "\"\\x\"| line 1, column 2 (char 1): invalid escape '\\x'",
      "\"\\u12\"| line 1, column 2 (char 1): invalid \\u escape: expected 4 hex digits",
      "\"\\u12G4\"| line 1, column 2 (char 1): invalid \\u escape: expected 4 hex digits",
      "\"\\uD800\"| line 1, column 1 (char 0): string has an unpaired surrogate U+D800",
      "\"\\uDC00\\uD800\"| line 1, column 1 (char 0): string has an unpaired surrogate U+DC00",
      "\"\\uD800x\"| line 1, column 1 (char 0): string has an unpaired surrogate U+D800",
      "/* c */ 1| line 1, column 1 (char 0): expected a value, found '/'",
      "{\"k\":1,\"k\":2}| line 1, column 8 (char 7): duplicate key \"k\"",
      "{\"a\":{\"k\":[],\"k\":{}}}| line 1, column 14 (char 13): duplicate key \"k\"",
  })
  void rejectsWithPositionAndReason(String text, String message) {
    assertEquals(message, error(text));
  }

  @Test
  void reportsLineAndColumn() {
    assertEquals("line 3, column 2 (char 9): expected a value, found 'x'", error("[1,\n 2,\n x]"));
  }

  @Test
  void rejectsUnescapedControlCharacters() {
    assertEquals("line 1, column 3 (char 2): control character 'U+0009' must be escaped in a "
        + "string", error("\"a\tb\""));
    assertEquals("line 1, column 2 (char 1): control character 'U+0000' must be escaped in a "
        + "string", error("\"\u0000\""));
    assertEquals("line 1, column 2 (char 1): control character 'U+000A' must be escaped in a "
        + "string", error("\"\n\""));
  }

  @Test
  void rejectsRawLoneSurrogatesInStringInput() {
    assertEquals("line 1, column 1 (char 0): string has an unpaired surrogate U+D800",
        error("\"\uD800\""));
    assertEquals("line 1, column 1 (char 0): string has an unpaired surrogate U+DC00",
        error("\"\uDC00\uD800\""));
  }

  @Test
  void rejectsWhitespaceJsonDoesNotAllow() {
    assertEquals("line 1, column 1 (char 0): expected a value, found '\u00a0'",
        error("\u00a01"));
    assertEquals("line 1, column 2 (char 1): expected end of input after the JSON value, "
        + "found 'U+000B'", error("1\u000b"));
  }

  @Test
  void rejectsByteOrderMark() {
    assertEquals("line 1, column 1 (char 0): a byte order mark (U+FEFF) is not allowed",
        error(bytes(0xEF, 0xBB, 0xBF, '1')));
  }

  @ParameterizedTest
  @CsvSource({
      "'22,C0,AF,22', 1", // overlong '/'
      "'22,ED,A0,80,22', 1", // UTF-8-encoded surrogate U+D800
      "'22,E2,82', 1", // truncated sequence
      "'22,FF,22', 1", // never valid in UTF-8
      "'31,80', 1", // lone continuation byte
      "'F4,90,80,80', 0", // beyond U+10FFFF
  })
  void rejectsInvalidUtf8WithByteOffset(String hex, int offset) {
    byte[] b = Arrays.stream(hex.split(",")).mapToInt(h -> Integer.parseInt(h, 16))
        .collect(() -> new java.io.ByteArrayOutputStream(), (o, i) -> o.write(i), (x, y) -> { })
        .toByteArray();
    assertEquals("invalid UTF-8 at byte " + offset, error(b));
  }

  @Test
  void enforcesDepthLimit() throws Exception {
    Json.Limits limits = Json.Limits.DEFAULT.withMaxDepth(3);
    assertEquals(List.of(List.of(List.of())), Json.parse("[[[]]]", limits));
    assertEquals("line 1, column 4 (char 3): nesting deeper than the limit of 3",
        assertThrows(JsonException.class, () -> Json.parse("[[[[]]]]", limits)).getMessage());
    assertEquals("line 1, column 12 (char 11): nesting deeper than the limit of 3",
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":[{\"b\":{}}]}", limits))
            .getMessage());
    String deep = "[".repeat(129) + "]".repeat(129);
    assertEquals("line 1, column 129 (char 128): nesting deeper than the limit of 128",
        error(deep), "the default limit is 128");
  }

  @Test
  void enforcesLengthLimitBeforeParsing() {
    Json.Limits limits = Json.Limits.DEFAULT.withMaxLength(4);
    assertEquals("input of 5 chars exceeds the limit of 4",
        assertThrows(JsonException.class, () -> Json.parse("[1,2]", limits)).getMessage());
    assertEquals("input of 5 bytes exceeds the limit of 4",
        assertThrows(JsonException.class, () -> Json.parse(utf8("[1,2]"), limits)).getMessage());
  }

  @Test
  void enforcesNumberLengthLimit() throws Exception {
    assertEquals(new BigInteger("1".repeat(1000)), Json.parse("1".repeat(1000)));
    assertEquals("line 1, column 2 (char 1): number of 1001 chars exceeds the limit of 1000",
        error("[" + "1".repeat(1001) + "]"));
    assertEquals("line 1, column 1 (char 0): number of 5 chars exceeds the limit of 4",
        assertThrows(JsonException.class, () -> Json.parse("1.234",
            Json.Limits.DEFAULT.withMaxNumberLength(4))).getMessage());
  }

  @Test
  void exceptionExposesPosition() {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse("[\n  1,\n  ?]"));
    assertEquals(3, e.line());
    assertEquals(3, e.column());
    assertEquals(9, e.offset());
    assertEquals("expected a value, found '?'", e.reason());
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Json.Limits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Json.Limits.DEFAULT.withMaxLength(-1));
  }

  // ---------------------------------------------------------------- fields

  private static String integerError(String json, long min, long max) throws JsonException {
    Object v = Json.parse(json);
    JsonException e = assertThrows(JsonException.class, () -> Json.integer(v, min, max));
    assertEquals(e.getMessage(), e.reason());
    assertEquals(0, e.line(), "a field error has no position");
    return e.reason();
  }

  @Test
  void integerFieldsAreIntegerLiteralsWithinBounds() throws Exception {
    assertEquals(16_777_216L, Json.integer(Json.parse("16777216"), 1, 1 << 24));
    assertEquals(-64L, Json.integer(Json.parse("-64"), -64, 63));
    assertEquals(Long.MAX_VALUE, Json.integer(Json.parse("9223372036854775807"), 0,
        Long.MAX_VALUE));
    assertEquals("must be an integer in [1, 16777216], got 16777217",
        integerError("16777217", 1, 1 << 24));
    assertEquals("must be an integer in [1, 16777216], got 0", integerError("0", 1, 1 << 24));
    assertEquals("must be an integer in [0, 9223372036854775807], got 9223372036854775808",
        integerError("9223372036854775808", 0, Long.MAX_VALUE));
    assertEquals("must be an integer in [0, 10], got 12345678901234567890... (1000 digits)",
        integerError("1234567890".repeat(100), 0, 10));
    assertEquals("must be an integer in [0, 2147483647], got 1e0, which is not an integer "
        + "literal (it has a fraction or an exponent)", integerError("1e0", 0, Integer.MAX_VALUE));
    assertEquals("must be an integer in [1, 16777216], got 1e1000, which is not an integer "
        + "literal (it has a fraction or an exponent)",
        integerError("1e1000", 1, 1 << 24));
    assertEquals("must be an integer in [0, 10], got 2.0, which is not an integer literal (it "
        + "has a fraction or an exponent)", integerError("2.0", 0, 10));
    assertEquals("must be an integer in [0, 10], got \"3\"", integerError("\"3\"", 0, 10));
    assertEquals("must be an integer in [0, 10], got null", integerError("null", 0, 10));
    assertEquals("must be an integer in [0, 10], got true", integerError("true", 0, 10));
    assertEquals("must be an integer in [0, 10], got an array", integerError("[3]", 0, 10));
    assertEquals("must be an integer in [0, 10], got an object", integerError("{}", 0, 10));
    assertThrows(IllegalArgumentException.class, () -> Json.integer(3L, 5, 4));
  }

  @Test
  void describeShowsAnyValueBriefly() throws Exception {
    assertEquals("1e0", Json.describe(Json.parse("1e0")));
    assertEquals("10e0", Json.describe(Json.parse("1.0e1")), "the exact value, in exponent form");
    assertEquals("25e2", Json.describe(Json.parse("2.5e3")));
    assertEquals("1e5", Json.describe(Json.parse("1e5")));
    assertEquals("2.5", Json.describe(Json.parse("2.5")));
    assertEquals("1E-7", Json.describe(Json.parse("1e-7")));
    assertEquals("-3", Json.describe(Json.parse("-3")));
    assertEquals("\"ab\\\"c\"", Json.describe("ab\"c"));
    assertEquals("\"" + "x".repeat(40) + "...\" (100000 chars)",
        Json.describe("x".repeat(100_000)));
    String manyDigits = "7".repeat(990) + "e10";
    assertEquals("77777777777777777777...e10 (990 digits)",
        Json.describe(Json.parse(manyDigits)));
    assertEquals("33333333333333333333...e-10 (990 digits)",
        Json.describe(Json.parse("3".repeat(990) + "e-10")));
    for (String text : new String[] {"1".repeat(1000), "0." + "1".repeat(998),
        "-" + "9".repeat(990) + "e-1000"}) {
      String d = Json.describe(Json.parse(text));
      assertTrue(d.length() < 60, d);
    }
  }

  @Test
  void quotedNamesInMessagesAreCut() throws Exception {
    String key = "k".repeat(10_000_000);
    String message = error("{\"" + key + "\":1,\"" + key + "\":2}");
    assertEquals("line 1, column 10000007 (char 10000006): duplicate key \"" + "k".repeat(200)
        + "...\" (10000000 chars)", message);
  }

  // ---------------------------------------------------------------- writing

  @Test
  void writesCompactJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1, 2.5, "x", true));
    m.put("a", null);
    m.put("e", Map.of());
    m.put("l", List.of());
    m.put("big", new BigInteger("123456789012345678901234567890"));
    m.put("dec", new BigDecimal("1E+3"));
    m.put("f", 0.1f);
    m.put("small", 1e-7);
    assertEquals("{\"b\":[1,2.5,\"x\",true],\"a\":null,\"e\":{},\"l\":[],"
        + "\"big\":123456789012345678901234567890,\"dec\":1e3,\"f\":0.1,\"small\":1.0E-7}",
        Json.write(m));
  }

  @Test
  void writesIndentedJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("layers", List.of(Map.of("units", 3), List.of()));
    m.put("name", "mlp");
    assertEquals("{\n"
        + "  \"layers\": [\n"
        + "    {\n"
        + "      \"units\": 3\n"
        + "    },\n"
        + "    []\n"
        + "  ],\n"
        + "  \"name\": \"mlp\"\n"
        + "}", Json.write(m, 2));
  }

  @Test
  void writerEscapesWhatJsonRequires() {
    assertEquals("\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\\u0001\u007f\u00e9\uD834\uDD1E/\"",
        Json.write("q\"b\\n\nr\rt\tb\bf\f\u0001\u007f\u00e9\uD834\uDD1E/"));
  }

  @Test
  void quotingManyControlCharactersIsCheap() {
    String s = "\u0001".repeat(100_000);
    long used = IoTesting.allocation(() -> Json.quote(s));
    assertTrue(used < 10_000_000, "allocated " + used);
    assertEquals("\"" + "\\u0001".repeat(100_000) + "\"", Json.write(s));
  }

  @Test
  void writerRejectsWhatJsonCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Json.write("\uD800"));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
    Map<String, Object> nullKey = new LinkedHashMap<>();
    nullKey.put(null, 1);
    assertThrows(IllegalArgumentException.class, () -> Json.write(nullKey));
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    assertThrows(IllegalArgumentException.class, () -> Json.write(new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Json.write(1, -1));
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    String m = assertThrows(IllegalArgumentException.class, () -> Json.write(cycle))
        .getMessage();
    assertTrue(m.contains("contain itself"), m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0.0", "1E+400", "123.4500", "-9223372036854775809",
      "[{\"a\":[null,true,\"\\u0000\"]}]", "{\"\":\"\"}", "\"\\uD83D\\uDE00\""})
  void writeThenParseGivesTheSameValue(String text) throws Exception {
    Object v = Json.parse(text);
    assertEquals(v, Json.parse(Json.write(v)));
    assertEquals(v, Json.parse(Json.write(v, 3)));
  }

  @Property(tries = 300)
  void randomDocumentsRoundTrip(@ForAll("documents") Object doc) throws Exception {
    assertEquals(doc, Json.parse(Json.write(doc)));
    assertEquals(doc, Json.parse(utf8(Json.write(doc, 1))));
  }

  @Provide
  Arbitrary<Object> documents() {
    Arbitrary<Object> scalars = Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(8)
            .filter(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))
            .map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.bigDecimals().ofScale(3).map(b -> (Object) b),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), inner).ofMaxSize(4)
            .map(m -> (Object) new LinkedHashMap<>(m))), 4);
  }

  @Test
  void quoteIsForMessagesAndNeverThrows() {
    assertEquals("\"a\\\"\\ud800\"", Json.quote("a\"\uD800"));
  }

  private static byte[] utf8(String s) {
    return IoTesting.utf8(s);
  }

  private static byte[] bytes(int... v) {
    return IoTesting.bytes(v);
  }
}
