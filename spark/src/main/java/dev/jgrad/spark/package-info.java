/**
 * jgrad-spark: data-parallel training of jgrad models on Apache Spark 4. {@link
 * dev.jgrad.spark.SparkTrainer} trains on a {@code Dataset<Row>} synchronously (gradient sums
 * combined with {@code treeAggregate}, the optimizer on the driver) or with local steps
 * (parameter averaging), deterministically, with checkpoints ({@link dev.jgrad.spark.Checkpoints})
 * and row-level input checks.
 */
package dev.jgrad.spark;
