package io.nanogrid.engine.cli;

import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.engine.features.InputsRequest;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.features.Wav;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * One request given on the command line (exactly one kind): --text, --image, --tensor, --audio, or
 * --input NAME=FILE.npy once per model input.
 */
public final class RequestOptions {
    @Option(names = "--text", paramLabel = "TEXT", description = "A text request.")
    String text;

    @Option(names = "--image", paramLabel = "FILE", description = "An image request (PNG or JPEG).")
    Path image;

    @Option(names = "--tensor", paramLabel = "FILE.npy", description = "A tensor request (.npy of any element "
            + "type) for the model's one input.")
    Path tensor;

    @Option(names = "--input", paramLabel = "NAME=FILE.npy", description = "A named input (.npy), once per input "
            + "of a model with several.")
    List<String> inputs;

    @Option(names = "--audio", paramLabel = "FILE.wav", description = "A recording (WAV; or raw 16-bit PCM named "
            + ".pcm, with --sample-rate), answered frame by frame by a stream model.")
    Path audio;

    public boolean given() {
        return text != null || image != null || tensor != null || inputs != null || audio != null;
    }

    /** The request; a headerless .pcm recording is read at {@code rawRate} Hz. */
    public Request request(int rawRate) {
        if (text != null) {
            return new TextRequest(text);
        }
        if (image != null) {
            return new ImageRequest(Images.read(image));
        }
        if (audio != null) {
            return Wav.read(audio, rawRate);
        }
        if (inputs != null) {
            return new InputsRequest(named(inputs));
        }
        return new TensorRequest(Npy.read(tensor));
    }

    public Request request() {
        return request(0);
    }

    /** Each NAME=FILE.npy read, a name given once. */
    public static Map<String, Value> named(List<String> given) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String g : given) {
            int eq = g.indexOf('=');
            if (eq <= 0 || eq == g.length() - 1) {
                throw new BadInputException("--input " + g + ": expected NAME=FILE.npy");
            }
            String name = g.substring(0, eq);
            if (out.containsKey(name)) {
                throw new BadInputException("--input " + name + " is given twice");
            }
            out.put(name, Npy.read(Path.of(g.substring(eq + 1))));
        }
        return out;
    }

    /** The .npy files given (for messages). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (inputs != null) {
            out.addAll(inputs);
        }
        return out;
    }
}
