package io.nanogrid.app.main;

import io.nanogrid.engine.cli.Version;
import java.util.ArrayList;
import java.util.List;
import org.controlsfx.control.action.Action;

/** The Help menu's texts: the README's workflows in short, the keyboard shortcuts, and About. */
final class HelpContent {
    private HelpContent() {
    }

    /** The workflows the README walks through, each in a few steps. */
    static String workflows() {
        return """
                Design a grid
                  File > New, then drop .onnx models onto the canvas (or Grid > Import ONNX model...).
                  The strip below the canvas says what the grid lacks: choose each expert's labelled data
                  (TSV, CSV, JSONL, IDX, .npy or a folder of images by class), then New router trains a
                  router over every expert from it (no router file needed); Apply to grid adds it.
                  Or add a router file (Grid > Add router...) and drag from its port onto each expert.
                  Type a request in the console below the canvas: the route, its probabilities and the answer.

                Train and test the router (Router lab)
                  Load data, Test current router, or train a new one; move the threshold and watch coverage.
                  Your requests: load a file of your own requests, label misroutes in one click, retrain,
                  and compare before and after side by side; Apply the new router (Edit > Undo goes back).

                Make it smaller (Quantization lab)
                  Choose variants (8, 4, 2 bits), run a sweep, set a memory and latency budget, apply the plan.

                Watch it run (Monitor)
                  Start a load at a rate and thread count: latency per route, throughput, memory; inject faults.

                Ship it
                  File > Save, then File > Export bundle... (the bits of each model, the bundle file): it writes
                  what `nanogrid export grid.json -o grid.ngrid` writes, then verifies it and shows its size;
                  `nanogrid serve grid.ngrid` runs it on the device.

                The README (README.md in the repository) has every step, the command line and the figures.""";
    }

    /** "Save    Ctrl+S" for every action that has a shortcut, in menu order. */
    static List<String> shortcuts(List<Action> actions) {
        List<String> out = new ArrayList<>();
        for (Action a : actions) {
            if (a.getAccelerator() != null) {
                out.add(String.format("%-22s %s", a.getText().replace("...", ""), a.getAccelerator().getDisplayText()));
            }
        }
        out.add(String.format("%-22s %s", "Delete a node", "select it, Delete"));
        out.add(String.format("%-22s %s", "Connect", "drag from the router's port onto an expert"));
        out.add(String.format("%-22s %s", "Pan", "mouse wheel, or drag with the middle button"));
        out.add(String.format("%-22s %s", "Zoom", "Ctrl + mouse wheel"));
        return out;
    }

    /** Version, Java and JavaFX, and the folders the workbench writes to. */
    static String about(WorkbenchSettings settings) {
        return String.join("\n",
                new Version().getVersion()[0],
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                "JavaFX " + System.getProperty("javafx.runtime.version", "unknown"),
                "",
                "Log file: " + settings.logFile(),
                "Settings and recent files: " + settings.configDir(),
                "Unsaved changes (recovery): " + settings.recoveryDir(),
                "Sample grids: " + (settings.samplesDir() != null ? settings.samplesDir() : "not found"),
                "Datasets: " + (settings.dataDir() != null ? settings.dataDir() : "not found"));
    }
}
