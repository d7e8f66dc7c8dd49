package org.kontrast.nn;

/**
 * A named run of columns of an encoder's representation, probed on its own as well as with
 * the rest: CMC's L and ab encoders side by side.
 *
 * @param from the first column
 * @param to   one past the last column
 */
public record RepresentationPart(String name, int from, int to) {
    public RepresentationPart {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("representation part '" + name + "' needs 0 <= from < to, got " + from + ".." + to);
        }
    }

    public int width() {
        return to - from;
    }
}
