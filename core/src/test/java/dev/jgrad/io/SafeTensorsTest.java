package dev.jgrad.io;

import static dev.jgrad.io.IoTesting.allocation;
import static dev.jgrad.io.IoTesting.assertAllBitsEqual;
import static dev.jgrad.io.IoTesting.assertBitsEqual;
import static dev.jgrad.io.IoTesting.bytes;
import static dev.jgrad.io.IoTesting.concat;
import static dev.jgrad.io.IoTesting.f32le;
import static dev.jgrad.io.IoTesting.f64le;
import static dev.jgrad.io.IoTesting.le16;
import static dev.jgrad.io.IoTesting.le32;
import static dev.jgrad.io.IoTesting.le64;
import static dev.jgrad.io.IoTesting.rejected;
import static dev.jgrad.io.IoTesting.safetensors;
import static dev.jgrad.io.IoTesting.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTensorsTest {
  @TempDir Path dir;

  private static Tensor f32(float[] v, int... shape) {
    return Tensor.of(v, shape);
  }

  private static Tensor f64(double[] v, int... shape) {
    return Tensor.of(v, shape);
  }

  private static Map<String, Tensor> map(Object... nameTensor) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < nameTensor.length; i += 2) {
      m.put((String) nameTensor[i], (Tensor) nameTensor[i + 1]);
    }
    return m;
  }

  /** One tensor of the given safetensors dtype, header written tight (no padding). */
  private static byte[] single(String dtype, String shape, byte[] data) {
    return safetensors("{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
        + ",\"data_offsets\":[0," + data.length + "]}}", data);
  }

  private static String readError(byte[] file) {
    return rejected(() -> SafeTensors.read(file, "model.safetensors", ReadOptions.DEFAULT));
  }

  // ---------------------------------------------------------------- golden bytes

  /** The reference implementation's test_serialization vector. */
  @Test
  void writesTheReferenceBytesForOneTensor() {
    byte[] expected = bytes(64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58,
        123, 34, 100, 116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112,
        101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
        101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0,
        0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64);
    Tensor t = f32(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
    assertArrayEquals(expected, SafeTensors.toBytes(map("attn.0", t), null));
  }

  /** The reference test_serialization_forced_alignement vector: 7 spaces of padding. */
  @Test
  void padsTheHeaderToEightBytesLikeTheReference() throws Exception {
    byte[] expected = bytes(72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123,
        34, 100, 116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101,
        34, 58, 91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
        115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32, 32, 32,
        0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64);
    Tensor t = f32(new float[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3);
    assertArrayEquals(expected, SafeTensors.toBytes(map("attn0", t), Map.of()));
    assertBitsEqual(t, SafeTensors.read(expected).get("attn0"));
  }

  /** The reference test_empty vectors, without and with metadata. */
  @Test
  void writesTheReferenceBytesForNoTensors() throws Exception {
    assertArrayEquals(bytes(8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32),
        SafeTensors.toBytes(Map.of(), null));
    byte[] withMetadata = bytes(40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100,
        97, 116, 97, 95, 95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58,
        34, 112, 116, 34, 125, 125, 32, 32, 32, 32, 32);
    assertArrayEquals(withMetadata, SafeTensors.toBytes(Map.of(), Map.of("framework", "pt")));
    TensorContents c = SafeTensors.read(withMetadata);
    assertEquals(Map.of("framework", "pt"), c.metadata());
    assertTrue(c.tensors().isEmpty());
  }

  /** The reference test_deserialization and test_empty_shapes_allowed vectors. */
  @Test
  void readsTheReferenceExamples() throws Exception {
    byte[] file = concat(utf8("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],"
        + "\"data_offsets\":[0,16]}}"), new byte[16]);
    TensorContents c = SafeTensors.read(file);
    assertBitsEqual(Tensor.zeros(DType.INT32, 2, 2), c.get("test"));
    assertEquals(List.of(), c.notes(), "I32 is read as stored");

    byte[] scalar = concat(utf8("8\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[],"
        + "\"data_offsets\":[0,4]}}"), le32(-7));
    assertBitsEqual(Tensor.scalar(DType.INT32, -7L), SafeTensors.read(scalar).get("test"));

    byte[] zeroSized = utf8("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,0],"
        + "\"data_offsets\":[0, 0]}}");
    assertBitsEqual(Tensor.zeros(DType.INT32, 2, 0), SafeTensors.read(zeroSized).get("test"));

    byte[] padded = concat(le64(6), utf8("{}\r \t\n"));
    assertTrue(SafeTensors.read(padded).tensors().isEmpty(), "any JSON whitespace may pad");
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void roundTripIsBitExact() throws Exception {
    float payloadNan = Float.intBitsToFloat(0x7fc0_1234);
    double payloadNan64 = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
    Map<String, Tensor> tensors = map(
        "layers.0.weight", f32(new float[] {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE,
            Float.NEGATIVE_INFINITY, payloadNan}, 2, 3),
        "layers.0.bias", f64(new double[] {Math.PI, -0.0, Double.MIN_VALUE, payloadNan64}, 4),
        "scalar", Tensor.scalar(2.5f),
        "empty", Tensor.zeros(DType.FLOAT64, 0, 5),
        "odd", f32(new float[] {7}, 1, 1, 1),
        "ünïcode ✓ \"quoted\"", Tensor.scalar(-1.0),
        "ints", Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2),
        "longs", Tensor.of(new long[] {Long.MIN_VALUE, (1L << 53) + 1, Long.MAX_VALUE}, 3),
        "mask", Tensor.of(new boolean[] {true, false, true}, 3, 1),
        "step", Tensor.scalar(DType.INT64, 12L),
        "no_ints", Tensor.zeros(DType.INT32, 0));
    Map<String, String> metadata = Map.of("format", "pt", "note", "line1\nline2 \u00e9");
    byte[] bytes = SafeTensors.toBytes(tensors, metadata);
    TensorContents c = SafeTensors.read(bytes);
    assertAllBitsEqual(tensors, c.tensors());
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(c.tensors().keySet()),
        "header order is the map's order");
    assertEquals(metadata, c.metadata());
    assertEquals(List.of(), c.notes(), "every dtype is written as itself");

    Path p = dir.resolve("model.safetensors");
    SafeTensors.write(p, tensors, metadata);
    assertArrayEquals(bytes, Files.readAllBytes(p));
    assertAllBitsEqual(tensors, SafeTensors.read(p).tensors());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafeTensors.write(out, tensors, metadata);
    assertArrayEquals(bytes, out.toByteArray());
    assertAllBitsEqual(tensors, SafeTensors.read(new ByteArrayInputStream(bytes), "s",
        ReadOptions.DEFAULT).tensors());
  }

  @Test
  void writtenDataIsAlignedToElementSize() throws Exception {
    Map<String, Tensor> tensors = map(
        "a", f32(new float[] {1, 2, 3}, 3),
        "m", Tensor.of(new boolean[] {true}),
        "b", f64(new double[] {4, 5}, 2),
        "i", Tensor.of(new int[] {-1}),
        "c", f32(new float[] {6}, 1),
        "l", Tensor.of(new long[] {7, 8}),
        "d", f64(new double[] {7}, 1));
    byte[] bytes = SafeTensors.toBytes(tensors, null);
    long n = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .getLong();
    assertEquals(0, n % 8, "header padded to 8");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> header = (Map<String, Map<String, Object>>)
        (Map<?, ?>) Json.parse(new String(bytes, 8, (int) n,
            java.nio.charset.StandardCharsets.UTF_8).strip());
    assertEquals(List.of("a", "m", "b", "i", "c", "l", "d"), List.copyOf(header.keySet()));
    // 8-byte types first, then 4-byte, then BOOL, each in the map's order.
    assertEquals(List.of(0L, 16L), header.get("b").get("data_offsets"));
    assertEquals(List.of(16L, 32L), header.get("l").get("data_offsets"));
    assertEquals(List.of(32L, 40L), header.get("d").get("data_offsets"));
    assertEquals(List.of(40L, 52L), header.get("a").get("data_offsets"));
    assertEquals(List.of(52L, 56L), header.get("i").get("data_offsets"));
    assertEquals(List.of(56L, 60L), header.get("c").get("data_offsets"));
    assertEquals(List.of(60L, 61L), header.get("m").get("data_offsets"));
    assertEquals("I64", header.get("l").get("dtype"));
    assertEquals("I32", header.get("i").get("dtype"));
    assertEquals("BOOL", header.get("m").get("dtype"));
    assertAllBitsEqual(tensors, SafeTensors.read(bytes).tensors());
  }

  /** The format's layout computed by hand: header, then little-endian I64 and BOOL bytes. */
  @Test
  void writesIntegerAndBoolTensorsInTheirOwnFileDtypes() {
    String json = "{\"n\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"k\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[16,20]},"
        + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[1,2],\"data_offsets\":[20,22]}}";
    int padded = (json.length() + 7) / 8 * 8;
    byte[] expected = concat(le64(padded), utf8(json + " ".repeat(padded - json.length())),
        le64(-2), le64(Long.MAX_VALUE), le32(300), bytes(0, 1));
    assertArrayEquals(expected, SafeTensors.toBytes(map(
        "n", Tensor.of(new long[] {-2, Long.MAX_VALUE}),
        "k", Tensor.scalar(DType.INT32, 300L),
        "m", Tensor.of(new boolean[] {false, true}, 1, 2)), null));
  }

  /** A view is written as its elements in row-major order, whatever its strides. */
  @Test
  void writesViewsInRowMajorOrder() throws Exception {
    Tensor base = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor transposed = base.transpose();
    Tensor stepped = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6}).slice(0, 1, 7, 3);
    TensorContents c = SafeTensors.read(SafeTensors.toBytes(map("t", transposed, "s", stepped),
        null));
    assertBitsEqual(Tensor.of(new long[] {1, 4, 2, 5, 3, 6}, 3, 2), c.get("t"));
    assertBitsEqual(Tensor.of(new double[] {1, 4}), c.get("s"));
  }

  @Test
  void writeToPathLeavesNoTemporaryFilesAndReplacesAtomically() throws Exception {
    Path p = dir.resolve("m.safetensors");
    Files.write(p, utf8("old content"));
    SafeTensors.write(p, map("x", Tensor.scalar(1f)));
    assertBitsEqual(Tensor.scalar(1f), SafeTensors.read(p).get("x"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
    assertThrows(NoSuchFileException.class,
        () -> SafeTensors.write(dir.resolve("missing/m.safetensors"), map()));
    assertThrows(NoSuchFileException.class, () -> SafeTensors.read(dir.resolve("nope")));
  }

  @Test
  void writeRejectsBadArguments() {
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.toBytes(map("__metadata__", Tensor.scalar(1.0)), null));
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.toBytes(map("x", null), null));
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("k", null);
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.toBytes(map(), nullValue));
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.toBytes(map("\uD800", Tensor.scalar(1.0)), null));
    assertEquals("SafeTensors.write: tensor \"deep\" has rank 65; files hold at most 64 "
        + "dimensions (the limit of NumPy and PyTorch, and of jgrad's readers)",
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(
            map("deep", Tensor.zeros(DType.FLOAT32, new int[65])), null)).getMessage());
  }

  @Test
  void missingTensorNameIsNamed() throws Exception {
    TensorContents c = SafeTensors.read(SafeTensors.toBytes(map("a", Tensor.scalar(1.0)), null));
    assertEquals("no tensor named \"b\"; the file has [\"a\"]",
        assertThrows(NoSuchElementException.class, () -> c.get("b")).getMessage());
  }

  // ---------------------------------------------------------------- dtype conversions

  @Test
  void readsF16ExactlyAsFloat32() throws Exception {
    byte[] data = concat(le16(0x0000), le16(0x8000), le16(0x3C00), le16(0xC100), le16(0x7BFF),
        le16(0x0001), le16(0x03FF), le16(0x7C00), le16(0xFC00), le16(0x7E00));
    TensorContents c = SafeTensors.read(single("F16", "[10]", data));
    float[] v = c.get("t").toFloatArray();
    assertEquals(DType.FLOAT32, c.get("t").dtype());
    float[] expected = {0f, -0f, 1f, -2.5f, 65504f, 0x1p-24f, 1023 * 0x1p-24f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    for (int i = 0; i < v.length; i++) {
      assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(v[i]), "element " + i);
    }
    assertEquals(List.of("tensor \"t\": F16 converted to FLOAT32 (exact)"), c.notes());
  }

  @Test
  void readsBf16AndFp8ExactlyAsFloat32() throws Exception {
    float[] bf = SafeTensors.read(single("BF16", "[4]", concat(le16(0x3F80), le16(0xC0A0),
        le16(0x7F80), le16(0x0001)))).get("t").toFloatArray();
    assertArrayEquals(new float[] {1f, -5f, Float.POSITIVE_INFINITY, Float.intBitsToFloat(0x10000)},
        bf);
    float[] e4m3 = SafeTensors.read(single("F8_E4M3", "[7]",
        bytes(0x00, 0x80, 0x38, 0x7E, 0x01, 0xC4, 0x7F))).get("t").toFloatArray();
    assertArrayEquals(new float[] {0f, -0f, 1f, 448f, 0x1p-9f, -3f, Float.NaN}, e4m3);
    assertTrue(Float.isNaN(Elements.e4m3ToFloat((byte) 0xFF)));
    assertEquals(-448f, Elements.e4m3ToFloat((byte) 0xFE));
    float[] e5m2 = SafeTensors.read(single("F8_E5M2", "[5]",
        bytes(0x3C, 0x7C, 0x01, 0x7B, 0xFF))).get("t").toFloatArray();
    assertArrayEquals(new float[] {1f, Float.POSITIVE_INFINITY, 0x1p-16f, 57344f, Float.NaN},
        e5m2);
  }

  @Test
  void everyF16ValueWidensExactly() {
    for (int h = 0; h < 0x10000; h++) {
      float f = Elements.halfToFloat((short) h);
      int exp = (h >>> 10) & 0x1F;
      int mant = h & 0x3FF;
      double expected;
      if (exp == 0x1F) {
        expected = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
      } else if (exp == 0) {
        expected = mant * Math.pow(2, -24);
      } else {
        expected = (1 + mant / 1024.0) * Math.pow(2, exp - 15);
      }
      if ((h & 0x8000) != 0) {
        expected = -expected;
      }
      if (Double.isNaN(expected)) {
        assertTrue(Float.isNaN(f), "half " + h);
      } else {
        assertEquals(expected, f, 0.0, "half " + h);
        assertEquals(Math.copySign(1.0, expected), Math.copySign(1.0, f), "sign of half " + h);
      }
    }
  }

  @Test
  void readsSmallIntegersExactlyAsInt32() throws Exception {
    TensorContents u8 = SafeTensors.read(single("U8", "[3]", bytes(0, 1, 0xFF)));
    assertBitsEqual(Tensor.of(new int[] {0, 1, 255}, 3), u8.get("t"));
    assertEquals(List.of("tensor \"t\": U8 converted to INT32 (exact)"), u8.notes());
    assertBitsEqual(Tensor.of(new int[] {-128, 0, 127}, 3),
        SafeTensors.read(single("I8", "[3]", bytes(0x80, 0, 0x7F))).get("t"));
    assertBitsEqual(Tensor.of(new int[] {-32768, 32767}, 2), SafeTensors.read(single("I16",
        "[2]", concat(le16(0x8000), le16(0x7FFF)))).get("t"));
    assertBitsEqual(Tensor.of(new int[] {65535, 1}, 2), SafeTensors.read(single("U16", "[2]",
        concat(le16(0xFFFF), le16(1)))).get("t"));
  }

  /** A U8 image is read as integers; dividing by 255 gives FLOAT32 intensities. */
  @Test
  void u8ImageDividedBy255IsFloat32() throws Exception {
    Tensor image = SafeTensors.read(single("U8", "[2,2]", bytes(0, 51, 204, 255))).get("t");
    Tensor scaled = image.div(255.0);
    assertEquals(DType.FLOAT32, scaled.dtype());
    assertArrayEquals(new float[] {0f, 0.2f, 0.8f, 1f}, scaled.toFloatArray());
  }

  @Test
  void readsBoolAsBool() throws Exception {
    TensorContents b = SafeTensors.read(single("BOOL", "[2,2]", bytes(1, 0, 0, 1)));
    assertBitsEqual(Tensor.of(new boolean[] {true, false, false, true}, 2, 2), b.get("t"));
    assertEquals(List.of(), b.notes(), "BOOL is read as stored");
  }

  @Test
  void readsWideIntegersExactly() throws Exception {
    assertBitsEqual(Tensor.of(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, 2),
        SafeTensors.read(single("I32", "[2]", concat(le32(Integer.MIN_VALUE),
            le32(Integer.MAX_VALUE)))).get("t"));
    TensorContents u32 = SafeTensors.read(single("U32", "[2]", concat(le32(0xFFFFFFFFL),
        le32(0))));
    assertBitsEqual(Tensor.of(new long[] {4294967295L, 0}, 2), u32.get("t"));
    assertEquals(List.of("tensor \"t\": U32 converted to INT64 (exact)"), u32.notes());
    // 2^53 + 1 has no float64: exactly the values float conversion used to refuse or round.
    TensorContents i64 = SafeTensors.read(single("I64", "[4]", concat(le64(-(1L << 53)),
        le64((1L << 53) + 1), le64(Long.MIN_VALUE), le64(Long.MAX_VALUE))));
    assertBitsEqual(Tensor.of(new long[] {-(1L << 53), (1L << 53) + 1, Long.MIN_VALUE,
        Long.MAX_VALUE}, 4), i64.get("t"));
    assertEquals(List.of(), i64.notes());
    assertBitsEqual(Tensor.of(new long[] {Long.MAX_VALUE, 0, 5}, 3), SafeTensors.read(
        single("U64", "[3]", concat(le64(Long.MAX_VALUE), le64(0), le64(5)))).get("t"));
  }

  @Test
  void u64BeyondInt64IsRefusedNamingTheFirstSuchElement() {
    byte[] u64 = single("U64", "[3]", concat(le64(1), le64(Long.MIN_VALUE), le64(-1)));
    assertEquals("model.safetensors: tensor \"t\": U64 element 1 = 9223372036854775808 does not "
        + "fit INT64 (at most 2^63-1 = 9223372036854775807), jgrad's widest integer dtype",
        readError(u64));
  }

  // ---------------------------------------------------------------- validation, one rule each

  static Stream<Arguments> badFiles() {
    byte[] i32x4 = new byte[16];
    return Stream.of(
        Arguments.of("file shorter than the length field", bytes(1, 2, 3),
            "file has 3 bytes; a safetensors file starts with an 8-byte header length"),
        Arguments.of("header length over the cap (reference test_header_too_large)",
            concat(bytes('<', 0, 0, 0, 0, 0xFF, 0xFF, 0xFF), utf8("{\"test\":{\"dtype\":\"I32\","
                + "\"shape\":[2,2],\"data_offsets\":[0,16]}}"), i32x4),
            "header length 18446742974197923900 exceeds the cap of 100000000 bytes "
                + "(ReadOptions.withMaxSafetensorsHeaderBytes)"),
        Arguments.of("header length with the top bit set", concat(le64(-1), utf8("{}")),
            "header length 18446744073709551615 exceeds the cap of 100000000 bytes "
                + "(ReadOptions.withMaxSafetensorsHeaderBytes)"),
        Arguments.of("header length beyond the file (reference test_invalid_header_length)",
            bytes('<', 0, 0, 0, 0, 0, 0, 0),
            "header length 60 exceeds the 0 bytes after the length field"),
        Arguments.of("empty header", le64(0),
            "header is empty; it must be a JSON object starting with '{'"),
        Arguments.of("header not starting with '{'", concat(le64(3), utf8(" {}")),
            "header must start with '{' (0x7B), found 0x20"),
        Arguments.of("header not UTF-8 (reference test_invalid_header_non_utf8)",
            concat(le64(3), bytes('{', 0xFF, '}')),
            "header JSON: invalid UTF-8 at byte 1"),
        Arguments.of("header not JSON (reference test_invalid_header_not_json)",
            concat(le64(1), utf8("{")),
            "header JSON: line 1, column 2 (char 1): expected '\"' or '}', found end of input"),
        Arguments.of("NUL padding instead of spaces", concat(le64(4), bytes('{', '}', 0, 0)),
            "header JSON: line 1, column 3 (char 2): expected end of input after the JSON value, "
                + "found 'U+0000'"),
        Arguments.of("duplicate tensor names", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":"
                + "[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[4,8]}}", new byte[8]),
            "header JSON: line 1, column 55 (char 54): duplicate key \"w\""),
        Arguments.of("duplicate metadata keys",
            safetensors("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", new byte[0]),
            "header JSON: line 1, column 26 (char 25): duplicate key \"a\""),
        Arguments.of("tensor entry not an object", safetensors("{\"w\":[1,2]}", new byte[0]),
            "tensor \"w\": expected an object with dtype, shape and data_offsets, got a list"),
        Arguments.of("unknown field", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[],"
                + "\"data_offsets\":[0,4],\"extra\":1}}", new byte[4]),
            "tensor \"w\": unknown field \"extra\" (allowed: dtype, shape, data_offsets)"),
        Arguments.of("missing dtype", safetensors("{\"w\":{\"shape\":[],\"data_offsets\":[0,4]}}",
                new byte[4]), "tensor \"w\": missing field \"dtype\""),
        Arguments.of("missing shape", safetensors("{\"w\":{\"dtype\":\"F32\","
                + "\"data_offsets\":[0,4]}}", new byte[4]),
            "tensor \"w\": missing field \"shape\""),
        Arguments.of("missing data_offsets", safetensors("{\"w\":{\"dtype\":\"F32\","
                + "\"shape\":[]}}", new byte[4]), "tensor \"w\": missing field \"data_offsets\""),
        Arguments.of("dtype not a string", safetensors("{\"t\":{\"dtype\":32,\"shape\":[],"
                + "\"data_offsets\":[0,4]}}", new byte[4]),
            "tensor \"t\": dtype must be a string, got the number 32"),
        Arguments.of("unknown dtype", single("F33", "[1]", new byte[4]),
            "tensor \"t\": unknown dtype \"F33\" (supported: BOOL, U8, I8, U16, I16, U32, I32, "
                + "U64, I64, F8_E4M3, F8_E5M2, F16, BF16, F32, F64)"),
        Arguments.of("dtype of the format jgrad cannot hold", single("C64", "[1]", new byte[8]),
            "tensor \"t\": dtype C64 has no jgrad dtype to be read into (supported: BOOL, "
                + "U8, I8, U16, I16, U32, I32, U64, I64, F8_E4M3, F8_E5M2, F16, BF16, F32, F64)"),
        Arguments.of("shape not a list", single("F32", "3", new byte[12]),
            "tensor \"t\": shape must be a list of non-negative integers, got the number 3"),
        Arguments.of("negative dimension", single("F32", "[2,-1]", new byte[0]),
            "tensor \"t\": shape entry 1 must be an integer in [0, 2147483647], got -1"),
        Arguments.of("fractional dimension", single("F32", "[2.0]", new byte[8]),
            "tensor \"t\": shape entry 0 must be an integer in [0, 2147483647], got 2.0, which "
                + "is not an integer literal (it has a fraction or an exponent)"),
        Arguments.of("dimension written with an exponent", single("F32", "[1e0]", new byte[4]),
            "tensor \"t\": shape entry 0 must be an integer in [0, 2147483647], got 1e0, which "
                + "is not an integer literal (it has a fraction or an exponent)"),
        Arguments.of("dimension with a huge exponent", single("F32", "[7,1e1000]", new byte[4]),
            "tensor \"t\": shape entry 1 must be an integer in [0, 2147483647], got 1e1000, "
                + "which is not an integer literal (it has a fraction or an exponent)"),
        Arguments.of("dimension with an exponent beyond JSON's cap", single("F32",
                "[100e2147483647]", new byte[4]),
            "header JSON: line 1, column 30 (char 29): number 100e2147483647 has an exponent "
                + "beyond the limit of ±1000"),
        Arguments.of("dimension beyond an int", single("F32", "[4294967296]", new byte[0]),
            "tensor \"t\": shape entry 0 must be an integer in [0, 2147483647], got 4294967296"),
        Arguments.of("dimension beyond u64 (reference test_validation_overflow)",
            safetensors("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,18446744073709551614],"
                + "\"data_offsets\":[0,16]}}", i32x4),
            "tensor \"test\": shape entry 1 must be an integer in [0, 2147483647], got "
                + "18446744073709551614"),
        Arguments.of("more than 64 dimensions", single("F32", "[" + "1,".repeat(64) + "1]",
                new byte[4]),
            "tensor \"t\": shape has 65 dimensions; at most 64 are supported (the limit of NumPy "
                + "and PyTorch)"),
        Arguments.of("empty shape jgrad cannot represent", single("F32", "[65536,65536,0]",
                new byte[0]),
            "tensor \"t\": shape [65536, 65536, 0]: the product of its dimensions before the 0 "
                + "exceeds 2^31-1, which jgrad's Shape does not allow"),
        Arguments.of("element count overflows 64 bits",
            single("U8", "[2147483647,2147483647,2147483647]", new byte[0]),
            "tensor \"t\": shape [2147483647, 2147483647, 2147483647] has more than 2^63 "
                + "elements"),
        Arguments.of("byte count overflows 64 bits", single("F64", "[2147483647,2147483647,2]",
                new byte[0]),
            "tensor \"t\": dtype F64 × shape [2147483647, 2147483647, 2] needs more than 2^63 "
                + "bytes"),
        Arguments.of("data_offsets not a pair", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":"
                + "[],\"data_offsets\":[0,4,8]}}", new byte[4]),
            "tensor \"t\": data_offsets must be a list of two integers [BEGIN, END], got a list "
                + "of 3"),
        Arguments.of("data_offsets not a list", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":"
                + "[],\"data_offsets\":\"0-4\"}}", new byte[4]),
            "tensor \"t\": data_offsets must be a list of two integers [BEGIN, END], got a "
                + "string"),
        Arguments.of("negative offset", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[],"
                + "\"data_offsets\":[-4,0]}}", new byte[4]),
            "tensor \"t\": data_offsets BEGIN must be an integer in [0, 9223372036854775807], got "
                + "-4"),
        Arguments.of("offset beyond u64", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[],"
                + "\"data_offsets\":[0,99999999999999999999]}}", new byte[4]),
            "tensor \"t\": data_offsets END must be an integer in [0, 9223372036854775807], got "
                + "99999999999999999999"),
        Arguments.of("offsets reversed", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[],"
                + "\"data_offsets\":[4,0]}}", new byte[4]),
            "tensor \"t\": data_offsets [4, 0] end before they begin"),
        Arguments.of("offsets disagree with dtype × shape (reference test_invalid_info)",
            safetensors("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0, 4]}}",
                new byte[4]),
            "tensor \"test\": data_offsets [0, 4] cover 4 bytes but dtype I32 × shape [2, 2] "
                + "needs 16"),
        Arguments.of("offsets past the data section (reference test_metadata_incomplete_buffer)",
            safetensors("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}",
                new byte[14]),
            "tensor \"test\": data_offsets [0, 16] extend past the data section, which has 14 "
                + "bytes"),
        Arguments.of("tensor beyond jgrad's element limit", safetensors("{\"t\":{\"dtype\":"
                + "\"U8\",\"shape\":[2147483647],\"data_offsets\":[0,2147483647]}}", new byte[0]),
            "tensor \"t\": shape [2147483647] has 2147483647 elements; a jgrad tensor holds at "
                + "most 2147483639"),
        Arguments.of("gap before the first tensor", safetensors("{\"t\":{\"dtype\":\"F32\","
                + "\"shape\":[],\"data_offsets\":[4,8]}}", new byte[8]),
            "bytes [0, 4) of the data section belong to no tensor (before tensor \"t\"); tensors "
                + "must cover the data section without gaps"),
        Arguments.of("gap between tensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[],"
                + "\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[],"
                + "\"data_offsets\":[8,12]}}", new byte[12]),
            "bytes [4, 8) of the data section belong to no tensor (before tensor \"b\"); tensors "
                + "must cover the data section without gaps"),
        Arguments.of("overlapping tensors (reference test_json_attack)", safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                new byte[12]),
            "tensor \"b\": data_offsets [4, 12] overlap tensor \"a\" at [0, 8]"),
        Arguments.of("the same bytes for two tensors", safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                    + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                new byte[4]),
            "tensor \"b\": data_offsets [0, 4] overlap tensor \"a\" at [0, 4]"),
        Arguments.of("trailing bytes: a polyglot file", concat(single("F32", "[1]", new byte[4]),
                utf8("extra_bogus_data_for_polyglot_file")),
            "the data section has 38 bytes but the tensors cover only 4; 34 trailing bytes "
                + "belong to no tensor"),
        Arguments.of("metadata not an object", safetensors("{\"__metadata__\":[\"a\"]}",
                new byte[0]), "__metadata__ must be an object of string values, got a list"),
        Arguments.of("metadata value not a string", safetensors("{\"__metadata__\":{\"epoch\":3}}",
                new byte[0]), "__metadata__ value of \"epoch\" must be a string, got the number 3"),
        Arguments.of("BOOL byte other than 0 or 1", single("BOOL", "[3]", bytes(0, 1, 2)),
            "tensor \"t\": BOOL element 2 has byte value 2 (must be 0 or 1)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void rejectsBadFile(String rule, byte[] file, String problem) {
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> SafeTensors.read(file, "model.safetensors", ReadOptions.DEFAULT));
    assertEquals("model.safetensors: " + problem, e.getMessage());
    assertEquals("model.safetensors", e.source());
    assertEquals(problem, e.problem());
  }

  @Test
  void theIssuesExampleMessage() {
    byte[] file = safetensors("{\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[3,5],"
        + "\"data_offsets\":[0,48]}}", new byte[48]);
    assertEquals("model.safetensors: tensor \"layers.0.weight\": data_offsets [0, 48] cover 48 "
        + "bytes but dtype F32 × shape [3, 5] needs 60", readError(file));
  }

  @Test
  void headerCapIsConfigurable() throws Exception {
    byte[] file = SafeTensors.toBytes(map("x", Tensor.scalar(1.0)), null);
    long n = file.length - 16;
    ReadOptions tight = ReadOptions.DEFAULT.withMaxSafetensorsHeaderBytes(n - 1);
    assertEquals("m: header length " + n + " exceeds the cap of " + (n - 1) + " bytes "
        + "(ReadOptions.withMaxSafetensorsHeaderBytes)",
        rejected(() -> SafeTensors.read(file, "m", tight)));
    SafeTensors.read(file, "m", ReadOptions.DEFAULT.withMaxSafetensorsHeaderBytes(n));
  }

  @Test
  void metadataNullIsAcceptedAsNone() throws Exception {
    TensorContents c = SafeTensors.read(safetensors("{\"__metadata__\":null}", new byte[0]));
    assertTrue(c.metadata().isEmpty());
  }

  @Test
  void inMemoryInputIsNamedBytes() {
    assertEquals("<bytes>: file has 0 bytes; a safetensors file starts with an 8-byte header "
        + "length", rejected(() -> SafeTensors.read(new byte[0])));
  }

  @Test
  void badFileOnDiskIsNamedByItsPath() throws IOException {
    Path p = dir.resolve("bad.safetensors");
    Files.write(p, concat(single("F32", "[1]", new byte[4]), bytes(0)));
    assertEquals(p + ": the data section has 5 bytes but the tensors cover only 4; 1 trailing "
        + "bytes belong to no tensor", rejected(() -> SafeTensors.read(p)));
  }

  @Test
  void streamMustEndWhereTheFileEnds() {
    byte[] file = concat(single("F32", "[1]", new byte[4]), bytes(0));
    assertEquals("s: the data section has 5 bytes but the tensors cover only 4; 1 trailing "
        + "bytes belong to no tensor", rejected(() -> SafeTensors.read(
            new ByteArrayInputStream(file), "s", ReadOptions.DEFAULT)));
  }

  // ---------------------------------------------------------------- allocation

  /** A 90-byte file claiming a 16 GB tensor is rejected before anything large is allocated. */
  @Test
  void lyingHeadersCannotMakeTheReaderAllocate() throws IOException {
    byte[] file = safetensors("{\"t\":{\"dtype\":\"F64\",\"shape\":[268435455],"
        + "\"data_offsets\":[0,2147483640]}}", new byte[16]);
    Path p = dir.resolve("liar.safetensors");
    Files.write(p, file);
    long inMemory = allocation(() -> SafeTensors.read(file));
    long onDisk = allocation(() -> SafeTensors.read(p));
    long fromStream = allocation(() -> SafeTensors.read(new ByteArrayInputStream(file), "s",
        ReadOptions.DEFAULT));
    assertTrue(inMemory < 1 << 20, "allocated " + inMemory);
    assertTrue(onDisk < 1 << 20, "allocated " + onDisk);
    assertTrue(fromStream < 1 << 20, "allocated " + fromStream);
    byte[] bigHeader = concat(le64(99_000_000), utf8("{}"));
    long header = allocation(() -> SafeTensors.read(bigHeader));
    assertTrue(header < 1 << 20, "a claimed 99 MB header allocated " + header);
  }

  @Test
  void readingAllocatesAboutWhatTheTensorsNeed() throws Exception {
    Tensor big = Tensor.zeros(DType.FLOAT32, 1 << 20); // 4 MiB
    Path p = dir.resolve("big.safetensors");
    SafeTensors.write(p, map("w", big));
    long used = allocation(() -> SafeTensors.read(p));
    // The float[] plus Tensor.of's copy (8 MiB) and bounded buffers; never the file twice more.
    assertTrue(used < 9 << 20, "allocated " + used);
    assertFalse(used < 4 << 20, "the tensor itself must have been allocated: " + used);
    assertBitsEqual(big, SafeTensors.read(p).get("w"));
  }
}
