package dev.jgrad.spark.examples;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for the programs. */
final class Sessions {
  private Sessions() {}

  /**
   * A session on {@code master}, without the web UI; a local master binds to the loopback
   * address only.
   */
  static SparkSession start(String master, String name) {
    SparkSession.Builder b = SparkSession.builder().master(master).appName(name)
        .config("spark.ui.enabled", "false");
    if (master.startsWith("local")) {
      b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    return b.getOrCreate();
  }
}
