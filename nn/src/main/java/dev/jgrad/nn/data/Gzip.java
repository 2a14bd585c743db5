package dev.jgrad.nn.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Transparent gzip for the data readers: a stream that starts with the gzip magic bytes
 * {@code 1f 8b} is decompressed, and the ways {@link GZIPInputStream} reports corrupt or truncated
 * data (a {@link ZipException}, or an {@link EOFException} often without a message) become one
 * {@link DataFileException} naming the file.
 */
final class Gzip {
  private Gzip() {}

  /**
   * A stream to read, and whether it is being decompressed. Closing it releases the decompressor
   * at once (not whenever the garbage collector runs) but leaves the caller's stream open.
   */
  static final class Opened implements Closeable {
    final InputStream in;
    final boolean compressed;

    Opened(InputStream in, boolean compressed) {
      this.in = in;
      this.compressed = compressed;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Opens {@code raw} for reading, decompressing it if it starts with the gzip magic bytes.
   *
   * @throws DataFileException if the gzip header is corrupt or truncated
   * @throws IOException if {@code raw} fails
   */
  static Opened open(InputStream raw, String source) throws IOException {
    BufferedInputStream in = new BufferedInputStream(new FilterInputStream(raw) {
      @Override
      public void close() {
        // The caller owns the stream.
      }
    });
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 != 0x1f || b1 != 0x8b) {
      return new Opened(in, false);
    }
    try {
      return new Opened(new GZIPInputStream(in), true);
    } catch (ZipException | EOFException e) {
      throw corrupt(source, e);
    }
  }

  /** The report of a corrupt or truncated gzip stream. */
  static DataFileException corrupt(String source, IOException e) {
    String detail = e.getMessage() == null || e.getMessage().isBlank()
        ? (e instanceof EOFException ? "it ends early" : e.getClass().getSimpleName())
        : e.getMessage();
    return new DataFileException(source, "corrupt or truncated gzip data (" + detail + ")", e);
  }
}
