package io.nanogrid.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.HelpTexts;
import io.nanogrid.engine.cli.tools.NanogridCommand;
import io.nanogrid.samples.SamplesCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help of the command line as the workbench jar builds it (with gui and samples) is whole sentences. */
class HelpTextTest {
    @Test
    void everyHelpTextOfTheWorkbenchCommandLineIsWholeSentences() {
        CommandLine cl = Cli.commandLine(new NanogridCommand(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new GuiCommand(), new SamplesCommand());
        List<String> names = HelpTexts.tree(cl).stream().map(c -> c.getCommandSpec().qualifiedName(" ")).toList();
        assertTrue(names.containsAll(List.of("nanogrid gui", "nanogrid samples", "nanogrid samples build")), names
                .toString());
        List<String> problems = HelpTexts.problems(cl);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
