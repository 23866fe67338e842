package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.data.DataRoot;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.data.Idx;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.quant.Variant;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.WeightBits;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The target, data and variants of sweep and plan. */
final class SweepInputs {
    @Option(names = "--bits", paramLabel = "8,4,2", split = ",", description = "Bits to try (default: 8,4,2).")
    List<String> bits = new ArrayList<>(List.of(WeightBits.commaSeparated()));

    @Option(names = "--block", paramLabel = "32,128", split = ",", description = "Blocks to try (default: 32,128).")
    List<String> blocks = new ArrayList<>(List.of("32", "128"));

    @Option(names = "--method", paramLabel = "rtn,search", split = ",", description = "Methods to try (default: "
            + "rtn,search).")
    List<String> methods = new ArrayList<>(List.of("rtn", "search"));

    @Option(names = "--symmetric", description = "No zero points (default asymmetric).")
    boolean symmetric;

    @Option(names = "--format", paramLabel = "nbits,qdq,dynamic", split = ",", description = "How matrix weights "
            + "are written, one or more (dynamic: int8 weights and activations quantized per call, 8 bits only) "
            + "(default: nbits).")
    List<String> formats = new ArrayList<>(List.of("nbits"));

    @Option(names = "--gather", paramLabel = "dq|unpack|gbq", description = "Embedding tables: dq, unpack or gbq "
            + "(default: ${DEFAULT-VALUE}).")
    String gather = "dq";

    @Option(names = "--keep", paramLabel = "NAME", split = ",", description = "Tensor or node names kept in float.")
    List<String> keep = new ArrayList<>();

    @Option(names = "--min-elements", paramLabel = "N", description = "Weights with fewer values stay float "
            + "(default: ${DEFAULT-VALUE}).")
    long minElements = QuantizeOptions.DEFAULT_MIN_ELEMENTS;

    @Option(names = "--unlabelled", description = "The --data file holds one text per line and no labels: only "
            + "agreement with the float model is measured. (--images without --labels is unlabelled too.)")
    boolean unlabelled;

    List<Variant> variants() {
        List<Integer> b = QuantOptions.split(bits).stream().map(s -> QuantOptions.bits(s, "--bits")).distinct().toList();
        List<Integer> k = QuantOptions.split(blocks).stream().map(s -> QuantOptions.block(s, "--block")).distinct()
                .toList();
        List<QuantMethod> m = QuantOptions.split(methods).stream().map(s -> QuantOptions.method(s, "--method"))
                .distinct().toList();
        List<OutputFormat> f = QuantOptions.split(formats).stream().map(QuantOptions::format).distinct().toList();
        if (f.equals(List.of(OutputFormat.DYNAMIC)) && !b.contains(8)) {
            throw new BadInputException("--format dynamic quantizes weights to int8: add 8 to --bits");
        }
        return Variant.grid(b, k, m, symmetric, base(), f);
    }

    QuantizeOptions base() {
        return QuantizeOptions.of(new QuantSpec(4, 32, QuantMethod.SEARCH, symmetric))
                .withFormat(OutputFormat.NBITS).withKeep(new LinkedHashSet<>(keep)).withMinElements(minElements)
                .withGather(QuantOptions.gather(gather));
    }

    /**
     * The examples: those given, else for a grid with a router the experts' held-out data it records
     * (as `router test` uses; --limit caps the total).
     */
    Dataset data(DataOptions d, CommandSpec spec, GridTarget target) {
        if (!d.given() && target.spec().router() != null) {
            Path root = DataRoot.find();
            if (root == null) {
                throw new BadInputException("give the data (--data FILE): the grid's experts record their datasets, "
                        + "but no datasets folder was found ($NANOGRID_DATA, ../shared/data, or `nanogrid data pull`)");
            }
            int routes = target.spec().router().routes().size();
            int perRoute = d.limit > 0 ? Math.max(1, d.limit / routes) : RouterDataOptions.defaults().testPerRoute();
            return RouterPool.heldOut(target.spec(), target.baseDir(), root, perRoute);
        }
        return data(d, spec);
    }

    Dataset data(DataOptions d, CommandSpec spec) {
        if (d.images != null && d.labels == null) {
            List<Example> out = new ArrayList<>();
            var images = Idx.images(d.images, d.limit);
            for (int i = 0; i < images.size(); i++) {
                out.add(new Example(new ImageRequest(images.get(i)), null, null, i));
            }
            return new Dataset(d.images.toString(), out, List.of());
        }
        if (unlabelled && d.data != null) {
            return TextDatasets.lines(d.data, new DatasetOptions(null, null, null, true, d.skipBad, d.limit));
        }
        return d.read(spec);
    }
}
