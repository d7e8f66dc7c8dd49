package org.kontrast.dsl.builder

import org.kontrast.datasets.Catalog
import org.kontrast.datasets.ImageFolder
import org.kontrast.datasets.MultiViewFolder
import org.kontrast.dsl.recipe.DataSpec

@KontrastDsl
class DataScope internal constructor(start: DataSpec) {
    private var dataset = start.dataset
    private var path = start.path
    /** Use only the first images of the training split (quick runs); null = all. */
    var trainLimit: Int? = start.trainLimit
    var testLimit: Int? = start.testLimit

    fun fashionMnist() {
        dataset = Catalog.FASHION_MNIST
        path = null
    }

    fun mnist() {
        dataset = Catalog.MNIST
        path = null
    }

    /** MNIST digits scaled to 64x64 and painted in random colours; built from MNIST on first use (CPC's toy set). */
    fun coloredMnist() {
        dataset = Catalog.COLORED_MNIST
        path = null
    }

    /** Images in class folders: [path]/train/<class>/ and [path]/test/<class>/ hold PNG or JPEG files. */
    fun imageFolder(path: String) {
        dataset = ImageFolder.NAME
        this.path = path
    }

    /** Aligned views of the same samples, one image folder per view: [path]/<view>/train/<class>/ and [path]/<view>/test/<class>/. */
    fun multiViewFolder(path: String) {
        dataset = MultiViewFolder.NAME
        this.path = path
    }

    internal fun build() = DataSpec(dataset, trainLimit, testLimit, path)
}
