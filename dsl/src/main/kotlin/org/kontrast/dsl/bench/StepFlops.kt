package org.kontrast.dsl.bench

import org.kontrast.nn.Conv2d
import org.kontrast.nn.Padding
import org.kontrast.nn.ResNet18

/**
 * Counted multiply-add FLOPs (2 per MAC) of one SimCLR training step on 2N views:
 * convolutions and dense layers forward, times 3 for forward + both backward
 * products, plus the N-by-N similarity matrix. Normalisations, activations and the
 * optimiser are left out, as they are a small fraction and not matmul-bound.
 */
object StepFlops {
    private const val TRAIN_FACTOR = 3.0

    /** Forward FLOPs of one view through the peer's ConvNet (4 x Conv(128, 3, s2, VALID), Dense(128)) and head. */
    fun convNetForward(size: Int, channels: Int, width: Int = 128, head: Int = 128): Double {
        var s = size
        var cin = channels
        var flops = 0.0
        repeat(4) {
            s = Conv2d.outputSize(s, 3, 2, Padding.VALID)
            flops += 2.0 * s * s * width * 9 * cin
            cin = width
        }
        flops += 2.0 * (s * s * width) * width
        return flops + headForward(width, head)
    }

    /** Forward FLOPs of one view through ResNet-18 (CIFAR stem) and the head. */
    fun resNet18Forward(size: Int, channels: Int, head: Int = 128): Double {
        var s = size
        var flops = 2.0 * s * s * 64 * 9 * channels
        var cin = 64
        for ((stage, width) in ResNet18.WIDTHS.withIndex()) {
            for (block in 0 until ResNet18.BLOCKS_PER_STAGE) {
                val stride = if (stage > 0 && block == 0) 2 else 1
                val out = Conv2d.outputSize(s, 3, stride, Padding.SAME)
                flops += 2.0 * out * out * width * 9 * cin + 2.0 * out * out * width * 9 * width
                if (stride != 1 || cin != width) flops += 2.0 * out * out * width * cin
                s = out
                cin = width
            }
        }
        return flops + headForward(512, head)
    }

    private fun headForward(input: Int, head: Int) = 2.0 * input * head + 2.0 * head * head

    /** Training FLOPs of one step of [batch] images (2 x batch views), loss included. */
    fun step(forwardPerView: Double, batch: Int, embedding: Int = 128): Double {
        val views = 2.0 * batch
        return TRAIN_FACTOR * (views * forwardPerView + 2.0 * views * views * embedding)
    }
}
