package org.kontrast.dsl.run

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.kontrast.augment.ImageShape
import org.kontrast.dsl.recipe.AugmentationSpec
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.Interval
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.TrainSpec
import org.kontrast.dsl.recipe.ViewsSpec

class ComponentsTest {
    private val shape = ImageShape(28, 28, 1)

    @Test
    fun `bad augmentation parameters name their recipe path`() {
        val r = Recipe(name = "x", views = ViewsSpec(listOf(AugmentationSpec.HorizontalFlip(),
            AugmentationSpec.RandomResizedCrop(scale = Interval(1.2, 1.0)))))
        assertEquals("views.augmentations[1]: randomResizedCrop.scale must satisfy 0 < min <= max <= 1, got [1.2, 1.0]",
            assertThrows<RecipeException> { Components.method(r, shape, 100) }.message)
    }

    @Test
    fun `unknown method and bad numbers are named`() {
        assertEquals("method: unknown \"simclrr\" (known: simclr, mocov2, nnclr, dcclr, barlowtwins, hsictwins, twist, dino, byol, simsiam, vicreg, instdisc, pirl, dim, cmc, cpc, cpcv2)",
            assertThrows<RecipeException> { Components.method(Recipe(name = "x", method = "simclrr"), shape, 100) }.message)
        assertEquals("train: batchSize must be >= 2 (a contrastive batch needs negatives), got 1",
            assertThrows<RecipeException> { Components.validate(Recipe(name = "x", train = TrainSpec(batchSize = 1))) }.message)
        assertEquals("encoder: padding must be \"same\" or \"valid\", got \"full\"",
            assertThrows<RecipeException> { Components.validate(Recipe(name = "x", encoder = EncoderSpec.ConvNet(padding = "full"))) }.message)
        assertEquals("name: must be letters, digits, '.', '_' or '-', got \"a/b\"",
            assertThrows<RecipeException> { Components.validate(Recipe(name = "a/b")) }.message)
    }
}
