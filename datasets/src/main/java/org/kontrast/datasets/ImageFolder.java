package org.kontrast.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.kontrast.augment.ImageShape;
import org.kontrast.data.ImageDataset;

/**
 * Images in class folders, as torchvision's ImageFolder and Keras's
 * {@code image_dataset_from_directory} read them: {@code ROOT/train/<class>/*.png}
 * and {@code ROOT/test/<class>/*.png} (any format ImageIO reads: PNG, JPEG, BMP,
 * GIF). Classes are the train folder's sub-folder names in sorted order; every image
 * must have the size of the first; any colour image makes the set RGB. Hidden files
 * are skipped; anything else that is not a readable image is an error naming it.
 */
public final class ImageFolder {
    public static final String NAME = "imageFolder";
    static final String TRAIN = "train";
    static final String TEST = "test";
    /** 4096 x 4096: far above what contrastive pre-training reads, far below what exhausts memory. */
    static final long MAX_PIXELS = 4096L * 4096L;

    private ImageFolder() {
    }

    public static Split load(Path root) {
        List<String> classes = classes(root.resolve(TRAIN));
        List<Path> trainFiles = files(root.resolve(TRAIN), classes);
        List<Path> testFiles = files(root.resolve(TEST), classes);
        List<BufferedImage> train = read(trainFiles);
        List<BufferedImage> test = read(testFiles);
        Path first = trainFiles.get(0);
        BufferedImage reference = train.get(0);
        boolean colour = Stream.concat(train.stream(), test.stream()).anyMatch(ImageFolder::isColour);
        ImageShape shape = new ImageShape(reference.getHeight(), reference.getWidth(), colour ? 3 : 1);
        List<Path> all = new ArrayList<>(trainFiles);
        all.addAll(testFiles);
        return new Split(dataset(NAME + "-train", classes, trainFiles, train, shape, first),
                dataset(NAME + "-test", classes, testFiles, test, shape, first), all);
    }

    /** The shape of the set's images, from its first training image. */
    public static ImageShape shape(Path root) {
        List<String> classes = classes(root.resolve(TRAIN));
        Path first = files(root.resolve(TRAIN), classes).get(0);
        BufferedImage image = read(List.of(first)).get(0);
        return new ImageShape(image.getHeight(), image.getWidth(), isColour(image) ? 3 : 1);
    }

    static List<String> classes(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetFormatException(dir, "no such folder: an image folder holds train/<class>/ and test/<class>/");
        }
        List<String> names = list(dir).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString())
                .filter(n -> !n.startsWith(".")).sorted().toList();
        if (names.isEmpty()) {
            throw new DatasetFormatException(dir, "no class folders: put each class's images in a folder of its own");
        }
        if (names.size() > 256) {
            throw new DatasetFormatException(dir, names.size() + " class folders; at most 256 are supported");
        }
        return names;
    }

    static List<Path> files(Path split, List<String> classes) {
        if (!Files.isDirectory(split)) {
            throw new DatasetFormatException(split, "no such folder: an image folder holds train/<class>/ and test/<class>/");
        }
        for (Path p : list(split)) {
            String name = p.getFileName().toString();
            if (!name.startsWith(".") && (!Files.isDirectory(p) || !classes.contains(name))) {
                throw new DatasetFormatException(p, Files.isDirectory(p)
                        ? "a class folder that train/ does not have (classes: " + String.join(", ", classes) + ")"
                        : "a file beside the class folders: images go inside a class folder");
            }
        }
        List<Path> out = new ArrayList<>();
        for (String c : classes) {
            Path dir = split.resolve(c);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path f : list(dir)) {
                if (f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (!Files.isRegularFile(f)) {
                    throw new DatasetFormatException(f, "a folder inside a class folder: images only, one level deep");
                }
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new DatasetFormatException(split, "no images in any class folder");
        }
        return out;
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new DatasetFormatException(dir, "cannot list: " + e.getMessage());
        }
    }

    private static List<BufferedImage> read(List<Path> files) {
        List<BufferedImage> images = new ArrayList<>();
        for (Path f : files) {
            images.add(readImage(f));
        }
        return images;
    }

    /** Reads one image, checking its size before decoding it: a damaged header can claim billions of pixels. */
    static BufferedImage readImage(Path f) {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DatasetFormatException(f, "not an image (PNG, JPEG, BMP or GIF expected)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS || pixels < 1) {
                    throw new DatasetFormatException(f, "claims " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels; at most " + MAX_PIXELS + " are supported");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(f, "not a readable image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** A grey image's stored value scaled to 8 bits; getRGB would pass it through a gamma curve first. */
    private static int grey(BufferedImage image, int x, int y) {
        return eightBit(image.getRaster().getSample(x, y, 0), image.getColorModel().getComponentSize(0));
    }

    /** A stored sample of {@code bits} bits scaled to 8. */
    static int eightBit(int v, int bits) {
        return bits == 8 ? v : bits > 8 ? v >> (bits - 8) : v * 255 / ((1 << bits) - 1);
    }

    private static boolean isColour(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() > 1;
    }

    /** Labels are the class folders' places in the sorted list of train/'s classes. */
    private static ImageDataset dataset(String name, List<String> classes, List<Path> files, List<BufferedImage> images,
                                        ImageShape shape, Path first) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        byte[] pixels = new byte[files.size() * h * w * c];
        int[] labels = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage image = images.get(i);
            if (image.getHeight() != h || image.getWidth() != w) {
                throw new DatasetFormatException(files.get(i), image.getWidth() + "x" + image.getHeight() + " pixels, but "
                        + first + " is " + w + "x" + h + "; every image must have one size");
            }
            labels[i] = classes.indexOf(files.get(i).getParent().getFileName().toString());
            int at = i * h * w * c;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (!isColour(image)) {
                        byte v = (byte) grey(image, x, y);
                        for (int k = 0; k < c; k++) {
                            pixels[at++] = v;
                        }
                    } else {
                        int rgb = image.getRGB(x, y);
                        pixels[at++] = (byte) ((rgb >> 16) & 0xFF);
                        pixels[at++] = (byte) ((rgb >> 8) & 0xFF);
                        pixels[at++] = (byte) (rgb & 0xFF);
                    }
                }
            }
        }
        return new ImageDataset(name, pixels, labels, shape);
    }
}
