package org.kontrast.dsl.recipe

/** A recipe that cannot be read or is not valid; the message names the file or field. */
class RecipeException(message: String, cause: Throwable? = null) : RuntimeException(message, cause)
