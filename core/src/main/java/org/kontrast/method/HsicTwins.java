package org.kontrast.method;

import org.kontrast.loss.HsicLoss;
import org.kontrast.view.TwoViews;

/**
 * HSIC Twins: Barlow Twins with the off-diagonal target at -1, from HSIC maximisation. Tsai et al., "A Note on Connecting Barlow Twins with Negative-Sample-Free Contrastive Learning", 2021.
 */
public final class HsicTwins extends SiameseMethod {
    public static final String NAME = "hsictwins";

    public HsicTwins(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, HsicLoss loss) {
        super(views, encoder, headHidden, headOut, loss, true);
    }

    @Override
    public String name() {
        return NAME;
    }
}
