package org.kontrast.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.HorizontalFlip;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;

class ViewPreviewTest {
    private static boolean close(float[] a, float[] b) {
        for (int k = 0; k < a.length; k++) {
            if (Math.abs(a[k] - b[k]) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    @Test
    void flipViewsAreTheImageOrItsMirrorAndRepeatForOneSeedAndStep() {
        ImageDataset data = SyntheticImages.noisyStripes(6, 8, 2, 3);
        var views = new TwoViews(new AugmentationPipeline(List.of(new HorizontalFlip(0.5))));
        float[][][] v = ViewPreview.of(views, data, 6, 7, 0);
        assertEquals(2, v.length);
        assertEquals(6, v[0].length);
        int mirrored = 0;
        for (int view = 0; view < 2; view++) {
            for (int i = 0; i < 6; i++) {
                float[] original = new float[64];
                float[] mirror = new float[64];
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        original[y * 8 + x] = data.pixel((long) i * 64 + y * 8 + x) / 255f;
                        mirror[y * 8 + x] = data.pixel((long) i * 64 + y * 8 + (7 - x)) / 255f;
                    }
                }
                if (!close(v[view][i], original)) {
                    assertArrayEquals(mirror, v[view][i], 1e-6f, "view " + view + " of image " + i + " is neither the image nor its mirror");
                    mirrored++;
                }
            }
        }
        assertTrue(mirrored > 0 && mirrored < 12, "p = 0.5 flips some of 12 views, not " + mirrored);
        assertTrue(Arrays.deepEquals(v, ViewPreview.of(views, data, 6, 7, 0)), "the same seed and step give the same views");
    }
}
