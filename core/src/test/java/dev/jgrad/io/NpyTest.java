package dev.jgrad.io;

import static dev.jgrad.io.IoTesting.allocation;
import static dev.jgrad.io.IoTesting.ascii;
import static dev.jgrad.io.IoTesting.assertBitsEqual;
import static dev.jgrad.io.IoTesting.bytes;
import static dev.jgrad.io.IoTesting.concat;
import static dev.jgrad.io.IoTesting.f32le;
import static dev.jgrad.io.IoTesting.f64le;
import static dev.jgrad.io.IoTesting.le16;
import static dev.jgrad.io.IoTesting.le32;
import static dev.jgrad.io.IoTesting.rejected;
import static dev.jgrad.io.IoTesting.resource;
import static dev.jgrad.io.IoTesting.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyTest {
  @TempDir Path dir;

  private static Tensor golden(String name) throws TensorFileException {
    return Npy.read(resource("golden/" + name), name, ReadOptions.DEFAULT);
  }

  private static double[] arange(int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * scale;
    }
    return v;
  }

  /**
   * A version 1.0 file written by hand per the format spec: magic, version, little-endian
   * header length, the header text exactly as given, then the data.
   */
  static byte[] npy1(String header, byte[] data) {
    return concat(bytes(0x93), ascii("NUMPY"), bytes(1, 0), le16(header.length()),
        ascii(header), data);
  }

  /** A version 2.0 or 3.0 file (4-byte header length), header encoded as given. */
  static byte[] npy(int major, byte[] header, byte[] data) {
    return concat(bytes(0x93), ascii("NUMPY"), bytes(major, 0), le32(header.length), header,
        data);
  }

  // ---------------------------------------------------------------- files written by NumPy

  @Test
  void readsFloatFilesWrittenByNumpy() throws Exception {
    assertBitsEqual(Tensor.of(new float[] {0f, -0f, 1.5f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE}, 2, 3), golden("f4_2x3.npy"));
    assertBitsEqual(Tensor.of(new double[] {1.0 / 3, -2.5, 1e300, Double.MIN_VALUE, Double.NaN,
        0}, 3, 2), golden("f8_3x2.npy"));
    assertBitsEqual(Tensor.scalar(3.25), golden("f8_scalar.npy"));
    assertBitsEqual(Tensor.zeros(DType.FLOAT32, 0, 3), golden("f4_empty_0x3.npy"));
    assertBitsEqual(Tensor.of(arange(24, 0.125), 1, 2, 3, 4), golden("f8_1x2x3x4.npy"));
  }

  @Test
  void readsBigEndianAndFortranOrderWrittenByNumpy() throws Exception {
    assertBitsEqual(Tensor.of(new float[] {1f, -2f, 0.1f, 3e38f}, 2, 2),
        golden("f4_big_endian_2x2.npy"));
    assertBitsEqual(Tensor.of(arange(24, 1), 2, 3, 4), golden("f8_fortran_2x3x4.npy"));
    assertBitsEqual(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2),
        golden("f8_big_endian_fortran_3x2.npy"));
  }

  @Test
  void readsFormatVersions2And3WrittenByNumpy() throws Exception {
    assertBitsEqual(Tensor.of(new float[] {1, 2}, 2), golden("f4_v2_2.npy"));
    assertBitsEqual(Tensor.of(new double[] {-1, 0.5}, 2), golden("f8_v3_2.npy"));
  }

  @Test
  void readsIntegerAndBoolFilesWrittenByNumpyExactly() throws Exception {
    assertBitsEqual(Tensor.of(new float[] {0, 1, -2.5f, 65504, 0x1p-24f,
        Float.POSITIVE_INFINITY}, 6), golden("f2_6.npy"));
    assertBitsEqual(Tensor.of(new boolean[] {true, false, false, true}, 4), golden("b1_4.npy"));
    assertBitsEqual(Tensor.of(new int[] {-128, 0, 127}, 3), golden("i1_3.npy"));
    assertBitsEqual(Tensor.of(new int[] {0, 1, 255}, 3), golden("u1_3.npy"));
    assertBitsEqual(Tensor.of(new int[] {-32768, 0, 32767}, 3), golden("i2_3.npy"));
    assertBitsEqual(Tensor.of(new int[] {0, 65535}, 2), golden("u2_2.npy"));
    assertBitsEqual(Tensor.of(new int[] {Integer.MIN_VALUE, 0, 1, Integer.MAX_VALUE}, 2, 2),
        golden("i4_2x2.npy"));
    assertBitsEqual(Tensor.of(new long[] {0, 4294967295L}, 2), golden("u4_2.npy"));
    assertBitsEqual(Tensor.of(new long[] {-(1L << 53), 0, 1L << 53}, 3),
        golden("i8_big_endian_3.npy"));
    assertBitsEqual(Tensor.of(new long[] {1, (1L << 53) + 1, Long.MIN_VALUE, Long.MAX_VALUE}, 4),
        golden("i8_extremes_4.npy"));
    assertBitsEqual(Tensor.of(new long[] {Long.MAX_VALUE, 7}, 2), golden("u8_2.npy"));
  }

  @Test
  void fortranOrderIntegerAndBoolFilesAreReorderedToRowMajor() throws Exception {
    assertBitsEqual(Tensor.of(new int[] {1, -2, 3, -4, 5, -6}, 2, 3),
        golden("i4_fortran_2x3.npy"));
    assertBitsEqual(Tensor.of(new boolean[] {true, false, false, true, true, false}, 2, 3),
        golden("b1_fortran_2x3.npy"));
  }

  @Test
  void u8BeyondInt64IsRefusedNamingTheElement() {
    assertEquals("u8_beyond_int64_2.npy: array: U64 element 1 = 9223372036854775808 does not "
        + "fit INT64 (at most 2^63-1 = 9223372036854775807), jgrad's widest integer dtype",
        rejected(() -> golden("u8_beyond_int64_2.npy")));
  }

  @Test
  void refusesWhatNumpyStoresButJgradCannotHold() {
    assertEquals("object_2.npy: descr '|O' is an object array, which NumPy stores with pickle; "
        + "object arrays are always refused", rejected(() -> golden("object_2.npy")));
    assertEquals("structured_2.npy: structured dtypes (descr is a list of fields) are not "
        + "supported", rejected(() -> golden("structured_2.npy")));
    assertEquals("complex_2.npy: descr '<c16' is not supported (supported: bool b1, integers i1 "
        + "u1 i2 u2 i4 u4 i8 u8, floats f2 f4 f8, each '<' or '>')",
        rejected(() -> golden("complex_2.npy")));
    assertEquals("unicode_2.npy: descr '<U2' is not supported (supported: bool b1, integers i1 "
        + "u1 i2 u2 i4 u4 i8 u8, floats f2 f4 f8, each '<' or '>')",
        rejected(() -> golden("unicode_2.npy")));
  }

  /** np.save of the same arrays gives exactly these bytes. */
  @Test
  void writesExactlyWhatNumpySaves() {
    assertArrayEquals(resource("golden/save_f4_2x3.npy"),
        Npy.toBytes(Tensor.of(new float[] {0.25f, 0.5f, 0.75f, 1, 1.25f, 1.5f}, 2, 3)));
    assertArrayEquals(resource("golden/save_f8_scalar.npy"), Npy.toBytes(Tensor.scalar(-0.75)));
    assertArrayEquals(resource("golden/save_f4_empty_0.npy"),
        Npy.toBytes(Tensor.zeros(DType.FLOAT32, 0)));
    assertArrayEquals(resource("golden/save_f8_2x1x3.npy"),
        Npy.toBytes(Tensor.of(new double[] {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5}, 2, 1, 3)));
    assertArrayEquals(resource("golden/save_f4_long_axis.npy"),
        Npy.toBytes(Tensor.zeros(DType.FLOAT32, 123456789, 0)));
    assertArrayEquals(resource("golden/save_i4_2x3.npy"), Npy.toBytes(Tensor.of(
        new int[] {Integer.MIN_VALUE, -1, 0, 1, 7, Integer.MAX_VALUE}, 2, 3)));
    assertArrayEquals(resource("golden/save_i8_3.npy"), Npy.toBytes(Tensor.of(
        new long[] {Long.MIN_VALUE, (1L << 53) + 1, Long.MAX_VALUE})));
    assertArrayEquals(resource("golden/save_i8_scalar.npy"),
        Npy.toBytes(Tensor.scalar(DType.INT64, -5L)));
    assertArrayEquals(resource("golden/save_b1_2x2.npy"),
        Npy.toBytes(Tensor.of(new boolean[] {true, false, false, true}, 2, 2)));
  }

  /** Views are written in C order, as np.save writes their contiguous copies. */
  @Test
  void writesViewsAsNumpySavesTheirContiguousCopies() throws Exception {
    Tensor transposed = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose();
    assertArrayEquals(resource("golden/save_i4_transposed_3x2.npy"), Npy.toBytes(transposed));
    Tensor transposed64 = Tensor.of(new double[] {0, 0.25, 0.5, 0.75, 1, 1.25}, 2, 3)
        .transpose();
    assertArrayEquals(resource("golden/save_f8_transposed_3x2.npy"), Npy.toBytes(transposed64));
    Tensor stepped = Tensor.of(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).slice(0, 0, 10, 3);
    assertArrayEquals(resource("golden/save_i8_step_4.npy"), Npy.toBytes(stepped));
    assertBitsEqual(transposed.contiguous(), Npy.read(Npy.toBytes(transposed)));
  }

  // ---------------------------------------------------------------- files written by hand

  /** The header as the spec allows it, not only as np.save lays it out. */
  @Test
  void readsHandWrittenHeadersInAnyValidLayout() throws Exception {
    byte[] data = f32le(1, 2);
    assertBitsEqual(Tensor.of(new float[] {1, 2}, 2), Npy.read(npy1(
        "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f4\"}", data)));
    assertBitsEqual(Tensor.of(new float[] {1, 2}, 1, 2), Npy.read(npy1(
        "{'descr':'<f4','fortran_order':True,'shape':(1,2)}\n", data)));
    assertBitsEqual(Tensor.of(new float[] {1, 2}, 2, 1), Npy.read(npy1(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L), }          \n", data)));
    assertBitsEqual(Tensor.of(new float[] {1, 2}, 2), Npy.read(npy1(
        "  {\n 'descr' : '<f4' ,\t'fortran_order' : False , 'shape' : ( 2 , ) }", data)));
    assertBitsEqual(Tensor.scalar(-1f), Npy.read(npy1(
        "{'descr': '>f4', 'fortran_order': False, 'shape': (), }", bytes(0xBF, 0x80, 0, 0))));
    assertBitsEqual(Tensor.of(new int[] {0, 255}, 2), Npy.read(npy1(
        "{'descr': '<u1', 'fortran_order': False, 'shape': (2,), }", bytes(0, 255))));
    assertBitsEqual(Tensor.of(new boolean[] {true, false}, 2), Npy.read(npy1(
        "{'descr': '|?', 'fortran_order': False, 'shape': (2,), }", bytes(1, 0))));
    assertBitsEqual(Tensor.of(new double[] {1.5}, 1), Npy.read(npy(3,
        utf8("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } # é\n"
            .replace(" # é", "  ")), f64le(1.5))));
  }

  @Test
  void fortranOrderIsReorderedToRowMajor() throws Exception {
    // [[1, 2, 3], [4, 5, 6]] stored column by column.
    byte[] file = npy1("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
        f64le(1, 4, 2, 5, 3, 6));
    assertBitsEqual(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), Npy.read(file));
  }

  @Property(tries = 100)
  void fortranReorderingMatchesIndexArithmetic(@ForAll("shapes") int[] shape) throws Exception {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] rowMajor = arange(n, 1);
    double[] columnMajor = new double[n];
    // Element at multi-index i sits at sum(i_k * prod(shape[:k])) in Fortran order.
    for (int flat = 0; flat < n; flat++) {
      int rest = flat;
      int fortranOffset = 0;
      int[] index = new int[shape.length];
      for (int k = shape.length - 1; k >= 0; k--) {
        index[k] = rest % shape[k];
        rest /= shape[k];
      }
      int stride = 1;
      for (int k = 0; k < shape.length; k++) {
        fortranOffset += index[k] * stride;
        stride *= shape[k];
      }
      columnMajor[fortranOffset] = rowMajor[flat];
    }
    byte[] file = npy1("{'descr': '<f8', 'fortran_order': True, 'shape': "
        + Npy.shapeRepr(shape) + ", }", f64le(columnMajor));
    assertBitsEqual(Tensor.of(rowMajor, shape), Npy.read(file));
    // The same layout in another dtype: the reordering does not depend on the element type.
    ByteBuffer ints = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    long[] rowMajorInts = new long[n];
    for (int i = 0; i < n; i++) {
      ints.putLong((long) columnMajor[i] - (1L << 62));
      rowMajorInts[i] = (long) rowMajor[i] - (1L << 62);
    }
    byte[] intFile = npy1("{'descr': '<i8', 'fortran_order': True, 'shape': "
        + Npy.shapeRepr(shape) + ", }", ints.array());
    assertBitsEqual(Tensor.of(rowMajorInts, shape), Npy.read(intFile));
  }

  @Provide
  Arbitrary<int[]> shapes() {
    return Arbitraries.integers().between(0, 4).array(int[].class).ofMinSize(0).ofMaxSize(5);
  }

  // ---------------------------------------------------------------- validation, one rule each

  private static final String F4_2 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";

  static Stream<Arguments> badFiles() {
    byte[] two = f32le(1, 2);
    return Stream.of(
        Arguments.of("too short", bytes(0x93, 'N', 'U'),
            "file has 3 bytes, too short for the .npy magic, version and header length"),
        Arguments.of("bad magic", concat(ascii("PK\3\4NUMPY"), two),
            "not a .npy file: it does not start with the magic \\x93NUMPY"),
        Arguments.of("unknown version", concat(bytes(0x93), ascii("NUMPY"), bytes(4, 0),
                le32(0)), "unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)"),
        Arguments.of("unknown minor version", concat(bytes(0x93), ascii("NUMPY"), bytes(1, 1),
                le16(0)), "unsupported .npy format version 1.1 (supported: 1.0, 2.0, 3.0)"),
        Arguments.of("version 2.0 without room for the length", concat(bytes(0x93),
                ascii("NUMPY"), bytes(2, 0), le16(0)),
            "file has 10 bytes, too short for the header length of format 2.0"),
        Arguments.of("header length over the cap", npy(2, new byte[10_001], new byte[0]),
            "header length 10001 exceeds the cap of 10000 bytes "
                + "(ReadOptions.withMaxNpyHeaderBytes)"),
        Arguments.of("header length beyond the file", concat(bytes(0x93), ascii("NUMPY"),
                bytes(1, 0), le16(70), ascii(F4_2)),
            "header length 70 exceeds the 57 bytes after the length field"),
        Arguments.of("version 3.0 header not UTF-8", npy(3, concat(ascii("{'descr': '<f4"),
                bytes(0xFF), ascii("', 'fortran_order': False, 'shape': (2,), }")), two),
            "format 3.0 header is not valid UTF-8: invalid UTF-8 at byte 14"),
        Arguments.of("header not a dict", npy1("[1, 2]", two),
            "header '[1, 2]': the header must be a dict literal starting with '{' at char 0"),
        Arguments.of("Python expression in the header", npy1("{'descr': __import__('os'), "
                + "'fortran_order': False, 'shape': (2,)}", two),
            "header '{\\'descr\\': __import__(\\'os\\'), \\'fortran_order\\': False, \\'shape\\': "
                + "(2,)}': expected a string, True, False or a tuple at char 10"),
        Arguments.of("text after the dict", npy1(F4_2 + " x", two),
            "header " + Npy.quotePy(F4_2 + " x") + ": unexpected text after the closing '}' at "
                + "char 58"),
        Arguments.of("escape in a string", npy1("{'descr': '<f\\x34', 'fortran_order': False, "
                + "'shape': (2,)}", two),
            "header '{\\'descr\\': \\'<f\\\\x34\\', \\'fortran_order\\': False, \\'shape\\': "
                + "(2,)}': escape sequences are not supported in header strings at char 13"),
        Arguments.of("unterminated string", npy1("{'descr': '<f4}", two),
            "header '{\\'descr\\': \\'<f4}': unterminated string at char 15"),
        Arguments.of("duplicate key", npy1("{'descr': '<f4', 'descr': '<f8', "
                + "'fortran_order': False, 'shape': (2,)}", two),
            "header '{\\'descr\\': \\'<f4\\', \\'descr\\': \\'<f8\\', \\'fortran_order\\': False, "
                + "\\'shape\\'...: duplicate key 'descr' at char 24"),
        Arguments.of("missing key", npy1("{'descr': '<f4', 'shape': (2,)}", two),
            "header lacks the key 'fortran_order' (it must have exactly 'descr', "
                + "'fortran_order' and 'shape')"),
        Arguments.of("extra key", npy1("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (2,), 'x': True}", two),
            "header has the unknown key 'x' (it must have exactly 'descr', 'fortran_order' and "
                + "'shape')"),
        Arguments.of("object array", npy1("{'descr': '|O', 'fortran_order': False, "
                + "'shape': (2,), }", new byte[16]),
            "descr '|O' is an object array, which NumPy stores with pickle; object arrays are "
                + "always refused"),
        Arguments.of("structured dtype with an object field", npy1("{'descr': [('a', '<f4'), "
                + "('b', '|O')], 'fortran_order': False, 'shape': (2,), }", new byte[24]),
            "structured dtypes (descr is a list of fields) are not supported; this one has "
                + "object fields, which need pickle and are always refused"),
        Arguments.of("descr not a string", npy1("{'descr': True, 'fortran_order': False, "
                + "'shape': (2,), }", two), "descr must be a string such as '<f8', got True"),
        Arguments.of("unsupported descr", npy1("{'descr': '<f16', 'fortran_order': False, "
                + "'shape': (2,), }", new byte[32]),
            "descr '<f16' is not supported (supported: bool b1, integers i1 u1 i2 u2 i4 u4 i8 "
                + "u8, floats f2 f4 f8, each '<' or '>')"),
        Arguments.of("'|' on a multi-byte type", npy1("{'descr': '|f4', 'fortran_order': False, "
                + "'shape': (2,), }", two),
            "descr '|f4': byte order '|' (not applicable) is only valid for 1-byte types; use "
                + "'<' or '>'"),
        Arguments.of("native byte order", npy1("{'descr': '=f4', 'fortran_order': False, "
                + "'shape': (2,), }", two),
            "descr '=f4' has native byte order '=', which is ambiguous in a file; use '<' or "
                + "'>'"),
        Arguments.of("no byte order", npy1("{'descr': 'f4', 'fortran_order': False, "
                + "'shape': (2,), }", two), "descr 'f4' has no byte order; use '<' or '>'"),
        Arguments.of("fortran_order not a bool", npy1("{'descr': '<f4', 'fortran_order': 0, "
                + "'shape': (2,), }", two),
            "header " + Npy.quotePy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }")
                + ": expected a string, True, False or a tuple at char 34"),
        Arguments.of("fortran_order a string", npy1("{'descr': '<f4', 'fortran_order': 'no', "
                + "'shape': (2,), }", two), "fortran_order must be True or False, got 'no'"),
        Arguments.of("shape a list", npy1("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': [2], }", two),
            "shape must be a tuple of integers such as (2, 3), got a list"),
        Arguments.of("shape (2) is an int in Python", npy1("{'descr': '<f4', "
                + "'fortran_order': False, 'shape': (2), }", two),
            "header " + Npy.quotePy("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }")
                + ": shape (2) is not a tuple; a 1-d shape is written (2,) at char 50"),
        Arguments.of("negative dimension", npy1("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (-1,), }", two),
            "header " + Npy.quotePy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")
                + ": dimensions must be non-negative at char 51"),
        Arguments.of("leading zero", npy1("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (02,), }", two),
            "header " + Npy.quotePy("{'descr': '<f4', 'fortran_order': False, 'shape': (02,), }")
                + ": integer 02 has a leading zero at char 51"),
        Arguments.of("'L' suffix in version 3.0", npy(3, utf8("{'descr': '<f4', "
                + "'fortran_order': False, 'shape': (2L,), }"), two),
            "header " + Npy.quotePy("{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }")
                + ": expected ',' or ')' in the tuple at char 52"),
        Arguments.of("dimension beyond an int", npy1("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (4294967296,), }", two),
            "shape (4294967296,) has dimension 4294967296; jgrad allows at most 2147483647 per "
                + "axis"),
        Arguments.of("dimension beyond a long", npy1("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (99999999999999999999,), }", two),
            "header '{\\'descr\\': \\'<f4\\', \\'fortran_order\\': False, \\'shape\\': "
                + "(99999999999999999...: dimension 99999999999999999999 is too large at char 51"),
        Arguments.of("a long unknown key is quoted briefly", npy1("{'descr': '<f4', "
                + "'fortran_order': False, 'shape': (2,), '" + "k".repeat(5000) + "': True}", two),
            "header has the unknown key '" + "k".repeat(200) + "...' (5000 chars) (it must have "
                + "exactly 'descr', 'fortran_order' and 'shape')"),
        Arguments.of("a long descr is quoted briefly", npy1("{'descr': '<" + "f".repeat(9000)
                + "', 'fortran_order': False, 'shape': (2,), }", two),
            "descr '<" + "f".repeat(199) + "...' (9001 chars) is not supported (supported: bool "
                + "b1, integers i1 u1 i2 u2 i4 u4 i8 u8, floats f2 f4 f8, each '<' or '>')"),
        Arguments.of("element count beyond jgrad's limit", npy1("{'descr': '<f4', "
                + "'fortran_order': False, 'shape': (65536, 65536), }", two),
            "shape (65536, 65536) has more elements than a jgrad tensor can hold (2147483639)"),
        Arguments.of("empty shape jgrad cannot represent", npy1("{'descr': '<f4', "
                + "'fortran_order': False, 'shape': (65536, 65536, 0), }", new byte[0]),
            "shape (65536, 65536, 0): the product of its dimensions before the 0 exceeds 2^31-1, "
                + "which jgrad's Shape does not allow"),
        Arguments.of("data truncated", npy1(F4_2, f32le(1)),
            "array data is truncated: dtype '<f4' × shape (2,) needs 8 bytes but 4 follow the "
                + "header"),
        Arguments.of("trailing bytes", npy1(F4_2, concat(two, bytes(0))),
            "1 trailing bytes after the 8 bytes of array data"),
        Arguments.of("bool byte other than 0 or 1", npy1("{'descr': '|b1', 'fortran_order': "
                + "False, 'shape': (2,), }", bytes(1, 7)),
            "array: BOOL element 1 has byte value 7 (must be 0 or 1)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void rejectsBadFile(String rule, byte[] file, String problem) {
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> Npy.read(file, "a.npy", ReadOptions.DEFAULT));
    assertEquals("a.npy: " + problem, e.getMessage());
  }

  @Test
  void headerCapIsConfigurable() throws Exception {
    byte[] file = Npy.toBytes(Tensor.scalar(1.0));
    assertEquals("a.npy: header length 118 exceeds the cap of 117 bytes "
        + "(ReadOptions.withMaxNpyHeaderBytes)", rejected(() -> Npy.read(file, "a.npy",
            ReadOptions.DEFAULT.withMaxNpyHeaderBytes(117))));
    Npy.read(file, "a.npy", ReadOptions.DEFAULT.withMaxNpyHeaderBytes(118));
  }

  // ---------------------------------------------------------------- round trips

  @Property(tries = 200)
  void roundTripIsBitExact(@ForAll("tensors") Tensor t) throws Exception {
    byte[] bytes = Npy.toBytes(t);
    assertEquals(0, (bytes.length - Npy.byteSize(t)) % 64, "data starts 64-byte aligned");
    assertBitsEqual(t, Npy.read(bytes));
  }

  @Provide
  Arbitrary<Tensor> tensors() {
    Arbitrary<int[]> shapes = Arbitraries.integers().between(0, 3).array(int[].class)
        .ofMaxSize(4);
    return shapes.flatMap(shape -> {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      int count = n;
      Arbitrary<Tensor> f32 = Arbitraries.integers().array(int[].class).ofSize(count)
          .map(bits -> {
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
              v[i] = Float.intBitsToFloat(bits[i]);
            }
            return Tensor.of(v, shape);
          });
      Arbitrary<Tensor> f64 = Arbitraries.longs().array(long[].class).ofSize(count)
          .map(bits -> {
            double[] v = new double[count];
            for (int i = 0; i < count; i++) {
              v[i] = Double.longBitsToDouble(bits[i]);
            }
            return Tensor.of(v, shape);
          });
      Arbitrary<Tensor> i32 = Arbitraries.integers().array(int[].class).ofSize(count)
          .map(v -> Tensor.of(v, shape));
      Arbitrary<Tensor> i64 = Arbitraries.longs().array(long[].class).ofSize(count)
          .map(v -> Tensor.of(v, shape));
      Arbitrary<Tensor> bool = Arbitraries.integers().between(0, 1).array(int[].class)
          .ofSize(count).map(bits -> {
            boolean[] v = new boolean[count];
            for (int i = 0; i < count; i++) {
              v[i] = bits[i] == 1;
            }
            return Tensor.of(v, shape);
          });
      return Arbitraries.oneOf(f32, f64, i32, i64, bool);
    });
  }

  @Test
  void roundTripsThroughPathsAndStreams() throws Exception {
    Tensor t = Tensor.of(new double[] {1, -0.0, Double.NaN, 1e-310}, 2, 2);
    Path p = dir.resolve("t.npy");
    Npy.write(p, t);
    assertBitsEqual(t, Npy.read(p));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, t);
    assertArrayEquals(Files.readAllBytes(p), out.toByteArray());
    assertBitsEqual(t, Npy.read(new ByteArrayInputStream(out.toByteArray()), "s",
        ReadOptions.DEFAULT));
    Path bad = dir.resolve("bad.npy");
    Files.write(bad, bytes(1, 2, 3));
    assertEquals(bad + ": file has 3 bytes, too short for the .npy magic, version and header "
        + "length", rejected(() -> Npy.read(bad)));
  }

  /** NumPy's limit of 64 dimensions holds on both sides; 64 round-trips. */
  @Test
  void atMost64Dimensions() throws Exception {
    int[] shape = new int[64];
    java.util.Arrays.fill(shape, 1);
    shape[0] = 2;
    Tensor t = Tensor.of(new double[] {1, 2}, shape);
    byte[] bytes = Npy.toBytes(t);
    assertEquals(1, bytes[6], "format 1.0");
    assertBitsEqual(t, Npy.read(bytes));
    Tensor tooMany = Tensor.zeros(DType.FLOAT32, new int[65]);
    assertEquals("Npy.write: tensor \"\" has rank 65; files hold at most 64 dimensions (the "
        + "limit of NumPy and PyTorch, and of jgrad's readers)",
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(tooMany)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("x.npy"), tooMany));
    String dims = "1, ".repeat(65);
    assertEquals("a.npy: shape has 65 dimensions; at most 64 are supported (NumPy's limit)",
        rejected(() -> Npy.read(npy1("{'descr': '<f4', 'fortran_order': False, 'shape': ("
            + dims + "), }", f32le(1)), "a.npy", ReadOptions.DEFAULT)));
  }

  @Test
  void wideningsAreNotedAndTypesReadAsStoredAreNot() throws Exception {
    List<String> notes = new ArrayList<>();
    Npy.read(Source.of(resource("golden/u1_3.npy"), "x"), "", ReadOptions.DEFAULT, notes);
    Npy.read(Source.of(resource("golden/u4_2.npy"), "x"), "", ReadOptions.DEFAULT, notes);
    Npy.read(Source.of(resource("golden/i4_2x2.npy"), "x"), "", ReadOptions.DEFAULT, notes);
    Npy.read(Source.of(resource("golden/b1_4.npy"), "x"), "", ReadOptions.DEFAULT, notes);
    Npy.read(Source.of(resource("golden/f4_2x3.npy"), "x"), "", ReadOptions.DEFAULT, notes);
    assertEquals(List.of("'|u1' converted to INT32 (exact)", "'<u4' converted to INT64 (exact)"),
        notes, "widened types are noted; types read as stored are not");
  }

  // ---------------------------------------------------------------- allocation

  @Test
  void lyingShapesCannotMakeTheReaderAllocate() throws Exception {
    byte[] file = npy1("{'descr': '<f8', 'fortran_order': True, 'shape': (46340, 46340), }",
        f64le(1, 2));
    Path p = dir.resolve("liar.npy");
    Files.write(p, file);
    assertTrue(rejected(() -> Npy.read(file)).contains("array data is truncated"));
    long inMemory = allocation(() -> Npy.read(file));
    long onDisk = allocation(() -> Npy.read(p));
    assertTrue(inMemory < 1 << 20, "allocated " + inMemory);
    assertTrue(onDisk < 1 << 20, "allocated " + onDisk);
    byte[] hugeHeader = concat(bytes(0x93), ascii("NUMPY"), bytes(2, 0), le32(0xFFFFFFF0L));
    long header = allocation(() -> Npy.read(hugeHeader, "h", ReadOptions.DEFAULT
        .withMaxNpyHeaderBytes(Integer.MAX_VALUE)));
    assertTrue(header < 1 << 20, "a claimed 4 GB header allocated " + header);
  }

  @Test
  void decodesLargeArraysInChunks() throws Exception {
    int n = 300_000; // several read chunks
    ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.BIG_ENDIAN);
    int[] expected = new int[n];
    for (int i = 0; i < n; i++) {
      short v = (short) (i * 7 - 30000);
      b.putShort(v);
      expected[i] = v;
    }
    byte[] file = npy1("{'descr': '>i2', 'fortran_order': False, 'shape': (" + n + ",), }",
        b.array());
    Path p = dir.resolve("big.npy");
    Files.write(p, file);
    assertBitsEqual(Tensor.of(expected, n), Npy.read(p));
  }
}
