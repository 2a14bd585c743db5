package dev.jgrad.nn.data;

import java.io.IOException;

/**
 * A data file that cannot be read as the format it claims: the message names the file (or
 * resource) and the line, field or header entry at fault, e.g.
 * {@code iris.csv: line 7, field 3: 'abc' is not a number}.
 */
public final class DataFileException extends IOException {
  private final String source;

  /** A failure in {@code source} (a file name or resource path) described by {@code detail}. */
  public DataFileException(String source, String detail) {
    super(source + ": " + detail);
    this.source = source;
  }

  /** The file or resource that failed. */
  public String source() {
    return source;
  }
}
