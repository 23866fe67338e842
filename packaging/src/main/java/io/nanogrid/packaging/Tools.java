package io.nanogrid.packaging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.spi.ToolProvider;

/** Runs the JDK's own tools (jdeps, jlink, jpackage) in this JVM through java.util.spi.ToolProvider. */
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
}
