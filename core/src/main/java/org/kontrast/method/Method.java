package org.kontrast.method;

/** A self-supervised method: how views, encoder, heads and loss are wired into one graph. */
public interface Method {
    /** The stable name it is registered under. */
    String name();

    MethodGraph build(MethodContext context);
}
