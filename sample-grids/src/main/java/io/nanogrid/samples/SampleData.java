package io.nanogrid.samples;

import io.nanogrid.engine.data.DataSources;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.grid.DataSource;
import java.nio.file.Path;

/**
 * An expert's data, relative to the datasets folder (the layout of ../shared/data).
 *
 * @param train     training data
 * @param test      held-out data, or null to hold out {@code testSplit} of the training data
 * @param testSplit share held out per label when there is no test file
 */
public record SampleData(DataSource train, DataSource test, double testSplit) {

    public Dataset readTrain(Path dataDir) {
        return DataSources.read(train, dataDir, true, false);
    }

    public Dataset readTest(Path dataDir) {
        return test == null ? null : DataSources.read(test, dataDir, true, false);
    }
}
