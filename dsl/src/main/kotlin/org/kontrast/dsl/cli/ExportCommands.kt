package org.kontrast.dsl.cli

import java.nio.file.Path
import java.util.concurrent.Callable
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.run.RecipeRunner
import org.kontrast.dsl.run.RunDirectory
import org.kontrast.export.EmbeddingFiles
import org.kontrast.export.TrainedEncoder
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters

@Command(name = "export", mixinStandardHelpOptions = true,
    description = ["Write a run's trained encoder as a TensorFlow SavedModel (signature serving_default: " +
        "images [n, h, w, c] in [0, 1] -> representation, output)."])
class Export : Callable<Int> {
    @Parameters(index = "0", paramLabel = "RUN_DIR")
    lateinit var runDir: Path

    @Option(names = ["--format"], description = ["savedmodel (the only format so far)"])
    var format = "savedmodel"

    @Option(names = ["--out"], paramLabel = "DIR", description = ["A new or empty directory (default: RUN_DIR/savedmodel)"])
    var out: Path? = null

    override fun call(): Int {
        if (format != "savedmodel") throw RecipeException("--format: expected savedmodel, got \"$format\"")
        val run = RunDirectory(runDir)
        val target = out ?: runDir.resolve("savedmodel")
        val input = Main.withDataset(run.recipe.data.dataset) { RecipeRunner.loadData(run.recipe) }.train().shape()
        run.encoder(input).use { encoder ->
            try {
                encoder.exportSavedModel(target)
            } catch (e: IllegalArgumentException) {
                throw RecipeException("--out ${e.message}")
            }
            print(encoder.summary())
        }
        TrainedEncoder.loadSavedModel(target).use { reloaded ->
            println("Wrote $target (checkpoint step ${run.checkpoint.step()}); reloaded: input ${reloaded.inputDimensions.toList()}, " +
                "representation ${reloaded.dim(TrainedEncoder.REPRESENTATION)} floats, output ${reloaded.dim(TrainedEncoder.OUTPUT)} floats")
        }
        return 0
    }
}

@Command(name = "embed", mixinStandardHelpOptions = true,
    description = ["Write a run's embeddings of its dataset with indices and labels: FILE.csv, FILE.npy (+ FILE.labels.csv), " +
        "or any other name: a TensorBoard projector folder (tensors.tsv, metadata.tsv, projector_config.pbtxt)."])
class Embed : Callable<Int> {
    @Parameters(index = "0", paramLabel = "RUN_DIR")
    lateinit var runDir: Path

    @Option(names = ["--out"], paramLabel = "PATH", required = true, description = ["emb.csv, emb.npy or a folder for the projector"])
    lateinit var out: Path

    @Option(names = ["--split"], description = ["test or train (default: test)"])
    var split = "test"

    @Option(names = ["--limit"], description = ["Only the first N images of the split"])
    var limit: Int? = null

    @Option(names = ["--layer"], description = ["representation (what the linear probe reads; default) or output (what the head read)"])
    var layer = TrainedEncoder.REPRESENTATION

    override fun call(): Int {
        if (split !in setOf("test", "train")) throw RecipeException("--split: expected test or train, got \"$split\"")
        if (layer !in setOf(TrainedEncoder.REPRESENTATION, TrainedEncoder.OUTPUT)) {
            throw RecipeException("--layer: expected ${TrainedEncoder.REPRESENTATION} or ${TrainedEncoder.OUTPUT}, got \"$layer\"")
        }
        limit?.let { if (it < 1) throw RecipeException("--limit: expected a count >= 1, got $it") }
        val run = RunDirectory(runDir)
        val data = Main.withDataset(run.recipe.data.dataset) { RecipeRunner.loadData(run.recipe) }
        val all = if (split == "test") data.test() else data.train()
        val set = limit?.let { all.head(it) } ?: all
        val rows = run.embeddings(set, layer)
        val labels = set.labels().orElse(null)
        val written = try {
            EmbeddingFiles.write(out, rows, IntArray(set.size()) { it }, labels)
        } catch (e: java.io.UncheckedIOException) {
            throw RecipeException("--out ${e.message}")
        }
        println("Wrote ${rows.size} embeddings of ${rows.firstOrNull()?.size ?: 0} floats ($layer, ${set.name()} $split split, " +
            "checkpoint step ${run.checkpoint.step()}) to $written")
        return 0
    }
}
