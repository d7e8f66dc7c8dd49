package org.kontrast.kernel

import java.awt.image.BufferedImage
import java.io.ByteArrayOutputStream
import java.util.Base64
import javax.imageio.ImageIO
import org.kontrast.augment.ImageShape
import org.kontrast.dsl.cli.Main
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.run.Components
import org.kontrast.dsl.run.RecipeRunner
import org.kontrast.view.TwoViews
import org.kontrast.view.ViewPreview

/** A grid of what the encoder sees: each image beside its two augmented views, as one training step makes them. */
class ViewGrid(val originals: List<BufferedImage>, val views: List<List<BufferedImage>>) {
    fun html(): String {
        fun img(i: BufferedImage) = "<img style=\"width:84px;image-rendering:pixelated;margin:2px\" src=\"data:image/png;base64,${png(i)}\"/>"
        val rows = originals.indices.joinToString("") { i ->
            "<tr><td>${img(originals[i])}</td><td style=\"padding-left:12px\">${img(views[0][i])}${img(views[1][i])}</td></tr>"
        }
        return "<table><tr><th>image</th><th style=\"padding-left:12px\">view 1, view 2</th></tr>$rows</table>"
    }

    companion object {
        internal fun png(image: BufferedImage): String {
            val out = ByteArrayOutputStream()
            ImageIO.write(image, "png", out)
            return Base64.getEncoder().encodeToString(out.toByteArray())
        }

        /** Pixels in [0, 1] (h x w x c, c = 1 or 3) as an image. */
        internal fun image(pixels: FloatArray, shape: ImageShape): BufferedImage {
            val image = BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB)
            val c = shape.channels()
            for (y in 0 until shape.height()) for (x in 0 until shape.width()) {
                fun at(k: Int) = (pixels[(y * shape.width() + x) * c + minOf(k, c - 1)].coerceIn(0f, 1f) * 255 + 0.5f).toInt()
                image.setRGB(x, y, (at(0) shl 16) or (at(1) shl 8) or at(2))
            }
            return image
        }
    }
}

/** The two views of the first [n] training images under [recipe]'s augmentations, at training step [step]. */
fun previewViews(recipe: Recipe, n: Int = 6, step: Long = 0): ViewGrid {
    val train = Main.withDataset(recipe.data.dataset) { RecipeRunner.loadData(recipe) }.train()
    val views = TwoViews(Components.pipeline(recipe, train.shape()))
    val v = ViewPreview.of(views, train, n, recipe.train.seed, step)
    val per = train.bytesPerImage()
    val originals = (0 until n).map { i -> ViewGrid.image(FloatArray(per) { train.pixel(i.toLong() * per + it) / 255f }, train.shape()) }
    val out = views.outputShape(train.shape())
    return ViewGrid(originals, v.map { view -> view.map { ViewGrid.image(it, out) } })
}
