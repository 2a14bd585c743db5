package dev.jgrad.io;

import java.io.IOException;

/**
 * Text rejected by {@link Json#parse}: not RFC 8259 JSON, or beyond one of the parser's
 * {@link Json.Limits}. The message gives the position and what is wrong, e.g.
 * {@code line 1, column 12 (char 11): expected ':' after an object key, found '}'}. Also a parsed
 * value rejected by {@link Json#integer(Object, long, long)}, without a position: the message is
 * the {@link #reason()}, worded to follow the field's name.
 */
public class JsonException extends IOException {
  private static final long serialVersionUID = 1L;

  /** See {@link #line()}. */
  private final int line;
  /** See {@link #column()}. */
  private final int column;
  /** See {@link #offset()}. */
  private final long offset;
  /** See {@link #reason()}. */
  private final String reason;

  /**
   * Creates an exception at a position of the input.
   *
   * @param line 1-based line
   * @param column 1-based column, counted in UTF-16 chars
   * @param offset 0-based char offset from the start of the text
   * @param reason what is wrong
   */
  public JsonException(int line, int column, long offset, String reason) {
    super("line " + line + ", column " + column + " (char " + offset + "): " + reason);
    this.line = line;
    this.column = column;
    this.offset = offset;
    this.reason = reason;
  }

  /**
   * Creates an exception about the input as a whole (e.g. its size or encoding).
   *
   * @param reason what is wrong; also the message
   */
  public JsonException(String reason) {
    super(reason);
    this.line = 0;
    this.column = 0;
    this.offset = -1;
    this.reason = reason;
  }

  /** {@return the 1-based line of the problem, or 0 if it concerns the whole input} */
  public int line() {
    return line;
  }

  /** {@return the 1-based column (in chars) of the problem, or 0 if it concerns the whole input} */
  public int column() {
    return column;
  }

  /** {@return the 0-based char offset of the problem, or -1 if it concerns the whole input} */
  public long offset() {
    return offset;
  }

  /** {@return what is wrong, without the position} */
  public String reason() {
    return reason;
  }
}
