package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A reader of IDX files, the format of MNIST and Fashion-MNIST (e.g. Debian's
 * {@code dataset-fashion-mnist}: {@code train-images-idx3-ubyte.gz} and friends), plain or
 * gzip-compressed (detected by the gzip magic bytes).
 *
 * <p>Format (big-endian): two zero bytes; a type byte ({@code 0x08} unsigned byte, {@code 0x09}
 * signed byte, {@code 0x0B} 16-bit int, {@code 0x0C} 32-bit int, {@code 0x0D} float,
 * {@code 0x0E} double); the number of dimensions r (a byte); r 32-bit sizes; then the values in
 * row-major order. Bytes and 16-bit ints are read into FLOAT32 (exactly), 32-bit ints and
 * doubles into FLOAT64, floats into FLOAT32.
 *
 * <p>A malformed file throws {@link DataFileException} naming the file and the header field or
 * the data at fault, e.g. {@code train-labels-idx1-ubyte: magic number 0x01020801: the first two
 * bytes must be 0 (not an IDX file?)}.
 */
public final class Idx {
  private Idx() {}

  /** Fashion-MNIST's class names, labels 0 to 9. */
  public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser",
      "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /**
   * Reads an IDX file into a tensor of its dimensions.
   *
   * @throws DataFileException if the header is invalid or the data is truncated or followed by
   *     extra bytes
   * @throws IOException if the file cannot be read
   */
  public static Tensor read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.getFileName().toString());
    }
  }

  /** Reads IDX data from a stream; {@code source} names it in errors. See {@link #read(Path)}. */
  public static Tensor read(InputStream raw, String source) throws IOException {
    try (DataInputStream in = new DataInputStream(Csv.maybeGunzip(raw, source))) {
      byte[] head = readExactly(in, 4, source, "header (magic number)");
      int magic = ByteBuffer.wrap(head).getInt();
      if (head[0] != 0 || head[1] != 0) {
        throw new DataFileException(source, String.format("magic number 0x%08x: the first two "
            + "bytes must be 0 (not an IDX file?)", magic));
      }
      int type = head[2] & 0xff;
      int width = width(type);
      if (width == 0) {
        throw new DataFileException(source, String.format("data type 0x%02x in the magic number "
            + "is not one of 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e", type));
      }
      int rank = head[3] & 0xff;
      if (rank == 0) {
        throw new DataFileException(source, "number of dimensions is 0");
      }
      ByteBuffer dimBytes = ByteBuffer.wrap(readExactly(in, 4 * rank, source,
          "sizes of " + rank + " dimensions"));
      int[] dims = new int[rank];
      long count = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = dimBytes.getInt();
        if (dims[i] < 0) {
          throw new DataFileException(source, "size of dimension " + i + " is negative ("
              + dims[i] + ")");
        }
        count *= dims[i];
        if (count * width > Integer.MAX_VALUE - 8) {
          throw new DataFileException(source, "dimensions " + Arrays.toString(dims) + " hold too "
              + "many values for one array");
        }
      }
      byte[] data = readExactly(in, (int) count * width, source, String.format("data: %s values "
          + "of type 0x%02x for shape %s", count, type, Arrays.toString(dims)));
      if (in.read() != -1) {
        throw new DataFileException(source, "unexpected bytes after the data of shape "
            + Arrays.toString(dims));
      }
      return decode(type, data, (int) count, dims);
    } catch (java.util.zip.ZipException e) {
      throw new DataFileException(source, "corrupt gzip data (" + e.getMessage() + ")");
    }
  }

  private static int width(int type) {
    switch (type) {
      case 0x08:
      case 0x09:
        return 1;
      case 0x0B:
        return 2;
      case 0x0C:
      case 0x0D:
        return 4;
      case 0x0E:
        return 8;
      default:
        return 0;
    }
  }

  private static Tensor decode(int type, byte[] data, int n, int[] dims) {
    ByteBuffer b = ByteBuffer.wrap(data); // big-endian by default, as IDX
    if (type == 0x0C || type == 0x0E) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = type == 0x0C ? b.getInt() : b.getDouble();
      }
      return Tensor.of(v, dims);
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      switch (type) {
        case 0x08:
          v[i] = data[i] & 0xff;
          break;
        case 0x09:
          v[i] = data[i];
          break;
        case 0x0B:
          v[i] = b.getShort();
          break;
        default:
          v[i] = b.getFloat();
      }
    }
    return Tensor.of(v, dims);
  }

  private static byte[] readExactly(DataInputStream in, int n, String source, String what)
      throws IOException {
    byte[] out = new byte[n];
    try {
      in.readFully(out);
    } catch (EOFException e) {
      throw new DataFileException(source, "truncated " + what);
    }
    return out;
  }

  /**
   * An MNIST-format dataset from an images file {@code [n, rows, cols]} and a labels file
   * {@code [n]}: features {@code [n, rows·cols]} scaled to [0, 1] (divided by 255), FLOAT32,
   * labels as INT64 targets.
   *
   * @param classNames names of the labels (e.g. {@link #FASHION_MNIST_CLASSES}), or empty
   * @throws DataFileException if either file is malformed, the images are not 3-d, the labels
   *     not 1-d, or their counts differ
   * @throws IOException if a file cannot be read
   */
  public static Dataset mnist(Path images, Path labels, List<String> classNames)
      throws IOException {
    Tensor x = read(images);
    Tensor y = read(labels);
    String src = images.getFileName().toString();
    if (x.rank() != 3) {
      throw new DataFileException(src, "expected images of 3 dimensions [n, rows, cols], got "
          + x.shape());
    }
    if (y.rank() != 1) {
      throw new DataFileException(labels.getFileName().toString(), "expected labels of 1 "
          + "dimension [n], got " + y.shape());
    }
    if (x.size(0) != y.size(0)) {
      throw new DataFileException(src, x.size(0) + " images but " + labels.getFileName() + " has "
          + y.size(0) + " labels");
    }
    checkArgument(x.size(0) > 0, "mnist: %s holds no images", src);
    Tensor features = x.reshape(x.size(0), x.size(1) * x.size(2)).to(DType.FLOAT32).div(255.0);
    return new Dataset(features, y.to(DType.INT64), classNames);
  }
}
