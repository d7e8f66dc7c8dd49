package org.kontrast.dsl.recipe

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.kontrast.dsl.run.Components

/** Every published schema version's example recipes, frozen as they shipped, still load and validate. */
class FrozenRecipesTest {
    @Test
    fun `frozen v1 recipes load, migrate and validate`() {
        val dir = Path.of(javaClass.getResource("/recipes/v1")!!.toURI())
        val files = Files.list(dir).use { s -> s.filter { it.toString().endsWith(".json") }.sorted().toList() }
        assertTrue(files.size >= 2, "frozen files: $files")
        for (f in files) {
            val r = RecipeJson.load(f)
            Components.validateAll(r)
            assertEquals(RecipeJson.SCHEMA_VERSION, r.schemaVersion, f.toString())
        }
    }
}
