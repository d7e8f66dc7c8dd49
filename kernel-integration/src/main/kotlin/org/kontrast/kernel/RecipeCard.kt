package org.kontrast.kernel

import kotlinx.serialization.json.JsonObject
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeJson

/** A recipe at a glance: method, encoder, loss, views, optimiser, training, data, hash. */
object RecipeCard {
    fun html(r: Recipe): String {
        fun type(v: Any) = v.javaClass.simpleName.replaceFirstChar { it.lowercase() }
        val views = r.views.augmentations.joinToString(" → ") { type(it) }
        // Components as their recipe JSON, defaults spelled out: what a reader would find in the file.
        val tree = RecipeJson.canonicalTree(r) as JsonObject
        val rows = listOf(
            "method" to r.method,
            "encoder" to tree["encoder"].toString(),
            "head" to "${r.head.hidden} → ${r.head.out}",
            "loss" to tree["loss"].toString(),
            "views" to "two views: $views",
            "optimizer" to tree["optimizer"].toString(),
            "train" to "${r.train.epochs} epochs, batch ${r.train.batchSize}, seed ${r.train.seed}",
            "data" to (r.data.dataset + (r.data.path?.let { " ($it)" } ?: "") + (r.data.trainLimit?.let { ", first $it train images" } ?: "")),
            "sha256" to RecipeJson.sha256(r).take(12),
        )
        return "<div style=\"border:1px solid #ccc;border-radius:6px;padding:8px 12px;display:inline-block\">" +
            "<div style=\"font-weight:bold;margin-bottom:4px\">Recipe ${Html.escape(r.name)}</div>${Html.table(rows)}</div>"
    }
}
