package org.kontrast.method;

import org.kontrast.loss.TwistLoss;
import org.kontrast.view.TwoViews;

/**
 * TWIST: SimCLR's wiring with twin class distributions: consistent, sharp and diverse. Wang et al., "Self-Supervised Learning by Estimating Twin Class Distributions", 2021.
 */
public final class Twist extends SiameseMethod {
    public static final String NAME = "twist";

    public Twist(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, TwistLoss loss) {
        super(views, encoder, headHidden, headOut, loss, true);
    }

    @Override
    public String name() {
        return NAME;
    }
}
