package io.nanogrid.app.data;

import io.nanogrid.engine.router.ExpertDataStatus;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A lab's data bar: where the experts' labelled data is, and, when some is missing, what to do as buttons that do
 * it: "Pull the sample data (12.6 MB)" (with its progress) and "Choose labelled data..." (a file or folder per
 * expert).
 */
public final class DataBar extends VBox {
    /** Asks the user for an expert's data: a file, or a folder; null when they cancel. */
    public interface Chooser {
        Path choose(String expert, boolean folder, Window owner);
    }

    private final LabData data;
    private final Supplier<Chooser> chooser;
    private final MenuButton choose = new MenuButton("Choose labelled data...");

    /** @param chooser the dialogs (native ones in the workbench; a test's own in tests) */
    public DataBar(LabData data, Supplier<Chooser> chooser) {
        this.data = data;
        this.chooser = chooser;
        getStyleClass().add("lab-data");
        setPadding(new Insets(4, 8, 4, 8));
        setSpacing(2);
        Label summary = new Label();
        summary.getStyleClass().add("lab-data-summary");
        summary.textProperty().bind(data.summary());
        summary.setWrapText(true);
        summary.setMaxWidth(Double.MAX_VALUE);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(data.summary());
        summary.setTooltip(whole);
        HBox.setHgrow(summary, Priority.ALWAYS);
        FontIcon icon = new FontIcon(FontAwesomeSolid.DATABASE);
        icon.getStyleClass().add("lab-data-icon");

        Button pull = new Button(data.pullLabel(), new FontIcon(FontAwesomeSolid.DOWNLOAD));
        pull.getStyleClass().add("accent");
        pull.setId("data-pull");
        pull.setTooltip(new Tooltip("Download the catalogue's datasets (the sample grids' data), check their sha256 "
                + "and keep them in the cache; the labs then read the experts' recorded data from there"));
        pull.visibleProperty().bind(data.canPull());
        pull.managedProperty().bind(pull.visibleProperty());
        pull.disableProperty().bind(data.pulling().isNotNull());
        pull.setOnAction(e -> data.pull());

        choose.setId("data-choose");
        choose.setGraphic(new FontIcon(FontAwesomeSolid.FOLDER_OPEN));
        choose.setTooltip(new Tooltip("An expert's labelled data: a table (TSV, CSV, JSONL with text and label "
                + "columns), IDX images, inputs as .npy with their labels, or a folder of images by class"));
        data.experts().addListener((ListChangeListener<ExpertDataStatus>) c -> items());
        data.ready().addListener((o, a, b) -> style());
        items();
        style();

        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(160);
        Label progressText = new Label();
        progressText.getStyleClass().add("lab-data-progress");
        data.pulling().addListener((o, a, t) -> bind(t, progress, progressText));
        progress.visibleProperty().bind(data.pulling().isNotNull());
        progress.managedProperty().bind(progress.visibleProperty());
        progressText.visibleProperty().bind(progress.visibleProperty());
        progressText.managedProperty().bind(progress.visibleProperty());

        // the buttons keep their whole labels; the summary wraps in the width left (its tooltip has it all)
        pull.setMinWidth(Region.USE_PREF_SIZE);
        choose.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, icon, summary, pull, choose);
        row.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.getStyleClass().add("lab-data-message");
        message.textProperty().bind(data.message());
        message.setWrapText(true);
        message.visibleProperty().bind(data.message().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        HBox status = new HBox(8, progress, progressText, message);
        status.setAlignment(Pos.CENTER_LEFT);
        status.visibleProperty().bind(Bindings.or(progress.visibleProperty(), message.visibleProperty()));
        status.managedProperty().bind(status.visibleProperty());
        getChildren().addAll(row, status);
    }

    private static void bind(Task<?> t, ProgressBar bar, Label text) {
        bar.progressProperty().unbind();
        text.textProperty().unbind();
        if (t != null) {
            bar.progressProperty().bind(t.progressProperty());
            text.textProperty().bind(t.messageProperty());
        }
    }

    private void style() {
        choose.getStyleClass().remove("accent");
        if (!data.ready().get()) {
            choose.getStyleClass().add("accent");
        }
    }

    /** A file and a folder item per expert, the ones without data first. */
    private void items() {
        choose.getItems().clear();
        var list = data.experts().stream().sorted((a, b) -> Boolean.compare(a.ready(), b.ready())).toList();
        for (ExpertDataStatus s : list) {
            if (!choose.getItems().isEmpty()) {
                choose.getItems().add(new SeparatorMenuItem());
            }
            String now = s.ready() ? " (now " + Path.of(s.source()).getFileName() + ")" : " (none yet)";
            MenuItem file = new MenuItem(s.expert() + ": a file..." + now);
            file.setId("data-choose-" + s.expert());
            file.setOnAction(e -> ask(s.expert(), false));
            MenuItem folder = new MenuItem(s.expert() + ": a folder of images by class...");
            folder.setOnAction(e -> ask(s.expert(), true));
            choose.getItems().addAll(file, folder);
        }
        choose.setDisable(list.isEmpty());
    }

    private void ask(String expert, boolean folder) {
        Path p = chooser.get().choose(expert, folder, getScene() != null ? getScene().getWindow() : null);
        if (p != null) {
            data.choose(expert, p);
        }
    }

    /** The platform's file and folder dialogs. */
    public static Chooser nativeDialogs() {
        return (expert, folder, owner) -> {
            if (folder) {
                DirectoryChooser d = new DirectoryChooser();
                d.setTitle("Labelled data of " + expert + ": a folder with a folder of images per class");
                File f = d.showDialog(owner);
                return f == null ? null : f.toPath();
            }
            FileChooser c = new FileChooser();
            c.setTitle("Labelled data of " + expert);
            c.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Labelled data", "*.tsv", "*.csv", "*.jsonl", "*.npy", "*.gz",
                            "*-ubyte", "*.idx"),
                    new FileChooser.ExtensionFilter("Tables (TSV, CSV, JSONL)", "*.tsv", "*.csv", "*.jsonl"),
                    new FileChooser.ExtensionFilter("IDX images", "*.gz", "*-ubyte", "*.idx"),
                    new FileChooser.ExtensionFilter("Inputs as .npy (labels beside them)", "*.npy"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = c.showOpenDialog(owner);
            return f == null ? null : f.toPath();
        };
    }
}
