package io.nanogrid.engine.features;

import io.nanogrid.engine.grid.AudioSpec;
import io.nanogrid.engine.grid.EncodedSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.StringSpec;
import io.nanogrid.engine.grid.TensorSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Finds the right input adapter for a model and binds it to the model's declared input. */
public final class InputAdapters {
    /** metadata_props key under which models carry their input adapter spec (JSON). */
    public static final String METADATA_KEY = "nanogrid.input";

    private InputAdapters() {
    }

    /**
     * The adapter spec to use: the one given, else the model's metadata, else a guess from its input.
     *
     * @param where names the model in messages, e.g. "expert 'spam' (spam.onnx)"
     */
    public static InputSpec resolve(InputSpec given, ModelSignature sig, String where) {
        if (given != null) {
            return given;
        }
        String meta = sig.metadata().get(METADATA_KEY);
        if (meta != null) {
            InputSpec spec = Json.parseSpec(meta, InputSpec.class, where + ": metadata " + METADATA_KEY);
            List<String> problems = GridValidator.problems(spec, METADATA_KEY);
            if (!problems.isEmpty()) {
                throw new BadInputException(where + ": metadata " + problems.get(0));
            }
            return spec;
        }
        return guess(sig);
    }

    /**
     * A guess from the model's inputs: one string input -> raw text; one int64 input of variable length ->
     * nanogrid's hashed n-grams; one image-shaped float input -> image; anything else -> tensors as they are
     * (named, for several inputs). A transformer's tokenizer cannot be guessed: give its tokenizer.json.
     */
    public static InputSpec guess(ModelSignature sig) {
        if (sig.inputs().size() != 1) {
            return new TensorSpec(null);
        }
        TensorDesc in = sig.inputs().get(0);
        if (in.type() == ElementType.STRING) {
            return StringSpec.of(null);
        }
        if ((in.type() == ElementType.INT64 || in.type() == ElementType.INT32) && in.rank() >= 1 && in.rank() <= 2
                && !last(in).isFixed()) {
            return TextHashedNgramsSpec.defaults();
        }
        if (in.type() == ElementType.FLOAT && (imageLayout(in) != null || in.rank() == 3)) {
            return ImageSpec.fromModel();
        }
        return new TensorSpec(null);
    }

    /** An adapter bound to a model, with the constants and state it feeds beside the request. */
    public record Bound(InputAdapter adapter, Feeds feeds) {
    }

    /**
     * Binds a spec to a model, checking that they fit; a misfit is a BadInputException naming both.
     *
     * @param baseDir the folder files the spec names (a tokenizer.json) are relative to
     */
    public static Bound bind(InputSpec spec, ModelSignature sig, Path baseDir, String where) {
        Feeds feeds = Feeds.of(spec, sig, where);
        if (!(spec instanceof TensorSpec) && !(spec instanceof TokenizerSpec) && !(spec instanceof EncodedSpec)) {
            TensorDesc fed = feeds.freeInput(spec.modelInput(), sig, where);
            List<TensorDesc> left = feeds.free().stream().filter(t -> !t.name().equals(fed.name())).toList();
            if (!left.isEmpty()) {
                throw new BadInputException(where + ": the model's input" + (left.size() > 1 ? "s " : " ")
                        + Feeds.names(left) + " would" + " not be fed; fix "
                        + (left.size() > 1 ? "them" : "it") + " with input.constants or input.state");
            }
        }
        InputAdapter adapter;
        if (spec instanceof TokenizerSpec t) {
            adapter = bindTokenizer(t, feeds, sig, baseDir, where);
        } else if (spec instanceof TensorSpec t) {
            adapter = bindTensors(t, feeds, sig, where);
        } else if (spec instanceof EncodedSpec e) {
            adapter = bindEncoded(e, feeds, sig, where);
        } else {
            adapter = bindOne(spec, feeds.freeInput(spec.modelInput(), sig, where), where);
        }
        return new Bound(feeds.constants().isEmpty() ? adapter : new FeedingAdapter(adapter, feeds.constants()),
                feeds);
    }

