package org.kontrast.dsl.builder

import org.kontrast.dsl.recipe.DataSpec
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.EvalSpec
import org.kontrast.dsl.recipe.HeadSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.OptimizerSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.ScheduleSpec
import org.kontrast.dsl.recipe.TrainSpec
import org.kontrast.dsl.recipe.ViewsSpec
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

@KontrastDsl
class ExperimentScope internal constructor(private val name: String) {
    /** The registered method name; [SimClr.NAME] by default. */
    var method: String = SimClr.NAME
    private var data = DataSpec()
    private var views = ViewsSpec()
    private var encoder: EncoderSpec = EncoderSpec.ConvNet()
    private var head = HeadSpec()
    private var loss: LossSpec = LossSpec.NtXent()
    private var optimizer: OptimizerSpec = OptimizerSpec.Adam()
    private var schedule: ScheduleSpec = ScheduleSpec.WarmupCosine()
    private var train = TrainSpec()
    private var eval = EvalSpec()

    fun data(block: DataScope.() -> Unit) {
        data = DataScope(data).apply(block).build()
    }

    fun views(block: ViewsScope.() -> Unit) {
        views = ViewsScope(views).apply(block).build()
    }

    fun encoder(block: EncoderScope.() -> Unit) {
        encoder = EncoderScope(encoder).apply(block).build()
    }

    fun head(block: HeadScope.() -> Unit) {
        head = HeadScope(head).apply(block).build()
    }

    fun loss(block: LossScope.() -> Unit) {
        loss = LossScope(loss).apply(block).build()
    }

    fun optimizer(block: OptimizerScope.() -> Unit) {
        val scope = OptimizerScope(optimizer, schedule).apply(block)
        optimizer = scope.optimizer
        schedule = scope.schedule
    }

    fun train(block: TrainScope.() -> Unit) {
        train = TrainScope(train).apply(block).build()
    }

    fun eval(block: EvalScope.() -> Unit) {
        eval = EvalScope(eval).apply(block).build()
    }

    internal fun build() = Recipe(name = name, method = method, data = data, views = views, encoder = encoder, head = head,
        loss = loss, optimizer = optimizer, schedule = schedule, train = train, eval = eval)
}
