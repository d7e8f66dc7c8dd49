package org.kontrast.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomStream;
import org.kontrast.method.Method;
import org.kontrast.method.MethodContext;
import org.kontrast.method.MethodGraph;
import org.kontrast.method.StateUpdate;
import org.kontrast.nn.Encoding;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.kontrast.nn.Precision;
import org.kontrast.runtime.TensorValues;
import org.kontrast.runtime.TfRuntime;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * One method's whole graph and its session: batch -> augmentation -> views ->
 * encoder -> loss -> gradients -> optimiser, plus an evaluation branch that
 * encodes un-augmented images with the same weights. One {@code run} per step.
 */
public final class Experiment implements AutoCloseable {
    private final Graph graph;
    private final Session session;
    private final Placeholder<TUint8> images;
    private final Placeholder<TInt64> seed;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TFloat32> stepCount;
    private final Placeholder<TFloat32> progress;
    private final Placeholder<TInt32> indices;
    private final Operand<TFloat32> loss;
    private final Op trainStep;
    private final Operand<TBool> weightsFinite;
    private final Placeholder<TUint8> evalImages;
    private final Encoding evalEncoding;
    private final int representationDim;
    private final List<org.kontrast.nn.RepresentationPart> representationParts;
    private final int representationTokens;
    private final int outputDim;
    private final long runSeed;
    private final int parameterCount;

