package org.kontrast.dsl.recipe

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import org.kontrast.loss.NtXentLoss

@Serializable
sealed interface LossSpec {
    @Serializable
    @SerialName("ntXent")
    data class NtXent @JvmOverloads constructor(val temperature: Double = NtXentLoss.TEMPERATURE_DEFAULT) : LossSpec
}
