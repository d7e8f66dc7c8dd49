package org.kontrast.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Creates the variables of one graph with flat unique names and seeded initial
 * values, and remembers them for optimisers and checkpoints.
 * The one mutable registry of a graph under construction; it never leaves the
 * code that builds that graph.
 */
public final class ParameterStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    /** A build-time switch, not state: set only for the duration of one encoder's construction. */
    private boolean normalizedConvolutions;

    private final Ops tf;
    private final long seed;
    private final List<Parameter> parameters;
    private final Set<String> names;
    private final Map<String, Operand<TFloat32>> initialValues;
    /** Set for a momentum copy: the store whose parameters it mirrors, and the prefix of its names. */
    private final ParameterStore online;
    private final String prefix;
    private final Precision precision;
    private final List<Parameter> own;
    /** Put in front of every name asked for here ({@link #scoped}); empty for a whole graph's store. */
    private final String scope;

    public ParameterStore(Ops tf, long seed) {
        this(tf, seed, Precision.FLOAT32);
    }

    /** @param precision the arithmetic of the convolutions and dense layers built here; variables stay float32 */
    public ParameterStore(Ops tf, long seed, Precision precision) {
        this(tf, seed, new ArrayList<>(), new HashSet<>(), new HashMap<>(), null, "", precision, new ArrayList<>(), "");
    }

    private ParameterStore(Ops tf, long seed, List<Parameter> parameters, Set<String> names,
                           Map<String, Operand<TFloat32>> initialValues, ParameterStore online, String prefix, Precision precision,
                           List<Parameter> own, String scope) {
        this.own = own;
        this.scope = scope;
        this.precision = precision;
        this.tf = tf;
        this.seed = seed;
        this.parameters = parameters;
        this.names = names;
        this.initialValues = initialValues;
        this.online = online;
        this.prefix = prefix;
    }

    /**
     * A store for a target network that mirrors this one (MoCo's key encoder, BYOL's
     * and DINO's teacher): building the same layers in it, under the same names,
     * makes non-trainable copies named {@code prefix + name} that start equal to the
     * online parameters. Its variables are checkpointed with the rest.
     */
    public ParameterStore momentumCopy(String prefix) {
        if (online != null) {
            throw new IllegalStateException("a momentum copy cannot itself be copied");
        }
        if (!scope.isEmpty()) {
            throw new IllegalStateException("copy the whole store, then scope the copy as the online network was scoped");
        }
        return new ParameterStore(tf, seed, parameters, names, initialValues, this, prefix, precision, new ArrayList<>(), "");
    }

    /**
     * The same store, with {@code scope} put in front of every name asked for: two encoders of one
     * architecture (CMC's one per view) built in two scopes get distinct parameters. Scoping a
     * momentum copy the same way mirrors the scoped online network.
     */
    public ParameterStore scoped(String scope) {
        return new ParameterStore(tf, seed, parameters, names, initialValues, online, prefix, precision, own, this.scope + scope);
    }

    /** For a momentum copy, its (target, online) parameter pairs in creation order; empty otherwise. */
    public List<Parameter[]> copiedPairs() {
        return own.stream().map(p -> new Parameter[] {p, online.get(p.name().substring(prefix.length()))}).toList();
    }

    /** The parameter of that name, in this graph. */
    public Parameter get(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter named '" + name + "' in this graph"));
    }

    public Precision precision() {
        return precision;
    }

    public Ops tf() {
        return tf;
    }

    /** Whether convolutions built now normalise their kernels ({@link NormalizedConv2d}). */
    public boolean normalizedConvolutions() {
        return normalizedConvolutions;
    }

    /** Runs {@code build} with {@link #normalizedConvolutions()} on, then restores it. */
    <T> T withNormalizedConvolutions(java.util.function.Supplier<T> build) {
        boolean was = normalizedConvolutions;
        normalizedConvolutions = true;
        try {
            return build.get();
        } finally {
            normalizedConvolutions = was;
        }
    }

    /** A trainable parameter; weight decay applies when {@code decayed}. */
    public Parameter trainable(String local, Shape shape, Initializer init, int fanIn, int fanOut, boolean decayed) {
        String name = scope + local;
        if (online != null) {
            Operand<TFloat32> start = initialValues.get(name);
            if (start == null) {
                throw new IllegalArgumentException("momentum copy: no online parameter '" + name
                        + "' to mirror; build the online network first, with the same layer names");
            }
            return add(prefix + name, shape, start, false, false);
        }
        return add(name, shape, initialValue(shape, init, fanIn, fanOut), true, decayed);
    }

    /** Non-trainable state (optimiser slots, queues, counters), starting at zero. */
    public Parameter state(String name, Shape shape) {
        return add(scope + name, shape, initialValue(shape, Initializer.ZEROS, 1, 1), false, false);
    }

    /** Non-trainable state drawn from an initializer (e.g. a queue of random keys). */
    public Parameter state(String name, Shape shape, Initializer init) {
        return add(scope + name, shape, initialValue(shape, init, 1, 1), false, false);
    }

    /** Non-trainable state starting at the given constant. */
    public Parameter state(String name, Shape shape, float value) {
        Operand<TFloat32> init = tf.withInitScope().fill(tf.withInitScope().constant(shape), tf.withInitScope().constant(value));
        return add(scope + name, shape, init, false, false);
    }

    /** A name not used yet, built from {@code base} ({@code base}, {@code base_1}, ...). */
    public String uniqueName(String base) {
        if (!names.contains(base)) {
            return base;
        }
        int i = 1;
        while (names.contains(base + "_" + i)) {
            i++;
        }
        return base + "_" + i;
    }

    public List<Parameter> all() {
        return Collections.unmodifiableList(parameters);
    }

    public List<Parameter> trainable() {
        return parameters.stream().filter(Parameter::trainable).toList();
    }

    private Parameter add(String name, Shape shape, Operand<TFloat32> init, boolean trainable, boolean decayed) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter name must match " + NAME + " (no '/'), got '" + name + "'");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("parameter name '" + name + "' is already used in this graph");
        }
        Variable<TFloat32> variable = tf.withName(name).variable(init);
        Operand<TFloat32> read = tf.withName(name + "_read").identity(variable);
        Parameter p = new Parameter(name, variable, read, shape, trainable, decayed);
        parameters.add(p);
        own.add(p);
        initialValues.put(name, init);
        return p;
    }

    private Operand<TFloat32> initialValue(Shape shape, Initializer init, int fanIn, int fanOut) {
        Ops it = tf.withInitScope();
        Operand<TInt64> dims = it.constant(shape.asArray());
        Operand<TInt64> key = it.constant(new long[] {seed, parameters.size() + 1L});
        return switch (init) {
            case ZEROS -> it.zeros(dims, TFloat32.class);
            case ONES -> it.fill(dims, it.constant(1f));
            case GLOROT_UNIFORM -> {
                float a = (float) Math.sqrt(6.0 / (fanIn + fanOut));
                Operand<TFloat32> u = it.random.statelessRandomUniform(dims, key);
                yield it.math.mul(it.math.sub(it.math.mul(u, it.constant(2f)), it.constant(1f)), it.constant(a));
            }
            case STANDARD_NORMAL -> it.random.statelessRandomNormal(dims, key);
            case HE_NORMAL_FAN_OUT -> {
                float std = (float) Math.sqrt(2.0 / fanOut);
                yield it.math.mul(it.random.statelessRandomNormal(dims, key), it.constant(std));
            }
        };
    }
}
