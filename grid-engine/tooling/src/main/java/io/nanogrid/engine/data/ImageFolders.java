package io.nanogrid.engine.data;

import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Images sorted into a folder per class (cats/a.png, dogs/b.jpg): the folder's name is the label. */
public final class ImageFolders {
    private ImageFolders() {
    }

    public static Dataset read(Path dir, int limit) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a folder (expected a folder of class folders holding images)");
        }
        List<Example> out = new ArrayList<>();
        try (Stream<Path> classes = Files.list(dir)) {
            for (Path c : classes.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(c)) {
                    for (Path f : files.filter(ImageFolders::isImage).sorted().toList()) {
                        if (limit > 0 && out.size() >= limit) {
                            break;
                        }
                        out.add(new Example(new ImageRequest(Images.read(f)), c.getFileName().toString(), null,
                                out.size()));
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + IoReasons.of(e), e);
        }
        if (out.isEmpty()) {
            throw new BadInputException(dir + ": no images in class folders (PNG or JPEG)");
        }
        return new Dataset(dir.toString(), out, List.of());
    }

    private static boolean isImage(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }
}
