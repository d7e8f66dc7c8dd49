package org.kontrast.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomStream;
import org.kontrast.nn.GraphRun;

class JigsawTest {
    private static final int SIDE = 6;

    /** Image n's pixel (y, x) is 100 n + 6 y + x. */
    private static float[] images(int n) {
        float[] px = new float[n * SIDE * SIDE];
        for (int i = 0; i < px.length; i++) {
            px[i] = 100 * (i / (SIDE * SIDE)) + i % (SIDE * SIDE);
        }
        return px;
    }

    private static float[] patches(long seed, int n) {
        return GraphRun.eval(tf -> new Jigsaw(1.0).apply(tf, GraphRun.constant(tf, images(n), n, SIDE, SIDE, 1), new ImageShape(SIDE, SIDE, 1), 2, 2,
                new RandomStream(tf, tf.constant(new long[] {seed, 0}))));
    }

    @Test
    void everyImageGivesItsNineCellsOnceInARandomOrder() {
        int n = 3;
        float[] p = patches(1, n);
        assertEquals(n * 9 * 4, p.length);
        List<List<Integer>> orders = new ArrayList<>();
        for (int image = 0; image < n; image++) {
            Set<Integer> cells = new HashSet<>();
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < 9; k++) {
                int at = (image * 9 + k) * 4;
                int topLeft = Math.round(p[at]) - 100 * image;
                int r = topLeft / SIDE / 2;
                int c = topLeft % SIDE / 2;
                // The whole 2x2 patch is cell (r, c), pixel for pixel.
                assertEquals(100 * image + (2 * r) * SIDE + 2 * c, p[at], 1e-4);
                assertEquals(100 * image + (2 * r) * SIDE + 2 * c + 1, p[at + 1], 1e-4);
                assertEquals(100 * image + (2 * r + 1) * SIDE + 2 * c, p[at + 2], 1e-4);
                assertEquals(100 * image + (2 * r + 1) * SIDE + 2 * c + 1, p[at + 3], 1e-4);
                cells.add(3 * r + c);
                order.add(3 * r + c);
            }
            assertEquals(9, cells.size(), "image " + image + " has each cell once: " + order);
            orders.add(order);
        }
        assertNotEquals(orders.get(0), orders.get(1), "each image is shuffled by its own draw");
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), orders.get(0));
    }

    @Test
    void aSmallerPatchStaysInsideItsCell() {
        int side = 12;
        // Two channels: each pixel holds its own y and x, which bilinear sampling keeps exact at fractional positions.
        float[] px = new float[side * side * 2];
        for (int i = 0; i < side * side; i++) {
            px[2 * i] = i / side;
            px[2 * i + 1] = i % side;
        }
        // Cells of 4 pixels, patches of 2 at a random offset in [0, 2].
        Jigsaw jigsaw = new Jigsaw(0.5);
        assertEquals(2, jigsaw.patchSize(side));
        float[] p = GraphRun.eval(tf -> jigsaw.apply(tf, GraphRun.constant(tf, px, 1, side, side, 2), new ImageShape(side, side, 2), 2, 2,
                new RandomStream(tf, tf.constant(new long[] {4, 0}))));
        Set<Integer> cells = new HashSet<>();
        boolean shifted = false;
        for (int k = 0; k < 9; k++) {
            int at = k * 8;
            float y0 = p[at];
            float x0 = p[at + 1];
            float y1 = p[at + 6];
            float x1 = p[at + 7];
            int r = (int) (y0 / 4);
            int c = (int) (x0 / 4);
            cells.add(3 * r + c);
            assertEquals(1, y1 - y0, 1e-4, "patch " + k + " is 2 pixels tall");
            assertEquals(1, x1 - x0, 1e-4, "patch " + k + " is 2 pixels wide");
            assertTrue(y1 <= 4 * r + 3 + 1e-4 && x1 <= 4 * c + 3 + 1e-4, "patch " + k + " ends inside cell (" + r + ", " + c + ")");
            shifted |= y0 != 4 * r || x0 != 4 * c;
        }
        assertEquals(9, cells.size());
        assertTrue(shifted, "patches start at random offsets, not at their cells' corners");
    }

    @Test
    void refusesImagesTooSmallAndBadFractions() {
        assertEquals("a jigsaw needs images of at least 3 pixels a side, got 2",
                assertThrows(IllegalArgumentException.class, () -> new Jigsaw(0.8).patchSize(2)).getMessage());
        assertEquals("jigsaw patchFraction must be in (0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new Jigsaw(1.5)).getMessage());
    }
}
