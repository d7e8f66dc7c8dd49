package org.kontrast.kernel

import org.jetbrains.kotlinx.jupyter.api.HTML
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterIntegration
import org.kontrast.datasets.DatasetFormatException
import org.kontrast.datasets.DatasetNotInstalledException
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.run.RunException
import org.kontrast.train.TrainingDivergedException

/**
 * What `%use kontrast` (or `@file:DependsOn("org.kontrast:kontrast-kernel:…")`) loads:
 * the DSL and these helpers imported, recipes and runs rendered as HTML with inline
 * SVG plots, and Kontrast's own errors shown as the CLI shows them, not as stack traces.
 */
class KontrastIntegration : JupyterIntegration() {
    override fun Builder.onLoaded() {
        import("org.kontrast.dsl.builder.*", "org.kontrast.dsl.recipe.*", "org.kontrast.kernel.*", "org.kontrast.method.CpcDirection",
            "org.kontrast.loss.DeepInfoMaxLoss")
        onLoaded { execute(KernelDisplay.INSTALL) }
        render<Recipe> { HTML(RecipeCard.html(it)) }
        render<NotebookRun> { HTML(it.html()) }
        render<RunComparison> { HTML(it.html()) }
        render<ViewGrid> { HTML(it.html()) }
        render<PatchGridView> { HTML(it.html()) }
        render<RecipeDiff> { HTML(it.html()) }
        render<EmbeddingMap> { HTML(it.html()) }
        renderThrowable<RecipeException> { HTML(ErrorBox.html(it)) }
        renderThrowable<RunException> { HTML(ErrorBox.html(it)) }
        renderThrowable<DatasetFormatException> { HTML(ErrorBox.html(it)) }
        renderThrowable<DatasetNotInstalledException> { HTML(ErrorBox.html(it)) }
        renderThrowable<TrainingDivergedException> { HTML(ErrorBox.html(it)) }
    }
}
