package io.nanogrid.app;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: one main window. */
public final class WorkbenchApp extends Application {
    private static volatile Path initialGrid;
    private static volatile String initialView;

    static void open(Path grid, String view) {
        initialGrid = grid;
        initialView = view;
        java.util.logging.Logger.getLogger("com.sun.javafx.application.PlatformImpl")
                .setLevel(java.util.logging.Level.SEVERE);
        Application.launch(WorkbenchApp.class);
    }

    @Override
    public void start(Stage stage) {
        MainWindow window = new MainWindow(initialGrid, initialView);
        stage.setTitle(window.title());
        stage.setScene(new Scene(window.root(), 1280, 800));
        stage.show();
    }
}
