package org.kontrast.kernel

import java.awt.image.BufferedImage
import org.kontrast.augment.ImageShape
import org.kontrast.dsl.cli.Main
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.run.RecipeRunner
import org.kontrast.view.PatchGrid

/**
 * Images beside the patch grid CPC cuts them into: each patch drawn apart from its
 * neighbours, so the overlap shows as pixels repeated across the gaps.
 */
class PatchGridView(val originals: List<BufferedImage>, val mosaics: List<BufferedImage>, val cells: Int, val size: Int, val stride: Int) {
    fun html(): String {
        fun img(i: BufferedImage, px: Int) =
            "<img style=\"width:${px}px;image-rendering:pixelated;margin:2px\" src=\"data:image/png;base64,${ViewGrid.png(i)}\"/>"
        val rows = originals.indices.joinToString("") { i ->
            "<tr><td>${img(originals[i], 128)}</td><td style=\"padding-left:12px\">${img(mosaics[i], 2 * mosaics[i].width)}</td></tr>"
        }
        return "<table><tr><th>image</th><th style=\"padding-left:12px\">its ${cells}x$cells grid of ${size}x$size patches at stride $stride</th></tr>$rows</table>"
    }

    companion object {
        /** Gap between drawn patches, in pixels. */
        const val GAP = 2

        /** The grid's patches of one image (pixels in [0, 1], h x w x c) laid out with gaps, white between them. */
        fun mosaic(pixels: FloatArray, shape: ImageShape, grid: PatchGrid): BufferedImage {
            val g = grid.cells(shape)
            val s = grid.size()
            val side = g * s + (g - 1) * GAP
            val out = BufferedImage(side, side, BufferedImage.TYPE_INT_RGB)
            for (y in 0 until side) for (x in 0 until side) out.setRGB(x, y, 0xFFFFFF)
            val c = shape.channels()
            for (row in 0 until g) for (col in 0 until g) for (i in 0 until s) for (j in 0 until s) {
                val py = row * grid.stride() + i
                val px = col * grid.stride() + j
                fun at(k: Int) = (pixels[(py * shape.width() + px) * c + minOf(k, c - 1)].coerceIn(0f, 1f) * 255 + 0.5f).toInt()
                out.setRGB(col * (s + GAP) + j, row * (s + GAP) + i, (at(0) shl 16) or (at(1) shl 8) or at(2))
            }
            return out
        }
    }
}

/** The first [n] test images of a CPC recipe's data, each beside its patch grid. */
fun previewPatches(recipe: Recipe, n: Int = 4): PatchGridView {
    val spec = recipe.views.patchGrid ?: throw RecipeException("views.patchGrid: recipe ${recipe.name} (${recipe.method}) cuts no patch grid")
    val test = Main.withDataset(recipe.data.dataset) { RecipeRunner.loadData(recipe) }.test()
    val grid = PatchGrid(spec.size, spec.stride)
    val per = test.bytesPerImage()
    val images = (0 until minOf(n, test.size())).map { i -> FloatArray(per) { test.pixel(i.toLong() * per + it) / 255f } }
    return PatchGridView(images.map { ViewGrid.image(it, test.shape()) }, images.map { PatchGridView.mosaic(it, test.shape(), grid) },
        grid.cells(test.shape()), spec.size, spec.stride)
}
