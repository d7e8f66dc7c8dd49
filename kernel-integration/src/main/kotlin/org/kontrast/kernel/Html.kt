package org.kontrast.kernel

/** Small HTML helpers for the renderers. */
internal object Html {
    fun escape(s: String): String = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")

    fun table(rows: List<Pair<String, String>>): String = rows.joinToString("", "<table style=\"border-collapse:collapse\">", "</table>") {
        "<tr><td style=\"padding:2px 12px 2px 0;color:#555\">${escape(it.first)}</td><td style=\"padding:2px 0\"><b>${escape(it.second)}</b></td></tr>"
    }

    /** An SVG document inlined in HTML (the XML prolog, if any, removed), so an exported page shows it offline. */
    fun inlineSvg(svg: String): String = svg.substringAfter("?>").trim().let { "<div style=\"display:inline-block\">$it</div>" }
}
