package org.kontrast.method;

import java.util.EnumSet;
import org.kontrast.nn.ContextNetwork;
import org.kontrast.nn.PatchEncoder;
import org.kontrast.nn.PatchGridEncoder;

/**
 * CPC v2: CPC with layer normalisation in the patch encoder instead of batch
 * statistics, predictions from all four directions, colour dropping and patch
 * augmentation. Hénaff et al., "Data-Efficient Image Recognition with Contrastive
 * Predictive Coding", ICML 2020, section 4.1. Runs as {@link Cpc} with these settings.
 */
public final class CpcV2 {
    public static final String NAME = "cpcv2";
    public static final PatchEncoder.Norm NORM_DEFAULT = PatchEncoder.Norm.LAYER;

    private CpcV2() {
    }

    /** Every v2 change switched on. */
    public static Cpc.Settings settings() {
        return new Cpc.Settings(Cpc.CODE_SIZE_DEFAULT, Cpc.OFFSETS_DEFAULT, EnumSet.allOf(CpcDirection.class),
                ContextNetwork.WIDTH_DEFAULT, ContextNetwork.LAYERS_DEFAULT, true, true, false,
                PatchGridEncoder.Pooling.MEAN);
    }
}
