package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Take an expert out of a grid (and out of its router's routes; retrain the router after).")
final class GridRemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRID", description = "The grid file.")
    Path grid;

    @Parameters(index = "1", paramLabel = "ID", description = "The expert to remove.")
    String id;

    @Override
    public Integer call() {
        GridSpec g = GridFiles.read(grid);
        if (g.expert(id).isEmpty()) {
            throw new BadInputException(grid + ": no expert '" + id + "'; expected one of "
                    + g.experts().stream().map(ExpertSpec::id).toList());
        }
        List<ExpertSpec> experts = g.experts().stream().filter(e -> !e.id().equals(id)).toList();
        RouterSpec r = g.router();
        if (r != null) {
            List<String> routes = r.routes().stream().filter(x -> !x.equals(id)).toList();
            r = routes.isEmpty() ? null : new RouterSpec(r.model(), r.input(), routes, r.scores(), r.modelOutput(),
                    r.threshold(), id.equals(r.fallback()) ? null : r.fallback());
        }
        Map<String, NodePosition> layout = new LinkedHashMap<>(g.layout());
        layout.remove(id);
        GridFiles.write(g.withExperts(experts).withRouter(r).withLayout(layout), grid);
        spec.commandLine().getOut().printf("grid        %s: expert '%s' removed; %d left%s%n", grid, id, experts.size(),
                r != null ? "; retrain the router (nanogrid router train " + grid + ")" : "");
        return Cli.OK;
    }
}
