package io.nanogrid.app.console;

import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.onnx.ElementType;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * A request of several named inputs: a file for each input of the grid's first model (.npy, or a text
 * file for a string input). Its result is the files by input name, for {@link ConsoleViewModel#sendInputs}.
 */
final class InputsDialog extends Dialog<Map<String, Path>> {
    private final Map<String, TextField> fields = new LinkedHashMap<>();

    InputsDialog(List<TensorDesc> inputs, Window owner) {
        setTitle("Send named inputs");
        setHeaderText("A file for each input of the model: a tensor (.npy), or text for a string input");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        int row = 0;
        for (TensorDesc in : inputs) {
            TextField file = new TextField();
            file.setId("input-" + in.name());
            file.setPrefColumnCount(24);
            file.setPromptText(in.type() == ElementType.STRING ? "a text file (.txt) or .npy" : "a .npy file");
            Button choose = new Button("Choose...");
            choose.setOnAction(e -> {
                FileChooser c = new FileChooser();
                c.setTitle("Input '" + in.name() + "' (" + in.describe() + ")");
                c.getExtensionFilters().add(in.type() == ElementType.STRING
                        ? new FileChooser.ExtensionFilter("Text or tensors", "*.txt", "*.npy")
                        : new FileChooser.ExtensionFilter("Tensors (.npy)", "*.npy"));
                File f = c.showOpenDialog(getDialogPane().getScene().getWindow());
                if (f != null) {
                    file.setText(f.toString());
                }
            });
            Label name = new Label(in.name());
            name.setStyle("-fx-font-weight: bold;");
            Label type = new Label(in.describe());
            for (Region r : new Region[] {name, type, choose}) {
                r.setMinWidth(Region.USE_PREF_SIZE); // never cut to "fe..."
            }
            grid.addRow(row++, name, type, file, choose);
            fields.put(in.name(), file);
        }
        getDialogPane().setContent(grid);
        ButtonType send = new ButtonType("Send", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(send, ButtonType.CANCEL);
        initOwner(owner);
        setResultConverter(b -> b == send ? files() : null);
    }

    /** The files given, by input name (blank fields left out: the view model names what is missing). */
    Map<String, Path> files() {
        Map<String, Path> out = new LinkedHashMap<>();
        fields.forEach((name, f) -> {
            if (!f.getText().isBlank()) {
                out.put(name, Path.of(f.getText().strip()));
            }
        });
        return out;
    }
}
