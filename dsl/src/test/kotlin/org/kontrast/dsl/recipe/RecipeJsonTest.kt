package org.kontrast.dsl.recipe

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

class RecipeJsonTest {
    private val full = Recipe(
        name = "every-component",
        views = ViewsSpec(listOf(
            AugmentationSpec.RandomResizedCrop(size = 24, scale = Interval(0.2, 1.0)),
            AugmentationSpec.HorizontalFlip(0.3),
            AugmentationSpec.ColorJitter(0.1, 0.2, 0.3, 0.05, 0.7),
            AugmentationSpec.RandomGrayscale(0.25),
            AugmentationSpec.GaussianBlur(Interval(0.5, 1.5), 0.2, 0.4),
        )),
        encoder = EncoderSpec.ResNet18(groups = 2),
        loss = LossSpec.NtXent(0.3),
        optimizer = OptimizerSpec.Lars(lr = 0.5),
        schedule = ScheduleSpec.Constant,
    )

    @Test
    fun `every component round-trips through JSON`() {
        for (r in listOf(Recipe(name = "defaults"), full,
            full.copy(optimizer = OptimizerSpec.AdamW(), encoder = EncoderSpec.ConvNet(padding = "valid")),
            full.copy(optimizer = OptimizerSpec.Sgd(), schedule = ScheduleSpec.WarmupCosine(2.0)))) {
            assertEquals(r, RecipeJson.parse(RecipeJson.toJson(r)))
        }
    }

    @Test
    fun `shipped recipes load and round-trip`() {
        val dir = generateSequence(Path.of("").toAbsolutePath()) { it.parent }.map { it.resolve("recipes") }.first { Files.isDirectory(it) }
        val files = Files.list(dir).use { s -> s.filter { it.toString().endsWith(".json") }.toList() }
        assertTrue(files.size >= 2, "recipes found: $files")
        for (f in files) {
            val r = RecipeJson.load(f)
            assertEquals(r, RecipeJson.parse(RecipeJson.toJson(r)), f.toString())
        }
    }

    @Test
    fun `the hash covers meaning, not formatting`() {
        val a = RecipeJson.parse("""{"schemaVersion":1,"name":"x","train":{"epochs":3}}""")
        val b = RecipeJson.parse("""{ "train": { "epochs": 3.0 },
 "name": "x", "schemaVersion": 1 }""")
        assertEquals(RecipeJson.sha256(a), RecipeJson.sha256(b))
        assertNotEquals(RecipeJson.sha256(a), RecipeJson.sha256(a.copy(train = a.train.copy(epochs = 4))))
        assertEquals(64, RecipeJson.sha256(a).length)
    }

    @Test
    fun `lenient loading ignores unknown keys`() {
        val r = RecipeJson.parse("""{"schemaVersion":1,"name":"x","comment":"mine","train":{"epochs":2,"note":1}}""", lenient = true)
        assertEquals(2, r.train.epochs)
    }

    @Test
    fun `newer schema versions are refused naming both`() {
        val e = assertThrows<RecipeException> { RecipeJson.parse("""{"schemaVersion":7,"name":"x"}""", "r.json") }
        assertEquals("r.json: schemaVersion 7 is newer than this Kontrast understands (1); upgrade Kontrast", e.message)
        assertEquals("r.json: schemaVersion is missing (this Kontrast writes 1)",
            assertThrows<RecipeException> { RecipeJson.parse("""{"name":"x"}""", "r.json") }.message)
    }

    @Test
    fun `unknown keys, unknown types and bad JSON name the problem`() {
        val unknownKey = assertThrows<RecipeException> { RecipeJson.parse("""{"schemaVersion":1,"name":"x","trian":{}}""", "r.json") }
        assertTrue(unknownKey.message!!.startsWith("r.json: trian: unknown field (did you mean \"train\"?)"), unknownKey.message)
        val unknownType = assertThrows<RecipeException> {
            RecipeJson.parse("""{"schemaVersion":1,"name":"x","encoder":{"type":"resnet19"}}""", "r.json")
        }
        assertTrue(unknownType.message!!.contains("resnet19"), unknownType.message)
        val broken = assertThrows<RecipeException> { RecipeJson.parse("""{"schemaVersion":1,""", "r.json") }
        assertTrue(broken.message!!.startsWith("r.json: not valid JSON"), broken.message)
    }

    @Test
    fun `files that are missing or not UTF-8 are named`(@TempDir dir: Path) {
        val missing = dir.resolve("nope.json")
        assertEquals("$missing: recipe file not found", assertThrows<RecipeException> { RecipeJson.load(missing) }.message)
        val binary = Files.write(dir.resolve("bin.json"), byteArrayOf(0x7b, 0xff.toByte(), 0xfe.toByte(), 0x7d))
        assertEquals("$binary: recipe is not valid UTF-8 text", assertThrows<RecipeException> { RecipeJson.load(binary) }.message)
    }

    @Test
    fun `set overrides fields by path`() {
        val base = RecipeJson.toJson(full)
        val r = RecipeJson.parse(base, overrides = listOf("train.epochs=3", "views.augmentations[0].scale.min=0.5", "name=other"))
        assertEquals(3, r.train.epochs)
        assertEquals(0.5, (r.views.augmentations[0] as AugmentationSpec.RandomResizedCrop).scale.min)
        assertEquals("other", r.name)
        val e = assertThrows<RecipeException> { RecipeJson.parse(base, "r.json", listOf("train.epoch.x=3")) }
        assertTrue(e.message!!.contains("no field 'epoch' in train"), e.message)
        assertTrue(assertThrows<RecipeException> { RecipeJson.parse(base, "r.json", listOf("views.augmentations[9].p=1")) }
            .message!!.contains("index 9 is out of range"))
    }
}
