package org.kontrast.kernel

import org.jetbrains.letsPlot.geom.geomPoint
import org.jetbrains.letsPlot.label.ggtitle
import org.jetbrains.letsPlot.letsPlot
import org.jetbrains.letsPlot.themes.themeMinimal
import org.kontrast.dsl.cli.Main
import org.kontrast.dsl.plot.Plots
import org.kontrast.dsl.run.RecipeRunner
import org.kontrast.dsl.run.RunDirectory
import smile.manifold.UMAP
import smile.math.MathEx
import smile.feature.extraction.PCA

/** A run's test-image embeddings in two dimensions, one point per image, coloured by its label. */
class EmbeddingMap(val method: String, val x: DoubleArray, val y: DoubleArray, val labels: IntArray) {
    fun html(): String {
        val plot = letsPlot(mapOf("x" to x.toList(), "y" to y.toList(), "label" to labels.map { it.toString() })) +
            geomPoint(size = 1.5, alpha = 0.7) { this.x = "x"; this.y = "y"; color = "label" } +
            ggtitle("${labels.size} test images, ${method.uppercase()} of the encoder's representation") + themeMinimal()
        return Html.inlineSvg(Plots.svg(plot))
    }

    companion object {
        const val UMAP_NEIGHBOURS = 15
        val METHODS = listOf("umap", "pca")
    }
}

/**
 * The first [limit] test images of [run] embedded by its trained encoder, projected
 * to 2-D by UMAP (McInnes et al., 2018; Smile's, k = 15, seeded) or PCA.
 */
fun embeddingMap(run: NotebookRun, method: String = "umap", limit: Int = 2000, seed: Long = 42): EmbeddingMap {
    require(method in EmbeddingMap.METHODS) { "method: expected one of ${EmbeddingMap.METHODS}, got \"$method\"" }
    val test = Main.withDataset(run.recipe.data.dataset) { RecipeRunner.loadData(run.recipe) }.test()
    val set = if (limit < test.size()) test.head(limit) else test
    val features = RunDirectory(run.directory).embeddings(set).map { row -> DoubleArray(row.size) { row[it].toDouble() } }.toTypedArray()
    val labels = set.labels().orElseThrow { IllegalArgumentException("the test split has no labels to colour by") }
    return if (method == "pca") {
        val xy = PCA.fit(features).getProjection(2).apply(features)
        EmbeddingMap(method, DoubleArray(xy.size) { xy[it][0] }, DoubleArray(xy.size) { xy[it][1] }, labels)
    } else {
        MathEx.setSeed(seed)
        val umap = UMAP.of(features, EmbeddingMap.UMAP_NEIGHBOURS)
        // UMAP keeps the largest connected part of the neighbour graph; index says which images those are.
        EmbeddingMap(method, DoubleArray(umap.index.size) { umap.coordinates[it][0] }, DoubleArray(umap.index.size) { umap.coordinates[it][1] },
            IntArray(umap.index.size) { labels[umap.index[it]] })
    }
}
