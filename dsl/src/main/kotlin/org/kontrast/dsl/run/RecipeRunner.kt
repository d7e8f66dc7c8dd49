package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.time.LocalDateTime
import java.time.format.DateTimeFormatter
import org.kontrast.data.ImageDataset
import org.kontrast.datasets.Catalog
import org.kontrast.datasets.ImageFolder
import org.kontrast.datasets.MultiViewFolder
import org.kontrast.datasets.Split
import org.kontrast.dsl.plot.Plots
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.kontrast.train.CheckpointState
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
    /** What a run needs before its directory exists: everything checked, the data read. */
    private inner class Setup {
        init {
            Components.validate(recipe)
        }
        // The device first: a GPU that is not there fails in a second, before the data is read.
        val device = Components.device(recipe)
        val precision = Components.precision(recipe, device)
        val split = loadData(recipe)
        val threads = Components.threads(recipe)
        val input = split.train().shape()
        val method = Components.method(recipe, input, split.train().size())
        val optimizer = Components.optimizer(recipe.optimizer)
        val schedule = Components.schedule(recipe, org.kontrast.data.Batches.stepsPerEpoch(split.train().size(), recipe.train.batchSize))
        val runtime = mapOf("runtime.device" to device.toString(), "runtime.precision" to precision.name)

        /** The sha256 of the data, read once: run.json is written three times a run, and an image folder is many files. */
        val data: Map<String, String> by lazy { Provenance.dataDigest(split.files()) }

        fun runJson(status: String, started: Instant, extra: Map<String, Any?> = emptyMap()) =
            JsonFiles.pretty(Provenance.runJson(recipe, data, threads, status, started, runtime + extra))
    }

    fun run(outRoot: Path): RunResult {
        if (Files.exists(outRoot) && !Files.isDirectory(outRoot)) {
            throw RecipeException("--out $outRoot: cannot create the output directory (a file of that name is in the way)")
        }
        val setup = Setup()
        val started = Instant.now()
        val dir = newRunDirectory(outRoot, recipe.name) { staged ->
            JsonFiles.writeAtomically(staged.resolve("recipe.json"), RecipeJson.toJson(recipe) + "\n")
            JsonFiles.writeAtomically(staged.resolve("run.json"), setup.runJson("running", started))
        }
        return RunLock.acquire(dir, "kontrast run").use { execute(setup, dir, started, null, emptyMap()) }
    }

    /** Trains from [resumeFrom] (or the start) in [dir], evaluates, writes the results; run.json says how it ended. */
    private fun execute(setup: Setup, dir: Path, started: Instant, resumeFrom: CheckpointState?, extra: Map<String, Any?>): RunResult {
        val runJson = dir.resolve("run.json")
        try {
            val metrics = linkedMapOf<String, Double>()
            val evaluator = Evaluator(recipe.eval, setup.split.train(), setup.split.test(), setup.threads)
            val t0 = System.nanoTime()
            val tensorBoard = TensorBoardLog(dir.resolve("tensorboard"), recipe.train.logEverySteps)
            RunHistory(dir.resolve("metrics.jsonl"), recipe.train.logEverySteps, resumeFrom?.step()).use { history -> tensorBoard.use {
                Experiment.build(setup.method, setup.input, recipe.train.batchSize, setup.optimizer, recipe.train.seed, setup.threads,
                    setup.device, setup.precision).use { experiment ->
                    val recorded = history.baselines
                    if (recorded != null) {
                        metrics += recorded
                    } else if (recipe.eval.baselines) {
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
                        .setExperiment(experiment).setDataset(setup.split.train()).setSchedule(setup.schedule)
                        .optEpochs(recipe.train.epochs).optBatchSize(recipe.train.batchSize).optSeed(recipe.train.seed)
                        .optCheckpoints(CheckpointStore(dir.resolve("checkpoints"), recipe.train.checkpointsKept, RecipeJson.sha256(recipe)))
                        .optCheckpointEverySteps(recipe.train.checkpointEverySteps)
                        .optEvaluation { exp, epoch, last ->
                            val every = recipe.eval.everyEpochs
                            if (last || (every > 0 && (epoch + 1) % every == 0)) evaluator.monitor(exp) else emptyMap()
                        }
                        .addListener(history).addListener(tensorBoard)
                    budgetSeconds?.let { trainer.optTimeBudget(it) }
                    resumeFrom?.let { trainer.optResumeFrom(it) }
                    listeners.forEach { trainer.addListener(it) }
                    val summary = trainer.build().fit()
                    metrics["train.images_per_s"] = summary.imagesPerSecond()
                    metrics["train.wall_s"] = summary.trainSeconds()
                    metrics["train.steps"] = summary.steps().toDouble()
                    metrics["train.epochs"] = summary.epochs().toDouble()
                    metrics["train.final_loss"] = lastLoss(summary, history)
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
            JsonFiles.writeAtomically(runJson, setup.runJson("completed", started, extra + ("finished" to Instant.now().toString())))
            return RunResult(dir, metrics)
        } catch (e: Throwable) {
            try {
                JsonFiles.writeAtomically(runJson, setup.runJson("failed", started, extra + mapOf(
                    "finished" to Instant.now().toString(), "error" to (e.message ?: e.javaClass.name))))
            } catch (second: Throwable) {
                // Often the same full disk; the first error is the one to report, and run.json keeps its last good state.
                e.addSuppressed(second)
            }
            throw e
        }
    }

    /** Continues a stopped run in [dir] (locked by the caller) from its newest valid checkpoint. */
    private fun resumeIn(dir: Path, record: RunRecord): RunResult {
        val setup = Setup()
        val now = setup.data
        for ((file, sha) in record.data) {
            if (now[file] != sha) {
                throw RunException("$file: the data is not what the run started with (sha256 ${sha.take(12)} recorded, " +
                    "${now[file]?.take(12) ?: "file not used now"}); resuming on other data would not continue the run")
            }
        }
        val store = CheckpointStore(dir.resolve("checkpoints"), recipe.train.checkpointsKept, record.recipeSha256)
        val state = store.newestValid { log("Skipping checkpoints/${it.directory().fileName}: ${it.reason()}") }.orElse(null)
        if (state == null) {
            log("No valid checkpoint in ${dir.resolve("checkpoints")}: training starts again from step 0")
        } else {
            log("Resuming ${dir.fileName} at step ${state.step()} (epoch ${state.position().epoch() + 1}, batch " +
                "${state.position().batch()}) from checkpoints/${state.directory().fileName}")
        }
        val extra = mapOf("resumed.count" to record.resumed + 1, "resumed.from_step" to (state?.step() ?: 0L))
        JsonFiles.writeAtomically(dir.resolve("run.json"), setup.runJson("running", record.started, extra))
        return execute(setup, dir, record.started, state, extra)
    }

    /** The loss of the last step; a run resumed after its last step takes it from the recorded history. */
    private fun lastLoss(summary: TrainingListener.Summary, history: RunHistory): Double =
        if (summary.finalLoss().isNaN()) history.steps.lastOrNull()?.loss ?: Double.NaN else summary.finalLoss().toDouble()

    private fun writeResults(dir: Path, metrics: Map<String, Double>, history: RunHistory) {
        JsonFiles.writeAtomically(dir.resolve("metrics.json"), JsonFiles.pretty(JsonFiles.nest(metrics)))
        val plots = Files.createDirectories(dir.resolve("plots"))
        JsonFiles.writeAtomically(plots.resolve("loss.svg"), Plots.svg(Plots.loss(history.steps)))
        JsonFiles.writeAtomically(plots.resolve("accuracy.svg"), Plots.svg(Plots.accuracy(history.evals, metrics, recipe.train.epochs)))
    }

    /** What run.json says about a run that [resume] needs. */
    private data class RunRecord(val status: String, val started: Instant, val recipeSha256: String, val data: Map<String, String>,
                                 val resumed: Int)

    companion object {
        private val STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")

        /**
         * Continues a stopped run in place: from its newest checkpoint whose checksums hold
         * (newer damaged ones are skipped with a message), with the data order, random
         * streams, schedules and history exactly where they stopped; then evaluates as
         * `run` does. Refuses a run whose recipe.json or data changed since it started, and
         * a run another process is writing. Returns null if the run had already completed.
         */
        fun resume(runDir: Path, listeners: List<TrainingListener> = emptyList(), log: (String) -> Unit = {}): RunResult? {
            if (!Files.isDirectory(runDir)) throw RunException("$runDir: no such run directory")
            if (!Files.isRegularFile(runDir.resolve("run.json"))) throw RunException("$runDir: not a run directory (no run.json)")
            return RunLock.acquire(runDir, "kontrast resume").use {
                val record = readRecord(runDir.resolve("run.json"))
                if (record.status == "completed") return null
                val recipe = RecipeJson.load(runDir.resolve("recipe.json"))
                val sha = RecipeJson.sha256(recipe)
                if (sha != record.recipeSha256) {
                    throw RunException("${runDir.resolve("recipe.json")}: its sha256 is ${sha.take(12)}, but the run started from " +
                        "${record.recipeSha256.take(12)}; resume continues only the recipe a run started with " +
                        "(start a new run with `kontrast run` to change it)")
                }
                RecipeRunner(recipe, listeners, null, log).resumeIn(runDir, record)
            }
        }

        private fun readRecord(file: Path): RunRecord = try {
            val o = RecipeJson.json.parseToJsonElement(Files.readString(file)).jsonObject
            fun text(k: String) = o[k]?.jsonPrimitive?.content ?: throw RunException("$file: no \"$k\" recorded")
            RunRecord(text("status"), Instant.parse(text("started")), text("recipe_sha256"),
                (o["data"] as? JsonObject)?.mapValues { it.value.jsonPrimitive.content }.orEmpty(),
                ((o["resumed"] as? JsonObject)?.get("count")?.jsonPrimitive?.intOrNull) ?: 0)
        } catch (e: RunException) {
            throw e
        } catch (e: Exception) {
            throw RunException("$file: not a readable run record (${e.javaClass.simpleName}: ${e.message?.lineSequence()?.first()})")
        }

        fun loadData(recipe: Recipe): Split {
            val split = try {
                when (recipe.data.dataset) {
                    ImageFolder.NAME -> ImageFolder.load(Components.dataFolder(recipe))
                    MultiViewFolder.NAME -> MultiViewFolder.load(Components.dataFolder(recipe)).split()
                    else -> Catalog.load(recipe.data.dataset)
                }
            } catch (e: IllegalArgumentException) {
                throw RecipeException("data.dataset: ${e.message}")
            }
            fun limit(d: ImageDataset, n: Int?) = if (n == null) d else d.head(n)
            return Split(limit(split.train(), recipe.data.trainLimit), limit(split.test(), recipe.data.testLimit), split.files())
        }

        /**
         * A fresh directory, filled by [prepare] under a hidden name and then renamed into
         * place, so a run directory always holds its recipe.json and run.json; an existing
         * one (an older run) is never reused.
         */
        fun newRunDirectory(root: Path, name: String, prepare: (Path) -> Unit = {}): Path {
            try {
                Files.createDirectories(root)
            } catch (e: java.io.IOException) {
                throw RecipeException("--out $root: cannot create the output directory (${e.javaClass.simpleName}: ${e.message})")
            }
            val base = "$name-${LocalDateTime.now().format(STAMP)}"
            val staged = try {
                // Not createTempDirectory: its owner-only permissions would stay with the run directory.
                Files.createDirectory(root.resolve(".$base.${ProcessHandle.current().pid()}.${System.nanoTime()}"))
            } catch (e: java.io.IOException) {
                throw RecipeException("--out $root: cannot write there (${e.javaClass.simpleName}: ${e.message})")
            }
            try {
                prepare(staged)
                var dir = root.resolve(base)
                var i = 1
                while (true) {
                    if (!Files.exists(dir)) {
                        try {
                            return Files.move(staged, dir)
                        } catch (e: java.nio.file.FileAlreadyExistsException) {
                            // Taken between the check and the move: try the next name.
                        }
                    }
                    dir = root.resolve("$base-${i++}")
                }
            } catch (e: Throwable) {
                runCatching { staged.toFile().deleteRecursively() }
                throw e
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
            Experiment.build(Components.method(recipe, input, split.train().size()), input, recipe.train.batchSize, Components.optimizer(recipe.optimizer),
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
