package org.kontrast.dsl.recipe

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Steps that turn a recipe tree of schema version N into version N + 1, applied
 * in order on load. Version 1 is the first published format, so there are no
 * steps yet; a change of format adds one here and bumps [RecipeJson.SCHEMA_VERSION].
 */
internal object Migrations {
    /** steps[i] migrates version i + 1 to i + 2. */
    private val steps: List<(JsonObject) -> JsonObject> = emptyList()

    init {
        check(steps.size == RecipeJson.SCHEMA_VERSION - 1) { "one migration step per schema version" }
    }

    fun migrate(tree: JsonObject, from: Int): JsonObject {
        var t = tree
        for (v in from until RecipeJson.SCHEMA_VERSION) {
            t = steps[v - 1](t)
            t = JsonObject(t + ("schemaVersion" to JsonPrimitive(v + 1)))
        }
        return t
    }
}
