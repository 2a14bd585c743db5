package dev.jgrad.nn.data;

import java.io.IOException;

/**
 * A data file that cannot be read as the format it claims: the message names the file (or
 * resource) and the line, field or header entry at fault, e.g.
 * {@code iris.csv: line 7, field 3: 'abc' is not a number}. Every rejection of a malformed
 * {@link Csv} or {@link Idx} file is one of these; plain I/O failures (file not found, a failing
 * stream) are other {@link IOException}s, passed through unchanged.
 */
public final class DataFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file name or resource path that failed, as given to the constructor. */
  private final String source;

  /**
   * A failure in {@code source} described by {@code detail}.
   *
   * @param source a file name or resource path
   * @param detail what is wrong, naming the line, field or header entry
   */
  public DataFileException(String source, String detail) {
    super(source + ": " + detail);
    this.source = source;
  }

  /**
   * A failure in {@code source} described by {@code detail}, caused by a lower-level one.
   *
   * @param source a file name or resource path
   * @param detail what is wrong
   * @param cause the exception that revealed it (e.g. a {@code ZipException})
   */
  public DataFileException(String source, String detail, Throwable cause) {
    super(source + ": " + detail, cause);
    this.source = source;
  }

  /**
   * The file or resource that failed.
   *
   * @return the name the message starts with
   */
  public String source() {
    return source;
  }
}
