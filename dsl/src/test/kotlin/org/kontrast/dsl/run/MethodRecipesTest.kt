package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.kontrast.augment.ImageShape
import org.kontrast.dsl.builder.experiment
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.recipe.toJson

/** Every registered method is reachable from JSON, the DSL and the recipes folder, with its own loss. */
class MethodRecipesTest {
    private val shape = ImageShape(28, 28, 1)

    /** CPC's default 16-pixel patches at stride 8 tile Colored-MNIST's 64-pixel images; CMC's L and ab need colour. */
    private val colourMethods = Components.patchMethods + org.kontrast.method.Cmc.NAME + org.kontrast.method.InstDisc.NAME + org.kontrast.method.Pirl.NAME

    private fun shapeFor(method: String) = if (method in colourMethods) ImageShape(64, 64, 3) else shape

    @Test
    fun `a recipe that names only the method gets that method's loss, and round-trips`() {
        for (m in Components.methods) {
            val r = Recipe.fromJson("""{"schemaVersion": 1, "name": "x", "method": "$m"}""")
            assertTrue(m in r.loss.methods, "default loss of $m")
            assertEquals(m, Components.method(r, shapeFor(m), 100).name())
            assertEquals(r, Recipe.fromJson(r.toJson()))
        }
    }

    @Test
    fun `a loss of another method is refused with both names`() {
        val r = Recipe(name = "x", method = "byol", loss = LossSpec.NtXent())
        assertEquals("loss: method \"byol\" takes a loss of type \"byol\", got \"ntXent\" (which belongs to \"simclr\"); " +
            "omit the loss to use the method's default", assertThrows<RecipeException> { Components.method(r, shape, 100) }.message)
    }

    @Test
    fun `bad method settings name their recipe path`() {
        val queue = Recipe(name = "x", method = "mocov2", loss = LossSpec.Moco(queueSize = 0))
        assertEquals("loss: queueSize must be >= 1, got 0", assertThrows<RecipeException> { Components.method(queue, shape, 100) }.message)
        val momentum = Recipe(name = "x", method = "byol", loss = LossSpec.Byol(momentum = 1.5))
        assertEquals("loss: momentum must be in [0, 1], got 1.5", assertThrows<RecipeException> { Components.method(momentum, shape, 100) }.message)
    }

    @Test
    fun `the DSL switches the loss with the method and keeps a loss that belongs to it`() {
        val byol = experiment("b") { method = "byol" }
        assertEquals(LossSpec.Byol(), byol.loss)
        val tuned = experiment("m") {
            loss { moco(queueSize = 4096) }
            method = "mocov2"
        }
        assertEquals(LossSpec.Moco(queueSize = 4096), tuned.loss)
    }

    @Test
    fun `every method has a Fashion-MNIST recipe (CPC, CMC, InstDisc and PIRL a Colored-MNIST one) that validates`() {
        // Surefire runs in the module directory; the recipes folder is at the repository root.
        val dir = Path.of("..", "recipes")
        for (m in Components.methods) {
            val file = dir.resolve(if (m in colourMethods) "$m-colored-mnist.json" else "$m-fashion-mnist.json")
            assertTrue(Files.isRegularFile(file), "missing $file")
            val r = RecipeJson.load(file)
            assertEquals(m, r.method, "$file")
            Components.validateAll(r)
        }
    }
}
