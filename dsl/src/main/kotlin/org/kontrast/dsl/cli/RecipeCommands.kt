package org.kontrast.dsl.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Callable
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import org.kontrast.datasets.Catalog
import org.kontrast.dsl.recipe.DataSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.run.Components
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters

@Command(name = "validate", mixinStandardHelpOptions = true, description = ["Check recipes without running them; one line per recipe."])
class Validate : Callable<Int> {
    @Parameters(arity = "1..*", paramLabel = "RECIPE")
    lateinit var recipes: List<Path>

    @Option(names = ["--lenient"], description = ["Ignore unknown keys instead of refusing them"])
    var lenient = false

    override fun call(): Int {
        var bad = 0
        for (f in recipes) {
            try {
                val r = RecipeJson.load(f, lenient = lenient)
                Components.validateAll(r)
                println("ok      $f  (${r.name}, sha256 ${RecipeJson.sha256(r).take(12)})")
            } catch (e: RecipeException) {
                bad++
                println("invalid ${e.message?.let { if (it.startsWith("$f")) it else "$f: $it" }}")
            }
        }
        return if (bad == 0) 0 else 1
    }
}

@Command(name = "show", mixinStandardHelpOptions = true, description = ["Print a recipe's canonical JSON (every default spelled out) and its sha256."])
class Show : Callable<Int> {
    @Parameters(index = "0", paramLabel = "RECIPE")
    lateinit var recipe: Path

    override fun call(): Int {
        val r = RecipeJson.load(recipe)
        println(RecipeJson.toJson(r))
        println("sha256 ${RecipeJson.sha256(r)}")
        return 0
    }
}

@Command(name = "new", mixinStandardHelpOptions = true, description = ["Write a recipe for METHOD with every default spelled out."])
class New : Callable<Int> {
    @Parameters(index = "0", paramLabel = "METHOD", description = ["One of: \${COMPLETION-CANDIDATES}"], completionCandidates = Methods::class)
    lateinit var method: String

    @Option(names = ["--name"], description = ["Recipe name (default: the method's)"])
    var name: String? = null

    @Option(names = ["--out", "-o"], paramLabel = "FILE", description = ["Write here instead of standard output; never overwrites"])
    var out: Path? = null

    class Methods : Iterable<String> {
        override fun iterator() = Components.methods.sorted().iterator()
    }

    override fun call(): Int {
        // CPC's 16-pixel patches at stride 8 tile a 64-pixel image, not a 28-pixel one: its recipes start on Colored-MNIST.
        val data = if (method in Components.patchMethods) DataSpec(Catalog.COLORED_MNIST) else DataSpec()
        val r = Recipe(name = name ?: method, method = method, data = data)
        Components.validateAll(r)
        val text = RecipeJson.toJson(r) + "\n"
        val target = out
        if (target == null) {
            print(text)
        } else {
            if (Files.exists(target)) throw RecipeException("$target: exists already; choose another --out")
            Files.writeString(target, text)
            println("Wrote $target")
        }
        return 0
    }
}

@Command(name = "diff", mixinStandardHelpOptions = true, description = ["The settings that differ between two recipes, by path (defaults included)."])
class Diff : Callable<Int> {
    @Parameters(index = "0", paramLabel = "A")
    lateinit var a: Path

    @Parameters(index = "1", paramLabel = "B")
    lateinit var b: Path

    override fun call(): Int {
        val left = flatten(RecipeJson.canonicalTree(RecipeJson.load(a)))
        val right = flatten(RecipeJson.canonicalTree(RecipeJson.load(b)))
        val lines = differences(left, right)
        if (lines.isEmpty()) println("same settings") else lines.forEach(::println)
        return 0
    }

    companion object {
        /** Leaves of a JSON tree by path: `views.augmentations[0].scale.min` to its value. */
        fun flatten(e: JsonElement, path: String = "", out: MutableMap<String, String> = sortedMapOf()): Map<String, String> {
            when (e) {
                is JsonObject -> e.forEach { (k, v) -> flatten(v, if (path.isEmpty()) k else "$path.$k", out) }
                is JsonArray -> e.forEachIndexed { i, v -> flatten(v, "$path[$i]", out) }
                else -> out[path] = e.toString()
            }
            return out
        }

        fun differences(left: Map<String, String>, right: Map<String, String>): List<String> =
            (left.keys + right.keys).toSortedSet().mapNotNull { k ->
                val l = left[k]
                val r = right[k]
                if (l == r) null else "$k: ${l ?: "(absent)"} -> ${r ?: "(absent)"}"
            }
    }
}
