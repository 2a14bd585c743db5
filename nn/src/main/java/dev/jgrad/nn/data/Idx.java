package dev.jgrad.nn.data;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipException;

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
 * <p>Safe on untrusted files: the header is validated before anything is allocated from it, and
 * the data a header declares is checked against the bytes present: against the file's size for
 * a plain file, before allocating; for a gzip file or a stream, by reading in chunks whose buffer
 * grows only as bytes arrive, so a few bytes claiming gigabytes allocate at most 64 KiB. Every
 * rejection is a {@link DataFileException} naming the file and the field at fault, e.g.
 * {@code train-labels-idx1-ubyte: magic number 0x01020801: the first two bytes must be 0 (not
 * an IDX file?)} or {@code t10k-images-idx3-ubyte: data: shape [10000, 28, 28] of unsigned
 * bytes needs 7840000 bytes but 8 follow the header}.
 */
public final class Idx {
  private Idx() {}

  /** Fashion-MNIST's class names, labels 0 to 9. */
  public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser",
      "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** Most dimensions a file may have: NumPy's and PyTorch's limit, as jgrad's other readers. */
  static final int MAX_RANK = 64;
  /** Largest data section (and element count): the JVM's array limit. */
  static final int MAX_BYTES = Integer.MAX_VALUE - 8;
  /** First buffer for data of unknown availability; it doubles as bytes arrive. */
  private static final int CHUNK = 1 << 16;