    /** Binds a spec to a model whose inputs the request fills (files the spec names relative to the working folder). */
    public static InputAdapter bind(InputSpec spec, ModelSignature sig, String where) {
        return bind(spec, sig, Path.of("."), where).adapter();
    }

    private static InputAdapter bindOne(InputSpec spec, TensorDesc in, String where) {
        if (in.kind() != TensorDesc.Kind.TENSOR) {
            throw new BadInputException(where + ": input '" + in.name() + "' is a " + in.describe()
                    + "; only tensor inputs can be fed");
        }
        if (spec instanceof TextHashedNgramsSpec text) {
            return bindText(text, in, where);
        }
        if (spec instanceof ImageSpec image) {
            return new ImageAdapter(imageSettings(image, in, where), in);
        }
        if (spec instanceof AudioSpec audio) {
            return bindAudio(audio, in, where);
        }
        if (in.type() != ElementType.STRING || in.rank() > 2) {
            throw new BadInputException(where + ": a string adapter needs a string input ([1], [1, 1] or [])"
                    + ", but '" + in.name() + "' is " + in.describe());
        }
        return new StringAdapter(in.name(), in.rank());
    }

    private static InputAdapter bindTensors(TensorSpec spec, Feeds feeds, ModelSignature sig, String where) {
        List<TensorDesc> free = spec.modelInput() != null ? List.of(feeds.freeInput(spec.modelInput(), sig, where))
                : feeds.free();
        if (free.isEmpty()) {
            throw new BadInputException(where + ": every input of the model is a constant or state; nothing is left "
                    + "for the request");
        }
        for (TensorDesc in : free) {
            if (in.kind() != TensorDesc.Kind.TENSOR) {
                throw new BadInputException(where + ": input '" + in.name() + "' is a " + in.describe()
                        + "; only tensor inputs can be fed");
            }
        }
        if (spec.modelInput() != null && feeds.free().size() > 1) {
            List<TensorDesc> left = feeds.free().stream().filter(t -> !free.contains(t)).toList();
            throw new BadInputException(where + ": the model's inputs " + Feeds.names(left) + " would not be fed; "
                    + "leave input.modelInput out to send every input by name, or fix them with input.constants");
        }
        return new TensorAdapter(free);
    }

    private static InputAdapter bindTokenizer(TokenizerSpec spec, Feeds feeds, ModelSignature sig, Path baseDir,
            String where) {
        TensorDesc ids = feeds.freeInput(spec.inputIds(), sig, where);
        if (!(ids.type() == ElementType.INT64 || ids.type() == ElementType.INT32) || ids.rank() < 1
                || ids.rank() > 2) {
            throw new BadInputException(where + ": the token ids input '" + ids.name() + "' must be int64 [batch, "
                    + "sequence] or [sequence], but it is " + ids.describe());
        }
        String mask = present(spec.attentionMask(), feeds);
        String types = present(spec.tokenTypeIds(), feeds);
        for (TensorDesc in : feeds.free()) {
            String n = in.name();
            if (!n.equals(ids.name()) && !n.equals(mask) && !n.equals(types)) {
                throw new BadInputException(where + ": the tokenizer fills " + ids.name()
                        + (mask != null ? ", " + mask : "") + (types != null ? ", " + types : "") + ", but the model "
                        + "also has input '" + n + "' (" + in.describe() + "); name it in input.attentionMask or "
                        + "input.tokenTypeIds, or fix it with input.constants");
            }
        }
        HfTokenizer tokenizer = HfTokenizer.load(baseDir.resolve(spec.tokenizer()), spec.maxLength(),
                spec.truncation());
        return new TokenizerAdapter(tokenizer, ids.name(), mask, types, ids.rank() == 2);
    }

