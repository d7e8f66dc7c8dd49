package org.kontrast.dsl.recipe

import java.nio.file.Files
import java.nio.file.Path
import kotlin.random.Random
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.kontrast.dsl.run.Components

/**
 * Mutates valid recipes thousands of times (seeded): dropped and duplicated keys,
 * wrong types, out-of-range and huge numbers, unknown types, deep nesting, broken
 * text and non-UTF-8 bytes. Every outcome must be a valid recipe or a clean
 * [RecipeException] whose message names a path or the file; never anything else.
 * Run more with -Dkontrast.fuzz.count=100000.
 */
class RecipeFuzzTest {
    private val count = System.getProperty("kontrast.fuzz.count")?.toInt() ?: 3000
    private val seeds = listOf(
        RecipeJson.toJson(Recipe(name = "defaults")),
        RecipeJson.toJson(Recipe(name = "rich", views = ViewsSpec(listOf(AugmentationSpec.RandomResizedCrop(),
            AugmentationSpec.GaussianBlur(), AugmentationSpec.ColorJitter())), encoder = EncoderSpec.ResNet18(),
            optimizer = OptimizerSpec.Lars(), schedule = ScheduleSpec.Constant, data = DataSpec(trainLimit = 100))),
        RecipeJson.toJson(Recipe(name = "folder", data = DataSpec(dataset = "imageFolder", path = "."))),
    )
    private val weird: List<JsonElement> = listOf(JsonNull, JsonPrimitive(-1), JsonPrimitive(0), JsonPrimitive(1e308),
        JsonPrimitive("1e999"), JsonPrimitive(Long.MAX_VALUE), JsonPrimitive(-2.5), JsonPrimitive(true), JsonPrimitive("x"),
        JsonPrimitive("resnet19"), JsonArray(listOf(JsonPrimitive(1))), JsonObject(emptyMap()), JsonPrimitive(0.5),
        JsonPrimitive(Double.MIN_VALUE), JsonPrimitive(""), JsonPrimitive(2147483648L), JsonPrimitive("/"),
        JsonPrimitive("imageFolder"), JsonPrimitive("a\u0000b"), JsonPrimitive("../../../etc"))

    @Test
    fun `mutated recipes give only clean, path-naming errors`(@TempDir dir: Path) {
        val random = Random(20261122)
        var valid = 0
        var rejected = 0
        repeat(count) { i ->
            val base = RecipeJson.json.parseToJsonElement(seeds[i % seeds.size])
            val text = when (random.nextInt(10)) {
                in 0..5 -> RecipeJson.json.encodeToString(JsonElement.serializer(), mutateTree(base, random, 1 + random.nextInt(3)))
                6 -> textMutation(seeds[i % seeds.size], random)
                7 -> duplicateKey(seeds[i % seeds.size], random)
                8 -> deepNesting(random)
                else -> null
            }
            val outcome = runCatching {
                val r = if (text != null) {
                    RecipeJson.parse(text, "fuzz.json")
                } else {
                    val bytes = seeds[i % seeds.size].toByteArray().also { b -> repeat(3) { b[random.nextInt(b.size)] = random.nextInt(256).toByte() } }
                    RecipeJson.load(Files.write(dir.resolve("f$i.json"), bytes))
                }
                Components.validateAll(r)
            }
            val e = outcome.exceptionOrNull()
            when {
                e == null -> valid++
                e is RecipeException -> {
                    rejected++
                    assertTrue(!e.message.isNullOrBlank() && e.message!!.length < 2000, "message of case $i: ${e.message}")
                }
                else -> fail("case $i raised ${e.javaClass.name}: ${e.message}\ninput: ${text?.take(3000)}", e)
            }
        }
        println("recipe fuzz: $count mutated recipes, $valid valid, $rejected refused with a clean error")
        assertTrue(valid > 0 && rejected > count / 4, "valid $valid, rejected $rejected")
    }

    private fun mutateTree(e: JsonElement, random: Random, times: Int): JsonElement {
        var t = e
        repeat(times) { t = mutateOnce(t, random) }
        return t
    }

    /** Replaces, drops or adds at one random place of the tree. */
    private fun mutateOnce(e: JsonElement, random: Random): JsonElement = when (e) {
        is JsonObject -> if (e.isEmpty() || random.nextInt(4) == 0) {
            when (random.nextInt(3)) {
                0 -> JsonObject(e + ("unknownKey${random.nextInt(3)}" to weird.random(random)))
                1 -> if (e.isEmpty()) e else JsonObject(e - e.keys.random(random))
                else -> weird.random(random)
            }
        } else {
            val k = e.keys.random(random)
            JsonObject(e + (k to mutateOnce(e.getValue(k), random)))
        }
        is JsonArray -> if (e.isEmpty() || random.nextInt(3) == 0) {
            JsonArray(e + weird.random(random))
        } else {
            val i = random.nextInt(e.size)
            JsonArray(e.mapIndexed { j, v -> if (j == i) mutateOnce(v, random) else v })
        }
        else -> weird.random(random)
    }

    private fun textMutation(s: String, random: Random): String {
        val i = random.nextInt(s.length)
        return when (random.nextInt(3)) {
            0 -> s.substring(0, i)
            1 -> s.substring(0, i) + "\"}{],:" [random.nextInt(6)] + s.substring(i)
            else -> s.removeRange(i, minOf(s.length, i + 1 + random.nextInt(20)))
        }
    }

    private fun duplicateKey(s: String, random: Random): String {
        val keys = Regex("\"(\\w+)\": ").findAll(s).toList()
        val m = keys.random(random)
        return s.replaceFirst(m.value, m.value + "1, \"${m.groupValues[1]}\": ")
    }

    private fun deepNesting(random: Random): String {
        val depth = 100 + random.nextInt(5000)
        return """{"schemaVersion": 1, "name": "deep", "views": ${"[".repeat(depth)}${"]".repeat(depth)}}"""
    }
}
