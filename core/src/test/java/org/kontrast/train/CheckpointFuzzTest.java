package org.kontrast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.HorizontalFlip;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.method.EncoderFactory;
import org.kontrast.method.SimClr;
import org.kontrast.nn.Padding;
import org.kontrast.view.TwoViews;
import org.tensorflow.types.TUint8;

/**
 * Damages checkpoints a thousand ways (seeded): flipped, truncated, appended and
 * deleted variable files, edited or emptied manifests, files turned into folders,
 * stray temporary folders. Picking the newest valid checkpoint and restoring it must
 * never raise: a damaged checkpoint is rejected with its reason and the newest intact
 * one restores to exactly the weights it was saved with.
 * Run more with -Dkontrast.fuzz.checkpoints=100000.
 */
class CheckpointFuzzTest {
    private static final int COUNT = Integer.getInteger("kontrast.fuzz.checkpoints", 1000);
    private static final String WEIGHT = "convnet_conv1_kernel";

    @Test
    void damagedCheckpointsAreRejectedAndTheIntactOneRestoresExactly(@TempDir Path tmp) throws IOException {
        ImageDataset data = SyntheticImages.stripes(64, 16, 4, 2);
        var method = new SimClr(new TwoViews(new AugmentationPipeline(List.of(new HorizontalFlip(0.5)))),
                EncoderFactory.convNet(8, 2, Padding.SAME), 8, 8, new NtXentLoss(0.2));
        Path template = tmp.resolve("template");
        Random random = new Random(20261123);
        int restoredNewest = 0;
        int restoredOlder = 0;
        int none = 0;
        try (Experiment e = Experiment.build(method, data.shape(), 32, Optimizers.adam(), 3, 2)) {
            CheckpointStore store = new CheckpointStore(template, 2, "fuzz");
            float[][] saved = new float[3][];
            for (int step = 1; step <= 2; step++) {
                try (TUint8 b = data.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                        22, 23, 24, 25, 26, 27, 28, 29, 30, 31}, 0, 32)) {
                    e.step(b, step, 1e-2);
                }
                store.save(e, new TrainingPosition(step, 0, step, 0, 0, 0, 0));
                saved[step] = e.variable(WEIGHT);
            }
            for (int i = 0; i < COUNT; i++) {
                Path dir = tmp.resolve("case");
                CheckpointStore.deleteTree(dir);
                copyTree(template, dir);
                String what = damage(dir, random);
                try {
                    Optional<CheckpointState> chosen = new CheckpointStore(dir, 2, "fuzz").newestValid(r -> { });
                    if (chosen.isEmpty()) {
                        none++;
                        continue;
                    }
                    e.restore(chosen.get().prefix());
                    long step = chosen.get().step();
                    assertTrue(Arrays.equals(saved[(int) step], e.variable(WEIGHT)), "case " + i + " (" + what + "): step " + step
                            + " restored other weights");
                    if (step == 2) {
                        restoredNewest++;
                    } else {
                        restoredOlder++;
                    }
                } catch (RuntimeException | Error ex) {
                    fail("case " + i + " (" + what + "): " + ex.getClass().getName() + ": " + ex.getMessage(), ex);
                }
            }
        }
        System.out.println("checkpoint fuzz: " + COUNT + " damaged checkpoint folders; newest restored " + restoredNewest
                + ", older intact one restored " + restoredOlder + ", none usable " + none);
        assertEquals(COUNT, restoredNewest + restoredOlder + none);
        assertTrue(restoredOlder > COUNT / 3, "damage to the newest must fall back to the older: " + restoredOlder);
    }

    /** Damages one or two files of the checkpoints in {@code dir}; says what it did. */
    private static String damage(Path dir, Random r) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        // Mostly the newest checkpoint, as a crash or a bad disk would.
        List<Path> newest = files.stream().filter(f -> f.getParent().getFileName().toString().endsWith("2")).toList();
        List<String> done = new ArrayList<>();
        for (int k = r.nextInt(5) == 0 ? 2 : 1; k > 0; k--) {
            List<Path> pool = r.nextInt(4) == 0 ? files : newest;
            Path f = pool.get(r.nextInt(pool.size()));
            if (!Files.isRegularFile(f)) {
                continue;
            }
            byte[] b = Files.readAllBytes(f);
            String name = dir.relativize(f).toString();
            switch (r.nextInt(9)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                    Files.write(f, b);
                    done.add("flip a bit of " + name);
                }
                case 1 -> {
                    Files.write(f, Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length)));
                    done.add("truncate " + name);
                }
                case 2 -> {
                    Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
                    done.add("append to " + name);
                }
                case 3 -> {
                    Files.delete(f);
                    done.add("delete " + name);
                }
                case 4 -> {
                    Files.delete(f);
                    Files.createDirectory(f);
                    done.add("turn " + name + " into a folder");
                }
                case 5 -> {
                    String text = new String(b, StandardCharsets.ISO_8859_1);
                    String[] lines = text.split("\n");
                    lines[r.nextInt(lines.length)] = r.nextBoolean() ? "" : "step=99";
                    Files.write(f, String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1));
                    done.add("edit a line of " + name);
                }
                case 6 -> {
                    byte[] garbage = new byte[r.nextInt(200)];
                    r.nextBytes(garbage);
                    Files.write(f, garbage);
                    done.add("replace " + name + " with noise");
                }
                case 7 -> {
                    Files.createDirectories(dir.resolve(".tmp-step-0000000003"));
                    Files.write(dir.resolve(".tmp-step-0000000003/model.index"), Arrays.copyOf(b, b.length / 2));
                    Files.createDirectories(dir.resolve("step-0000000004"));
                    done.add("leave a half-written checkpoint and an empty step folder");
                }
                default -> {
                    Files.write(f, new byte[0]);
                    done.add("empty " + name);
                }
            }
        }
        return String.join(", ", done);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
