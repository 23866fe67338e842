package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.AdapterOptions;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.decode.EmbeddingAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "encoder", mixinStandardHelpOptions = true,
        description = {"Give a grid its shared encoder: a compact transformer run once per request, whose embedding "
                + "the router and the experts (heads trained with nanogrid train --encoder) take as their input.",
                "The encoder is loaded and checked on a sentence before the grid file is written."})
final class GridEncoderCommand implements Callable<Integer> {
    @ParentCommand
    GridCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRID", description = "The grid file.")
    Path grid;

    @Parameters(index = "1", paramLabel = "ENC.onnx", description = "The encoder model.")
    Path model;

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "Its tokenizer.json.")
    Path tokenizer;

    @Option(names = "--max-length", paramLabel = "N", description = "The longest sequence in tokens (default: 128).")
    Integer maxLength;

    @Option(names = "--pooling", paramLabel = "mean|cls", description = "How its token vectors become one (default: "
            + "mean over the attention mask).")
    String pooling = "mean";

    @Override
    public Integer call() {
        Path gridFile = grid.toAbsolutePath();
        Path dir = gridFile.getParent();
        GridSpec g = GridFiles.read(gridFile);
        if (!pooling.equals("mean") && !pooling.equals("cls")) {
            throw new BadInputException("--pooling: expected mean or cls, got '" + pooling + "'");
        }
        TokenizerSpec input = TokenizerSpec.of(AdapterOptions.relative(dir, tokenizer.toString()));
        if (maxLength != null) {
            input = input.withMaxLength(maxLength);
        }
        EncoderSpec encoder = new EncoderSpec(AdapterOptions.relative(dir, model.toString()), input,
                new EmbeddingSpec(pooling, true, null, null));
        RootCommand root = (RootCommand) parent.spec.parent().userObject();
        int dims;
        ExpertSpec alone = ExpertSpec.of("encoder-check", encoder.model(), encoder.input(), encoder.output());
        try (Grid check = Grid.open(GridSpec.of("check", alone), dir, root.runtime())) {
            if (!check.warnings().isEmpty()) {
                throw new BadInputException(check.warnings().get(0));
            }
            GridResponse r = check.route(new TextRequest("a sentence to check the encoder with"));
            if (!(r.result() instanceof EmbeddingAnswer a)) {
                throw new BadInputException(model + " does not embed text: " + (r.error() != null
                        ? r.error().message() : "no embedding"));
            }
            dims = a.dimensions();
        }
        GridFiles.write(g.withEncoder(encoder), gridFile);
        spec.commandLine().getOut().printf("grid        %s: encoder %s (%d dimensions, %s pooling)%n", grid,
                encoder.model(), dims, pooling);
        return Cli.OK;
    }
}
