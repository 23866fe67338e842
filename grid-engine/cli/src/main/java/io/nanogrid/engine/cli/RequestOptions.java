package io.nanogrid.engine.cli;

import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.model.Npy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** One request given on the command line: --text, --image or --tensor (exactly one). */
public final class RequestOptions {
    @Option(names = "--text", paramLabel = "TEXT", description = "A text request.")
    String text;

    @Option(names = "--image", paramLabel = "FILE", description = "An image request (PNG or JPEG).")
    Path image;

    @Option(names = "--tensor", paramLabel = "FILE.npy", description = "A tensor request (.npy, float or int).")
    Path tensor;

    public boolean given() {
        return text != null || image != null || tensor != null;
    }

    public Request request() {
        if (text != null) {
            return new TextRequest(text);
        }
        if (image != null) {
            return new ImageRequest(Images.read(image));
        }
        return new TensorRequest(Npy.read(tensor));
    }
}
