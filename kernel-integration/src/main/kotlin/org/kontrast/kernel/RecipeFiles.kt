package org.kontrast.kernel

import java.nio.file.Path
import org.kontrast.dsl.cli.Diff
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.run.JsonFiles

/** Reads a recipe file, as `kontrast run` does (migrated, checked; errors name the field). */
fun loadRecipe(path: String): Recipe = RecipeJson.load(Path.of(path))

/** Writes the recipe, every default spelled out, to [path] (whole or not at all); returns the path. */
fun Recipe.save(path: String): Path = Path.of(path).also { JsonFiles.writeAtomically(it, RecipeJson.toJson(this) + "\n") }

/** The settings in which two recipes differ, field by field, as `kontrast diff` prints them. */
class RecipeDiff(val left: Recipe, val right: Recipe) {
    val changes: List<String> = Diff.differences(Diff.flatten(RecipeJson.canonicalTree(left)), Diff.flatten(RecipeJson.canonicalTree(right)))

    fun html(): String = if (changes.isEmpty()) "<i>same settings</i>" else
        "<div><b>${Html.escape(left.name)} → ${Html.escape(right.name)}</b><table>" + changes.joinToString("") { line ->
            val (field, change) = line.split(": ", limit = 2)
            "<tr><td style=\"padding-right:12px;font-family:monospace\">${Html.escape(field)}</td><td>${Html.escape(change)}</td></tr>"
        } + "</table></div>"

    override fun toString() = changes.joinToString("\n").ifEmpty { "same settings" }
}

fun Recipe.diff(other: Recipe) = RecipeDiff(this, other)
