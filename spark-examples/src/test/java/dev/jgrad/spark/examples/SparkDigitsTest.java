package dev.jgrad.spark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkDigitsTest {
  @Test
  void trainsFromParquetAsWellAsOneMachine(@TempDir Path out) {
    SparkSession spark = Sessions.start("local[2]", "spark-digits-test");
    try {
      // Local-steps mode (one Spark job per 6 steps) keeps the test short; the program's default
      // (synchronous) mode is checked for equivalence in the spark module's tests.
      SparkDigits.Result r = SparkDigits.run(spark, out, 4, 6, false);
      assertTrue(Files.isDirectory(out.resolve("digits-train.parquet")));
      assertEquals(359, spark.read().parquet(out.resolve("digits-test.parquet").toString())
          .count());
      assertEquals(1438.0, r.training().history().values("examples")[0]); // each row once
      assertTrue(r.sparkAccuracy() > 0.9, "Spark " + r.sparkAccuracy());
      assertTrue(r.localAccuracy() > 0.9, "local " + r.localAccuracy());
      // different batch draws, same model and schedule: the same accuracy within noise
      assertTrue(Math.abs(r.sparkAccuracy() - r.localAccuracy()) < 0.03,
          r.sparkAccuracy() + " vs " + r.localAccuracy());
    } finally {
      spark.stop();
    }
  }
}
