package io.nanogrid.app.main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The palette: what can be added to the grid. Click an entry to add it; drag a model entry onto the
 * canvas to place it.
 */
final class PaletteView extends VBox {
    /** One entry: a label, an icon, and either an action or a model file to add. */
    record Entry(String label, Ikon icon, Runnable action, Path model) {
    }

    PaletteView(List<Entry> basics, Path samplesDir, Consumer<Path> addModel) {
        getStyleClass().add("palette");
        setPadding(new Insets(8));
        setSpacing(6);
        List<Entry> entries = new ArrayList<>(basics);
        List<Entry> samples = new ArrayList<>();
        if (samplesDir != null) {
            try (var files = Files.list(samplesDir.resolve("text-assistant").resolve("experts"))) {
                files.filter(f -> f.toString().endsWith(".onnx")).sorted()
                        .forEach(f -> samples.add(new Entry(f.getFileName().toString().replace(".onnx", ""),
                                FontAwesomeSolid.CUBE, null, f)));
            } catch (IOException | RuntimeException e) {
                // no sample experts to offer
            }
        }
        Label title = new Label("Add to the grid");
        title.getStyleClass().add("palette-title");
        getChildren().add(title);
        entries.forEach(e -> getChildren().add(button(e, addModel)));
        if (!samples.isEmpty()) {
            Label sampleTitle = new Label("Sample experts");
            sampleTitle.getStyleClass().add("palette-title");
            getChildren().add(sampleTitle);
            samples.forEach(e -> getChildren().add(button(e, addModel)));
        }
        Label hint = new Label("Click to add. Drag a model onto the canvas, or drop .onnx files from your file "
                + "manager there.");
        hint.setWrapText(true);
        hint.getStyleClass().add("palette-hint");
        getChildren().add(hint);
        setPrefWidth(220);
        setMinWidth(220);
    }

    private static Button button(Entry e, Consumer<Path> addModel) {
        Button b = new Button(e.label(), new FontIcon(e.icon()));
        b.getStyleClass().addAll("palette-entry", "flat");
        b.setMaxWidth(Double.MAX_VALUE);
        b.setAlignment(Pos.CENTER_LEFT);
        b.setOnAction(ev -> {
            if (e.action() != null) {
                e.action().run();
            } else {
                addModel.accept(e.model());
            }
        });
        if (e.model() != null) {
            b.setTooltip(new Tooltip(e.model().toString()));
            b.setOnDragDetected(ev -> {
                Dragboard db = b.startDragAndDrop(TransferMode.COPY);
                ClipboardContent c = new ClipboardContent();
                c.putFiles(List.of(e.model().toFile()));
                db.setContent(c);
                ev.consume();
            });
        }
        return b;
    }
}
