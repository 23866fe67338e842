package io.nanogrid.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The house's rules (docs/ARCHITECTURE.md) as build failures, over the main classes of every module
 * the app module sees on its test class path: all but packaging, which builds installers and uses none
 * of them. Arrows only point down; no package cycles; one
 * package talks to ONNX Runtime; no JavaFX below the app.
 */
class ArchitectureTest {
    private static final String RUNTIME = "io.nanogrid.engine.(grid|json|features|decode|model|runtime|task|inspect"
            + "|ort|bundle|serve)..";
    private static final String TOOLING = "io.nanogrid.engine.(train|router|quant|catalogue|data|eval|load|bench)..";

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // the modules' shared test fixtures
            .importPackages("io.nanogrid");

    @Test
    void arrowsOnlyPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("files").definedBy("io.nanogrid.files..")
                .layer("onnx").definedBy("io.nanogrid.onnx..")
                .layer("quantizer").definedBy("io.nanogrid.quantizer..")
                .layer("runtime").definedBy(RUNTIME)
                .layer("tooling").definedBy(TOOLING)
                .layer("device commands").definedBy("io.nanogrid.engine.cli")
                .layer("workbench commands").definedBy("io.nanogrid.engine.cli.tools..")
                .layer("samples").definedBy("io.nanogrid.samples..")
                .layer("app").definedBy("io.nanogrid.app..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("samples").mayOnlyBeAccessedByLayers("app")
                .whereLayer("workbench commands").mayOnlyBeAccessedByLayers("app")
                .whereLayer("device commands").mayOnlyBeAccessedByLayers("workbench commands", "samples", "app")
                .whereLayer("tooling").mayOnlyBeAccessedByLayers("workbench commands", "samples", "app")
                .whereLayer("quantizer").mayOnlyBeAccessedByLayers("tooling", "workbench commands", "samples", "app")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("tooling", "device commands", "workbench commands",
                        "samples", "app")
                .whereLayer("onnx").mayOnlyBeAccessedByLayers("quantizer", "runtime", "tooling", "device commands",
                        "workbench commands", "samples", "app")
                .because("the device jar carries files, onnx, runtime and the device commands alone, and the app "
                        + "reaches the engine only through the tooling and the command line")
                .check(ALL);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.nanogrid.(**)").should().beFreeOfCycles().check(ALL);
    }

    @Test
    void onlyTheOrtPackageTalksToOnnxRuntime() {
        noClasses().that().resideOutsideOfPackage("io.nanogrid.engine.ort..")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
                .because("tensors must never escape the one package that talks to ONNX Runtime")
                .check(ALL);
    }

    @Test
    void oneClassTalksToTheTokenizersLibrary() {
        noClasses().that().doNotHaveFullyQualifiedName("io.nanogrid.engine.features.HfTokenizer")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .because("the Hugging Face tokenizers library is native code with a cache folder of its own: one "
                        + "class sets it up, loads tokenizer.json files and owns their native memory")
                .check(ALL);
    }

    @Test
    void nothingBelowTheAppUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("io.nanogrid.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..")
                .check(ALL);
    }
}
