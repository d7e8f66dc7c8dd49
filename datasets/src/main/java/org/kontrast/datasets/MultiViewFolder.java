package org.kontrast.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kontrast.augment.ImageShape;
import org.kontrast.data.ImageDataset;
import org.kontrast.view.ChannelViews;

/**
 * Aligned views of the same samples, one folder per view, each an image folder of its own:
 * {@code ROOT/<view>/train/<class>/<name>.png} and {@code ROOT/<view>/test/<class>/<name>.png}.
 * A sample's views are the files of the same split, class and name (the extension may
 * differ); every view keeps its images' channels (grey 1, grey + alpha 2, RGB 3, RGBA 4).
 * The views are stacked channel-wise in folder-name order into one dataset, which
 * {@link #views} cuts back apart. Classes and labels are the first view's.
 */
public final class MultiViewFolder {
    public static final String NAME = "multiViewFolder";

    private MultiViewFolder() {
    }

    /** The stacked dataset and the views it is cut into. */
    public record Loaded(Split split, ChannelViews views) {
    }

    public static Loaded load(Path root) {
        List<Path> viewDirs = viewFolders(root);
        List<String> classes = ImageFolder.classes(viewDirs.get(0).resolve(ImageFolder.TRAIN));
        List<Path> allFiles = new ArrayList<>();
        ImageDataset[] parts = new ImageDataset[2];
        int[] channels = null;
        // The first training image of the first view fixes every image's size.
        Path first = null;
        int h = 0;
        int w = 0;
        for (int s = 0; s < 2; s++) {
            String split = s == 0 ? ImageFolder.TRAIN : ImageFolder.TEST;
            List<Map<String, Path>> byView = new ArrayList<>();
            for (Path view : viewDirs) {
                byView.add(samples(view.resolve(split), classes));
            }
            matchNames(viewDirs, byView, split);
            List<String> names = new ArrayList<>(byView.get(0).keySet());
            int n = names.size();
            int[] labels = new int[n];
            byte[][] pixelsByView = new byte[viewDirs.size()][];
            int[] viewChannels = new int[viewDirs.size()];
            for (int v = 0; v < viewDirs.size(); v++) {
                List<Path> files = names.stream().map(byView.get(v)::get).toList();
                allFiles.addAll(files);
                int c = channels == null ? -1 : channels[v];
                for (int i = 0; i < n; i++) {
                    Path f = files.get(i);
                    BufferedImage image = ImageFolder.readImage(f);
                    if (first == null) {
                        first = f;
                        h = image.getHeight();
                        w = image.getWidth();
                    }
                    if (image.getHeight() != h || image.getWidth() != w) {
                        throw new DatasetFormatException(f, image.getWidth() + "x" + image.getHeight() + " pixels, but " + first + " is "
                                + w + "x" + h + "; every view of every sample must have one size");
                    }
                    int bands = bands(image);
                    if (c == -1) {
                        c = bands;
                    } else if (bands != c) {
                        throw new DatasetFormatException(f, bands + " channel(s), but view '" + viewDirs.get(v).getFileName()
                                + "' has " + c + " (from its first image); a view's images must have one channel count");
                    }
                    if (i == 0) {
                        pixelsByView[v] = new byte[n * h * w * c];
                    }
                    copy(image, c, pixelsByView[v], i * h * w * c);
                    if (v == 0) {
                        labels[i] = classes.indexOf(f.getParent().getFileName().toString());
                    }
                }
                viewChannels[v] = c;
            }
            channels = viewChannels;
            ImageShape shape = new ImageShape(h, w, java.util.Arrays.stream(channels).sum());
            parts[s] = new ImageDataset(NAME + "-" + split, interleave(pixelsByView, channels, n * h * w), labels, shape);
        }
        List<String> names = viewDirs.stream().map(p -> p.getFileName().toString()).toList();
        return new Loaded(new Split(parts[0], parts[1], allFiles), ChannelViews.of(names, channels));
    }

    /** The views and their channels, from each view's first training image, without reading the rest. */
    public static ChannelViews views(Path root) {
        List<Path> viewDirs = viewFolders(root);
        List<BufferedImage> firsts = firstImages(viewDirs);
        int[] channels = firsts.stream().mapToInt(MultiViewFolder::bands).toArray();
        return ChannelViews.of(viewDirs.stream().map(p -> p.getFileName().toString()).toList(), channels);
    }

