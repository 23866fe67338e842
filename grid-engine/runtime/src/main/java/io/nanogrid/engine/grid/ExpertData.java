package io.nanogrid.engine.grid;

/**
 * An expert's labelled data, recorded in the grid file (paths relative to it) so that the router trainer
 * and the labs can learn and test on it: what the expert was trained on, and what is held out.
 *
 * @param train     the labelled data of the expert's task
 * @param test      held-out data, or null to hold out {@code testSplit} of {@code train}
 * @param testSplit share of {@code train} held out per label when there is no test data; default 0.2
 */
public record ExpertData(DataSource train, DataSource test, Double testSplit) {
    public ExpertData {
        testSplit = testSplit != null ? testSplit : (test == null ? 0.2 : null);
    }
}
