package org.kontrast.method;

import org.kontrast.loss.DecoupledContrastive;
import org.kontrast.view.TwoViews;

/**
 * DCCLR: SimCLR's wiring with the decoupled contrastive loss, which drops the positive from the denominator and so needs smaller batches. Yeh et al., "Decoupled Contrastive Learning", ECCV 2022.
 */
public final class Dcclr extends SiameseMethod {
    public static final String NAME = "dcclr";

    public Dcclr(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, DecoupledContrastive loss) {
        super(views, encoder, headHidden, headOut, loss, false);
    }

    @Override
    public String name() {
        return NAME;
    }
}
