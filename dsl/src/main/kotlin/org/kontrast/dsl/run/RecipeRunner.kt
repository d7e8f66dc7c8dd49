package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.time.LocalDateTime
import java.time.format.DateTimeFormatter
import org.kontrast.data.ImageDataset
import org.kontrast.datasets.Catalog
import org.kontrast.datasets.Split
import org.kontrast.dsl.plot.Plots
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.train.CheckpointStore
import org.kontrast.train.Experiment
import org.kontrast.train.Trainer
import org.kontrast.train.TrainingListener

/** A finished run: where it is and its final metrics (dotted keys). */
data class RunResult(val directory: Path, val metrics: Map<String, Double>)

/**
 * Runs a recipe end to end: data, graph, baselines, training with monitor
 * evaluations and checkpoints, the final evaluation, then metrics.json, plots and
 * run.json in a new run directory. Nothing is created before the recipe and the
 * data have been checked, and a failure marks run.json as failed.
 */
class RecipeRunner(
    private val recipe: Recipe,
    private val listeners: List<TrainingListener> = emptyList(),
    /** Training time allowed, in seconds (steps only); null runs every epoch of the recipe. */
    private val budgetSeconds: Double? = null,
    private val log: (String) -> Unit = {},
) {
    fun run(outRoot: Path): RunResult {
        Components.validate(recipe)
        // The device first: a GPU that is not there fails in a second, before the data is read.
        val device = Components.device(recipe)
        val precision = Components.precision(recipe, device)
        val split = loadData(recipe)
        val threads = Components.threads(recipe)
        val input = split.train().shape()
        val method = Components.method(recipe, input)
        val optimizer = Components.optimizer(recipe.optimizer)
        val stepsPerEpoch = org.kontrast.data.Batches.stepsPerEpoch(split.train().size(), recipe.train.batchSize)
        val schedule = Components.schedule(recipe, stepsPerEpoch)
        val dir = newRunDirectory(outRoot, recipe.name)
        val started = Instant.now()
        val runJson = dir.resolve("run.json")
        JsonFiles.writeAtomically(dir.resolve("recipe.json"), RecipeJson.toJson(recipe) + "\n")
        JsonFiles.writeAtomically(runJson, JsonFiles.pretty(Provenance.runJson(recipe, split.files(), threads, "running", started,
            mapOf("runtime.device" to device.toString(), "runtime.precision" to precision.name))))
        try {
            val metrics = linkedMapOf<String, Double>()
            val evaluator = Evaluator(recipe.eval, split.train(), split.test(), threads)
            val t0 = System.nanoTime()
            val tensorBoard = TensorBoardLog(dir.resolve("tensorboard"), recipe.train.logEverySteps)
            RunHistory(dir.resolve("metrics.jsonl"), recipe.train.logEverySteps).use { history -> tensorBoard.use {
                Experiment.build(method, input, recipe.train.batchSize, optimizer, recipe.train.seed, threads, device, precision).use { experiment ->
                    if (recipe.eval.baselines) {
                        log("Baselines: linear probe and kNN on raw pixels and on the untrained encoder ...")
                        val tb = System.nanoTime()
                        metrics += evaluator.rawPixels()
                        metrics += evaluator.randomInit(experiment)
                        metrics["baselines.wall_s"] = (System.nanoTime() - tb) / 1e9
                        log("Baselines done in %.0f s: raw pixels %.4f, random-init encoder %.4f".format(metrics["baselines.wall_s"],
                            metrics["baselines.raw_pixels.test_accuracy"], metrics["baselines.random_init.test_accuracy"]))
                        history.write(mapOf("event" to "baselines", "metrics" to metrics.toMap()))
                    }
                    val trainer = Trainer.builder()
                        .setExperiment(experiment).setDataset(split.train()).setSchedule(schedule)
                        .optEpochs(recipe.train.epochs).optBatchSize(recipe.train.batchSize).optSeed(recipe.train.seed)
                        .optCheckpoints(CheckpointStore(dir.resolve("checkpoints"), recipe.train.checkpointsKept))
                        .optEvaluation { exp, epoch, last ->
                            val every = recipe.eval.everyEpochs
                            if (last || (every > 0 && (epoch + 1) % every == 0)) evaluator.monitor(exp) else emptyMap()
                        }
                        .addListener(history).addListener(tensorBoard)
                    budgetSeconds?.let { trainer.optTimeBudget(it) }
                    listeners.forEach { trainer.addListener(it) }
                    val summary = trainer.build().fit()
                    metrics["train.images_per_s"] = summary.imagesPerSecond()
                    metrics["train.wall_s"] = summary.trainSeconds()
                    metrics["train.steps"] = summary.steps().toDouble()
                    metrics["train.epochs"] = summary.epochs().toDouble()
                    metrics["train.final_loss"] = summary.finalLoss()
                    metrics["train.input_wait_s"] = summary.inputWaitSeconds()
                    metrics["train.out_of_time"] = if (summary.outOfTime()) 1.0 else 0.0
                    log("Final evaluation: linear probe and kNN on the full splits ...")
                    val te = System.nanoTime()
                    metrics += evaluator.full(experiment)
                    metrics["eval.wall_s"] = (System.nanoTime() - te) / 1e9
                    log("Final evaluation done in %.0f s".format(metrics["eval.wall_s"]))
                }
                metrics["total.wall_s"] = (System.nanoTime() - t0) / 1e9
                writeResults(dir, metrics, history)
                tensorBoard.finalMetrics(metrics)
            } }
            JsonFiles.writeAtomically(runJson, JsonFiles.pretty(Provenance.runJson(recipe, split.files(), threads, "completed",
                started, mapOf("runtime.device" to device.toString(), "runtime.precision" to precision.name, "finished" to Instant.now().toString()))))
            return RunResult(dir, metrics)
        } catch (e: Throwable) {
            JsonFiles.writeAtomically(runJson, JsonFiles.pretty(Provenance.runJson(recipe, split.files(), threads, "failed",
                started, mapOf("runtime.device" to device.toString(), "runtime.precision" to precision.name, "finished" to Instant.now().toString(),
                    "error" to (e.message ?: e.javaClass.name)))))
            throw e
        }
    }

    private fun writeResults(dir: Path, metrics: Map<String, Double>, history: RunHistory) {
        JsonFiles.writeAtomically(dir.resolve("metrics.json"), JsonFiles.pretty(JsonFiles.nest(metrics)))
        val plots = Files.createDirectories(dir.resolve("plots"))
        JsonFiles.writeAtomically(plots.resolve("loss.svg"), Plots.svg(Plots.loss(history.steps)))
        JsonFiles.writeAtomically(plots.resolve("accuracy.svg"), Plots.svg(Plots.accuracy(history.evals, metrics, recipe.train.epochs)))
    }

    companion object {
        private val STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")

        fun loadData(recipe: Recipe): Split {
            val split = try {
                Catalog.load(recipe.data.dataset)
            } catch (e: IllegalArgumentException) {
                throw RecipeException("data.dataset: ${e.message}")
            }
            fun limit(d: ImageDataset, n: Int?) = if (n == null) d else d.head(n)
            return Split(limit(split.train(), recipe.data.trainLimit), limit(split.test(), recipe.data.testLimit), split.files())
        }

        /** A fresh directory; an existing one (an older run) is never reused. */
        fun newRunDirectory(root: Path, name: String): Path {
            try {
                Files.createDirectories(root)
            } catch (e: java.io.IOException) {
                throw RecipeException("--out $root: cannot create the output directory (${e.javaClass.simpleName}: ${e.message})")
            }
            val base = "$name-${LocalDateTime.now().format(STAMP)}"
            var dir = root.resolve(base)
            var i = 1
            while (true) {
                try {
                    return Files.createDirectory(dir)
                } catch (e: java.nio.file.FileAlreadyExistsException) {
                    dir = root.resolve("$base-${i++}")
                }
            }
        }

        /**
         * Re-evaluates a finished run from its newest checkpoint and its recorded
         * recipe; writes eval.json beside metrics.json.
         */
        fun evaluate(runDir: Path, log: (String) -> Unit = {}): Map<String, Double> {
            val run = RunDirectory(runDir)
            val recipe = run.recipe
            val split = loadData(recipe)
            val threads = Components.threads(recipe)
            val input = split.train().shape()
            log("Evaluating ${runDir.fileName} at step ${run.checkpoint.step()} (recipe ${run.recipeSha256}) ...")
            val device = Components.device(recipe)
            Experiment.build(Components.method(recipe, input), input, recipe.train.batchSize, Components.optimizer(recipe.optimizer),
                recipe.train.seed, threads, device, Components.precision(recipe, device))
                .use { experiment ->
                    experiment.restore(run.checkpoint.prefix())
                    val metrics = Evaluator(recipe.eval, split.train(), split.test(), threads).full(experiment) +
                        mapOf("checkpoint.step" to run.checkpoint.step().toDouble())
                    JsonFiles.writeAtomically(runDir.resolve("eval.json"), JsonFiles.pretty(JsonFiles.nest(metrics)))
                    return metrics
                }
        }
    }
}
