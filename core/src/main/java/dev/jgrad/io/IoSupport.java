package dev.jgrad.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** File and stream plumbing shared by the readers and writers. */
final class IoSupport {
  private IoSupport() {}

  /** Largest byte[] the JVM reliably allocates. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Writes the body of a file. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary sibling file that is flushed to disk and then
   * renamed over it, so a crash or a failing body never leaves a half-written file under the
   * target's name.
   */
  static void writeAtomically(Path target, Body body) throws IOException {
    Objects.requireNonNull(target, "target");
    Path fileName = target.getFileName();
    if (fileName == null) {
      throw new IllegalArgumentException("not a file path: " + target);
    }
    Path tmp = target.resolveSibling("." + fileName + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a whole stream into memory. The buffer grows only as bytes arrive, so a stream can make
   * the reader allocate no more than it delivers.
   *
   * @throws TensorFileException if the stream holds more than a byte[] can
   */
  static byte[] readAll(InputStream in, String name) throws IOException {
    Objects.requireNonNull(in, "in");
    byte[] bytes = in.readNBytes(MAX_ARRAY);
    if (bytes.length == MAX_ARRAY && in.read() != -1) {
      throw new TensorFileException(name, "stream is longer than " + MAX_ARRAY
          + " bytes; read files this large from a Path");
    }
    return bytes;
  }

  /** Stream wrapper whose close() only flushes, so writers never close the caller's stream. */
  static OutputStream nonClosing(OutputStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  static long u32(byte[] b, int i) {
    return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16
        | (b[i + 3] & 0xFFL) << 24;
  }

  static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  static long u64(byte[] b, int i) {
    return u32(b, i) | u32(b, i + 4) << 32;
  }

  /** A format's reader of a {@link Source}. */
  interface SourceReader<T> {
    T read(Source src) throws IOException;
  }

  /** Runs a reader on a file, opened for reading and closed afterwards. */
  static <T> T readPath(Path path, SourceReader<T> reader) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return reader.read(new Source.Channel(ch, path.toString()));
    }
  }

  /** Runs a reader on in-memory bytes, where only format rejections can occur. */
  static <T> T readBytes(byte[] bytes, String name, SourceReader<T> reader)
      throws TensorFileException {
    try {
      return reader.read(Source.of(bytes, name));
    } catch (TensorFileException e) {
      throw e;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("unreachable: in-memory read failed", e);
    }
  }
}
