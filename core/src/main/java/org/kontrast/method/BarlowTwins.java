package org.kontrast.method;

import org.kontrast.loss.BarlowTwinsLoss;
import org.kontrast.view.TwoViews;

/**
 * Barlow Twins: SimCLR's wiring with a loss that drives the views' cross-correlation to the identity; no negatives. Zbontar et al., "Barlow Twins: Self-Supervised Learning via Redundancy Reduction", ICML 2021.
 */
public final class BarlowTwins extends SiameseMethod {
    public static final String NAME = "barlowtwins";

    public BarlowTwins(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, BarlowTwinsLoss loss) {
        super(views, encoder, headHidden, headOut, loss, true);
    }

    @Override
    public String name() {
        return NAME;
    }
}
