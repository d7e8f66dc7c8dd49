package org.kontrast.dsl.recipe

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import org.kontrast.nn.ConvNet as CoreConvNet
import org.kontrast.nn.ResNet18 as CoreResNet18

@Serializable
sealed interface EncoderSpec {
    /** Every convolution normalised (demodulated), keeping activations' scale without batch statistics: core's NormalizedConv2d. */
    val normalizedConv: Boolean

    companion object {
        /** The Keras seed's ConvNet; for CPC its patch encoder, with layer norm for cpcv2. */
        @JvmStatic
        fun defaultFor(method: String): EncoderSpec = when (method) {
            org.kontrast.method.Cpc.NAME -> PatchEncoder()
            org.kontrast.method.CpcV2.NAME -> PatchEncoder(norm = "layer")
            else -> ConvNet()
        }
    }

    /**
     * CPC's patch encoder: three stride-2 convolutions, Dense([hidden]), [norm] ("batch",
     * "layer" or "none"), ReLU. It encodes each patch; any other encoder can too.
     */
    @Serializable
    @SerialName("patchEncoder")
    data class PatchEncoder @JvmOverloads constructor(
        val width: Int = org.kontrast.nn.PatchEncoder.WIDTH_DEFAULT,
        val hidden: Int = org.kontrast.nn.PatchEncoder.HIDDEN_DEFAULT,
        val norm: String = "batch",
        override val normalizedConv: Boolean = false,
    ) : EncoderSpec

    /** The Keras seed's ConvNet; [padding] is "same" or "valid". */
    @Serializable
    @SerialName("convNet")
    data class ConvNet @JvmOverloads constructor(
        val width: Int = CoreConvNet.WIDTH_DEFAULT,
        val depth: Int = CoreConvNet.DEPTH_DEFAULT,
        val padding: String = "same",
        override val normalizedConv: Boolean = false,
    ) : EncoderSpec

    /** ResNet-18, CIFAR stem, GroupNorm with [groups] groups. */
    @Serializable
    @SerialName("resNet18")
    data class ResNet18 @JvmOverloads constructor(
        val groups: Int = CoreResNet18.GROUPS_DEFAULT,
        override val normalizedConv: Boolean = false,
    ) : EncoderSpec
}
