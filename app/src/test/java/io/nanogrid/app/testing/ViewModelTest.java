package io.nanogrid.app.testing;

import io.nanogrid.app.main.MainViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the workbench's view model: a temporary folder, and the view model (when made) closed after each test. */
public abstract class ViewModelTest {
    @TempDir
    protected Path dir;
    protected MainViewModel vm;

    @AfterEach
    void closeViewModel() {
        if (vm != null) {
            Fx.run(vm::close);
        }
    }
}
