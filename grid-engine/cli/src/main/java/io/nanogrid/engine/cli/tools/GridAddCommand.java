package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.AdapterOptions;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertData;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.files.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a model to a grid as an expert: loaded, fed and checked on one request before the file is "
                + "written, with its labelled data recorded for the router and the labs.",
                "The model's path is kept relative to the grid file. Adding to a grid with a router adds a route; "
                + "retrain the router after."})
final class GridAddCommand implements Callable<Integer> {
    @ParentCommand
    GridCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRID", description = "The grid file.")
    Path grid;

    @Parameters(index = "1", paramLabel = "MODEL", description = "The model (.onnx).")
    Path model;

    @Option(names = "--id", paramLabel = "ID", description = "The expert's id, also its route (default: the model "
            + "file's name).")
    String id;

    @Option(names = "--threshold", paramLabel = "P", description = "The expert's own abstain: below this "
            + "probability it answers \"not sure\".")
    Double threshold;

    @Option(names = "--test-split", paramLabel = "X", description = "Share of the data held out for testing when "
            + "there is no --test-data (default: 0.2).")
    Double testSplit;

    @Mixin
    AdapterOptions adapter;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        Path gridFile = grid.toAbsolutePath();
        Path dir = gridFile.getParent();
        GridSpec g = GridFiles.read(gridFile);
        if (!Files.isRegularFile(model)) {
            throw new BadInputException("cannot read " + model + ": " + (Files.exists(model) ? "not a file"
                    : "file not found"));
        }
        String expertId = id != null ? id : model.getFileName().toString().replaceFirst("\\.onnx$", "")
                .replaceAll("[^A-Za-z0-9_.-]", "_");
        if (g.expert(expertId).isPresent()) {
            throw new BadInputException(grid + ": an expert '" + expertId + "' is there already; give another --id");
        }
        if (testSplit != null && (testSplit <= 0 || testSplit >= 1)) {
            throw new BadInputException("--test-split: expected a share between 0 and 1, got " + testSplit);
        }
        InputSpec input = adapter.input(null);
        if (input instanceof TokenizerSpec t) {
            input = t.withTokenizer(AdapterOptions.relative(dir, t.tokenizer()));
        }
        DataSource source = data.source(spec);
        ExpertData recorded = source == null ? null : new ExpertData(relative(source, dir), null, testSplit);
        ExpertSpec expert = new ExpertSpec(expertId, AdapterOptions.relative(dir, model.toString()), input,
                adapter.output(null), null, threshold, recorded);
        check(expert, dir, source, g.encoder());
        List<ExpertSpec> experts = new ArrayList<>(g.experts());
        experts.add(expert);
        RouterSpec r = g.router();
        if (r != null) {
            List<String> routes = new ArrayList<>(r.routes());
            routes.add(expertId);
            r = new RouterSpec(r.model(), r.input(), routes, r.scores(), r.modelOutput(), r.threshold(), r.fallback());
        }
        GridFiles.write(g.withExperts(experts).withRouter(r), gridFile);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("grid        %s: expert '%s' (%s)%s%n", grid, expertId, expert.model(), recorded != null
                ? ", data " + recorded.train().path() : "");
        out.printf("next        %s%n", experts.size() == 1 ? "nanogrid run " + grid + " ..., or add more experts"
                : "nanogrid router train " + grid + (r != null ? " (the router must learn the new route)" : ""));
        return Cli.OK;
    }

    /** The expert loads, binds and answers one request (from its data when given) before anything is written. */
    private void check(ExpertSpec expert, Path dir, DataSource source, EncoderSpec encoder) {
        RootCommand root = (RootCommand) parent.spec.parent().userObject();
        GridSpec alone = GridSpec.of(expert.id(), expert.withData(null)).withEncoder(encoder);
        try (Grid one = Grid.open(alone, dir, root.runtime())) {
            if (!one.warnings().isEmpty()) {
                throw new BadInputException(one.warnings().get(0));
            }
            if (source != null) {
                var d = data.read(spec);
                if (d.size() > 0) {
                    GridResponse r = one.route(d.examples().get(0).request());
                    if (r.refused()) {
                        throw new BadInputException(model + " does not take the examples of " + d.source() + ": "
                                + r.error().message());
                    }
                }
            }
        }
    }

    /** The data's paths relative to the grid's folder (when beneath it), so that the grid travels with them. */
    private static DataSource relative(DataSource s, Path dir) {
        return new DataSource(AdapterOptions.relative(dir, s.path()), s.reader(), s.textColumn(), s.labelColumn(),
                s.header(), s.labels() == null ? null : AdapterOptions.relative(dir, s.labels()), s.rows(),
                s.features());
    }
}
