package io.nanogrid.engine.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * serve's heap. A JVM without -Xmx takes a quarter of the machine's memory as its heap, and serve's memory
 * followed it (1.33 GB resident after 943,000 requests with a 6 GB default maximum; 510 MB with
 * -Xmx256m). The device jar is started by `java -jar`, which cannot name JVM options, so `serve` started
 * without a heap limit starts itself again as a child JVM with {@value #DEFAULT} (or NANOGRID_SERVE_HEAP),
 * passing on its arguments, its JVM options, its output and SIGTERM, with MALLOC_ARENA_MAX=2 unless set. A heap the user chose (-Xmx,
 * -XX:MaxHeapSize, -XX:MaxRAM, -XX:MaxRAMPercentage) is kept, and NANOGRID_SERVE_HEAP=jvm keeps the JVM's
 * own default.
 */
final class ServeHeap {
    static final String DEFAULT = "256m";
    static final String ENV = "NANOGRID_SERVE_HEAP";
    /** Set on the child, so that it does not start another. */
    static final String CHILD = "nanogrid.serve.heap";
    /** glibc malloc arenas for the child (unless MALLOC_ARENA_MAX is set): 522 MB resident instead of 599 MB. */
    static final String MALLOC_ARENAS = "2";

    private ServeHeap() {
    }

    /** The child's command line, or null when the command runs in this JVM as it is. */
    static List<String> relaunch(String[] args, List<String> jvmArgs, Map<String, String> env,
            String childProperty, Path java, String classPath, String mainClass) {
        if (childProperty != null || !isServe(args) || chosen(jvmArgs)) {
            return null;
        }
        String heap = env.getOrDefault(ENV, DEFAULT).strip();
        if (heap.equals("jvm")) {
            return null;
        }
        if (!heap.matches("[0-9]{1,6}[kKmMgG]?")) {
            throw new IllegalArgumentException(ENV + " must be a heap size such as 256m or 1g, or 'jvm', not '"
                    + heap + "'");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Xmx" + heap);
        cmd.add("-D" + CHILD + "=" + heap);
        cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The command is `serve` (root options may come first), and not a request for its help. */
    static boolean isServe(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
                return false;
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--ort-threads")) {
                i++; // the root option's value
            } else if (!args[i].startsWith("-")) {
                return args[i].equals("serve");
            }
        }
        return false;
    }

    private static boolean chosen(List<String> jvmArgs) {
        return jvmArgs.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize=")
                || a.startsWith("-XX:MaxRAM=") || a.startsWith("-XX:MaxRAMPercentage="));
    }

    /**
     * Runs {@code args} in a child JVM with serve's default heap when that is needed (returns its exit code),
     * else returns null and the caller runs the command itself.
     */
    static Integer runInChild(String[] args, String mainClass) {
        List<String> cmd;
        try {
            cmd = relaunch(args, ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv(),
                    System.getProperty(CHILD), Path.of(System.getProperty("java.home"), "bin", "java"),
                    System.getProperty("java.class.path"), mainClass);
        } catch (IllegalArgumentException e) {
            System.err.println("nanogrid: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        if (cmd == null) {
            return null;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            // glibc gives every thread that allocates its own malloc arena; with ONNX Runtime's, the HTTP
            // server's and the workers' threads they held 77 MB more resident after 200,000 requests
            pb.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
            Process child = pb.start();
            // SIGTERM or Ctrl+C here is passed on: the child drains and stops, and we return its exit code
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (child.isAlive()) {
                    child.destroy();
                    try {
                        child.waitFor(10, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "nanogrid-serve-parent"));
            return child.waitFor();
        } catch (IOException e) {
            return null; // cannot start a JVM: serve here, with the JVM's own heap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.BAD_INPUT;
        }
    }
}
