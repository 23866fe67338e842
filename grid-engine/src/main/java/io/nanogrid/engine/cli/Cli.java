package io.nanogrid.engine.cli;

import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.task.CancelledException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    public static int execute(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return execute(args, out, err);
    }

    /** Runs one command line with the given streams; {@code extra} subcommands are added (the workbench adds gui). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Object... extra) {
        return commandLine(out, err, extra).execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Object... extra) {
        CommandLine cl = new CommandLine(new NanogridCommand());
        for (Object sub : extra) {
            cl.addSubcommand(sub);
        }
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
}