    /** The stacked image shape, from each view's first training image. */
    public static ImageShape shape(Path root) {
        List<BufferedImage> firsts = firstImages(viewFolders(root));
        return new ImageShape(firsts.get(0).getHeight(), firsts.get(0).getWidth(), firsts.stream().mapToInt(MultiViewFolder::bands).sum());
    }

    private static List<BufferedImage> firstImages(List<Path> viewDirs) {
        List<String> classes = ImageFolder.classes(viewDirs.get(0).resolve(ImageFolder.TRAIN));
        return viewDirs.stream()
                .map(v -> ImageFolder.readImage(samples(v.resolve(ImageFolder.TRAIN), classes).values().iterator().next()))
                .toList();
    }

    private static List<Path> viewFolders(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetFormatException(root, "no such folder: a multi-view folder holds one image folder per view "
                    + "(<view>/train/<class>/ and <view>/test/<class>/)");
        }
        List<Path> views = ImageFolder.list(root).stream().filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        for (Path p : views) {
            if (!Files.isDirectory(p)) {
                throw new DatasetFormatException(p, "a file beside the view folders: each view is a folder of its own");
            }
        }
        if (views.size() < 2) {
            throw new DatasetFormatException(root, views.size() + " view folder(s); a multi-view folder needs at least two");
        }
        return views;
    }

    /** A split's files by their key, {@code class/name} without extension. */
    private static Map<String, Path> samples(Path split, List<String> classes) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path f : ImageFolder.files(split, classes)) {
            String key = f.getParent().getFileName() + "/" + stem(f);
            Path before = out.put(key, f);
            if (before != null) {
                throw new DatasetFormatException(f, "has the same name as " + before + " but for its extension; a sample's "
                        + "view must be one file");
            }
        }
        return out;
    }

    private static void matchNames(List<Path> viewDirs, List<Map<String, Path>> byView, String split) {
        Map<String, Path> first = byView.get(0);
        for (int v = 1; v < byView.size(); v++) {
            for (Map.Entry<String, Path> e : byView.get(v).entrySet()) {
                if (!first.containsKey(e.getKey())) {
                    throw new DatasetFormatException(e.getValue(), "no file of that class and name in view '" + viewDirs.get(0).getFileName()
                            + "' (" + viewDirs.get(0).resolve(split) + "); views are matched by class folder and file name");
                }
            }
            for (Map.Entry<String, Path> e : first.entrySet()) {
                if (!byView.get(v).containsKey(e.getKey())) {
                    throw new DatasetFormatException(e.getValue(), "no file of that class and name in view '" + viewDirs.get(v).getFileName()
                            + "' (" + viewDirs.get(v).resolve(split) + "); views are matched by class folder and file name");
                }
            }
        }
    }

    private static String stem(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The channels an image holds: palette images expand to RGB (RGBA with transparency). */
    private static int bands(BufferedImage image) {
        if (image.getColorModel() instanceof IndexColorModel icm) {
            return icm.hasAlpha() ? 4 : 3;
        }
        return image.getRaster().getNumBands();
    }

    /** The image's samples, 8 bits each, pixel by pixel. */
    private static void copy(BufferedImage image, int channels, byte[] out, int at) {
        boolean palette = image.getColorModel() instanceof IndexColorModel;
        int bits = image.getColorModel().getComponentSize(0);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (palette) {
                    int argb = image.getRGB(x, y);
                    out[at++] = (byte) (argb >> 16);
                    out[at++] = (byte) (argb >> 8);
                    out[at++] = (byte) argb;
                    if (channels == 4) {
                        out[at++] = (byte) (argb >>> 24);
                    }
                    continue;
                }
                for (int b = 0; b < channels; b++) {
                    int v = image.getRaster().getSample(x, y, b);
                    out[at++] = (byte) ImageFolder.eightBit(v, bits);
                }
            }
        }
    }

    /** Puts every view's channels of a pixel side by side. */
    private static byte[] interleave(byte[][] views, int[] channels, int pixels) {
        int total = java.util.Arrays.stream(channels).sum();
        byte[] out = new byte[pixels * total];
        for (int p = 0; p < pixels; p++) {
            int at = p * total;
            for (int v = 0; v < views.length; v++) {
                System.arraycopy(views[v], p * channels[v], out, at, channels[v]);
                at += channels[v];
            }
        }
        return out;
    }
}
