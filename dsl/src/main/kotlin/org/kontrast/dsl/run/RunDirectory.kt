package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.kontrast.augment.ImageShape
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.export.TrainedEncoder
import org.kontrast.train.CheckpointState
import org.kontrast.train.CheckpointStore
import org.kontrast.view.TwoViews

/** A finished (or stopped) run read back: its recorded recipe and its newest complete checkpoint. */
class RunDirectory(val dir: Path) {
    val recipe: Recipe
    val recipeSha256: String?
    val checkpoint: CheckpointState

    init {
        val runJson = dir.resolve("run.json")
        if (!Files.isRegularFile(runJson)) throw RecipeException("$dir: not a run directory (no run.json)")
        val tree = try {
            RecipeJson.json.parseToJsonElement(Files.readString(runJson)).jsonObject
        } catch (e: IllegalArgumentException) {
            throw RecipeException("$runJson: not valid JSON (${e.message?.lineSequence()?.first()})")
        }
        recipe = RecipeJson.decode(tree["recipe"] ?: throw RecipeException("$runJson: no recipe recorded"), "$runJson (recipe)")
        recipeSha256 = tree["recipe_sha256"]?.jsonPrimitive?.content
        checkpoint = CheckpointStore(dir.resolve("checkpoints"), 1, recipeSha256).latest()
            .orElseThrow { RecipeException("$dir: no complete checkpoint with intact files under checkpoints/") }
    }

    /** The trained encoder's [layer] ("representation" or "output") for every image of [set], in order. */
    fun embeddings(set: org.kontrast.data.ImageDataset, layer: String = TrainedEncoder.REPRESENTATION): Array<FloatArray> {
        val per = set.bytesPerImage()
        val rows = ArrayList<FloatArray>(set.size())
        encoder(set.shape()).use { encoder ->
            for (from in 0 until set.size() step EMBED_CHUNK) {
                val n = minOf(EMBED_CHUNK, set.size() - from)
                val x = FloatArray(n * per) { set.pixel(from.toLong() * per + it) / 255f }
                rows += encoder.embed(x, n, layer)
            }
        }
        return rows.toTypedArray()
    }

    /** The trained encoder for images of the dataset's [input] shape. */
    fun encoder(input: ImageShape, threads: Int = Components.threads(recipe)): TrainedEncoder {
        val encoderInput = TwoViews(Components.pipeline(recipe, input)).outputShape(input)
        return TrainedEncoder.fromCheckpoint(Components.encoder(recipe.encoder), input, encoderInput, checkpoint.prefix(), threads)
    }

    private companion object {
        /** Images per session run when embedding: bounds memory, keeps the run count low. */
        const val EMBED_CHUNK = 1000
    }
}
