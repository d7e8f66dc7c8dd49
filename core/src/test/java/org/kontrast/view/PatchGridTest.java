package org.kontrast.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kontrast.augment.ImageShape;
import org.kontrast.nn.GraphRun;

class PatchGridTest {
    /** Pixel (b, y, x, c) of a hand-built batch holds a number that names it. */
    private static float code(int b, int y, int x, int c) {
        return b * 10000 + y * 100 + x + c * 0.25f;
    }

    @Test
    void cutsOverlappingPatchesRowByRow() {
        int side = 10;
        int channels = 2;
        ImageShape image = new ImageShape(side, side, channels);
        float[] px = new float[2 * side * side * channels];
        for (int b = 0; b < 2; b++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    for (int c = 0; c < channels; c++) {
                        px[((b * side + y) * side + x) * channels + c] = code(b, y, x, c);
                    }
                }
            }
        }
        PatchGrid grid = new PatchGrid(4, 3);
        assertEquals(3, grid.cells(image));
        float[] patches = GraphRun.eval(tf -> grid.apply(tf, GraphRun.constant(tf, px, 2, side, side, channels), image));
        assertEquals(2 * 9 * 4 * 4 * channels, patches.length);
        int at = 0;
        for (int b = 0; b < 2; b++) {
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 3; col++) {
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 4; j++) {
                            for (int c = 0; c < channels; c++) {
                                assertEquals(code(b, row * 3 + i, col * 3 + j, c), patches[at++],
                                        "image " + b + " cell (" + row + "," + col + ") pixel (" + i + "," + j + ") channel " + c);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCpcGridOfA64PixelImageIsSevenBySeven() {
        PatchGrid grid = new PatchGrid(PatchGrid.SIZE_DEFAULT, PatchGrid.STRIDE_DEFAULT);
        assertEquals(7, grid.cells(new ImageShape(64, 64, 3)));
        assertEquals(new ImageShape(16, 16, 3), grid.patchShape(new ImageShape(64, 64, 3)));
        float[] ones = new float[64 * 64 * 3];
        java.util.Arrays.fill(ones, 1f);
        float[] patches = GraphRun.eval(tf -> grid.apply(tf, GraphRun.constant(tf, ones, 1, 64, 64, 3), new ImageShape(64, 64, 3)));
        assertEquals(49 * 16 * 16 * 3, patches.length);
    }

    @Test
    void refusesAGridThatDoesNotTileTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PatchGrid(16, 8).cells(new ImageShape(60, 60, 3)));
        assertTrue(e.getMessage().contains("do not tile a 60x60"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PatchGrid(16, 8).cells(new ImageShape(64, 32, 3)));
        assertThrows(IllegalArgumentException.class, () -> new PatchGrid(0, 8));
        assertArrayEquals(new int[] {16, 8}, new int[] {new PatchGrid(16, 8).size(), new PatchGrid(16, 8).stride()});
    }
}
