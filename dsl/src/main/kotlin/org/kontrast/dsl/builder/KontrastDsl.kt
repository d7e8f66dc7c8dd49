package org.kontrast.dsl.builder

/** Marks the DSL's scopes, so an inner block cannot call an outer block's functions by accident. */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
annotation class KontrastDsl
