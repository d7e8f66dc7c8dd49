package org.kontrast.dsl.recipe

import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.intOrNull
import org.kontrast.export.Sha256

/** Reading, writing, hashing and overriding recipes as versioned JSON. */
object RecipeJson {
    /** The recipe format this code writes; older ones are migrated, newer ones refused. */
    const val SCHEMA_VERSION = 1

    val json: Json = Json {
        encodeDefaults = true
        classDiscriminator = "type"
        ignoreUnknownKeys = false
        prettyPrint = true
        prettyPrintIndent = "  "
    }

    private val compact = Json {
        encodeDefaults = true
        classDiscriminator = "type"
    }

    fun toJson(recipe: Recipe): String = json.encodeToString(Recipe.serializer(), recipe)

    /** Reads a recipe file; every failure is a [RecipeException] naming the file. */
    fun load(file: Path, overrides: List<String> = emptyList(), lenient: Boolean = false): Recipe {
        val bytes = try {
            Files.readAllBytes(file)
        } catch (e: NoSuchFileException) {
            throw RecipeException("$file: recipe file not found")
        } catch (e: java.io.IOException) {
            throw RecipeException("$file: cannot read recipe (${e.message})")
        }
        val text = try {
            Charsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString()
        } catch (e: CharacterCodingException) {
            throw RecipeException("$file: recipe is not valid UTF-8 text")
        }
        return parse(text, file.toString(), overrides, lenient)
    }

    /**
     * Parses recipe JSON; [source] names it in errors, which also name the JSON path.
     * Older schema versions are migrated first; unknown keys are errors unless [lenient].
     */
    fun parse(text: String, source: String = "recipe", overrides: List<String> = emptyList(), lenient: Boolean = false): Recipe {
        checkDepth(text, source)
        val tree = try {
            json.parseToJsonElement(text)
        } catch (e: SerializationException) {
            throw RecipeException("$source: not valid JSON (${firstLine(e)})")
        }
        if (tree !is JsonObject) throw RecipeException("$source: a recipe is a JSON object, found ${kind(tree)}")
        var patched: JsonElement = Migrations.migrate(tree, checkVersion(tree, source))
        for (o in overrides) patched = override(patched, o, source)
        return decode(patched, source, lenient)
    }

    /** Decodes a tree of the current schema version, checking it path by path first. */
    fun decode(tree: JsonElement, source: String, lenient: Boolean = false): Recipe = try {
        val checked = SchemaCheck.check(tree, Recipe.serializer().descriptor, "", lenient)
        json.decodeFromJsonElement(Recipe.serializer(), checked)
    } catch (e: RecipeException) {
        throw RecipeException("$source: ${e.message}")
    } catch (e: SerializationException) {
        throw RecipeException("$source: ${firstLine(e)}")
    } catch (e: IllegalArgumentException) {
        throw RecipeException("$source: ${firstLine(e)}")
    }

    /** Recipes nest a few levels; far deeper input is refused before any recursive code sees it. */
    const val MAX_DEPTH = 64

    private fun checkDepth(text: String, source: String) {
        var depth = 0
        var inString = false
        var i = 0
        while (i < text.length) {
            val c = text[i]
            if (inString) {
                if (c == '\\') i++ else if (c == '"') inString = false
            } else when (c) {
                '"' -> inString = true
                '{', '[' -> if (++depth > MAX_DEPTH) {
                    throw RecipeException("$source: nested deeper than $MAX_DEPTH levels at character offset $i")
                }
                '}', ']' -> depth--
            }
            i++
        }
    }

    /** The tree's schema version, if this code can read it. */
    private fun checkVersion(tree: JsonObject, source: String): Int {
        val v = tree["schemaVersion"] ?: throw RecipeException("$source: schemaVersion is missing (this Kontrast writes $SCHEMA_VERSION)")
        val n = (v as? JsonPrimitive)?.intOrNull
            ?: throw RecipeException("$source: schemaVersion must be a whole number, found $v")
        if (n > SCHEMA_VERSION) {
            throw RecipeException("$source: schemaVersion $n is newer than this Kontrast understands ($SCHEMA_VERSION); upgrade Kontrast")
        }
        if (n < 1) throw RecipeException("$source: schemaVersion must be >= 1, found $n")
        return n
    }

