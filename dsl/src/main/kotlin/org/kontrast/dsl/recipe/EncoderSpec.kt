package org.kontrast.dsl.recipe

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import org.kontrast.nn.ConvNet as CoreConvNet
import org.kontrast.nn.ResNet18 as CoreResNet18

@Serializable
sealed interface EncoderSpec {
    /** The Keras seed's ConvNet; [padding] is "same" or "valid". */
    @Serializable
    @SerialName("convNet")
    data class ConvNet @JvmOverloads constructor(
        val width: Int = CoreConvNet.WIDTH_DEFAULT,
        val depth: Int = CoreConvNet.DEPTH_DEFAULT,
        val padding: String = "same",
    ) : EncoderSpec

    /** ResNet-18, CIFAR stem, GroupNorm with [groups] groups. */
    @Serializable
    @SerialName("resNet18")
    data class ResNet18 @JvmOverloads constructor(val groups: Int = CoreResNet18.GROUPS_DEFAULT) : EncoderSpec
}
