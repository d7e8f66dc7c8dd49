package org.kontrast.dsl.recipe

import java.nio.file.Path
import org.kontrast.dsl.run.RecipeRunner
import org.kontrast.dsl.run.RunResult

/** The recipe as pretty JSON with every default written out. */
fun Recipe.toJson(): String = RecipeJson.toJson(this)

/** sha256 of the canonical JSON: equal for recipes that mean the same. */
val Recipe.sha256: String get() = RecipeJson.sha256(this)

/** Trains and evaluates this recipe into a new run directory under [out]. */
fun Recipe.run(out: Path = Path.of("runs")): RunResult = RecipeRunner(this).run(out)