    /** Sorted keys, no whitespace: the form that is hashed. */
    fun canonical(recipe: Recipe): String = compact.encodeToString(JsonElement.serializer(), sorted(json.encodeToJsonElement(Recipe.serializer(), recipe)))

    fun canonicalTree(recipe: Recipe): JsonElement = sorted(json.encodeToJsonElement(Recipe.serializer(), recipe))

    fun sha256(recipe: Recipe): String = Sha256.of(canonical(recipe).toByteArray(Charsets.UTF_8))

    private fun sorted(e: JsonElement): JsonElement = when (e) {
        is JsonObject -> JsonObject(e.entries.sortedBy { it.key }.associate { it.key to sorted(it.value) })
        is JsonArray -> JsonArray(e.map { sorted(it) })
        else -> e
    }

    /**
     * Applies `path=value`: a dotted path with optional [index] steps, e.g.
     * `train.epochs=3` or `views.augmentations[0].scale.min=0.2`. The value is read
     * as JSON when it parses (numbers, booleans, objects), else as a string.
     */
    fun override(tree: JsonElement, assignment: String, source: String): JsonElement {
        val eq = assignment.indexOf('=')
        if (eq <= 0) throw RecipeException("--set $assignment: expected path=value, e.g. train.epochs=3")
        val path = assignment.substring(0, eq).trim()
        val raw = assignment.substring(eq + 1)
        val value = literal(raw)
        val steps = parsePath(path, assignment)
        return set(tree, steps, 0, value, path, source)
    }

    /** JSON when [raw] is a number, boolean, null, quoted string, object or list; else the text itself. */
    private fun literal(raw: String): JsonElement {
        val parsed = try {
            json.parseToJsonElement(raw)
        } catch (e: SerializationException) {
            return JsonPrimitive(raw)
        }
        // The parser is lenient: an unquoted word comes back as a bare literal.
        val bare = parsed is JsonPrimitive && !parsed.isString && parsed !is JsonNull &&
            parsed.content !in setOf("true", "false") && parsed.content.toDoubleOrNull() == null
        return if (bare) JsonPrimitive(raw) else parsed
    }

    private fun parsePath(path: String, assignment: String): List<Any> {
        val steps = mutableListOf<Any>()
        for (part in path.split('.')) {
            val m = Regex("""^([A-Za-z_][A-Za-z0-9_]*)((\[\d+])*)$""").matchEntire(part)
                ?: throw RecipeException("--set $assignment: '$part' is not a field name or field[index]")
            steps += m.groupValues[1]
            Regex("""\[(\d+)]""").findAll(m.groupValues[2]).forEach { steps += it.groupValues[1].toInt() }
        }
        return steps
    }

    private fun set(node: JsonElement, steps: List<Any>, i: Int, value: JsonElement, path: String, source: String): JsonElement {
        if (i == steps.size) return value
        val here = pathText(steps.subList(0, i))
        return when (val step = steps[i]) {
            is String -> {
                val obj = node as? JsonObject ?: throw RecipeException("$source: --set $path: ${here.ifEmpty { "the recipe" }} is not an object")
                val child = obj[step] ?: if (i == steps.size - 1) JsonNull
                else throw RecipeException("$source: --set $path: no field '$step' in ${here.ifEmpty { "the recipe" }} (fields: ${obj.keys.joinToString()})")
                JsonObject(obj + (step to set(child, steps, i + 1, value, path, source)))
            }
            else -> {
                val idx = step as Int
                val arr = node as? JsonArray ?: throw RecipeException("$source: --set $path: $here is not a list")
                if (idx >= arr.size) throw RecipeException("$source: --set $path: index $idx is out of range (size ${arr.size})")
                JsonArray(arr.mapIndexed { j, e -> if (j == idx) set(e, steps, i + 1, value, path, source) else e })
            }
        }
    }

    private fun pathText(steps: List<Any>): String =
        steps.mapIndexed { j, s -> if (s is Int) "[$s]" else if (j == 0) "$s" else ".$s" }.joinToString("")

    private fun kind(e: JsonElement) = when (e) {
        is JsonArray -> "a list"
        is JsonPrimitive -> if (e.isString) "a string" else "a value"
        else -> "null"
    }

    private fun firstLine(e: Throwable): String = (e.message ?: e.javaClass.simpleName).lineSequence().first()
        .replace("Use 'ignoreUnknownKeys = true' in 'Json {}' builder to ignore unknown keys.", "").trim()
}
