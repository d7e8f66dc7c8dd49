package org.kontrast.dsl.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.dsl.recipe.AugmentationSpec;
import org.kontrast.dsl.recipe.DataSpec;
import org.kontrast.dsl.recipe.EncoderSpec;
import org.kontrast.dsl.recipe.EvalSpec;
import org.kontrast.dsl.recipe.HeadSpec;
import org.kontrast.dsl.recipe.Interval;
import org.kontrast.dsl.recipe.KnnSpec;
import org.kontrast.dsl.recipe.LossSpec;
import org.kontrast.dsl.recipe.OptimizerSpec;
import org.kontrast.dsl.recipe.ProbeSpec;
import org.kontrast.dsl.recipe.Recipe;
import org.kontrast.dsl.recipe.RecipeException;
import org.kontrast.dsl.recipe.RecipeJson;
import org.kontrast.dsl.recipe.ScheduleSpec;
import org.kontrast.dsl.recipe.TrainSpec;

/** The Java way to declare a recipe gives the same immutable value as the JSON file and the DSL. */
class RecipeBuilderJavaTest {
    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("recipes"))) {
            p = p.getParent();
        }
        return p;
    }

    @Test
    void javaBuilderEqualsTheQuickstartJson() {
        Recipe r = RecipeBuilder.builder("quickstart")
                .optData(new DataSpec("fashionMnist", 20000))
                .addAugmentation(new AugmentationSpec.RandomResizedCrop(0, new Interval(0.2, 1.0)))
                .addAugmentation(new AugmentationSpec.HorizontalFlip())
                .addAugmentation(new AugmentationSpec.ColorJitter(0.4, 0.4, 0.0, 0.0, 0.8))
                .optEncoder(new EncoderSpec.ConvNet(128, 4, "same"))
                .optHead(new HeadSpec(128, 128))
                .optLoss(new LossSpec.NtXent(0.1))
                .optOptimizer(new OptimizerSpec.Adam(1e-3))
                .optSchedule(new ScheduleSpec.WarmupCosine(0.5))
                .optTrain(new TrainSpec(2, 256, 42))
                .optEval(new EvalSpec(new ProbeSpec(List.of(1e-3), 200), new KnnSpec(), 0, 5000))
                .build();
        assertEquals(RecipeJson.INSTANCE.load(repo().resolve("recipes/quickstart.json"), List.of(), false), r);
    }

    @Test
    void defaultsAndValidationMatchTheOtherWays() {
        assertEquals(new Recipe(1, "d", "simclr", new DataSpec(), new org.kontrast.dsl.recipe.ViewsSpec(), new EncoderSpec.ConvNet(),
                new HeadSpec(), new LossSpec.NtXent(), new OptimizerSpec.Adam(), new ScheduleSpec.WarmupCosine(), new TrainSpec(),
                new EvalSpec()), RecipeBuilder.builder("d").build());
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeBuilder.builder("x").optBatchSize(1).build());
        assertEquals("train: batchSize must be >= 2 (a contrastive batch needs negatives), got 1", e.getMessage());
    }
}
