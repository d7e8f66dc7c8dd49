package org.kontrast.kernel

/** A Kontrast error as one clear line, the same words the CLI prints after "kontrast: ". */
internal object ErrorBox {
    fun html(e: Throwable): String =
        """<div style="border-left:4px solid #c0392b;padding:6px 10px;background:#fdf2f2;font-family:monospace;white-space:pre-wrap">""" +
            "kontrast: ${Html.escape(e.message ?: e.javaClass.simpleName)}</div>"
}
