package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.cli.tools.NanogridCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Every command's summary in its parent's list, and every line of every help, is whole sentences. */
class HelpTextTest {
    @Test
    void everyHelpTextOfTheCommandTreeIsWholeSentences() {
        for (RootCommand root : List.of(new NanogridCommand(), new DeviceCommand())) {
            CommandLine cl = Cli.commandLine(root, new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()));
            assertTrue(HelpTexts.tree(cl).size() > (root instanceof DeviceCommand ? 5 : 20), "the whole tree is walked");
            List<String> problems = HelpTexts.problems(cl);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    @Test
    void theHelpListsEachCommandByItsFirstSentence() {
        CliRun r = CliRun.of("help");
        assertEquals(0, r.exit(), r.toString());
        String listed = r.out().replaceAll("\\s+", " ");
        assertTrue(listed.contains("eval Score a model or a grid on labelled data: accuracy, macro-F1, per-class "
                + "precision and recall, confusion matrix. "), r.out());
    }

    @Command(name = "split", description = {"Do one thing to a model, and", "then another."},
            subcommands = Split.Sub.class)
    static final class Split {
        @Option(names = "--x", description = {"Half of a sentence about", "x."})
        int x;

        @Command(name = "sub", description = "A whole sentence.")
        static final class Sub {
        }
    }

    @Test
    void theCheckFindsASentenceSplitAcrossElements() {
        List<String> problems = HelpTexts.problems(new CommandLine(new Split()));
        String all = String.join("\n", problems);
        assertTrue(all.contains("split: summary is not a complete sentence"), all);
        assertTrue(all.contains("split description: element 0"), all);
        assertTrue(all.contains("split --x: element 0"), all);
        assertFalse(all.contains("split sub"), all);
        assertTrue(HelpTexts.complete("Print JSON (keys a, b, ...)."));
        assertFalse(HelpTexts.complete("Train a model (hashed n-grams) and"));
        assertFalse(HelpTexts.complete("answers what it prints;"));
        assertFalse(HelpTexts.complete("measures file bytes, resident"));
    }
}
