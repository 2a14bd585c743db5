package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on files written here byte by byte, plain and gzipped, valid and broken. */
class IdxTest {
  @TempDir
  Path dir;

  /** An IDX file: magic (0, 0, type, rank), sizes, then the payload as given. */
  private static byte[] idx(int type, int[] dims, byte[] payload) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeByte(0);
    out.writeByte(0);
    out.writeByte(type);
    out.writeByte(dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(payload);
    return b.toByteArray();
  }

  private Path file(String name, byte[] bytes, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p))
        : Files.newOutputStream(p)) {
      out.write(bytes);
    }
    return p;
  }

  @Test
  void readsUnsignedBytesPlainAndGzipped() throws IOException {
    byte[] pixels = {0, 1, (byte) 128, (byte) 255, 7, 8};
    byte[] bytes = idx(0x08, new int[] {1, 2, 3}, pixels);
    for (boolean gz : new boolean[] {false, true}) {
      Tensor t = Idx.read(file("img" + gz, bytes, gz));
      assertEquals(Shape.of(1, 2, 3), t.shape());
      assertEquals(DType.FLOAT32, t.dtype());
      assertArrayEquals(new double[] {0, 1, 128, 255, 7, 8}, t.toDoubleArray());
    }
  }

  @Test
  void readsEveryDataType() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeByte(-3);
    out.writeByte(5);
    assertArrayEquals(new double[] {-3, 5}, Idx.read(file("s8", idx(0x09, new int[] {2},
        b.toByteArray()), false)).toDoubleArray());
    b.reset();
    out.writeShort(-300);
    out.writeShort(1234);
    assertArrayEquals(new double[] {-300, 1234}, Idx.read(file("s16", idx(0x0B, new int[] {2},
        b.toByteArray()), false)).toDoubleArray());
    b.reset();
    out.writeInt(123456789);
    out.writeInt(-5);
    Tensor ints = Idx.read(file("i32", idx(0x0C, new int[] {2}, b.toByteArray()), false));
    assertEquals(DType.FLOAT64, ints.dtype());
    assertArrayEquals(new double[] {123456789, -5}, ints.toDoubleArray());
    b.reset();
    out.writeFloat(1.5f);
    assertArrayEquals(new double[] {1.5}, Idx.read(file("f32", idx(0x0D, new int[] {1},
        b.toByteArray()), false)).toDoubleArray());
    b.reset();
    out.writeDouble(Math.PI);
    assertArrayEquals(new double[] {Math.PI}, Idx.read(file("f64", idx(0x0E, new int[] {1},
        b.toByteArray()), false)).toDoubleArray());
  }

  @Test
  void mnistPairsImagesWithLabelsAndScalesPixels() throws IOException {
    byte[] pixels = new byte[3 * 2 * 2];
    Arrays.fill(pixels, (byte) 255);
    pixels[0] = 51;
    Path images = file("train-images-idx3-ubyte.gz", idx(0x08, new int[] {3, 2, 2}, pixels),
        true);
    Path labels = file("train-labels-idx1-ubyte.gz", idx(0x08, new int[] {3},
        new byte[] {9, 0, 3}), true);
    Dataset d = Idx.mnist(images, labels, Idx.FASHION_MNIST_CLASSES);
    assertEquals(Shape.of(3, 4), d.features().shape());
    assertEquals(DType.FLOAT32, d.dtype());
    assertEquals(0.2, d.features().get(0, 0), 1e-7);
    assertEquals(1.0, d.features().get(2, 3), 0);
    assertArrayEquals(new int[] {9, 0, 3}, d.labels());
    assertEquals("Ankle boot", d.classNames().get(9));

    Path fewer = file("labels2", idx(0x08, new int[] {2}, new byte[] {1, 2}), false);
    assertEquals(images + ": 3 images but " + fewer + " has 2 labels",
        assertThrows(DataFileException.class, () -> Idx.mnist(images, fewer, List.of()))
            .getMessage());
  }

  @Test
  void mnistRejectsLabelsAndImagesThatAreNoDataset() throws IOException {
    Path images = file("img", idx(0x08, new int[] {2, 1, 1}, new byte[] {0, 1}), false);
    Path tenClasses = file("lab", idx(0x08, new int[] {2}, new byte[] {3, 10}), false);
    assertEquals(tenClasses + ": mnist: label 10 at row 1 is out of range for 10 classes",
        assertThrows(DataFileException.class,
            () -> Idx.mnist(images, tenClasses, Idx.FASHION_MNIST_CLASSES)).getMessage());
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeFloat(0.5f);
    out.writeFloat(2f);
    Path fractional = file("labf", idx(0x0D, new int[] {2}, b.toByteArray()), false);
    assertEquals(fractional + ": mnist: label 0.5 at row 0 is not an integer",
        assertThrows(DataFileException.class, () -> Idx.mnist(images, fractional, List.of()))
            .getMessage());
    Path empty = file("img0", idx(0x08, new int[] {2, 0, 28}, new byte[0]), false);
    assertEquals(empty + ": images of shape [2, 0, 28] hold no pixels",
        assertThrows(DataFileException.class, () -> Idx.mnist(empty, tenClasses, List.of()))
            .getMessage());
    b.reset();
    out.writeFloat(Float.NaN);
    out.writeFloat(1f);
    Path nan = file("imgnan", idx(0x0D, new int[] {2, 1, 1}, b.toByteArray()), false);
    Path labels = file("lab2", idx(0x08, new int[] {2}, new byte[] {0, 1}), false);
    assertEquals(nan + ": dataset: NaN in features at row 0, column 0",
        assertThrows(DataFileException.class, () -> Idx.mnist(nan, labels, List.of()))
            .getMessage());
  }

  private void assertBroken(String expected, byte[] bytes) throws IOException {
    Path p = file("broken", bytes, false);
    assertEquals(p + ": " + expected,
        assertThrows(DataFileException.class, () -> Idx.read(p)).getMessage());
  }

  /** The message of reading the bytes as a stream named {@code s}. */
  private static String streamError(byte[] bytes) {
    return assertThrows(DataFileException.class,
        () -> Idx.read(new ByteArrayInputStream(bytes), "s")).getMessage();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(b)) {
      out.write(bytes);
    }
    return b.toByteArray();
  }

  @Test
  void brokenFilesNameTheFileAndTheField() throws IOException {
    assertBroken("magic number 0x01020801: the first two bytes must be 0 (not an IDX file?)",
        new byte[] {1, 2, 8, 1, 0, 0, 0, 0});
    assertBroken("data type 0x07 in the magic number is not one of 0x08, 0x09, 0x0b, 0x0c, "
        + "0x0d, 0x0e", new byte[] {0, 0, 7, 1, 0, 0, 0, 0});
    assertBroken("magic number: the file has 2 bytes, an IDX file starts with a 4-byte magic "
        + "number", new byte[] {0, 0});
    assertBroken("sizes of 3 dimensions: only 4 of their 12 bytes follow the magic number",
        new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
    assertBroken("data: shape [2, 3] of unsigned bytes needs 6 bytes but 3 follow the header",
        idx(0x08, new int[] {2, 3}, new byte[] {1, 2, 3}));
    assertBroken("data: shape [2] of unsigned bytes needs 2 bytes but 3 follow the header "
        + "(trailing bytes)", idx(0x08, new int[] {2}, new byte[] {1, 2, 3}));
    assertBroken("size of dimension 0 is -1 (read as a signed 32-bit integer); sizes must be "
        + ">= 0", idx(0x08, new int[] {-1}, new byte[0]));
    assertBroken("number of dimensions is 0", new byte[] {0, 0, 8, 0});
    assertBroken("number of dimensions is 65; at most 64 are supported (the limit of NumPy and "
        + "PyTorch)", new byte[] {0, 0, 8, 65});
    assertBroken("data: shape [65536, 65536] of doubles holds more than 2147483639 bytes, more "
        + "than one array can", idx(0x0E, new int[] {65536, 65536}, new byte[0]));
    assertBroken("data: shape [65536, 65536, 0] of unsigned bytes: the dimensions before the 0 "
        + "multiply past 2^31-1, which jgrad's Shape does not allow",
        idx(0x08, new int[] {65536, 65536, 0}, new byte[0]));
  }

  @Test
  void emptyShapesAreRead() throws IOException {
    Tensor t = Idx.read(file("e", idx(0x0C, new int[] {0, 65536, 65536}, new byte[0]), false));
    assertEquals(Shape.of(0, 65536, 65536), t.shape());
  }

  @Test
  void streamsAndGzipReportTheSameFields() throws IOException {
    byte[] truncated = idx(0x08, new int[] {2, 3}, new byte[] {1, 2, 3});
    assertEquals("s: data: shape [2, 3] of unsigned bytes needs 6 bytes but only 3 follow the "
        + "header", streamError(truncated));
    assertEquals("s: data: shape [2, 3] of unsigned bytes needs 6 bytes but only 3 follow the "
        + "header", streamError(gzip(truncated)));
    byte[] trailing = idx(0x08, new int[] {2}, new byte[] {1, 2, 3});
    assertEquals("s: more bytes follow the 2 bytes of data: shape [2] of unsigned bytes",
        streamError(trailing));
    assertEquals("s: more bytes follow the 2 bytes of data: shape [2] of unsigned bytes",
        streamError(gzip(trailing)));
    Path gz = file("t.gz", truncated, true);
    assertEquals(gz + ": data: shape [2, 3] of unsigned bytes needs 6 bytes but only 3 follow "
        + "the header", assertThrows(DataFileException.class, () -> Idx.read(gz)).getMessage());
  }

  @Test
  void corruptOrTruncatedGzipIsADataFileExceptionWithAReason() throws IOException {
    byte[] gz = gzip(idx(0x08, new int[] {1000}, new byte[1000]));
    // Cut inside the deflate stream, inside the trailer, and inside the gzip header.
    assertEquals("s: corrupt or truncated gzip data (Unexpected end of ZLIB input stream)",
        streamError(Arrays.copyOf(gz, gz.length / 2)));
    assertEquals("s: corrupt or truncated gzip data (it ends early)",
        streamError(Arrays.copyOf(gz, gz.length - 3)));
    assertEquals("s: corrupt or truncated gzip data (it ends early)",
        streamError(Arrays.copyOf(gz, 5)));
    byte[] badCrc = gz.clone();
    badCrc[gz.length - 6] ^= 1;
    assertEquals("s: corrupt or truncated gzip data (Corrupt GZIP trailer)", streamError(badCrc));
    byte[] badMethod = gz.clone();
    badMethod[2] = 7;
    assertEquals("s: corrupt or truncated gzip data (Unsupported compression method)",
        streamError(badMethod));
  }

  @Test
  void aHeaderClaimingAGigabyteAllocatesLittle() throws IOException {
    // 8 bytes: unsigned bytes, 1 dimension of 2^30. The reader used to allocate 1 GiB first.
    byte[] claim = idx(0x08, new int[] {1 << 30}, new byte[0]);
    Path plain = file("claim", claim, false);
    Path gz = file("claim.gz", claim, true);
    byte[] gzBytes = Files.readAllBytes(gz);
    long before = DataFuzzChecks.allocatedBytes();
    assertEquals(plain + ": data: shape [1073741824] of unsigned bytes needs 1073741824 bytes "
        + "but 0 follow the header", assertThrows(DataFileException.class, () -> Idx.read(plain))
            .getMessage());
    assertEquals(gz + ": data: shape [1073741824] of unsigned bytes needs 1073741824 bytes but "
        + "only 0 follow the header", assertThrows(DataFileException.class, () -> Idx.read(gz))
            .getMessage());
    assertEquals("s: data: shape [1073741824] of unsigned bytes needs 1073741824 bytes but only "
        + "0 follow the header", streamError(claim));
    assertEquals("s: data: shape [1073741824] of unsigned bytes needs 1073741824 bytes but only "
        + "0 follow the header", streamError(gzBytes));
    long used = DataFuzzChecks.allocatedBytes() - before;
    assertTrue(used < 4 << 20, "four reads allocated " + used + " bytes");
  }

  @Test
  void streamsAreNotClosed() throws IOException {
    boolean[] closed = {false};
    byte[] bytes = idx(0x08, new int[] {1}, new byte[] {9});
    InputStream in = new ByteArrayInputStream(gzip(bytes)) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    assertArrayEquals(new double[] {9}, Idx.read(in, "s").toDoubleArray());
    assertEquals(false, closed[0]);
  }
}
