package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A reader of numeric CSV files (optionally gzip-compressed, detected by the gzip magic bytes):
 * one sample per line, fields separated by a delimiter, surrounding whitespace ignored, blank
 * lines skipped, and a number of leading lines (headers) skipped. Every field must be a finite
 * number and every row must have as many fields as the first.
 *
 * <pre>{@code
 * Dataset d = Csv.reader().skipLines(1).readDataset(Path.of("data.csv"));  // label last
 * Tensor m = Csv.reader().readTensor(Path.of("matrix.csv"));               // all columns
 * }</pre>
 *
 * <p>Instances are immutable; the configuration methods return modified copies. Malformed input
 * throws {@link DataFileException} naming the file, the line (counted from 1 in the file) and
 * the field (from 1), e.g. {@code data.csv: line 7, field 3: 'abc' is not a number}.
 */
public final class Csv {
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

  /** Comma-separated, no lines skipped, label in the last column, FLOAT64. */
  public static Csv reader() {
    return new Csv(',', 0, -1, DType.FLOAT64);
  }

  /** The field delimiter (e.g. {@code ';'} or {@code '\t'}). */
  public Csv delimiter(char delimiter) {
    return new Csv(delimiter, skipLines, labelColumn, dtype);
  }

  /**
   * Number of leading lines to skip (headers).
   *
   * @throws IllegalArgumentException if negative
   */
  public Csv skipLines(int lines) {
    checkArgument(lines >= 0, "csv: lines to skip must be >= 0, got %s", lines);
    return new Csv(delimiter, lines, labelColumn, dtype);
  }

  /** The column holding the target in {@link #readDataset} (negative counts from the end). */
  public Csv labelColumn(int column) {
    return new Csv(delimiter, skipLines, column, dtype);
  }

  /** The dtype of the tensors read. */
  public Csv dtype(DType dtype) {
    return new Csv(delimiter, skipLines, labelColumn, dtype);
  }

  /**
   * All fields as a {@code [rows, columns]} tensor.
   *
   * @throws DataFileException if the file is malformed or has no data rows
   * @throws IOException if it cannot be read
   */
  public Tensor readTensor(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readTensor(in, file.toString());
    }
  }

  /** All fields of a stream; {@code source} names it in errors. See {@link #readTensor(Path)}. */
  public Tensor readTensor(InputStream in, String source) throws IOException {
    double[][] rows = parse(in, source);
    return toTensor(rows, 0, rows[0].length);
  }

  /**
   * A dataset: the label column as targets {@code [n]}, the other columns (in order) as
   * features.
   *
   * @throws DataFileException if the file is malformed, has no data rows, fewer than two
   *     columns, or the label column is out of range
   * @throws IOException if it cannot be read
   */
  public Dataset readDataset(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readDataset(in, file.toString());
    }
  }

  /** A dataset from a stream; {@code source} names it in errors. See {@link #readDataset(Path)}. */
  public Dataset readDataset(InputStream in, String source) throws IOException {
    double[][] rows = parse(in, source);
    return toDataset(rows, source, List.of());
  }

  Dataset toDataset(double[][] rows, String source, List<String> classNames)
      throws DataFileException {
    int cols = rows[0].length;
    if (cols < 2) {
      throw new DataFileException(source, "a dataset needs at least 2 columns (features and a "
          + "label), found " + cols);
    }
    int lc = labelColumn < 0 ? labelColumn + cols : labelColumn;
    if (lc < 0 || lc >= cols) {
      throw new DataFileException(source, "label column " + labelColumn + " is out of range for "
          + cols + " columns");
    }
    double[] x = new double[rows.length * (cols - 1)];
    double[] y = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0, k = 0; j < cols; j++) {
        if (j == lc) {
          y[i] = rows[i][j];
        } else {
          x[i * (cols - 1) + k++] = rows[i][j];
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
    return new Dataset(Tensor.of(x, rows.length, cols - 1).to(dtype), targets, classNames);
  }

  private Tensor toTensor(double[][] rows, int from, int to) {
    int cols = to - from;
    double[] v = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], from, v, i * cols, cols);
    }
    return Tensor.of(v, rows.length, cols).to(dtype);
  }

  /** Parses every data line after the skipped ones into rows of equal length. */
  double[][] parse(InputStream raw, String source) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(maybeGunzip(raw, source),
        StandardCharsets.UTF_8))) {
      List<double[]> rows = new ArrayList<>();
      int lineNo = 0;
      int firstDataLine = 0;
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (lineNo <= skipLines || line.isBlank()) {
          continue;
        }
        double[] row = parseLine(line, source, lineNo);
        if (rows.isEmpty()) {
          firstDataLine = lineNo;
        } else if (row.length != rows.get(0).length) {
          throw new DataFileException(source, "line " + lineNo + " has " + row.length
              + " fields, expected " + rows.get(0).length + " (as line " + firstDataLine + ")");
        }
        rows.add(row);
      }
      if (rows.isEmpty()) {
        throw new DataFileException(source, "no data rows (" + lineNo + " lines, " + skipLines
            + " skipped)");
      }
      return rows.toArray(new double[0][]);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new DataFileException(source, "corrupt or truncated gzip data (" + e.getMessage()
          + ")");
    }
  }

  private double[] parseLine(String line, String source, int lineNo) throws DataFileException {
    List<String> fields = split(line, delimiter);
    double[] row = new double[fields.size()];
    for (int j = 0; j < row.length; j++) {
      String f = fields.get(j).trim();
      String where = "line " + lineNo + ", field " + (j + 1) + ": ";
      if (f.isEmpty()) {
        throw new DataFileException(source, where + "empty field");
      }
      double v;
      try {
        v = Double.parseDouble(f);
      } catch (NumberFormatException e) {
        throw new DataFileException(source, where + "'" + f + "' is not a number");
      }
      if (!Double.isFinite(v)) {
        throw new DataFileException(source, where + f + " is not allowed (values must be finite)");
      }
      row[j] = v;
    }
    return row;
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

  /** Wraps the stream in a gzip decoder if it starts with the gzip magic bytes 1f 8b. */
  static InputStream maybeGunzip(InputStream raw, String source) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new GZIPInputStream(in);
      } catch (IOException e) {
        throw new DataFileException(source, "corrupt gzip header (" + e.getMessage() + ")");
      }
    }
    return in;
  }
}