  /**
   * Reads an IDX file into a tensor of its dimensions. Messages name the file as given.
   *
   * @param file the file, plain or gzip-compressed
   * @return a tensor of the file's dimensions, FLOAT32 or FLOAT64 (see the class comment)
   * @throws DataFileException if the header is invalid, the data is truncated or followed by
   *     extra bytes, or the gzip data is corrupt
   * @throws IOException if the file cannot be read
   */
  public static Tensor read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), size);
    }
  }

  /**
   * Reads IDX data from a stream (plain or gzip-compressed), which must end where the data ends;
   * the stream is not closed. See {@link #read(Path)}.
   *
   * @param raw the stream
   * @param source names the stream in errors
   * @return a tensor of the file's dimensions
   * @throws DataFileException if the content is not a valid IDX file
   * @throws IOException if the stream fails
   */
  public static Tensor read(InputStream raw, String source) throws IOException {
    return read(raw, source, -1);
  }

  /**
   * Reads IDX data of a known size (a file's), checking the declared data against it before
   * allocating, or of unknown size ({@code -1}: a stream, read in growing chunks).
   */
  static Tensor read(InputStream raw, String source, long size) throws IOException {
    Objects.requireNonNull(raw, "raw");
    try (Gzip.Opened opened = Gzip.open(raw, source)) {
      try {
        return parse(opened.in, source, opened.compressed ? -1 : size);
      } catch (ZipException | EOFException e) {
        if (opened.compressed) {
          throw Gzip.corrupt(source, e);
        }
        throw e;
      }
    }
  }

  private static Tensor parse(InputStream in, String source, long size) throws IOException {
    byte[] head = new byte[4];
    int got = in.readNBytes(head, 0, 4);
    if (got < 4) {
      throw new DataFileException(source, "magic number: the file has " + got + " bytes, an IDX "
          + "file starts with a 4-byte magic number");
    }
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
    if (rank > MAX_RANK) {
      throw new DataFileException(source, "number of dimensions is " + rank + "; at most "
          + MAX_RANK + " are supported (the limit of NumPy and PyTorch)");
    }
    byte[] sizes = new byte[4 * rank];
    got = in.readNBytes(sizes, 0, sizes.length);
    if (got < sizes.length) {
      throw new DataFileException(source, "sizes of " + rank + " dimensions: only " + got
          + " of their " + sizes.length + " bytes follow the magic number");
    }
    ByteBuffer dimBytes = ByteBuffer.wrap(sizes);
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = dimBytes.getInt();
      if (dims[i] < 0) {
        throw new DataFileException(source, "size of dimension " + i + " is " + dims[i]
            + " (read as a signed 32-bit integer); sizes must be >= 0");
      }
    }
    String what = "data: shape " + Arrays.toString(dims) + " of " + typeName(type);
    long count = count(dims, width, source, what);
    int needed = (int) (count * width); // at most MAX_BYTES
    long headerBytes = 4 + sizes.length;
    if (size >= 0) {
      // A plain file: check the declared data against its size before allocating it.
      long available = size - headerBytes;
      if (available != needed) {
        throw new DataFileException(source, what + " needs " + needed + " bytes but "
            + available + " follow the header" + (available > needed ? " (trailing bytes)" : ""));
      }
    }
    byte[] data = readData(in, needed, size >= 0);
    if (data.length < needed) {
      throw new DataFileException(source, what + " needs " + needed + " bytes but only "
          + data.length + " follow the header");
    }
    if (in.read() != -1) {
      throw new DataFileException(source, "more bytes follow the " + needed + " bytes of " + what);
    }
    try {
      return decode(type, data, (int) count, dims);
    } catch (IllegalArgumentException e) {
      // The checks above leave Shape nothing to refuse; should a later Shape refuse more, the
      // file is at fault, not the caller.
      throw new DataFileException(source, "jgrad cannot represent shape "
          + Arrays.toString(dims) + ": " + e.getMessage(), e);
    }
  }

  /** The element count, checked against the array limit (and, if empty, Shape's limit). */
  private static long count(int[] dims, int width, String source, String what)
      throws DataFileException {
    long count = 1;
    boolean empty = Arrays.stream(dims).anyMatch(d -> d == 0);
    for (int d : dims) {
      count *= d; // count <= 2^31 and d < 2^31: no overflow
      if (count * width > MAX_BYTES) {
        throw new DataFileException(source, what + (empty
            ? ": the dimensions before the 0 multiply past 2^31-1, which jgrad's Shape does not "
                + "allow" : " holds more than " + MAX_BYTES + " bytes, more than one array can"));
      }
      if (count == 0) {
        break;
      }
    }
    return count;
  }

  /**
   * Reads up to {@code n} bytes. If their presence is known (a plain file of checked size) the
   * buffer is allocated at once; otherwise it starts at 64 KiB and doubles as bytes arrive.
   * Returns fewer bytes only at the end of the input.
   */
  private static byte[] readData(InputStream in, int n, boolean present) throws IOException {
    if (present) {
      byte[] all = new byte[n];
      int got = in.readNBytes(all, 0, n);
      return got == n ? all : Arrays.copyOf(all, got);
    }
    byte[] buf = new byte[Math.min(n, CHUNK)];
    int got = 0;
    while (got < n) {
      if (got == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
      }
      int r = in.read(buf, got, buf.length - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return got == buf.length ? buf : Arrays.copyOf(buf, got);
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

  private static String typeName(int type) {
    switch (type) {
      case 0x08:
        return "unsigned bytes";
      case 0x09:
        return "signed bytes";
      case 0x0B:
        return "16-bit integers";
      case 0x0C:
        return "32-bit integers";
      case 0x0D:
        return "floats";
      default:
        return "doubles";
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

  /**
   * An MNIST-format dataset from an images file {@code [n, rows, cols]} and a labels file
   * {@code [n]}: features {@code [n, rows·cols]} scaled to [0, 1] (divided by 255), FLOAT32,
   * labels as INT64 targets.
   *
   * @param images the images file, plain or gzip-compressed
   * @param labels the labels file, plain or gzip-compressed
   * @param classNames names of the labels (e.g. {@link #FASHION_MNIST_CLASSES}), or empty
   * @return the dataset
   * @throws DataFileException if either file is malformed, the images are not 3-d with at
   *     least one image and one pixel, or hold NaN or infinity, the labels are not 1-d
   *     non-negative integers (below the number of class names, if given), or their counts
   *     differ
   * @throws IOException if a file cannot be read
   */
  public static Dataset mnist(Path images, Path labels, List<String> classNames)
      throws IOException {
    Tensor x = read(images);
    Tensor y = read(labels);
    String src = images.toString();
    String labelSrc = labels.toString();
    if (x.rank() != 3) {
      throw new DataFileException(src, "expected images of 3 dimensions [n, rows, cols], got "
          + x.shape());
    }
    if (x.numel() == 0) {
      throw new DataFileException(src, "images of shape " + x.shape() + " hold no pixels");
    }
    if (y.rank() != 1) {
      throw new DataFileException(labelSrc, "expected labels of 1 dimension [n], got "
          + y.shape());
    }
    if (x.size(0) != y.size(0)) {
      throw new DataFileException(src, x.size(0) + " images but " + labelSrc + " has "
          + y.size(0) + " labels");
    }
    try {
      Labels.integers("mnist", "label", y); // a fraction in a float labels file is an error
      Labels.toInts("mnist", "label", y.to(DType.INT64),
          classNames.isEmpty() ? -1 : classNames.size());
    } catch (IllegalArgumentException e) {
      throw new DataFileException(labelSrc, e.getMessage(), e);
    }
    Tensor features = x.reshape(x.size(0), x.size(1) * x.size(2)).to(DType.FLOAT32).div(255.0);
    try {
      return new Dataset(features, y.to(DType.INT64), classNames);
    } catch (IllegalArgumentException e) {
      throw new DataFileException(src, e.getMessage(), e); // NaN or infinity among the pixels
    }
  }
}