    private static InputAdapter bindEncoded(EncodedSpec spec, Feeds feeds, ModelSignature sig, String where) {
        List<TensorDesc> free = feeds.free();
        TensorDesc ngramsIn = null;
        if (spec.ngrams() != null) {
            ngramsIn = feeds.freeInput(spec.ngramsInput(), sig, where);
        }
        TensorDesc taken = ngramsIn;
        TensorDesc emb = spec.modelInput() != null ? feeds.freeInput(spec.modelInput(), sig, where)
                : free.stream().filter(t -> t != taken).findFirst().orElseThrow(() -> new BadInputException(where
                        + ": the model has no input for the encoder's embedding"));
        long others = free.stream().filter(t -> t != taken && !t.name().equals(emb.name())).count();
        if (others > 0) {
            throw new BadInputException(where + ": a head on the encoder feeds its embedding (and n-grams); the model "
                    + "has more inputs " + Feeds.names(free));
        }
        if (emb.type() != ElementType.FLOAT || emb.rank() != 2 || !last(emb).isFixed()) {
            throw new BadInputException(where + ": the encoder's embedding needs a float [batch, dimensions] input, "
                    + "but '" + emb.name() + "' is " + emb.describe());
        }
        TextAdapter ngrams = ngramsIn == null ? null : (TextAdapter) bindText(spec.ngrams(), ngramsIn, where);
        return new EncodedAdapter(emb.name(), (int) last(emb).size(), ngrams);
    }

    /** The embedding width a head on the encoder takes, or -1 when the spec is no such head. */
    public static int encodedDimensions(InputSpec spec, ModelSignature sig) {
        if (!(spec instanceof EncodedSpec e)) {
            return -1;
        }
        return sig.inputs().stream().filter(t -> e.modelInput() != null ? t.name().equals(e.modelInput())
                : !t.name().equals(e.ngramsInput())).findFirst().map(t -> (int) last(t).size()).orElse(-1);
    }

    private static String present(String name, Feeds feeds) {
        return feeds.free().stream().anyMatch(t -> t.name().equals(name)) ? name : null;
    }

    private static InputAdapter bindAudio(AudioSpec spec, TensorDesc in, String where) {
        if (in.type() != ElementType.FLOAT || in.rank() < 1 || in.rank() > 2) {
            throw new BadInputException(where + ": an audio input must be float [batch, samples] or [samples], but '"
                    + in.name() + "' is " + in.describe());
        }
        Dim last = last(in);
        Integer frame = spec.frame() != null ? spec.frame() : last.isFixed() ? Integer.valueOf((int) last.size())
                : null;
        if (frame == null) {
            throw new BadInputException(where + ": '" + in.name() + "' " + in.describe() + " has no fixed frame "
                    + "length; set input.frame (samples per frame)");
        }
        if (last.isFixed() && last.size() != frame) {
            throw new BadInputException(where + ": input.frame is " + frame + " but '" + in.name() + "' takes "
                    + last.size() + " samples");
        }
        int hop = spec.hop() != null ? spec.hop() : frame;
        if (hop > frame) {
            throw new BadInputException(where + ": input.hop " + hop + " is longer than the frame " + frame);
        }
        return new AudioAdapter(spec.sampleRate(), frame, hop, in.name(), in.rank() == 2);
    }

    private static InputAdapter bindText(TextHashedNgramsSpec text, TensorDesc in, String where) {
        if (text.encoding().equals("counts")) {
            boolean fits = in.type() == ElementType.FLOAT && in.rank() == 2
                    && (!last(in).isFixed() || last(in).size() == text.buckets());
            if (!fits) {
                throw new BadInputException(where + ": text-hashed-ngrams \"counts\" needs a float [1, "
                        + text.buckets() + "] input, but '" + in.name() + "' is " + in.describe());
            }
            return new TextAdapter(text, in.name(), true);
        }
        boolean ids = (in.type() == ElementType.INT64 || in.type() == ElementType.INT32)
                && (in.rank() == 1 || in.rank() == 2) && !last(in).isFixed();
        if (!ids) {
            throw new BadInputException(where + ": text-hashed-ngrams \"ids\" needs an int64 input of variable "
                    + "length ([n] or [1, n]), but '" + in.name() + "' is " + in.describe());
        }
        return new TextAdapter(text, in.name(), in.rank() == 2);
    }

