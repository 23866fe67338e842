package io.nanogrid.engine.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The design's rules as build failures: one package talks to ONNX Runtime; the engine knows no JavaFX. */
class ArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nanogrid");

    @Test
    void onlyTheOrtPackageTalksToOnnxRuntime() {
        noClasses().that().resideOutsideOfPackage("io.nanogrid.engine.ort..")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
                .because("tensors must never escape the one package that talks to ONNX Runtime")
                .check(ENGINE);
    }

    @Test
    void engineAndQuantizerDoNotUseJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..")
                .check(ENGINE);
    }

    @Test
    void theQuantizerDoesNotUseTheEngine() {
        noClasses().that().resideInAnyPackage("io.nanogrid.quantizer..", "io.nanogrid.common..")
                .should().dependOnClassesThat().resideInAPackage("io.nanogrid.engine..")
                .check(ENGINE);
    }
}
