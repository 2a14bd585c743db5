package dev.jgrad.examples;

import dev.jgrad.nn.train.EpochResult;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress as a {@link TrainingListener}: pass it to {@code Trainer.listener(...)}, or
 * call its four methods from a plain loop.
 *
 * <ul>
 *   <li>In a terminal: a progress bar over all batches of all epochs (me.tongfei:progressbar, on
 *       standard error) that counts finished epochs and shows the running loss of the current
 *       one and the accuracy after the last one (on the validation data if there is any), e.g.
 *       {@code digits  63% [=====>   ] 19/30 epochs (0:00:01 / 0:00:01) loss 0.0021 acc 97.8%}.
 *   <li>When output is not a terminal (a pipe, a CI log): no bar and no carriage returns, but a
 *       few plain lines per run (ten by default) on standard output, e.g.
 *       {@code   epoch  5/20  loss 0.1432  accuracy 96.1%}.
 * </ul>
 *
 * <p>{@code -Djgrad.progress=bar|lines|off} overrides the choice.
 */
public final class Progress implements TrainingListener {
  /** The system property that forces a mode: {@code bar}, {@code lines} or {@code off}. */
  public static final String PROPERTY = "jgrad.progress";

  private enum Mode { BAR, LINES, OFF }

  private final String task;
  private final Mode mode;
  private final PrintStream lines;
  private final ProgressBarConsumer consumer;
  private final int maxLines;
  private ProgressBar bar;
  private int epochs;
  private double lossSum;
  private int lossCount;
  private String lastEpoch = "";

  private Progress(String task, Mode mode, PrintStream lines, ProgressBarConsumer consumer,
      int maxLines) {
    this.task = task;
    this.mode = mode;
    this.lines = lines;
    this.consumer = consumer;
    this.maxLines = maxLines;
  }

  /**
   * Progress for a program run from the command line: a bar if standard output is a terminal,
   * plain lines otherwise (or what {@code -Djgrad.progress} says).
   *
   * @param task the name shown in front of the bar and the lines, e.g. {@code digits}
   */
  public static Progress console(String task) {
    return console(task, 10);
  }

  /**
   * Like {@link #console(String)}, with at most about {@code maxLines} lines per run when the
   * output is not a terminal (0: none, for programs that print their own summary per run).
   */
  public static Progress console(String task, int maxLines) {
    String forced = System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT);
    switch (forced) {
      case "bar":
        return new Progress(task, Mode.BAR, null, null, maxLines);
      case "lines":
        return lines(task, System.out, Math.max(1, maxLines));
      case "off":
        return off();
      default:
        if (System.console() != null) {
          return new Progress(task, Mode.BAR, null, null, maxLines);
        }
        return maxLines > 0 ? lines(task, System.out, maxLines) : off();
    }
  }

  /**
   * Plain lines on {@code out}: the first epoch, every k-th and the last, at most about
   * {@code maxLines} in all.
   */
  public static Progress lines(String task, PrintStream out, int maxLines) {
    return new Progress(task, Mode.LINES, out, null, maxLines);
  }

  /** A progress bar rendered into {@code consumer} (e.g. a test's list of rendered strings). */
  public static Progress bar(String task, ProgressBarConsumer consumer) {
    return new Progress(task, Mode.BAR, null, consumer, 0);
  }

  /** Reports nothing (tests, or runs nested inside another progress display). */
  public static Progress off() {
    return new Progress("", Mode.OFF, null, null, 0);
  }

  /** Starts the bar (in bar mode) over {@code epochs × batchesPerEpoch} steps. */
  @Override
  public void onTrainStart(int epochs, int batchesPerEpoch) {
    this.epochs = epochs;
    lastEpoch = "";
    if (mode == Mode.BAR) {
      // The bar advances per batch but counts epochs, which leaves room for the message in an
      // 80-column terminal.
      ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task)
          .setInitialMax((long) epochs * batchesPerEpoch).setUnit(" epochs", batchesPerEpoch)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200);
      if (consumer != null) {
        b.setConsumer(consumer);
      }
      bar = b.build();
    }
  }

  /** Advances the bar by one batch and shows the epoch's running mean loss. */
  @Override
  public void onBatchEnd(int epoch, int batch, int batchesPerEpoch, double loss) {
    if (batch == 0) {
      lossSum = 0;
      lossCount = 0;
    }
    lossSum += loss;
    lossCount++;
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f%s", lossSum / lossCount,
          lastEpoch));
    }
  }

  /** Shows the epoch's loss and accuracy on the bar, or prints a line (first, every k-th, last). */
  @Override
  public void onEpochEnd(EpochResult r) {
    if (bar != null) {
      lastEpoch = accuracyNote(r.values());
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f%s", r.loss(), lastEpoch));
    } else if (mode == Mode.LINES) {
      int every = Math.max(1, (int) Math.ceil(epochs / (double) maxLines));
      boolean last = r.epoch() == epochs - 1;
      if (r.epoch() == 0 || (r.epoch() + 1) % every == 0 || last) {
        int width = Integer.toString(epochs).length();
        lines.printf(Locale.ROOT, "  %s epoch %" + width + "d/%d  %s%n", task, r.epoch() + 1,
            epochs, summary(r.values()));
      }
    }
  }

  /** Finishes and closes the bar. */
  @Override
  public void onTrainEnd(History history) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /** "loss 0.1234  accuracy 95.1%  val_loss ..." with accuracies as percentages. */
  static String summary(Map<String, Double> values) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (sb.length() > 0) {
        sb.append("  ");
      }
      sb.append(e.getKey()).append(' ').append(format(e.getKey(), e.getValue()));
    }
    return sb.toString();
  }

  /** " acc 95.1%" from an epoch's validation (else training) accuracy, for the bar. */
  private static String accuracyNote(Map<String, Double> values) {
    Double acc = values.getOrDefault("val_accuracy", values.get("accuracy"));
    return acc == null ? "" : String.format(Locale.ROOT, " acc %.1f%%", 100 * acc);
  }

  private static String format(String name, double v) {
    return name.contains("accuracy") ? String.format(Locale.ROOT, "%.1f%%", 100 * v)
        : String.format(Locale.ROOT, "%.4f", v);
  }
}
