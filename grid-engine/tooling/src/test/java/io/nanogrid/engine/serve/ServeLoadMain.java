package io.nanogrid.engine.serve;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The full-size load figures (the CI test runs a bounded version): requests at a concurrency over
 * loopback, with a PUT of a bundle at a third and a PUT of an expert model at two thirds of the load (once
 * the bundle PUT has returned).
 *
 * <pre>
 * # in-process server on the three-model test grid (20,000 requests at concurrency 16):
 * java -cp "grid-engine/tooling/target/test-classes:grid-engine/runtime/target/test-classes:app/target/lib/*" \
 *     io.nanogrid.engine.serve.ServeLoadMain
 * # a server already running (e.g. `java -jar nanogrid-device-linux-x64.jar serve x.ngrid --port 8080`),
 * # PUTting x.ngrid again and one of its experts' models during the load:
 * ... ServeLoadMain http://127.0.0.1:8080 20000 16 x.ngrid spam sample-grids/text-assistant/experts/spam.onnx
 * </pre>
 */
public final class ServeLoadMain {
    /** Requests of the sample grid text-assistant's five tasks (and one it should not be sure about). */
    static final List<String> SAMPLE_TEXTS = List.of("Je voudrais réserver une table pour deux ce soir",
            "an absorbing and unsettling psychological drama", "WIN a FREE prize, text 80086 now to claim",
            "Stocks rallied after the central bank held interest rates steady", "play some jazz on spotify",
            "Wie wird das Wetter morgen in Berlin?", "the plot is thin and the acting is worse",
            "Sorry, I'll call you later, in a meeting", "add this song to my workout playlist",
            "Permission is hereby granted, free of charge, to any person obtaining a copy of this software");

    private ServeLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        if (args.length > 0 && args[0].startsWith("http")) {
            URI base = URI.create(args[0]);
            Path bundle = Path.of(args[3]);
            String expert = args[4];
            Path model = Path.of(args[5]);
            List<String> bodies = new ArrayList<>();
            SAMPLE_TEXTS.forEach(t -> bodies.add(Http.text(t)));
            report(run(base, bodies, requests, concurrency, bundle, expert, model));
            return;
        }
        Path dir = Files.createTempDirectory("nanogrid-load-");
        Path v2 = ServeFixtures.flippedBundle(dir, "v2");
        Path original = ServeFixtures.gridFile(dir, "v1").resolveSibling("greeting.onnx");
        StringWriter log = new StringWriter();
        ServeSettings settings = ServeSettings.defaults().withOpenUpdates(true);
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), settings, dir.resolve("work"),
                log)) {
            report(run(server.uri(), ServeFixtures.BODIES, requests, concurrency, v2, "greeting", original));
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        new PrintWriter(System.out, true).print(log);
    }

    static LoadRun.Result run(URI base, List<String> bodies, int requests, int concurrency, Path bundle, String expert,
            Path model) throws InterruptedException {
        Http admin = new Http(base);
        return LoadRun.run(base, bodies, requests, concurrency, Math.min(2_000, requests / 5), List.of(
                new LoadRun.Action(requests / 3, "PUT /v1/bundle", () -> admin.put("/v1/bundle", bundle)),
                new LoadRun.Action(2 * requests / 3, "PUT /v1/experts/" + expert,
                        () -> admin.put("/v1/experts/" + expert, model))));
    }

    static void report(LoadRun.Result r) {
        System.out.println(r.summary());
        r.actions().forEach(a -> System.out.printf(Locale.ROOT, "%s -> %d in %.3f s; %d requests answered meanwhile%n",
                a.name(), a.code(), a.seconds(), a.answeredMeanwhile()));
        r.firstErrors().forEach(e -> System.out.println("error: " + e));
        System.out.println(r.errors() == 0 && r.actions().stream().allMatch(a -> a.code() == 200)
                ? "zero failed requests" : "FAILED REQUESTS OR UPDATES");
    }
}
