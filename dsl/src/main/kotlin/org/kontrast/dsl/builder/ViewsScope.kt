package org.kontrast.dsl.builder

import org.kontrast.augment.ColorJitter
import org.kontrast.augment.GaussianBlur
import org.kontrast.augment.HorizontalFlip
import org.kontrast.augment.RandomGrayscale
import org.kontrast.augment.RandomResizedCrop
import org.kontrast.dsl.recipe.AugmentationSpec
import org.kontrast.dsl.recipe.Interval
import org.kontrast.dsl.recipe.PatchGridSpec
import org.kontrast.dsl.recipe.ViewsSpec
import org.kontrast.view.PatchGrid

@KontrastDsl
class ViewsScope internal constructor(private var spec: ViewsSpec) {
    /** Two views of each image through the same augmentations, in the order given. */
    fun twoViews(block: AugmentationsScope.() -> Unit) {
        spec = spec.copy(augmentations = AugmentationsScope().apply(block).augmentations.toList())
    }

    /**
     * CPC's patch grid: [size] x [size] patches at [stride] (64 px: a 7x7 grid); [colorDrop]
     * and [patchAugment] are CPC v2's per-patch colour dropping and crop-and-flip; [standardize]
     * scales each patch to zero mean and unit variance per channel; [pooling] "mean" or "pyramid"
     * is how evaluation pools the patch features.
     */
    fun patchGrid(size: Int = PatchGrid.SIZE_DEFAULT, stride: Int = PatchGrid.STRIDE_DEFAULT,
                  colorDrop: Boolean = false, patchAugment: Boolean = false, standardize: Boolean = false, pooling: String = "mean") {
        spec = spec.copy(patchGrid = PatchGridSpec(size, stride, colorDrop, patchAugment, standardize, pooling))
    }

    internal fun build() = spec
}

/** Each call appends one augmentation; the defaults are SimCLR's (appendix A). */
@KontrastDsl
class AugmentationsScope internal constructor() {
    internal val augmentations = mutableListOf<AugmentationSpec>()

    /** [size] 0 keeps the input size. */
    fun randomResizedCrop(
        size: Int = 0,
        scale: ClosedFloatingPointRange<Double> = RandomResizedCrop.SCALE_MIN_DEFAULT..RandomResizedCrop.SCALE_MAX_DEFAULT,
        ratio: ClosedFloatingPointRange<Double> = RandomResizedCrop.RATIO_MIN_DEFAULT..RandomResizedCrop.RATIO_MAX_DEFAULT,
    ) {
        augmentations += AugmentationSpec.RandomResizedCrop(size, scale.toInterval(), ratio.toInterval())
    }

    fun horizontalFlip(p: Double = HorizontalFlip.P_DEFAULT) {
        augmentations += AugmentationSpec.HorizontalFlip(p)
    }

    fun colorJitter(
        brightness: Double = ColorJitter.BRIGHTNESS_DEFAULT,
        contrast: Double = ColorJitter.CONTRAST_DEFAULT,
        saturation: Double = ColorJitter.SATURATION_DEFAULT,
        hue: Double = ColorJitter.HUE_DEFAULT,
        p: Double = ColorJitter.P_DEFAULT,
    ) {
        augmentations += AugmentationSpec.ColorJitter(brightness, contrast, saturation, hue, p)
    }

    fun randomGrayscale(p: Double = RandomGrayscale.P_DEFAULT) {
        augmentations += AugmentationSpec.RandomGrayscale(p)
    }

    fun gaussianBlur(
        sigma: ClosedFloatingPointRange<Double> = GaussianBlur.SIGMA_MIN_DEFAULT..GaussianBlur.SIGMA_MAX_DEFAULT,
        kernelFraction: Double = GaussianBlur.KERNEL_FRACTION_DEFAULT,
        p: Double = GaussianBlur.P_DEFAULT,
    ) {
        augmentations += AugmentationSpec.GaussianBlur(sigma.toInterval(), kernelFraction, p)
    }

    private fun ClosedFloatingPointRange<Double>.toInterval() = Interval(start, endInclusive)
}
