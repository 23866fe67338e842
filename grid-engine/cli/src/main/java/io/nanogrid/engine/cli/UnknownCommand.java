package io.nanogrid.engine.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command name picocli does not know, which it reports as "Unmatched arguments from index 0:
 * 'evaluate', 'model.onnx'": said as "unknown command 'evaluate'; did you mean 'eval'?". An unknown
 * option gets its closest ones the same way ("unknown option '--jsn'; did you mean '--json'?").
 */
public final class UnknownCommand {
    private UnknownCommand() {
    }

    /** The message for a usage error: picocli's own, unless a word in a command's place names no command. */
    public static String message(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        String typed = u.getUnmatched().get(0);
        if (u.isUnknownOption()) {
            String option = typed.split("=", 2)[0];
            List<String> near = u.getSuggestions().stream().filter(s -> near(option, s)).map(s -> "'" + s + "'")
                    .toList();
            return "unknown option '" + option + "'"
                    + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?");
        }
        if (u.getCommandLine().getSubcommands().isEmpty()) {
            return ex.getMessage();
        }
        // under a command with subcommands ("router trian") its words come first
        CommandSpec parent = u.getCommandLine().getCommandSpec();
        String prefix = parent.qualifiedName(" ").substring(parent.root().name().length()).strip();
        String before = prefix.isEmpty() ? "" : prefix + " ";
        List<String> near = u.getSuggestions().stream().filter(s -> near(typed, s)).map(s -> "'" + before + s + "'")
                .toList();
        return "unknown command '" + before + typed + "'"
                + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?");
    }

    /**
     * picocli suggests by shared letter pairs, which offers 'data' and 'router' for 'evaluate'; kept
     * are the names a slip away: one starts the other, or two edits tell them apart.
     */
    private static boolean near(String typed, String name) {
        return typed.startsWith(name) || name.startsWith(typed) || edits(typed, name) <= 2;
    }

    /**
     * Levenshtein distance: insertions, deletions and substitutions. By hand: commons-text has it, but
     * would add a jar to the device runtime for these few lines.
     */
    private static int edits(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                        diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