    /** "NCHW" or "NHWC" when a rank-4 shape has 1 or 3 channels on one side, else null. */
    static String imageLayout(TensorDesc in) {
        if (in.rank() != 4) {
            return null;
        }
        if (channelDim(in.shape().get(1))) {
            return "NCHW";
        }
        return channelDim(in.shape().get(3)) ? "NHWC" : null;
    }

    private static boolean channelDim(Dim d) {
        return d.isFixed() && (d.size() == 1 || d.size() == 3);
    }

    private static ImageAdapter.Settings imageSettings(ImageSpec spec, TensorDesc in, String where) {
        if (in.type() != ElementType.FLOAT) {
            throw new BadInputException(where + ": an image input must be float, but '" + in.name() + "' is "
                    + in.describe());
        }
        String layout = spec.layout() != null ? spec.layout()
                : in.rank() == 4 ? imageLayout(in) : in.rank() == 3 ? "NHW" : in.rank() == 2 ? "flat" : null;
        if (layout == null) {
            throw new BadInputException(where + ": cannot tell the image layout of '" + in.name() + "' "
                    + in.describe() + "; set input.layout to NCHW, NHWC, NHW or flat");
        }
        int wantRank = switch (layout) {
            case "NCHW", "NHWC" -> 4;
            case "NHW" -> 3;
            default -> 2;
        };
        if (in.rank() != wantRank) {
            throw new BadInputException(where + ": layout " + layout + " needs a rank-" + wantRank + " input, but '"
                    + in.name() + "' is " + in.describe());
        }
        List<Dim> s = in.shape();
        Dim cDim = layout.equals("NCHW") ? s.get(1) : layout.equals("NHWC") ? s.get(3) : Dim.fixed(1);
        Dim hDim = layout.equals("NCHW") ? s.get(2) : layout.equals("flat") ? Dim.symbolic(null) : s.get(1);
        Dim wDim = layout.equals("NCHW") ? s.get(3) : layout.equals("flat") ? Dim.symbolic(null) : s.get(2);
        int channels = spec.color() != null ? (spec.color().equals("rgb") ? 3 : 1)
                : cDim.isFixed() ? (int) cDim.size() : 1;
        if (cDim.isFixed() && cDim.size() != channels) {
            throw new BadInputException(where + ": input.color is " + spec.color() + " but '" + in.name()
                    + "' has " + cDim.size() + " channel(s)");
        }
        int height = size(spec.height(), hDim, "height", in, where);
        int width = size(spec.width(), wDim, "width", in, where);
        if (layout.equals("flat") && s.get(1).isFixed() && s.get(1).size() != (long) width * height * channels) {
            throw new BadInputException(where + ": " + width + "x" + height + "x" + channels + " pixels do not fill '"
                    + in.name() + "' " + in.describe());
        }
        double[] mean = spec.mean() != null ? spec.mean().stream().mapToDouble(Double::doubleValue).toArray()
                : new double[] {0};
        double[] std = spec.std() != null ? spec.std().stream().mapToDouble(Double::doubleValue).toArray()
                : new double[] {1};
        if ((mean.length != 1 && mean.length != channels) || (std.length != 1 && std.length != channels)) {
            throw new BadInputException(where + ": input.mean and input.std need 1 or " + channels + " values");
        }
        return new ImageAdapter.Settings(width, height, channels, spec.scale() != null ? spec.scale() : 1.0, mean,
                std, layout);
    }

    private static int size(Integer given, Dim dim, String what, TensorDesc in, String where) {
        if (given != null) {
            if (dim.isFixed() && dim.size() != given) {
                throw new BadInputException(where + ": input." + what + " is " + given + " but '" + in.name()
                        + "' " + in.describe() + " has " + dim.size());
            }
            return given;
        }
        if (!dim.isFixed()) {
            throw new BadInputException(where + ": '" + in.name() + "' " + in.describe() + " has no fixed " + what
                    + "; set input." + what);
        }
        return (int) dim.size();
    }

    private static Dim last(TensorDesc in) {
        return in.shape().isEmpty() ? Dim.fixed(1) : in.shape().get(in.rank() - 1);
    }

}
