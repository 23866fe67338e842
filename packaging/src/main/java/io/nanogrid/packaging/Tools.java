package io.nanogrid.packaging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

/**
 * Runs the JDK's own tools (jdeps, jlink, jpackage) in this JVM through java.util.spi.ToolProvider, and the
 * few programs that are not JDK tools (dpkg-deb, the app-image's own launcher) as processes.
 */
final class Tools {
    private Tools() {
    }

    /** Runs a tool; its standard output is returned, and a non-zero exit is an exception with its output. */
    static String run(String tool, List<String> args, PrintWriter log) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException(
                "this JDK (" + System.getProperty("java.home") + ") has no " + tool + "; build the installers with a "
                        + "full JDK 17 or newer"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        log.println("packaging: " + tool + " " + String.join(" ", args));
        log.flush();
        int code = provider.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(new String[0]));
        if (code != 0) {
            throw new IllegalStateException(tool + " failed (exit " + code + "):\n" + out + err);
        }
        if (!err.toString().isBlank()) {
            log.print(err);
        }
        return out.toString();
    }

    /** Runs a program with these variables added to the environment; a non-zero exit is an exception. */
    static String exec(List<String> command, Map<String, String> env, PrintWriter log) {
        log.println("packaging: " + (env.isEmpty() ? "" : env + " ") + String.join(" ", command));
        log.flush();
        Path output = null;
        Process p = null;
        try {
            // output to a file, so that the time limit holds even if the program never closes its output
            output = Files.createTempFile("nanogrid-packaging", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().putAll(env);
            p = pb.start();
            p.getOutputStream().close(); // no input: a program that reads some ends at once
            boolean ended = p.waitFor(10, TimeUnit.MINUTES);
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (!ended || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + (ended ? " failed (exit " + p.exitValue()
                        + ")" : " did not end in 10 minutes") + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command.get(0) + " interrupted", e);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    log.println("packaging: could not delete " + output + ": " + e.getMessage());
                }
            }
        }
    }
}
