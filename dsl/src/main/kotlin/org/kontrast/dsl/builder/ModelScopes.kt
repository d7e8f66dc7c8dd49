package org.kontrast.dsl.builder

import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.HeadSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.loss.NtXentLoss
import org.kontrast.nn.ConvNet
import org.kontrast.nn.ProjectionHead
import org.kontrast.nn.ResNet18

@KontrastDsl
class EncoderScope internal constructor(private var spec: EncoderSpec) {
    /** The Keras seed's ConvNet; [padding] "same" or "valid". */
    fun convNet(width: Int = ConvNet.WIDTH_DEFAULT, depth: Int = ConvNet.DEPTH_DEFAULT, padding: String = "same") {
        spec = EncoderSpec.ConvNet(width, depth, padding)
    }

    /** ResNet-18, CIFAR stem, GroupNorm. */
    fun resNet18(groups: Int = ResNet18.GROUPS_DEFAULT) {
        spec = EncoderSpec.ResNet18(groups)
    }

    internal fun build() = spec
}

@KontrastDsl
class HeadScope internal constructor(private var spec: HeadSpec) {
    /** SimCLR's projection MLP: Dense(hidden) -> ReLU -> Dense(out). */
    fun projection(hidden: Int = ProjectionHead.HIDDEN_DEFAULT, out: Int = ProjectionHead.OUT_DEFAULT) {
        spec = HeadSpec(hidden, out)
    }

    internal fun build() = spec
}

@KontrastDsl
class LossScope internal constructor(private var spec: LossSpec) {
    fun ntXent(temperature: Double = NtXentLoss.TEMPERATURE_DEFAULT) {
        spec = LossSpec.NtXent(temperature)
    }

    internal fun build() = spec
}
