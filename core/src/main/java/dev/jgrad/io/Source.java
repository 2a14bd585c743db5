package dev.jgrad.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random-access bytes of one file or buffer, with the name used in error messages. Readers
 * check every range against {@link #size()} before reading or allocating, so a lying length field
 * cannot make them allocate more than the input holds.
 */
abstract class Source {
  final String name;

  Source(String name) {
    this.name = name;
  }

  abstract long size();

  /** Reads exactly {@code len} bytes at {@code pos}; the range must be within {@link #size()}. */
  abstract void read(long pos, byte[] dst, int off, int len) throws IOException;

  final byte[] read(long pos, int len) throws IOException {
    byte[] b = new byte[len];
    read(pos, b, 0, len);
    return b;
  }

  final TensorFileException error(String problem) {
    return new TensorFileException(name, problem);
  }

  final TensorFileException error(String problem, Throwable cause) {
    return new TensorFileException(name, problem, cause);
  }

  static Source of(byte[] bytes, String name) {
    return new Bytes(bytes, 0, bytes.length, name);
  }

  static final class Bytes extends Source {
    private final byte[] bytes;
    private final int offset;
    private final int length;

    Bytes(byte[] bytes, int offset, int length, String name) {
      super(name);
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
    }

    @Override
    long size() {
      return length;
    }

    @Override
    void read(long pos, byte[] dst, int off, int len) {
      if (pos < 0 || len < 0 || pos > length - len) {
        // Callers check ranges first; reaching this is a bug in a reader, not a bad file.
        throw new IllegalStateException("read [" + pos + ", " + (pos + len) + ") outside "
            + length + " bytes");
      }
      System.arraycopy(bytes, offset + (int) pos, dst, off, len);
    }
  }

  static final class Channel extends Source {
    private final FileChannel channel;
    private final long size;

    Channel(FileChannel channel, String name) throws IOException {
      super(name);
      this.channel = channel;
      this.size = channel.size();
    }

    @Override
    long size() {
      return size;
    }

    @Override
    void read(long pos, byte[] dst, int off, int len) throws IOException {
      if (pos < 0 || len < 0 || pos > size - len) {
        throw new IllegalStateException("read [" + pos + ", " + (pos + len) + ") outside "
            + size + " bytes");
      }
      ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
      long p = pos;
      while (buf.hasRemaining()) {
        int n = channel.read(buf, p);
        if (n < 0) {
          throw error("file ended at byte " + p + " while reading; was it truncated while being "
              + "read? (it had " + size + " bytes when opened)");
        }
        p += n;
      }
    }
  }
}