    private Experiment(Method method, ImageShape input, int batchSize, Optimizer optimizer, long runSeed, int threads,
                       DeviceSpec device, Precision precision) {
        this.graph = new Graph();
        this.runSeed = runSeed;
        try {
            // Every op of the step, augmentation included, goes on the one device.
            Ops tf = device == null ? Ops.create(graph) : Ops.create(graph).withDevice(device);
            ParameterStore store = new ParameterStore(tf, runSeed, precision);
            // A static training batch lets grappler and oneDNN plan every op's shapes.
            Shape trainShape = Shape.of(batchSize, input.height(), input.width(), input.channels());
            Shape evalShape = Shape.of(-1, input.height(), input.width(), input.channels());
            images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(trainShape));
            seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            stepCount = tf.withName("step_count").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            progress = tf.withName("progress").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            indices = tf.withName("indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize)));

            MethodGraph m = method.build(new MethodContext(tf, store, toUnit(tf, images), input, new RandomStream(tf, seed), progress,
                    indices));
            loss = m.loss();
            List<Parameter> trainable = store.trainable();
            parameterCount = trainable.stream().mapToInt(p -> (int) p.shape().size()).sum();
            Output<?>[] xs = trainable.stream().map(p -> p.read().asOutput()).toArray(Output<?>[]::new);
            float scale = precision.lossScale();
            // A float16 step differentiates the scaled loss so small gradients do not flush to zero, then unscales.
            Operand<TFloat32> differentiated = scale == 1f ? loss : tf.math.mul(loss, tf.constant(scale));
            Output<?>[] dys = graph.addGradients(differentiated.asOutput(), xs);
            List<Operand<TFloat32>> grads = new ArrayList<>();
            List<org.tensorflow.Operation> gradOps = new ArrayList<>();
            for (Output<?> dy : dys) {
                @SuppressWarnings("unchecked")
                Output<TFloat32> raw = (Output<TFloat32>) dy;
                Operand<TFloat32> g = scale == 1f ? raw : tf.math.mul(raw, tf.constant(1f / scale));
                grads.add(g);
                gradOps.add(g.op());
            }
            Op update = optimizer.apply(tf.withControlDependencyOps(gradOps), store, trainable, grads, learningRate, stepCount);
            List<Op> all = new ArrayList<>();
            all.add(update);
            Ops afterUpdate = tf.withControlDependencies(List.of(update));
            for (StateUpdate u : m.afterUpdate()) {
                all.add(u.build(afterUpdate));
            }
            trainStep = tf.withName("train_step").withControlDependencies(all).noOp();
            weightsFinite = allFinite(tf, store.all());

            evalImages = tf.withName("eval_images").placeholder(TUint8.class, Placeholder.shape(evalShape));
            Operand<TFloat32> evalInput = toUnit(tf, evalImages);
            ImageShape encIn = m.encoderInput();
            if (encIn.height() != input.height() || encIn.width() != input.width()) {
                evalInput = tf.image.resizeBilinear(evalInput, tf.constant(new int[] {encIn.height(), encIn.width()}));
            }
            evalEncoding = m.encoder().encode(evalInput);
            representationDim = m.encoder().representationDim();
            representationParts = m.encoder().representationParts();
            representationTokens = m.encoder().representationTokens();
            outputDim = m.encoder().outputDim();
            session = new Session(graph, TfRuntime.sessionConfig(threads));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Builds the graph and a session; weights start from {@code seed}.
     *
     * @param batchSize the training batch size; every {@link #step} gets exactly this many images
     */
    public static Experiment build(Method method, ImageShape input, int batchSize, Optimizer optimizer, long seed, int threads) {
        return build(method, input, batchSize, optimizer, seed, threads, null, Precision.FLOAT32);
    }

    /**
     * @param device    where every op goes ({@link org.kontrast.runtime.Devices#resolve}); null leaves placement to TensorFlow
     * @param precision the arithmetic of convolutions and dense layers; weights, losses and optimiser stay float32
     */
    public static Experiment build(Method method, ImageShape input, int batchSize, Optimizer optimizer, long seed, int threads,
                                   DeviceSpec device, Precision precision) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("train.batchSize must be >= 2, got " + batchSize);
        }
        return new Experiment(method, input, batchSize, optimizer, seed, threads, device, precision);
    }

    private static Operand<TBool> allFinite(Ops tf, List<Parameter> variables) {
        List<Operand<TBool>> each = new ArrayList<>();
        for (Parameter p : variables) {
            Operand<TBool> finite = tf.math.isFinite(tf.reshape(p.read(), tf.constant(new int[] {-1})));
            each.add(tf.reduceAll(finite, tf.constant(0)));
        }
        return each.isEmpty() ? tf.constant(true) : tf.reduceAll(tf.stack(each), tf.constant(0));
    }

    private static Operand<TFloat32> toUnit(Ops tf, Operand<TUint8> bytes) {
        return tf.math.mul(tf.dtypes.cast(bytes, TFloat32.class), tf.constant(1f / 255f));
    }

    /** {@link #step(TUint8, long, double, double)} at progress 0: for benchmarks, where no schedule runs its course. */
    public float step(TUint8 batch, long step, double lr) {
        return step(batch, step, lr, 0);
    }

    /**
     * One optimisation step on a batch, then the method's state updates; returns the loss before the update.
     *
     * @param step     0-based global step: keys the augmentation randomness and Adam's bias correction
     * @param progress fraction of training done, in [0, 1]: drives momentum schedules
     */
    public float step(TUint8 batch, long step, double lr, double progress) {
        return step(batch, null, step, lr, progress);
    }

    /**
     * {@link #step(TUint8, long, double, double)} with each image's index in the training set,
     * which a memory-bank method (InstDisc, PIRL) needs; null for methods that keep no bank.
     */
    public float step(TUint8 batch, int[] batchIndices, long step, double lr, double progress) {
        try (Result r = run(batch, batchIndices, step, lr, progress, null)) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /**
     * One {@link #step} run under TensorFlow's full trace: the time of every op, for finding
     * where a step goes. Updates the weights like any step.
     */
    public StepStats traceStep(TUint8 batch, long step, double lr) {
        RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
        try (Result r = run(batch, null, step, lr, 0, trace)) {
            return r.getMetadata().map(RunMetadata::getStepStats)
                    .orElseThrow(() -> new IllegalStateException("TensorFlow returned no trace for the step"));
        }
    }

    /** The training step's one Session.run, fetching the loss; traced when {@code options} is given. */
    private Result run(TUint8 batch, int[] batchIndices, long step, double lr, double progress, RunOptions options) {
        if (batchIndices == null && usesIndices()) {
            throw new IllegalArgumentException("this method keeps a memory bank: each step needs its images' dataset indices");
        }
        // Inputs may be closed once run() returns: the Result holds only outputs.
        try (TInt64 s = TInt64.vectorOf(runSeed, step);
             TFloat32 rate = TFloat32.scalarOf((float) lr);
             TFloat32 t = TFloat32.scalarOf(step + 1f);
             TFloat32 p = TFloat32.scalarOf((float) progress);
             TInt32 idx = TInt32.vectorOf(batchIndices == null ? new int[0] : batchIndices)) {
            Session.Runner runner = session.runner()
                    .feed(images, batch).feed(seed, s).feed(learningRate, rate).feed(stepCount, t).feed(this.progress, p)
                    .fetch(loss).addTarget(trainStep);
            if (batchIndices != null) {
                runner.feed(indices, idx);
            }
            return options == null ? runner.run() : runner.setOptions(options).runAndFetchMetadata();
        }
    }

    /** Whether the method reads each image's dataset index (a memory bank), so {@link #step} must be given them. */
    public boolean usesIndices() {
        return ((org.tensorflow.GraphOperation) indices.op()).numConsumers() > 0;
    }

    /** Encodes an un-augmented batch; returns {representation [n * dr], output [n * do]}. */
    public float[][] encode(TUint8 batch) {
        // An encoder whose output is its representation (CPC's mean pooling) must not fetch the one tensor twice.
        boolean same = evalEncoding.output().asOutput().equals(evalEncoding.representation().asOutput());
        Session.Runner runner = session.runner().feed(evalImages, batch).fetch(evalEncoding.representation());
        if (!same) {
            runner.fetch(evalEncoding.output());
        }
        try (Result r = runner.run()) {
            return new float[][] {TensorValues.floats(r.get(0)), TensorValues.floats(r.get(same ? 0 : 1))};
        }
    }

    /** The current value of a variable (weights, optimiser slots, queues, EMA targets), flattened. */
    public float[] variable(String name) {
        if (graph.operation(name) == null) {
            throw new IllegalArgumentException("no variable named '" + name + "' in this experiment");
        }
        try (Result r = session.runner().fetch(name).run()) {
            return TensorValues.floats(r.get(0));
        }
    }

    /** Writes every variable (weights, optimiser slots, state) under a checkpoint prefix. */
    public void save(Path prefix) {
        session.save(prefix.toString());
    }

    /** Loads every variable from a checkpoint prefix; a checkpoint of another graph is refused by name. */
    public void restore(Path prefix) {
        try {
            session.restore(prefix.toString());
        } catch (TensorFlowException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalStateException("cannot restore the checkpoint " + prefix.getParent()
                    + " into this experiment (" + first + ")", e);
        }
    }

    /** The seed of the weights' initialisation and of the augmentation stream. */
    public long seed() {
        return runSeed;
    }

    /** Whether every variable (weights, optimiser slots, queues, EMA targets) is free of NaN and infinity. */
    public boolean weightsFinite() {
        try (Result r = session.runner().fetch(weightsFinite).run()) {
            return ((TBool) r.get(0)).getBoolean();
        }
    }

    public int representationDim() {
        return representationDim;
    }

    /** The representation's positions, as {@link org.kontrast.nn.Encoder#representationTokens}. */
    public int representationTokens() {
        return representationTokens;
    }

    /** The representation's separately probed parts (CMC's views); empty when it is one whole. */
    public List<org.kontrast.nn.RepresentationPart> representationParts() {
        return representationParts;
    }

    public int outputDim() {
        return outputDim;
    }

    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
