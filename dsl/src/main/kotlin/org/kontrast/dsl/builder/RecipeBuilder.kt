package org.kontrast.dsl.builder

import org.kontrast.dsl.recipe.AugmentationSpec
import org.kontrast.dsl.recipe.DataSpec
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.EvalSpec
import org.kontrast.dsl.recipe.HeadSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.OptimizerSpec
import org.kontrast.dsl.recipe.PatchGridSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.ScheduleSpec
import org.kontrast.dsl.recipe.RuntimeSpec
import org.kontrast.dsl.recipe.TrainSpec
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
class RecipeBuilder private constructor(name: String) {
    // Starts from Recipe's own defaults, as the DSL does.
    private var recipe = Recipe(name = name)
    private val augmentations = mutableListOf<AugmentationSpec>()

    companion object {
        @JvmStatic
        fun builder(name: String) = RecipeBuilder(name)
    }

    /** The method; its default loss, views and encoder come with it unless set ([Recipe.withMethod]). */
    fun optMethod(method: String) = apply { recipe = Recipe.withMethod(recipe, method) }
    fun optData(data: DataSpec) = apply { recipe = recipe.copy(data = data) }

    /** Appends a view augmentation; with none added, the default SimCLR list is used. */
    fun addAugmentation(augmentation: AugmentationSpec) = apply { augmentations += augmentation }
    /** CPC's patch grid. */
    fun optPatchGrid(grid: PatchGridSpec) = apply { recipe = recipe.copy(views = recipe.views.copy(patchGrid = grid)) }
    fun optEncoder(encoder: EncoderSpec) = apply { recipe = recipe.copy(encoder = encoder) }
    fun optHead(head: HeadSpec) = apply { recipe = recipe.copy(head = head) }
    fun optLoss(loss: LossSpec) = apply { recipe = recipe.copy(loss = loss) }
    fun optOptimizer(optimizer: OptimizerSpec) = apply { recipe = recipe.copy(optimizer = optimizer) }
    fun optSchedule(schedule: ScheduleSpec) = apply { recipe = recipe.copy(schedule = schedule) }
    fun optTrain(train: TrainSpec) = apply { recipe = recipe.copy(train = train) }
    fun optEpochs(epochs: Int) = apply { recipe = recipe.copy(train = recipe.train.copy(epochs = epochs)) }
    fun optBatchSize(batchSize: Int) = apply { recipe = recipe.copy(train = recipe.train.copy(batchSize = batchSize)) }
    fun optSeed(seed: Long) = apply { recipe = recipe.copy(train = recipe.train.copy(seed = seed)) }
    fun optEval(eval: EvalSpec) = apply { recipe = recipe.copy(eval = eval) }
    fun optRuntime(runtime: RuntimeSpec) = apply { recipe = recipe.copy(runtime = runtime) }

    fun build(): Recipe =
        (if (augmentations.isEmpty()) recipe else recipe.copy(views = recipe.views.copy(augmentations = augmentations.toList())))
            .also { Components.validate(it) }
}
