package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    assertEquals("train-images-idx3-ubyte.gz: 3 images but labels2 has 2 labels",
        assertThrows(DataFileException.class, () -> Idx.mnist(images, fewer, List.of()))
            .getMessage());
  }

  private void assertBroken(String expected, byte[] bytes) throws IOException {
    Path p = file("broken", bytes, false);
    assertEquals("broken: " + expected,
        assertThrows(DataFileException.class, () -> Idx.read(p)).getMessage());
  }

  @Test
  void brokenFilesNameTheFileAndTheField() throws IOException {
    assertBroken("magic number 0x01020801: the first two bytes must be 0 (not an IDX file?)",
        new byte[] {1, 2, 8, 1, 0, 0, 0, 0});
    assertBroken("data type 0x07 in the magic number is not one of 0x08, 0x09, 0x0b, 0x0c, "
        + "0x0d, 0x0e", new byte[] {0, 0, 7, 1, 0, 0, 0, 0});
    assertBroken("truncated header (magic number)", new byte[] {0, 0});
    assertBroken("truncated sizes of 3 dimensions", new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
    assertBroken("truncated data: 6 values of type 0x08 for shape [2, 3]",
        idx(0x08, new int[] {2, 3}, new byte[] {1, 2, 3}));
    assertBroken("unexpected bytes after the data of shape [2]",
        idx(0x08, new int[] {2}, new byte[] {1, 2, 3}));
    assertBroken("size of dimension 0 is negative (-1)", idx(0x08, new int[] {-1}, new byte[0]));
    assertBroken("number of dimensions is 0", new byte[] {0, 0, 8, 0});
  }
}
