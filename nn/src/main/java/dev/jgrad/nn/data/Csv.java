package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipException;

/**
 * A reader of numeric CSV files (optionally gzip-compressed, detected by the gzip magic bytes):
 * one sample per line, fields separated by a delimiter, surrounding whitespace (chars up to
 * U+0020) ignored, blank lines skipped, and a number of leading lines (headers) skipped. Lines
 * end at {@code \n}, {@code \r\n} or {@code \r}; text is UTF-8 and a leading byte order mark is
 * ignored.
 *
 * <pre>{@code
 * Dataset d = Csv.reader().skipLines(1).readDataset(Path.of("data.csv"));  // label last
 * Tensor m = Csv.reader().readTensor(Path.of("matrix.csv"));               // all columns
 * }</pre>
 *
 * <p>Every field must be a finite decimal number in the reader's dtype: an optional sign, digits
 * with an optional fraction ({@code 2}, {@code -0.5}, {@code .5}, {@code 5.}) and an optional
 * exponent ({@code 4e2}, {@code 1E-7}), at most {@value #MAX_FIELD_CHARS} chars. Java's wider
 * syntax ({@code 1f}, {@code 2d}, {@code 0x1p3}) is refused, as are {@code nan} and
 * {@code inf} in any case, and values that overflow to infinity in the dtype ({@code 1e999}, or
 * {@code 1e39} for FLOAT32). Every row must have as many fields as the first.
 *
 * <p>Safe on untrusted files: fields are parsed as they stream in, so memory is the values read
 * (8 bytes per value, each at least two bytes of text) plus a bounded field buffer, however long
 * a line is; at most 2^31-9 values in all (a tensor's limit). Every rejection is a
 * {@link DataFileException} naming the file, the line (counted from 1 in the file, skipped and
 * blank lines included) and the field (from 1), quoting at most 40 chars of it, e.g.
 * {@code data.csv: line 7, field 3: 'abc' is not a number}.
 *
 * <p>Instances are immutable; the configuration methods return modified copies.
 */
public final class Csv {
  /** Longest field accepted, in chars (as {@code Json}'s number length cap). */
  public static final int MAX_FIELD_CHARS = 1000;
  /** Most values a file may hold: the JVM's array limit, a tensor's. */
  static final int MAX_VALUES = Integer.MAX_VALUE - 8;
  /** Longest part of a field that a message quotes. */
  private static final int QUOTED_CHARS = 40;

  private final char delimiter;
  private final int skipLines;
  private final int labelColumn;
  private final DType dtype;

  private Csv(char delimiter, int skipLines, int labelColumn, DType dtype) {
    this.delimiter = delimiter;
    this.skipLines = skipLines;
    this.labelColumn = labelColumn;
    this.dtype = dtype;
  }

  /**
   * Comma-separated, no lines skipped, label in the last column, FLOAT64.
   *
   * @return the default reader
   */
  public static Csv reader() {
    return new Csv(',', 0, -1, DType.FLOAT64);
  }

  /**
   * The field delimiter (e.g. {@code ';'} or {@code '\t'}).
   *
   * @param delimiter the char between fields
   * @return a reader with this delimiter
   * @throws IllegalArgumentException for a line break or a char that can be part of a number
   *     (a digit, {@code + - . e E}): {@code 1e5} would silently split into two fields
   */
  public Csv delimiter(char delimiter) {
    boolean partOfNumber = "0123456789+-.eE".indexOf(delimiter) >= 0;
    checkArgument(delimiter != '\n' && delimiter != '\r' && !partOfNumber, "csv: delimiter %s "
        + "cannot separate numbers (it is a line break or can be part of a number)",
        delimiter < ' ' ? String.format("U+%04X", (int) delimiter) : "'" + delimiter + "'");
    return new Csv(delimiter, skipLines, labelColumn, dtype);
  }

  /**
   * Number of leading lines to skip (headers).
   *
   * @param lines how many lines to skip, read but not parsed
   * @return a reader skipping them
   * @throws IllegalArgumentException if negative
   */
  public Csv skipLines(int lines) {
    checkArgument(lines >= 0, "csv: lines to skip must be >= 0, got %s", lines);
    return new Csv(delimiter, lines, labelColumn, dtype);
  }

  /**
   * The column holding the target in {@link #readDataset} (negative counts from the end).
   *
   * @param column the label's column, from 0
   * @return a reader using it
   */
  public Csv labelColumn(int column) {
    return new Csv(delimiter, skipLines, column, dtype);
  }

