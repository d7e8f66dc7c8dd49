package org.kontrast.method;

import org.kontrast.loss.VicregLoss;
import org.kontrast.view.TwoViews;

/**
 * VICReg: SimCLR's wiring with variance, invariance and covariance terms on the raw projections. Bardes et al., "VICReg: Variance-Invariance-Covariance Regularization for Self-Supervised Learning", ICLR 2022.
 */
public final class Vicreg extends SiameseMethod {
    public static final String NAME = "vicreg";

    public Vicreg(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, VicregLoss loss) {
        super(views, encoder, headHidden, headOut, loss, true);
    }

    @Override
    public String name() {
        return NAME;
    }
}
