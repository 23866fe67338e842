package io.nanogrid.app.bundle;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The export dialog's content: the bits of each model (or all at once, or from a profile file), the
 * bundle file, Export and Cancel, progress, then what was written and verified. The decisions are the
 * view model's; the view asks before replacing a file.
 */
public final class ExportView extends VBox {
    /** The dialog is a scene of its own, without workbench.css: its colours are set here. */
    private static final String ERROR = "-fx-text-fill: #cf222e;";

    private final ExportViewModel vm;
    private final Function<FileChooser, File> saveDialog;
    private final Function<FileChooser, File> openDialog;

    /**
     * @param saveDialog shows a save chooser (null result: the user gave up); the window passes its own
     * @param openDialog shows an open chooser, for a bits profile file
     */
    public ExportView(ExportViewModel vm, Function<FileChooser, File> saveDialog,
            Function<FileChooser, File> openDialog) {
        super(10);
        this.vm = vm;
        this.saveDialog = saveDialog;
        this.openDialog = openDialog;
        setId("export-view");
        setPadding(new Insets(12));
        setPrefWidth(620);

        Label problem = new Label(vm.problem());
        problem.setId("export-problem");
        problem.setWrapText(true);
        problem.setStyle(ERROR);
        problem.setVisible(vm.problem() != null);
        problem.setManaged(vm.problem() != null);

        GridPane bits = new GridPane();
        bits.setHgap(10);
        bits.setVgap(6);
        ChoiceBox<String> all = new ChoiceBox<>();
        all.getItems().setAll(ExportViewModel.choices());
        all.setId("export-bits-all");
        all.setOnAction(e -> {
            if (all.getValue() != null) {
                vm.setAll(all.getValue());
            }
        });
        Button load = new Button("Load profile...");
        load.setId("export-load-profile");
        load.setOnAction(e -> chooseProfile());
        bits.addRow(0, bold("All models"), all, load);
        int row = 1;
        for (String node : vm.nodes()) {
            ChoiceBox<String> c = new ChoiceBox<>();
            c.getItems().setAll(ExportViewModel.choices());
            c.setId("export-bits-" + node);
            c.valueProperty().bindBidirectional(vm.bits(node));
            bits.addRow(row++, new Label(node), c);
        }
        Label bitsNote = new Label("Target bits per model, recorded in the bundle's manifest (as `nanogrid export "
                + "--bits-profile`); the models are written as they are in the grid.");
        bitsNote.setWrapText(true);
        bitsNote.setStyle("-fx-text-fill: #57606a;");

        TextField file = new TextField();
        file.setId("export-file");
        file.textProperty().bindBidirectional(vm.output(), new javafx.util.StringConverter<>() {
            @Override
            public String toString(Path p) {
                return p == null ? "" : p.toString();
            }

            @Override
            public Path fromString(String s) {
                return s == null || s.isBlank() ? null : Path.of(s.strip());
            }
        });
        HBox.setHgrow(file, Priority.ALWAYS);
        Button choose = new Button("Choose...");
        choose.setOnAction(e -> chooseFile());
        HBox fileRow = new HBox(8, bold("Bundle"), file, choose);

        Button export = new Button("Export");
        export.setId("export-run");
        export.setDefaultButton(true);
        export.disableProperty().bind(vm.canExport().not());
        export.setOnAction(e -> export());
        Button cancel = new Button("Cancel export");
        cancel.setId("export-cancel");
        cancel.disableProperty().bind(vm.running().not());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progress());
        progress.visibleProperty().bind(vm.running());
        progress.setPrefWidth(160);
        HBox actions = new HBox(8, export, cancel, progress);

        Label message = new Label();
        message.setId("export-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.createStringBinding(() -> vm.result().get() != null
                ? "Exported and verified." : vm.message().get(), vm.result(), vm.message()));
        Label error = new Label();
        error.setId("export-error");
        error.setWrapText(true);
        error.setStyle(ERROR);
        error.textProperty().bind(vm.error());
        error.visibleProperty().bind(vm.error().isNotNull());
        error.managedProperty().bind(error.visibleProperty());

        TextArea result = new TextArea();
        result.setId("export-result");
        result.setEditable(false);
        result.setWrapText(true);
        result.setPrefRowCount(8);
        result.setStyle("-fx-font-family: monospace; -fx-font-size: 12px;");
        result.textProperty().bind(Bindings.createStringBinding(() -> vm.result().get() == null ? ""
                : ExportViewModel.summary(vm.result().get()), vm.result()));
        // always laid out: the dialog is sized once, and the result must fit in it when it comes
        result.visibleProperty().bind(vm.result().isNotNull());

        for (Label l : new Label[] {problem, bitsNote, message, error}) {
            l.setMinHeight(Region.USE_PREF_SIZE); // wrapped, never cut to "..."
        }
        getChildren().addAll(problem, bits, bitsNote, fileRow, actions, message, error, result);
        boolean blocked = vm.problem() != null;
        bits.setDisable(blocked);
        fileRow.setDisable(blocked);
    }

    private static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private void chooseFile() {
        FileChooser c = new FileChooser();
        c.setTitle("Export the bundle");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Grid bundles", "*.ngrid"));
        Path now = vm.output().get();
        if (now != null) {
            if (now.getParent() != null && now.getParent().toFile().isDirectory()) {
                c.setInitialDirectory(now.getParent().toFile());
            }
            c.setInitialFileName(now.getFileName().toString());
        }
        File f = saveDialog.apply(c);
        if (f != null) {
            vm.output().set(f.toPath());
        }
    }

    private void chooseProfile() {
        FileChooser c = new FileChooser();
        c.setTitle("A bits profile (JSON: expert id or \"router\" to 8, 4, 2 or \"float\")");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Bits profiles", "*.json"));
        File f = openDialog.apply(c);
        if (f != null) {
            vm.load(f.toPath());
        }
    }

    /** Asks before replacing an existing file; then the view model exports. */
    private void export() {
        boolean replace = false;
        if (vm.wouldReplace()) {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, vm.output().get() + " exists. Replace it?",
                    ButtonType.YES, ButtonType.NO);
            a.setHeaderText(null);
            a.initOwner(window());
            replace = a.showAndWait().filter(ButtonType.YES::equals).isPresent();
            if (!replace) {
                return;
            }
        }
        vm.export(replace);
    }
}
