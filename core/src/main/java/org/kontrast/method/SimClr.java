package org.kontrast.method;

import org.kontrast.loss.ContrastiveLoss;
import org.kontrast.view.TwoViews;

/**
 * SimCLR: two views, one shared encoder and projection head, a contrastive loss
 * on the projections. Chen et al., "A Simple Framework for Contrastive Learning
 * of Visual Representations", ICML 2020.
 */
public final class SimClr extends SiameseMethod {
    public static final String NAME = "simclr";

    public SimClr(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, ContrastiveLoss loss) {
        super(views, encoder, headHidden, headOut, loss, false);
    }

    @Override
    public String name() {
        return NAME;
    }
}
