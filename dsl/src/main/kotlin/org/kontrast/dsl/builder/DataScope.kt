package org.kontrast.dsl.builder

import org.kontrast.datasets.Catalog
import org.kontrast.dsl.recipe.DataSpec

@KontrastDsl
class DataScope internal constructor(start: DataSpec) {
    private var dataset = start.dataset
    /** Use only the first images of the training split (quick runs); null = all. */
    var trainLimit: Int? = start.trainLimit
    var testLimit: Int? = start.testLimit

    fun fashionMnist() {
        dataset = Catalog.FASHION_MNIST
    }

    fun mnist() {
        dataset = Catalog.MNIST
    }

    internal fun build() = DataSpec(dataset, trainLimit, testLimit)
}
