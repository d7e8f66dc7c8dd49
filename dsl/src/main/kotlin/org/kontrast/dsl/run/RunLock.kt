package org.kontrast.dsl.run

import java.net.InetAddress
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.channels.OverlappingFileLockException
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.Instant

/**
 * Keeps a second process from writing a run directory: an operating-system lock on
 * RUN_DIR/.lock, which the system drops when the holder ends, however it ends (a
 * SIGKILL included), so a crash never leaves a stale lock. The file names the holder.
 */
class RunLock private constructor(private val channel: FileChannel, private val lock: FileLock) : AutoCloseable {
    override fun close() {
        if (lock.isValid) lock.release()
        channel.close()
    }

    companion object {
        const val FILE = ".lock"

        /** Takes the lock for [what] (e.g. "kontrast resume"), or fails naming the process that holds it. */
        fun acquire(dir: Path, what: String): RunLock {
            val file = dir.resolve(FILE)
            val channel = try {
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
            } catch (e: java.io.IOException) {
                throw RunException("$dir: cannot create the lock file $FILE (${e.javaClass.simpleName}: ${e.message})")
            }
            val lock = try {
                channel.tryLock()
            } catch (e: OverlappingFileLockException) {
                null
            } catch (e: java.io.IOException) {
                channel.close()
                throw RunException("$file: cannot lock (${e.message})")
            }
            if (lock == null) {
                val holder = try {
                    val buffer = ByteBuffer.allocate(512)
                    channel.read(buffer, 0)
                    String(buffer.array(), 0, buffer.position(), Charsets.UTF_8).trim().ifEmpty { "another process" }
                } finally {
                    channel.close()
                }
                throw RunException("$dir is in use by $holder; wait for it to end, or stop that process, then try again")
            }
            val host = runCatching { InetAddress.getLocalHost().hostName }.getOrDefault("this machine")
            channel.truncate(0)
            channel.write(ByteBuffer.wrap("process ${ProcessHandle.current().pid()} on $host ($what, since ${Instant.now()})\n"
                .toByteArray(Charsets.UTF_8)), 0)
            channel.force(true)
            return RunLock(channel, lock)
        }
    }
}
