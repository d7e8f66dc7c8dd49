package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import org.kontrast.datasets.IdxFiles

/** Points the fashionMnist catalog entry at a small set of IDX files a test writes, and back. */
object TinyFashionMnist {
    private const val PROPERTY = "kontrast.data.fashionMnist"

    fun use(tmp: Path, train: Int, test: Int, seed: Long, side: Int = 16) {
        val dir = Files.createDirectories(tmp.resolve("data"))
        IdxFiles.writeSplit(dir, train, test, side, seed)
        System.setProperty(PROPERTY, dir.toString())
    }

    fun clear() {
        System.clearProperty(PROPERTY)
    }
}
