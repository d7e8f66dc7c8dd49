package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.util.Properties
import java.util.concurrent.TimeUnit
import kotlinx.serialization.json.JsonObject
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.export.Sha256
import org.kontrast.runtime.TfRuntime

/** What run.json records so that a run can be repeated: recipe, hash, seed, versions, data, threads, commit. */
object Provenance {
    val kontrastVersion: String by lazy {
        val p = Properties()
        Provenance::class.java.getResourceAsStream("/kontrast-version.properties")?.use { p.load(it) }
        p.getProperty("version", "unknown")
    }

    /** @param data the run's data as [dataDigest] gives it, computed once per run */
    fun runJson(recipe: Recipe, data: Map<String, String>, threads: Int, status: String, started: Instant,
                extra: Map<String, Any?> = emptyMap()): JsonObject = JsonFiles.nest(linkedMapOf<String, Any?>(
        "status" to status,
        "started" to started.toString(),
        "recipe_sha256" to RecipeJson.sha256(recipe),
        "seed" to recipe.train.seed,
        "versions.kontrast" to kontrastVersion,
        "versions.java" to System.getProperty("java.version"),
        "versions.tensorflow" to TfRuntime.tensorFlowVersion(),
        "runtime.threads" to threads,
        "runtime.onednn" to TfRuntime.oneDnnEnabled(),
        "runtime.cores" to Runtime.getRuntime().availableProcessors(),
        "git_commit" to gitCommit(),
        "data" to data,
    ) + extra + ("recipe" to RecipeJson.canonicalTree(recipe)))

    /** Files this many or fewer are recorded one by one; a larger set (an image folder) as one digest. */
    private const val FILES_LISTED = 16

    /**
     * The data a run reads, as file -> sha256; a set of more than [FILES_LISTED] files
     * as its common folder -> the sha256 of every file's relative path and sha256.
     */
    fun dataDigest(files: List<Path>): Map<String, String> {
        if (files.size <= FILES_LISTED) return files.associate { it.toString() to Sha256.of(it) }
        val root = files.map { it.toAbsolutePath().parent }.reduce { a, b ->
            var p: Path? = a
            while (p != null && !b.startsWith(p)) p = p.parent
            p ?: a.root
        }
        val listing = files.sortedBy { it.toAbsolutePath().toString() }
            .joinToString("") { "${root.relativize(it.toAbsolutePath())} ${Sha256.of(it)}\n" }
        return mapOf("$root (${files.size} files)" to Sha256.of(listing.toByteArray(Charsets.UTF_8)))
    }

    private fun gitCommit(): String? = try {
        val p = ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start()
        val out = p.inputStream.bufferedReader().readText().trim()
        if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) out else null
    } catch (e: Exception) {
        null
    }
}
