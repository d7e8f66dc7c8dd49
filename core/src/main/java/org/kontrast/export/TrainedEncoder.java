package org.kontrast.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.kotlinx.dl.api.inference.InferenceModel;
import org.kontrast.augment.ImageShape;
import org.kontrast.method.EncoderFactory;
import org.kontrast.nn.Encoding;
import org.kontrast.nn.ParameterStore;
import org.kontrast.runtime.TensorValues;
import org.kontrast.runtime.TfRuntime;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A trained encoder for inference: NHWC images in [0, 1] (any size; resized to the
 * size it was trained at) to its representation, the features a linear probe reads,
 * or its output, what the projection head read. Built from a checkpoint or loaded
 * from a SavedModel that {@link #exportSavedModel} wrote; either way it is a
 * KotlinDL {@link InferenceModel} whose soft prediction is the embedding.
 */
public final class TrainedEncoder implements InferenceModel {
    /** The serving signature's key, input and outputs. */
    public static final String SIGNATURE = Signature.DEFAULT_KEY;
    public static final String INPUT = "images";
    public static final String REPRESENTATION = "representation";
    public static final String OUTPUT = "output";
    private static final String INPUT_SIZE = "input_size";
    /** Images per Session.run when embedding many. */
    public static final int BATCH_DEFAULT = 256;

    private final Graph graph;
    private final Session session;
    private final SavedModelBundle bundle;
    private final Output<?> input;
    private final Map<String, Output<?>> outputs;
    private final int channels;
    private final long[] inputDimensions;
    private final Reloader reload;

    @FunctionalInterface
    private interface Reloader {
        TrainedEncoder get();
    }

    private TrainedEncoder(Graph graph, Session session, SavedModelBundle bundle, Output<?> input, Map<String, Output<?>> outputs,
                           long[] inputDimensions, Reloader reload) {
        this.graph = graph;
        this.session = session;
        this.bundle = bundle;
        this.input = input;
        this.outputs = outputs;
        this.inputDimensions = inputDimensions.clone();
        this.channels = (int) inputDimensions[2];
        this.reload = reload;
    }

    /**
     * The encoder of a checkpoint: the same layer code under the same names as in
     * training, restored from {@code checkpointPrefix}.
     *
     * @param input        the images it will be given (the dataset's shape)
     * @param encoderInput the shape the encoder was trained on (the views' shape)
     */
    public static TrainedEncoder fromCheckpoint(EncoderFactory factory, ImageShape input, ImageShape encoderInput,
                                                Path checkpointPrefix, int threads) {
        Graph g = new Graph();
        try {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> images = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, encoderInput.channels())));
            // Bilinear resizing to the same size is the identity, so every input takes this one path.
            Operand<TFloat32> resized = tf.image.resizeBilinear(images,
                    tf.withName(INPUT_SIZE).constant(new int[] {encoderInput.height(), encoderInput.width()}));
            Encoding e = factory.create(new ParameterStore(tf, 0), encoderInput).encode(resized);
            Map<String, Output<?>> outs = new LinkedHashMap<>();
            outs.put(REPRESENTATION, tf.withName(REPRESENTATION).identity(e.representation()).asOutput());
            outs.put(OUTPUT, tf.withName(OUTPUT).identity(e.output()).asOutput());
            Session s = new Session(g, TfRuntime.sessionConfig(threads));
            try {
                s.restore(checkpointPrefix.toString());
            } catch (RuntimeException ex) {
                s.close();
                throw new IllegalArgumentException(checkpointPrefix + ": cannot restore the encoder from this checkpoint ("
                        + ex.getMessage() + ")", ex);
            }
            return new TrainedEncoder(g, s, null, images.asOutput(), outs,
                    new long[] {input.height(), input.width(), input.channels()},
                    () -> fromCheckpoint(factory, input, encoderInput, checkpointPrefix, threads));
        } catch (RuntimeException ex) {
            g.close();
            throw ex;
        }
    }

    /** Loads a SavedModel written by {@link #exportSavedModel}; its inputs default to the size it was trained at. */
    public static TrainedEncoder loadSavedModel(Path dir) {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException(dir + ": not a SavedModel directory (no saved_model.pb)");
        }
        SavedModelBundle b = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
        try {
            Signature sig = b.signatures().stream().filter(s -> s.key().equals(SIGNATURE)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(dir + ": no '" + SIGNATURE + "' signature"));
            Signature.TensorDescription in = sig.getInputs().get(INPUT);
            if (in == null || !sig.getOutputs().containsKey(REPRESENTATION) || !sig.getOutputs().containsKey(OUTPUT)) {
                throw new IllegalArgumentException(dir + ": the '" + SIGNATURE + "' signature must have input '" + INPUT
                        + "' and outputs '" + REPRESENTATION + "', '" + OUTPUT + "'; it has " + sig);
            }
            Map<String, Output<?>> outs = new LinkedHashMap<>();
            for (String k : List.of(REPRESENTATION, OUTPUT)) {
                outs.put(k, b.graph().outputOrThrow(sig.getOutputs().get(k).name));
            }
            long[] dims = trainedSize(b, in.shape);
            return new TrainedEncoder(b.graph(), b.session(), b, b.graph().outputOrThrow(in.name), outs, dims,
                    () -> loadSavedModel(dir));
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** The size the encoder was trained at: the constant its resize op reads. */
    private static long[] trainedSize(SavedModelBundle b, Shape input) {
        if (b.graph().operation(INPUT_SIZE) == null) {
            throw new IllegalArgumentException("the SavedModel has no '" + INPUT_SIZE + "' constant: it was not written by Kontrast");
        }
        try (Result r = b.session().runner().fetch(INPUT_SIZE).run()) {
            TInt32 t = (TInt32) r.get(0);
            return new long[] {t.getInt(0), t.getInt(1), input.size(3)};
        }
    }

    /**
     * Writes this encoder as a TensorFlow SavedModel with a '{@value #SIGNATURE}' signature. It is
     * written beside {@code dir} first and moved into place whole, and never over existing files.
     */
    public void exportSavedModel(Path dir) {
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        try {
            if (Files.exists(dir) && (!Files.isDirectory(dir) || hasEntries(dir))) {
                throw new IllegalArgumentException(dir + ": exists and is not empty; choose a new directory");
            }
            deleteTree(partial);
            Signature.Builder sig = Signature.builder().key(SIGNATURE).input(INPUT, input);
            outputs.forEach(sig::output);
            SavedModelBundle.exporter(partial.toString()).withSession(session).withSignature(sig.build()).export();
            Files.deleteIfExists(dir);
            Files.move(partial, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the SavedModel (" + e.getMessage() + ")", e);
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /**
     * Embeds {@code n} images given as NHWC floats in [0, 1] of size {@link #getInputDimensions()}.
     *
     * @param output {@value #REPRESENTATION} or {@value #OUTPUT}
     * @return one row per image
     */
    public float[][] embed(float[] images, int n, String output) {
        Output<?> out = outputs.get(output);
        if (out == null) {
            throw new IllegalArgumentException("output must be one of " + outputs.keySet() + ", got '" + output + "'");
        }
        long per = inputDimensions[0] * inputDimensions[1] * inputDimensions[2];
        if (n < 0 || images.length != n * per) {
            throw new IllegalArgumentException("expected " + n + " images of " + inputDimensions[0] + "x" + inputDimensions[1]
                    + "x" + inputDimensions[2] + " = " + (n * per) + " floats, got " + images.length);
        }
        List<float[]> rows = new ArrayList<>(n);
        for (int from = 0; from < n; from += BATCH_DEFAULT) {
            int count = Math.min(BATCH_DEFAULT, n - from);
            float[] slice = java.util.Arrays.copyOfRange(images, (int) (from * per), (int) ((from + count) * per));
            Shape shape = Shape.of(count, inputDimensions[0], inputDimensions[1], inputDimensions[2]);
            try (TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(slice, true, false));
                 Result r = session.runner().feed(input, x).fetch(out).run()) {
                TFloat32 y = (TFloat32) r.get(0);
                int d = (int) y.shape().size(1);
                float[] flat = TensorValues.floats(y);
                for (int i = 0; i < count; i++) {
                    rows.add(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
                }
            }
        }
        return rows.toArray(float[][]::new);
    }

    /** Embeds images of any size (resized to {@link #getInputDimensions()}); RGB, or gray for one channel. */
    public float[][] embed(List<BufferedImage> images, String output) {
        int h = (int) inputDimensions[0];
        int w = (int) inputDimensions[1];
        float[] flat = new float[images.size() * h * w * channels];
        int at = 0;
        for (BufferedImage img : images) {
            BufferedImage scaled = img;
            if (img.getWidth() != w || img.getHeight() != h) {
                scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                var g = scaled.createGraphics();
                g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(img, 0, 0, w, h, null);
                g.dispose();
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = scaled.getRGB(x, y);
                    float r = ((rgb >> 16) & 0xff) / 255f;
                    float gr = ((rgb >> 8) & 0xff) / 255f;
                    float b = (rgb & 0xff) / 255f;
                    if (channels == 1) {
                        flat[at++] = 0.299f * r + 0.587f * gr + 0.114f * b;
                    } else {
                        flat[at++] = r;
                        flat[at++] = gr;
                        flat[at++] = b;
                    }
                }
            }
        }
        return embed(flat, images.size(), output);
    }

    /** One row per variable: name, shape and parameter count, with the total and the input and output shapes. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-40s %-22s %12s%n", "variable", "shape", "parameters"));
        long total = 0;
        List<GraphOperation> vars = new ArrayList<>();
        for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
            GraphOperation op = it.next();
            if (op.type().equals("VariableV2")) {
                vars.add(op);
            }
        }
        vars.sort(java.util.Comparator.comparing(GraphOperation::name));
        for (GraphOperation v : vars) {
            Shape s = v.output(0).shape();
            total += s.size();
            sb.append(String.format("%-40s %-22s %,12d%n", v.name(), s, s.size()));
        }
        sb.append(String.format("input  %s: [n, %d, %d, %d] floats in [0, 1]%n", INPUT, inputDimensions[0], inputDimensions[1],
                inputDimensions[2]));
        outputs.forEach((k, o) -> sb.append(String.format("output %s: %s%n", k, o.shape())));
        sb.append(String.format("total parameters: %,d%n", total));
        return sb.toString();
    }

    /** The number of floats per embedding of {@code output}. */
    public int dim(String output) {
        Output<?> o = outputs.get(output);
        if (o == null) {
            throw new IllegalArgumentException("output must be one of " + outputs.keySet() + ", got '" + output + "'");
        }
        return (int) o.shape().size(1);
    }

    // KotlinDL's InferenceModel: one image in, its embedding out.

    @Override
    public long[] getInputDimensions() {
        return inputDimensions.clone();
    }

    /** The index of the embedding's largest feature: KotlinDL's predict is the arg max of {@link #predictSoftly}. */
    @Override
    public int predict(float[] image) {
        float[] e = predictSoftly(image, REPRESENTATION);
        int best = 0;
        for (int i = 1; i < e.length; i++) {
            if (e[i] > e[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The embedding of one image; {@code outputName} is {@value #REPRESENTATION} or {@value #OUTPUT} (empty: the first). */
    @Override
    public float[] predictSoftly(float[] image, String outputName) {
        String name = outputName == null || outputName.isEmpty() ? REPRESENTATION : outputName;
        return embed(image, 1, name)[0];
    }

    /** Sets the image size {@link #embed} and {@link #predict} take; the channels are fixed by training. */
    @Override
    public void reshape(long... dims) {
        if (dims.length != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] != channels) {
            throw new IllegalArgumentException("reshape takes (height, width, " + channels + "), got " + java.util.Arrays.toString(dims));
        }
        System.arraycopy(dims, 0, inputDimensions, 0, 3);
    }

    /** A new encoder with its own session, loaded again from the same checkpoint or SavedModel. */
    @Override
    public InferenceModel copy(String copiedModelName, boolean saveOptimizerState, boolean copyWeights) {
        if (!copyWeights) {
            throw new IllegalArgumentException("a TrainedEncoder is its weights: copy it with copyWeights = true");
        }
        TrainedEncoder c = reload.get();
        c.reshape(inputDimensions);
        return c;
    }

    @Override
    public void close() {
        if (bundle != null) {
            bundle.close();
        } else {
            session.close();
            graph.close();
        }
    }
}
