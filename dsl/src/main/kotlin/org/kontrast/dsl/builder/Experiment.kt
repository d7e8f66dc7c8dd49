package org.kontrast.dsl.builder

import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.run.Components
import org.kontrast.method.SimClr

/**
 * Declares an experiment; returns the immutable, validated [Recipe]. Every
 * setting not given keeps its paper default, exactly as a JSON recipe that omits it.
 *
 * ```kotlin
 * val r = experiment("simclr-fmnist") {
 *     views { twoViews { randomResizedCrop(scale = 0.2..1.0); horizontalFlip() } }
 *     loss { ntXent(temperature = 0.1) }
 * }
 * ```
 */
fun experiment(name: String, block: ExperimentScope.() -> Unit): Recipe =
    ExperimentScope(name).apply(block).build().also { Components.validate(it) }

/**
 * A recipe that starts from every setting of [base] (a loaded recipes/ file, say),
 * changed by [block]; [name] renames it.
 */
fun experiment(base: Recipe, name: String = base.name, block: ExperimentScope.() -> Unit): Recipe =
    ExperimentScope(base.copy(name = name)).apply(block).build().also { Components.validate(it) }

@KontrastDsl
class ExperimentScope internal constructor(start: Recipe) {
    // Starts from Recipe's own defaults: the DSL, the Java builder and JSON share one source of them.
    internal constructor(name: String) : this(Recipe(name = name))

    private var recipe = start

    /**
     * The registered method name; [SimClr.NAME] by default. Setting it also brings the
     * method's default loss, views and encoder, except those already set ([Recipe.withMethod]).
     */
    var method: String
        get() = recipe.method
        set(value) {
            recipe = Recipe.withMethod(recipe, value)
        }

    fun data(block: DataScope.() -> Unit) {
        recipe = recipe.copy(data = DataScope(recipe.data).apply(block).build())
    }

    fun views(block: ViewsScope.() -> Unit) {
        recipe = recipe.copy(views = ViewsScope(recipe.views).apply(block).build())
    }

    fun encoder(block: EncoderScope.() -> Unit) {
        recipe = recipe.copy(encoder = EncoderScope(recipe.encoder).apply(block).build())
    }

    fun head(block: HeadScope.() -> Unit) {
        recipe = recipe.copy(head = HeadScope(recipe.head).apply(block).build())
    }

    fun loss(block: LossScope.() -> Unit) {
        recipe = recipe.copy(loss = LossScope(recipe.loss).apply(block).build())
    }

    fun optimizer(block: OptimizerScope.() -> Unit) {
        val scope = OptimizerScope(recipe.optimizer, recipe.schedule).apply(block)
        recipe = recipe.copy(optimizer = scope.optimizer, schedule = scope.schedule)
    }

    fun train(block: TrainScope.() -> Unit) {
        recipe = recipe.copy(train = TrainScope(recipe.train).apply(block).build())
    }

    fun eval(block: EvalScope.() -> Unit) {
        recipe = recipe.copy(eval = EvalScope(recipe.eval).apply(block).build())
    }

    fun runtime(block: RuntimeScope.() -> Unit) {
        recipe = recipe.copy(runtime = RuntimeScope(recipe.runtime).apply(block).build())
    }

    internal fun build() = recipe
}
