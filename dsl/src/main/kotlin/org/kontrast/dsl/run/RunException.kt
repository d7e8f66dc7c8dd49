package org.kontrast.dsl.run

/** A run directory that cannot be used as asked (in use, edited, not a run); the message names it and says why. */
class RunException(message: String, cause: Throwable? = null) : RuntimeException(message, cause)
