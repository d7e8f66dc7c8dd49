package org.kontrast.kernel

/**
 * How a live display reaches the notebook from library code: the script's own
 * DISPLAY and UPDATE_DISPLAY, handed over by a snippet the integration runs when it
 * loads. (A host captured in a before-cell callback displays nowhere in kernel
 * 0.11.) Null outside a kernel: progress is then simply not shown.
 */
class DisplayBridge(val display: (Any, String?) -> Unit, val update: (Any, String) -> Unit)

object KernelDisplay {
    @Volatile
    var bridge: DisplayBridge? = null

    /** The snippet, run in the kernel, that installs the bridge. */
    internal const val INSTALL = "org.kontrast.kernel.KernelDisplay.bridge = org.kontrast.kernel.DisplayBridge(" +
        "{ v, id -> DISPLAY(v, id) }, { v, id -> UPDATE_DISPLAY(v, id) })"
}