  /**
   * The dtype of the tensors read (values must be finite in it).
   *
   * @param dtype FLOAT32 or FLOAT64
   * @return a reader producing it
   * @throws IllegalArgumentException if dtype is another type (an integer dtype would truncate
   *     {@code 1.5} silently)
   * @throws NullPointerException if dtype is null
   */
  public Csv dtype(DType dtype) {
    Objects.requireNonNull(dtype, "dtype");
    checkArgument(dtype == DType.FLOAT32 || dtype == DType.FLOAT64, "csv: dtype must be FLOAT32 "
        + "or FLOAT64, got %s", dtype);
    return new Csv(delimiter, skipLines, labelColumn, dtype);
  }

  /**
   * All fields as a {@code [rows, columns]} tensor.
   *
   * @param file the file, plain or gzip-compressed
   * @return the values, one row per data line
   * @throws DataFileException if the file is malformed or has no data rows
   * @throws IOException if it cannot be read
   */
  public Tensor readTensor(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readTensor(in, file.toString());
    }
  }

  /**
   * All fields of a stream (not closed); see {@link #readTensor(Path)}.
   *
   * @param in the stream, plain or gzip-compressed
   * @param source names the stream in errors
   * @return the values, one row per data line
   * @throws DataFileException if the content is malformed or has no data rows
   * @throws IOException if the stream fails
   */
  public Tensor readTensor(InputStream in, String source) throws IOException {
    Table t = parse(in, source);
    return Tensor.of(t.values, t.rows, t.cols).to(dtype);
  }

  /**
   * A dataset: the label column as targets {@code [n]}, the other columns (in order) as
   * features.
   *
   * @param file the file, plain or gzip-compressed
   * @return the dataset
   * @throws DataFileException if the file is malformed, has no data rows, fewer than two
   *     columns, or the label column is out of range
   * @throws IOException if it cannot be read
   */
  public Dataset readDataset(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readDataset(in, file.toString());
    }
  }

  /**
   * A dataset from a stream (not closed); see {@link #readDataset(Path)}.
   *
   * @param in the stream, plain or gzip-compressed
   * @param source names the stream in errors
   * @return the dataset
   * @throws DataFileException if the content is malformed (see {@link #readDataset(Path)})
   * @throws IOException if the stream fails
   */
  public Dataset readDataset(InputStream in, String source) throws IOException {
    return toDataset(parse(in, source), source, List.of());
  }

  /** Parsed values, row-major, and the file line of each row. */
  static final class Table {
    final double[] values;
    final int rows;
    final int cols;
    final long[] lines;

    Table(double[] values, int rows, int cols, long[] lines) {
      this.values = values;
      this.rows = rows;
      this.cols = cols;
      this.lines = lines;
    }
  }

  Dataset toDataset(Table t, String source, List<String> classNames)
      throws DataFileException {
    int cols = t.cols;
    if (cols < 2) {
      throw new DataFileException(source, "a dataset needs at least 2 columns (features and a "
          + "label), found " + cols);
    }
    int lc = labelColumn < 0 ? labelColumn + cols : labelColumn;
    if (lc < 0 || lc >= cols) {
      throw new DataFileException(source, "label column " + labelColumn + " is out of range for "
          + cols + " columns");
    }
    double[] x = new double[t.rows * (cols - 1)]; // < t.values.length: no overflow
    double[] y = new double[t.rows];
    for (int i = 0; i < t.rows; i++) {
      for (int j = 0, k = 0; j < cols; j++) {
        if (j == lc) {
          y[i] = t.values[i * cols + j];
        } else {
          x[i * (cols - 1) + k++] = t.values[i * cols + j];
        }
      }
    }
    // A label column of whole numbers holds class labels (INT64, exact); otherwise it is a
    // regression target in the reader's dtype.
    boolean integral = true;
    for (double v : y) {
      integral &= v == Math.rint(v) && Math.abs(v) < 0x1p53;
    }
    Tensor targets = integral ? Tensor.of(y).to(DType.INT64) : Tensor.of(y).to(dtype);
    return new Dataset(Tensor.of(x, t.rows, cols - 1).to(dtype), targets, classNames);
  }

  /**
   * Parses every data line after the skipped ones, streaming: a field is validated when it ends,
   * a row's length when its line ends.
   */
  Table parse(InputStream raw, String source) throws IOException {
    try (Gzip.Opened opened = Gzip.open(raw, source)) {
      try {
        return new Parser(source).run(new InputStreamReader(opened.in, StandardCharsets.UTF_8));
      } catch (ZipException | EOFException e) {
        if (opened.compressed) {
          throw Gzip.corrupt(source, e);
        }
        throw e;
      }
    }
  }

  /** The state of one parse. */
  private final class Parser {
    private final String source;
    private final StringBuilder field = new StringBuilder();
    private double[] values = new double[256];
    private int count;
    private long[] lines = new long[16];
    private int rows;
    private int cols = -1;
    private long firstDataLine;
    /** The line being read, from 1 (a long: a file may hold more than 2^31 blank lines). */
    private long line = 1;
    /** Fields ended on this line. */
    private int fieldIndex;
    /** Whitespace seen after the field's content, kept only if more content follows. */
    private int pendingSpaces;
    private int fieldChars;
    private boolean lineHasContent;
    /** Whether the current line has any char (so that a last line without a break counts). */
    private boolean lineStarted;
    /** 1-based field of this line's first empty field, or 0. */
    private int emptyField;

    Parser(String source) {
      this.source = source;
    }

    Table run(Reader r) throws IOException {
      char[] buf = new char[8192];
      boolean afterCr = false;
      boolean first = true;
      int n;
      while ((n = r.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          char c = buf[i];
          if (first) {
            first = false;
            if (c == '\uFEFF') {
              continue; // byte order mark
            }
          }
          if (c == '\n' && afterCr) {
            afterCr = false;
            continue; // the \n of \r\n
          }
          afterCr = c == '\r';
          if (c == '\n' || c == '\r') {
            endLine();
          } else {
            lineStarted = true;
            if (line > skipLines) {
              accept(c);
            }
          }
        }
      }
      if (lineStarted) {
        endLine(); // a last line without a line break
      }
      if (rows == 0) {
        throw new DataFileException(source, "no data rows (" + (line - 1) + " lines, "
            + skipLines + " skipped)");
      }
      return new Table(Arrays.copyOf(values, count), rows, cols, Arrays.copyOf(lines, rows));
    }

    private void accept(char c) throws DataFileException {
      if (c == delimiter) {
        lineHasContent |= c > ' ';
        endField();
        return;
      }
      if (c <= ' ') {
        if (fieldChars > 0) {
          pendingSpaces++;
        }
        return;
      }
      lineHasContent = true;
      for (; pendingSpaces > 0; pendingSpaces--) {
        append(' ');
      }
      append(c);
    }

    private void append(char c) {
      fieldChars++;
      if (field.length() <= MAX_FIELD_CHARS) {
        field.append(c); // one char beyond the cap marks the field as too long
      }
    }

    private String where() {
      return "line " + line + ", field " + (fieldIndex + 1) + ": ";
    }

    private void endField() throws DataFileException {
      pendingSpaces = 0;
      if (fieldChars == 0) {
        if (emptyField == 0) {
          emptyField = fieldIndex + 1; // an error unless the whole line is blank
        }
      } else {
        store(parseNumber());
      }
      field.setLength(0);
      fieldChars = 0;
      fieldIndex++;
    }

    private double parseNumber() throws DataFileException {
      if (fieldChars > MAX_FIELD_CHARS) {
        throw new DataFileException(source, where() + shown(field, fieldChars) + " is not a "
            + "number: a field has at most " + MAX_FIELD_CHARS + " chars");
      }
      double v = decimal(field);
      if (Double.isNaN(v)) {
        String f = field.toString();
        if (nonFinite(f)) {
          throw new DataFileException(source, where() + f + " is not allowed (values must be "
              + "finite)"); // f has at most 9 chars here
        }
        throw new DataFileException(source, where() + shown(f, f.length()) + " is not a number"
            + (f.charAt(0) == '"' || f.charAt(0) == '\'' ? " (quoted fields are not supported)"
                : ""));
      }
      if (Double.isInfinite(v) || dtype == DType.FLOAT32 && Float.isInfinite((float) v)) {
        throw new DataFileException(source, where() + shown(field, fieldChars) + " overflows "
            + dtype + " (values must be finite)");
      }
      return v;
    }

    private void store(double v) throws DataFileException {
      if (count == values.length) {
        if (count == MAX_VALUES) {
          throw new DataFileException(source, where() + "more than " + MAX_VALUES + " values in "
              + "all, more than a tensor can hold");
        }
        values = Arrays.copyOf(values, (int) Math.min(MAX_VALUES, 2L * count));
      }
      values[count++] = v;
    }

    private void endLine() throws DataFileException {
      if (line > skipLines) {
        if (lineHasContent) {
          endField();
          if (emptyField > 0) {
            throw new DataFileException(source, "line " + line + ", field " + emptyField
                + ": empty field");
          }
          endRow();
        }
        // else a blank line: its fields were all empty, so nothing was stored
      }
      line++;
      lineStarted = false;
      fieldIndex = 0;
      fieldChars = 0;
      pendingSpaces = 0;
      field.setLength(0);
      lineHasContent = false;
      emptyField = 0;
    }

    private void endRow() throws DataFileException {
      if (cols < 0) {
        cols = fieldIndex;
        firstDataLine = line;
      } else if (fieldIndex != cols) {
        throw new DataFileException(source, "line " + line + " has " + fieldIndex + " fields, "
            + "expected " + cols + " (as line " + firstDataLine + ")");
      }
      if (rows == lines.length) {
        lines = Arrays.copyOf(lines, 2 * rows);
      }
      lines[rows++] = line;
    }
  }

  /** {@code nan}, {@code inf}, {@code infinity} in any case, with an optional sign. */
  private static boolean nonFinite(String f) {
    String u = f.charAt(0) == '+' || f.charAt(0) == '-' ? f.substring(1) : f;
    return u.equalsIgnoreCase("nan") || u.equalsIgnoreCase("inf")
        || u.equalsIgnoreCase("infinity");
  }

  /** Exact powers of ten: every one up to 10^22 is a double. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /**
   * The value of {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?}, correctly rounded to a
   * double (possibly infinite); NaN if the text is not of that form. Most numbers (at most 15
   * significant digits, a decimal exponent within ±22) are computed directly, exactly as
   * {@link Double#parseDouble} would (Clinger's fast path: one correctly rounded operation on
   * exact operands), which allocates nothing; the rest go to {@code Double.parseDouble}.
   */
  static double decimal(CharSequence f) {
    int n = f.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (f.charAt(i) == '+' || f.charAt(i) == '-')) {
      negative = f.charAt(i) == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0; // significant digits in mantissa
    int scale = 0; // value = mantissa × 10^(exponent - scale)
    boolean exact = true; // false once a significant digit did not fit the mantissa
    int intDigits = 0;
    for (; i < n && isDigit(f.charAt(i)); i++, intDigits++) {
      int d = f.charAt(i) - '0';
      if (digits < 15) {
        mantissa = mantissa * 10 + d;
        digits += mantissa == 0 ? 0 : 1;
      } else {
        exact = false;
      }
    }
    int fracDigits = 0;
    if (i < n && f.charAt(i) == '.') {
      for (i++; i < n && isDigit(f.charAt(i)); i++, fracDigits++) {
        int d = f.charAt(i) - '0';
        if (digits < 15) {
          mantissa = mantissa * 10 + d;
          digits += mantissa == 0 ? 0 : 1;
          scale++;
        } else {
          exact = false;
        }
      }
    }
    if (intDigits + fracDigits == 0) {
      return Double.NaN;
    }
    int exponent = 0;
    if (i < n && (f.charAt(i) == 'e' || f.charAt(i) == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < n && (f.charAt(i) == '+' || f.charAt(i) == '-')) {
        negativeExponent = f.charAt(i) == '-';
        i++;
      }
      int expDigits = 0;
      for (; i < n && isDigit(f.charAt(i)); i++, expDigits++) {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (f.charAt(i) - '0');
        } else {
          exact = false; // |exponent| this large: let parseDouble give 0 or infinity
        }
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
      exponent = negativeExponent ? -exponent : exponent;
    }
    if (i != n) {
      return Double.NaN;
    }
    int e = exponent - scale;
    if (exact && e >= -22 && e <= 22) {
      double m = mantissa;
      double v = e >= 0 ? m * POWERS_OF_TEN[e] : m / POWERS_OF_TEN[-e];
      return negative ? -v : v;
    }
    return Double.parseDouble(f.toString()); // the grammar is a subset of what it reads
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A field as a message quotes it: at most 40 chars, invisible ones (controls, U+FFFD from
   * invalid UTF-8, surrogates) escaped as a backslash, u and four hex digits, then its length if
   * cut.
   */
  private static String shown(CharSequence f, int length) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < Math.min(f.length(), QUOTED_CHARS); i++) {
      char c = f.charAt(i);
      if (c < ' ' || c == 0x7F || Character.isSurrogate(c) || c == '\uFFFD') {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append(length > QUOTED_CHARS ? "...'" : "'");
    if (length > QUOTED_CHARS) {
      sb.append(" (").append(length).append(" chars)");
    }
    return sb.toString();
  }

  static List<String> split(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == delimiter) {
        out.add(line.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }
}
