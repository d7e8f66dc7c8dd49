package org.kontrast.dsl.recipe

import kotlinx.serialization.descriptors.PolymorphicKind
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.StructureKind
import kotlinx.serialization.descriptors.elementDescriptors
import kotlinx.serialization.descriptors.elementNames
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull

/**
 * Walks a JSON tree against the recipe's serial descriptors before decoding, so
 * every error names its JSON path and the rule: unknown keys (with a did-you-mean),
 * unknown `type` names (with the known ones), wrong kinds of value, whole numbers
 * out of range. It returns the tree with whole numbers normalised (3.0 epochs
 * becomes 3), so recipes that mean the same decode, and hash, the same.
 */
internal object SchemaCheck {
    private const val TYPE = "type"

    fun check(tree: JsonElement, descriptor: SerialDescriptor, path: String, lenient: Boolean): JsonElement =
        when (descriptor.kind) {
            StructureKind.CLASS, StructureKind.OBJECT -> checkClass(tree, descriptor, path, lenient)
            is PolymorphicKind -> checkSealed(tree, descriptor, path, lenient)
            StructureKind.LIST -> {
                val arr = tree as? JsonArray ?: fail(path, "expected a list, found ${kind(tree)}")
                JsonArray(arr.mapIndexed { i, e -> check(e, descriptor.getElementDescriptor(0), "$path[$i]", lenient) })
            }
            is PrimitiveKind -> checkPrimitive(tree, descriptor, path)
            else -> tree
        }

    private fun checkClass(tree: JsonElement, d: SerialDescriptor, path: String, lenient: Boolean, skip: String? = null): JsonObject {
        val obj = tree as? JsonObject ?: fail(path, "expected an object, found ${kind(tree)}")
        val names = d.elementNames.toList()
        val out = LinkedHashMap<String, JsonElement>()
        for ((key, value) in obj) {
            if (key == skip) {
                out[key] = value
                continue
            }
            val i = d.getElementIndex(key)
            if (i < 0) {
                if (lenient) continue
                val hint = closest(key, names)?.let { " (did you mean \"$it\"?)" } ?: ""
                fail(join(path, key), "unknown field$hint; known: ${names.joinToString()}")
            }
            val child = d.getElementDescriptor(i)
            out[key] = if (value is JsonNull && child.isNullable) value else check(value, child, join(path, key), lenient)
        }
        for (i in names.indices) {
            if (!d.isElementOptional(i) && names[i] !in obj) fail(join(path, names[i]), "is required")
        }
        return JsonObject(out)
    }

    private fun checkSealed(tree: JsonElement, d: SerialDescriptor, path: String, lenient: Boolean): JsonObject {
        val obj = tree as? JsonObject ?: fail(path, "expected an object with a \"$TYPE\", found ${kind(tree)}")
        // A sealed descriptor holds (type, value); the value's elements are the subclasses by serial name.
        val subclasses = d.getElementDescriptor(1).elementDescriptors.associateBy { it.serialName }
        val type = (obj[TYPE] as? JsonPrimitive)?.takeIf { it.isString }?.content
            ?: fail(join(path, TYPE), "is required (known: ${subclasses.keys.joinToString()})")
        val sub = subclasses[type] ?: run {
            val hint = closest(type, subclasses.keys)?.let { " (did you mean \"$it\"?)" } ?: ""
            fail(join(path, TYPE), "unknown \"$type\"$hint; known: ${subclasses.keys.joinToString()}")
        }
        return checkClass(obj, sub, path, lenient, skip = TYPE)
    }

    private fun checkPrimitive(tree: JsonElement, d: SerialDescriptor, path: String): JsonElement {
        val p = tree as? JsonPrimitive
        if (p == null || p is JsonNull) fail(path, "expected ${expected(d.kind)}, found ${kind(tree)}")
        when (d.kind) {
            PrimitiveKind.STRING -> if (!p.isString) fail(path, "expected a string, found ${p.content}")
            PrimitiveKind.BOOLEAN -> if (p.isString || p.booleanOrNull == null) fail(path, "expected true or false, found ${show(p)}")
            PrimitiveKind.INT, PrimitiveKind.LONG -> {
                val v = if (p.isString) null else p.longOrNull
                    ?: p.doubleOrNull?.takeIf { !p.isString && it == Math.rint(it) && Math.abs(it) < 9.0e15 }?.toLong()
                if (v == null) fail(path, "expected a whole number, found ${show(p)}")
                if (d.kind == PrimitiveKind.INT && (v < Int.MIN_VALUE || v > Int.MAX_VALUE)) {
                    fail(path, "$v is out of range for a whole number (at most ${Int.MAX_VALUE})")
                }
                return JsonPrimitive(v)
            }
            PrimitiveKind.DOUBLE, PrimitiveKind.FLOAT -> {
                val v = if (p.isString) null else p.doubleOrNull
                if (v == null || !v.isFinite()) fail(path, "expected a finite number, found ${show(p)}")
            }
            else -> Unit
        }
        return p
    }

    private fun expected(k: Any) = when (k) {
        PrimitiveKind.STRING -> "a string"
        PrimitiveKind.BOOLEAN -> "true or false"
        PrimitiveKind.INT, PrimitiveKind.LONG -> "a whole number"
        else -> "a number"
    }

    private fun show(p: JsonPrimitive) = if (p.isString) "\"${p.content.take(40)}\"" else p.content.take(40)

    private fun kind(e: JsonElement) = when (e) {
        is JsonObject -> "an object"
        is JsonArray -> "a list"
        is JsonNull -> "null"
        is JsonPrimitive -> if (e.isString) "a string" else "the value ${e.content.take(40)}"
    }

    private fun join(path: String, key: String) = if (path.isEmpty()) key else "$path.$key"

    private fun fail(path: String, rule: String): Nothing = throw RecipeException("${path.ifEmpty { "(root)" }}: $rule")

    /** The known name nearest to [name] by edit distance, if it is close enough to be a typo. */
    fun closest(name: String, known: Collection<String>): String? =
        known.map { it to distance(name.lowercase(), it.lowercase()) }
            .filter { (k, d) -> d <= maxOf(1, minOf(k.length, name.length) / 3) }
            .minByOrNull { it.second }?.first

    /** Optimal string alignment distance: edits and swaps of neighbours cost 1 ("trian" is 1 from "train"). */
    private fun distance(a: String, b: String): Int {
        val d = Array(a.length + 1) { i -> IntArray(b.length + 1) { j -> if (i == 0) j else if (j == 0) i else 0 } }
        for (i in 1..a.length) {
            for (j in 1..b.length) {
                val cost = if (a[i - 1] == b[j - 1]) 0 else 1
                d[i][j] = minOf(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = minOf(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
        return d[a.length][b.length]
    }
}
