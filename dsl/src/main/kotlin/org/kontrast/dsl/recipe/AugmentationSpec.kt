package org.kontrast.dsl.recipe

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import org.kontrast.augment.ColorJitter as CoreColorJitter
import org.kontrast.augment.GaussianBlur as CoreGaussianBlur
import org.kontrast.augment.HorizontalFlip as CoreHorizontalFlip
import org.kontrast.augment.RandomGrayscale as CoreRandomGrayscale
import org.kontrast.augment.RandomResizedCrop as CoreRandomResizedCrop

/** One augmentation of a view; the `type` names it as the core class does. */
@Serializable
sealed interface AugmentationSpec {
    /** [size] 0 keeps the dataset's image size. */
    @Serializable
    @SerialName("randomResizedCrop")
    data class RandomResizedCrop @JvmOverloads constructor(
        val size: Int = 0,
        val scale: Interval = Interval(CoreRandomResizedCrop.SCALE_MIN_DEFAULT, CoreRandomResizedCrop.SCALE_MAX_DEFAULT),
        val ratio: Interval = Interval(CoreRandomResizedCrop.RATIO_MIN_DEFAULT, CoreRandomResizedCrop.RATIO_MAX_DEFAULT),
    ) : AugmentationSpec

    @Serializable
    @SerialName("horizontalFlip")
    data class HorizontalFlip @JvmOverloads constructor(val p: Double = CoreHorizontalFlip.P_DEFAULT) : AugmentationSpec

    @Serializable
    @SerialName("colorJitter")
    data class ColorJitter @JvmOverloads constructor(
        val brightness: Double = CoreColorJitter.BRIGHTNESS_DEFAULT,
        val contrast: Double = CoreColorJitter.CONTRAST_DEFAULT,
        val saturation: Double = CoreColorJitter.SATURATION_DEFAULT,
        val hue: Double = CoreColorJitter.HUE_DEFAULT,
        val p: Double = CoreColorJitter.P_DEFAULT,
    ) : AugmentationSpec

    @Serializable
    @SerialName("randomGrayscale")
    data class RandomGrayscale @JvmOverloads constructor(val p: Double = CoreRandomGrayscale.P_DEFAULT) : AugmentationSpec

    @Serializable
    @SerialName("gaussianBlur")
    data class GaussianBlur @JvmOverloads constructor(
        val sigma: Interval = Interval(CoreGaussianBlur.SIGMA_MIN_DEFAULT, CoreGaussianBlur.SIGMA_MAX_DEFAULT),
        val kernelFraction: Double = CoreGaussianBlur.KERNEL_FRACTION_DEFAULT,
        val p: Double = CoreGaussianBlur.P_DEFAULT,
    ) : AugmentationSpec
}
