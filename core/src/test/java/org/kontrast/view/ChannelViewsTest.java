package org.kontrast.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.ImageShape;
import org.kontrast.nn.GraphRun;

class ChannelViewsTest {
    @Test
    void viewsAreConsecutiveChannelGroups() {
        // Two 1x2 images of 4 channels; pixel values 0..15 in NHWC order.
        float[] px = new float[16];
        for (int i = 0; i < px.length; i++) {
            px[i] = i;
        }
        ChannelViews views = ChannelViews.of(List.of("rgb", "depth"), new int[] {3, 1});
        float[] rgb = GraphRun.eval(tf -> views.split(tf, GraphRun.constant(tf, px, 2, 1, 2, 4)).get(0));
        float[] depth = GraphRun.eval(tf -> views.split(tf, GraphRun.constant(tf, px, 2, 1, 2, 4)).get(1));
        assertArrayEquals(new float[] {0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14}, rgb);
        assertArrayEquals(new float[] {3, 7, 11, 15}, depth);
        assertEquals(new ImageShape(1, 2, 1), views.shape(new ImageShape(1, 2, 4), 1));
    }

    @Test
    void theLabViewsAreTheConvertedLightnessAndColour() {
        float[] white = {1, 1, 1};
        float[] l = GraphRun.eval(tf -> ChannelViews.lab().split(tf, GraphRun.constant(tf, white, 1, 1, 1, 3)).get(0));
        float[] ab = GraphRun.eval(tf -> ChannelViews.lab().split(tf, GraphRun.constant(tf, white, 1, 1, 1, 3)).get(1));
        assertArrayEquals(new float[] {1}, l, 1e-4f, "L = 100 is the top of CMC's range");
        assertArrayEquals(new float[] {(float) (-LabColor.MEAN[1] / LabColor.STD[1]), (float) (-LabColor.MEAN[2] / LabColor.STD[2])}, ab, 1e-3f);
    }

    @Test
    void badViewListsAreRefusedWithTheirNames() {
        assertEquals("views: names must not repeat, got [a, a]",
                assertThrows(IllegalArgumentException.class, () -> ChannelViews.of(List.of("a", "a"), new int[] {1, 1})).getMessage());
        assertEquals("views: view 'b' must have >= 1 channel, got 0",
                assertThrows(IllegalArgumentException.class, () -> ChannelViews.of(List.of("a", "b"), new int[] {1, 0})).getMessage());
        assertEquals("views: at least two, each with a name and a channel count; got names [a] and channels [1]",
                assertThrows(IllegalArgumentException.class, () -> ChannelViews.of(List.of("a"), new int[] {1})).getMessage());
    }
}
