package org.kontrast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WarmupCosineTest {
    @Test
    void rampsLinearlyThenFollowsHalfACosine() {
        WarmupCosine s = new WarmupCosine(1.0, 10, 110);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(1.0, s.at(9), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.5, s.at(60), 1e-12);            // halfway through the decay: (1 + cos(pi / 2)) / 2
        assertEquals(0.0, s.at(110), 1e-12);
    }
}
