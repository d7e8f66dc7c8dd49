package org.kontrast.dsl.run

import java.nio.file.Path
import org.kontrast.export.AtomicFile
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import org.kontrast.dsl.recipe.RecipeJson

/** Small JSON helpers for run files: nested objects from dotted keys, atomic writes. */
object JsonFiles {
    /** {"a.b": 1, "a.c": 2} -> {"a": {"b": 1, "c": 2}}. */
    fun nest(flat: Map<String, Any?>): JsonObject {
        val root = linkedMapOf<String, Any>()
        for ((key, value) in flat) {
            val parts = key.split('.')
            var node = root
            for (p in parts.dropLast(1)) {
                @Suppress("UNCHECKED_CAST")
                node = node.getOrPut(p) { linkedMapOf<String, Any>() } as LinkedHashMap<String, Any>
            }
            node[parts.last()] = toJson(value)
        }
        return toJsonObject(root)
    }

    @Suppress("UNCHECKED_CAST")
    private fun toJsonObject(m: Map<String, Any>): JsonObject = JsonObject(m.mapValues { (_, v) ->
        if (v is Map<*, *>) toJsonObject(v as Map<String, Any>) else v as JsonElement
    })

    fun toJson(v: Any?): JsonElement = when (v) {
        null -> JsonNull
        is JsonElement -> v
        is Double -> if (v.isFinite()) JsonPrimitive(v) else JsonPrimitive(v.toString())
        is Float -> toJson(v.toDouble())
        is Number -> JsonPrimitive(v)
        is Boolean -> JsonPrimitive(v)
        is Map<*, *> -> JsonObject(v.entries.associate { it.key.toString() to toJson(it.value) })
        is Iterable<*> -> kotlinx.serialization.json.JsonArray(v.map { toJson(it) })
        else -> JsonPrimitive(v.toString())
    }

    /** Writes beside the target, then renames over it: readers never see half a file. */
    fun writeAtomically(file: Path, text: String) = AtomicFile.write(file, text.toByteArray(Charsets.UTF_8))

    fun pretty(e: JsonElement): String = RecipeJson.json.encodeToString(JsonElement.serializer(), e) + "\n"
}
