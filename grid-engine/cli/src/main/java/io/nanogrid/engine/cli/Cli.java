package io.nanogrid.engine.cli;

import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.files.BadInputException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * Builds the command line and maps outcomes to exit codes: 0 ok; 1 the job ran and found a problem;
 * 2 bad usage or bad input, with one line naming the file, field or line, and a stack trace only
 * with --verbose.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int PROBLEM = 1;
    public static final int BAD_INPUT = 2;

    private Cli() {
    }

    /** Runs one command line under {@code root} on the process's standard streams. */
    public static int execute(RootCommand root, String[] args) {
        return execute(root, args, stdout(), stderr());
    }

    /** Runs one command line with the given streams; {@code extra} subcommands are added (the workbench adds gui). */
    public static int execute(RootCommand root, String[] args, PrintWriter out, PrintWriter err, Object... extra) {
        return commandLine(root, out, err, extra).execute(args);
    }

    /** Standard output in UTF-8, flushed at each line. */
    public static PrintWriter stdout() {
        return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    }

    /** Standard error in UTF-8, flushed at each line. */
    public static PrintWriter stderr() {
        return new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    }

    public static CommandLine commandLine(RootCommand root, PrintWriter out, PrintWriter err, Object... extra) {
        CommandLine cl = new CommandLine(root);
        for (Object sub : extra) {
            cl.addSubcommand(sub);
        }
        abbreviateSynopses(cl);
        boolean[] verbose = {false};
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parse -> {
            verbose[0] = Arrays.asList(parse.originalArgs().toArray(new String[0])).contains("--verbose");
            return new CommandLine.RunLast().execute(parse);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("nanogrid: " + UnknownCommand.message(ex));
            String name = c.getCommandSpec().qualifiedName(" ");
            c.getErr().println("Try '" + name + " --help' for usage.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            PrintWriter e = c.getErr();
            int code;
            if (ex instanceof BadInputException || ex instanceof UncheckedIOException) {
                e.println("nanogrid: " + ex.getMessage());
                code = BAD_INPUT;
            } else if (ex instanceof CancelledException) {
                e.println("nanogrid: cancelled");
                code = PROBLEM;
            } else {
                e.println("nanogrid: internal error: " + ex + (verbose[0] ? "" : " (run with --verbose for details)"));
                code = PROBLEM;
            }
            if (verbose[0]) {
                ex.printStackTrace(e);
            }
            e.flush();
            return code;
        });
        return cl;
    }

    /**
     * "Usage: nanogrid plan --budget=BYTES [OPTIONS] GRID": the required options and the parameters;
     * every option is listed below it, and picocli's synopsis of all of them took a dozen lines for
     * plan and sweep.
     */
    private static void abbreviateSynopses(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        List<String> parts = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.required() && !o.hidden() && o.group() == null) {
                parts.add(synopsis(o));
            }
        }
        for (ArgGroupSpec g : spec.argGroups()) {
            if (g.exclusive() && g.multiplicity().min() > 0) {
                String full = "(" + String.join(" | ", g.options().stream().map(Cli::synopsis).toList()) + ")";
                // a long group is named by its options alone; each option's label is in the list below
                parts.add(full.length() <= 56 ? full
                        : "(" + String.join(" | ", g.options().stream().map(OptionSpec::longestName).toList()) + ")");
            }
        }
        if (spec.options().stream().anyMatch(o -> !o.hidden() && (!o.required() || o.group() != null
                && !o.group().exclusive()))) {
            parts.add("[OPTIONS]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel() + (p.isMultiValue() ? "..." : "");
            parts.add(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        if (!cl.getSubcommands().isEmpty()) {
            parts.add("[COMMAND]");
        }
        spec.usageMessage().customSynopsis(wrap(spec.qualifiedName(" "), parts).toArray(new String[0]));
        cl.getSubcommands().values().forEach(Cli::abbreviateSynopses);
    }

    /** The synopsis in lines that fit 80 columns after "Usage: ", continued under its first part. */
    private static List<String> wrap(String command, List<String> parts) {
        int heading = "Usage: ".length();
        String indent = " ".repeat(heading + command.length() + 1);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(command);
        int column = heading + command.length();
        for (String part : parts) {
            if (column + 1 + part.length() > 80 && !line.toString().isBlank()) {
                lines.add(line.toString());
                line = new StringBuilder(indent).append(part);
                column = indent.length() + part.length();
            } else {
                line.append(' ').append(part);
                column += 1 + part.length();
            }
        }
        lines.add(line.toString());
        return lines;
    }

    private static String synopsis(OptionSpec o) {
        return o.longestName() + (o.typeInfo().isBoolean() ? "" : "=" + o.paramLabel());
    }
}
