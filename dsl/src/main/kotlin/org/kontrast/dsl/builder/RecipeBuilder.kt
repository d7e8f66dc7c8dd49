package org.kontrast.dsl.builder

import org.kontrast.dsl.recipe.AugmentationSpec
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

/**
 * Declares a [Recipe] from Java, DJL style: `opt` sets an optional setting, `add`
 * appends a repeatable one, [build] returns the validated immutable recipe. Unset
 * settings keep the same defaults as the DSL and the JSON format.
 *
 * ```java
 * Recipe r = RecipeBuilder.builder("quickstart")
 *         .addAugmentation(new AugmentationSpec.RandomResizedCrop(0, new Interval(0.2, 1.0)))
 *         .addAugmentation(new AugmentationSpec.HorizontalFlip())
 *         .optLoss(new LossSpec.NtXent(0.1))
 *         .optEpochs(2)
 *         .build();
 * ```
 */
class RecipeBuilder private constructor(private val name: String) {
    private var method: String = Recipe(name = name).method
    private var data = DataSpec()
    private val augmentations = mutableListOf<AugmentationSpec>()
    private var encoder: EncoderSpec = EncoderSpec.ConvNet()
    private var head = HeadSpec()
    private var loss: LossSpec = LossSpec.NtXent()
    private var optimizer: OptimizerSpec = OptimizerSpec.Adam()
    private var schedule: ScheduleSpec = ScheduleSpec.WarmupCosine()
    private var train = TrainSpec()
    private var eval = EvalSpec()

    companion object {
        @JvmStatic
        fun builder(name: String) = RecipeBuilder(name)
    }

    fun optMethod(method: String) = apply { this.method = method }
    fun optData(data: DataSpec) = apply { this.data = data }

    /** Appends a view augmentation; with none added, the default SimCLR list is used. */
    fun addAugmentation(augmentation: AugmentationSpec) = apply { augmentations += augmentation }
    fun optEncoder(encoder: EncoderSpec) = apply { this.encoder = encoder }
    fun optHead(head: HeadSpec) = apply { this.head = head }
    fun optLoss(loss: LossSpec) = apply { this.loss = loss }
    fun optOptimizer(optimizer: OptimizerSpec) = apply { this.optimizer = optimizer }
    fun optSchedule(schedule: ScheduleSpec) = apply { this.schedule = schedule }
    fun optTrain(train: TrainSpec) = apply { this.train = train }
    fun optEpochs(epochs: Int) = apply { train = train.copy(epochs = epochs) }
    fun optBatchSize(batchSize: Int) = apply { train = train.copy(batchSize = batchSize) }
    fun optSeed(seed: Long) = apply { train = train.copy(seed = seed) }
    fun optEval(eval: EvalSpec) = apply { this.eval = eval }

    fun build(): Recipe = Recipe(name = name, method = method, data = data,
        views = if (augmentations.isEmpty()) ViewsSpec() else ViewsSpec(augmentations.toList()),
        encoder = encoder, head = head, loss = loss, optimizer = optimizer, schedule = schedule, train = train, eval = eval)
        .also { Components.validate(it) }
}
