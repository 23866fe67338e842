package io.nanogrid.engine.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.cli.tools.NanogridCommand;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the nanogrid command line in-process, capturing its streams and exit code. */
public record CliRun(int exit, String out, String err) {
    /** The full nanogrid (every command). */
    public static CliRun of(String... args) {
        return under(new NanogridCommand(), args);
    }

    /** The device jar's nanogrid (run, inspect, verify, import, serve). */
    public static CliRun device(String... args) {
        return under(new DeviceCommand(), args);
    }

    private static CliRun under(RootCommand root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(root, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    public JsonObject json() {
        return JsonParser.parseString(out).getAsJsonObject();
    }

    @Override
    public String toString() {
        return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
