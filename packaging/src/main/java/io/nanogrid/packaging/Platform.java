package io.nanogrid.packaging;

import java.util.List;
import java.util.Locale;

/**
 * The platform the installers are built for (always the build machine's: jpackage does not cross-build).
 *
 * @param os       "linux", "mac" or "windows"
 * @param ortDir   ONNX Runtime's folder for it inside its jar: ai/onnxruntime/native/ORTDIR/
 * @param nativeExt the native library file ending: ".so", ".dylib" or ".dll"
 * @param tokenizersDir the Hugging Face tokenizers library's folder for it inside its jar: native/lib/DIR/
 */
record Platform(String os, String ortDir, String nativeExt, String tokenizersDir) {
    static Platform current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("win")) {
            return new Platform("windows", "win-x64", ".dll", "win-x86_64");
        }
        if (os.contains("mac")) {
            return new Platform("mac", arm ? "osx-aarch64" : "osx-x64", ".dylib", arm ? "osx-aarch64" : "osx-x86_64");
        }
        return new Platform("linux", arm ? "linux-aarch64" : "linux-x64", ".so",
                arm ? "linux-aarch64" : "linux-x86_64");
    }

    /** Installer types jpackage builds on this platform, app-image included. */
    List<String> types() {
        return switch (os) {
            case "windows" -> List.of("app-image", "msi", "exe");
            case "mac" -> List.of("app-image", "dmg", "pkg");
            default -> List.of("app-image", "deb", "rpm");
        };
    }
}
