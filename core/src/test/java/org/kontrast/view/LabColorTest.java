package org.kontrast.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kontrast.nn.GraphRun;

class LabColorTest {
    /** Runs the graph's conversion on n RGB pixels, as a [1, 1, n, 3] image. */
    private static float[] lab(float[] rgb, boolean normalized) {
        return GraphRun.eval(tf -> {
            var in = GraphRun.constant(tf, rgb, 1, 1, rgb.length / 3, 3);
            return normalized ? LabColor.normalized(tf, in) : LabColor.fromRgb(tf, in);
        });
    }

    @Test
    void primariesWhiteAndGreyHaveTheirPublishedLabValues() {
        // CIE L*a*b* (D65) of sRGB white, red, green, blue and 50% grey, as colour references list them.
        float[] rgb = {1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f, 0, 0, 0};
        double[] expected = {100, 0, 0, 53.24, 80.09, 67.20, 87.73, -86.18, 83.18, 32.30, 79.19, -107.86, 53.39, 0, 0, 0, 0, 0};
        float[] got = lab(rgb, false);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 0.02, "component " + i);
        }
    }

    @Test
    void agreesWithADoublePrecisionConversionOnRandomPixels() {
        Random random = new Random(3);
        float[] rgb = new float[3 * 500];
        for (int i = 0; i < rgb.length; i++) {
            // Dark values exercise the linear pieces of both the gamma curve and the cube root.
            rgb[i] = i % 7 == 0 ? random.nextFloat() * 0.03f : random.nextFloat();
        }
        float[] got = lab(rgb, true);
        for (int p = 0; p < rgb.length / 3; p++) {
            double[] lin = new double[3];
            for (int c = 0; c < 3; c++) {
                double v = rgb[3 * p + c];
                lin[c] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            }
            double[] f = new double[3];
            for (int r = 0; r < 3; r++) {
                double t = 0;
                for (int c = 0; c < 3; c++) {
                    t += LabColor.RGB_TO_XYZ[r][c] * lin[c];
                }
                t /= LabColor.WHITE[r];
                f[r] = t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
            }
            double[] lab = {116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])};
            for (int c = 0; c < 3; c++) {
                double want = (lab[c] - LabColor.MEAN[c]) / LabColor.STD[c];
                assertEquals(want, got[3 * p + c], 2e-4, "pixel " + p + " channel " + c);
            }
        }
    }
}
