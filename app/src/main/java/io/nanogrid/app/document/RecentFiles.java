package io.nanogrid.app.document;

import com.google.gson.reflect.TypeToken;
import io.nanogrid.engine.json.Json;
import io.nanogrid.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The grids opened lately, newest first, kept in a small JSON file in the user's settings folder. */
public final class RecentFiles {
    private static final int MAX = 10;

    private final Path store;
    private final ObservableList<Path> files = FXCollections.observableArrayList();

    public RecentFiles(Path store) {
        this.store = store;
        load();
    }

    public ObservableList<Path> files() {
        return files;
    }

    public void opened(Path file) {
        Path p = file.toAbsolutePath().normalize();
        files.remove(p);
        files.add(0, p);
        while (files.size() > MAX) {
            files.remove(files.size() - 1);
        }
        save();
    }

    private void load() {
        if (!Files.isRegularFile(store)) {
            return;
        }
        try {
            List<String> list = Json.gson().fromJson(Files.readString(store), new TypeToken<List<String>>() { }
                    .getType());
            if (list != null) {
                list.stream().map(Path::of).filter(Files::isRegularFile).limit(MAX).forEach(files::add);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable list of recent files is an empty one
        }
    }

    private void save() {
        List<String> list = new ArrayList<>();
        files.forEach(p -> list.add(p.toString()));
        try {
            AtomicFiles.writeString(store, Json.gson().toJson(list));
        } catch (RuntimeException e) {
            // not being able to remember recent files must not stop the user's work
        }
    }
}
