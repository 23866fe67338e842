package io.nanogrid.engine.train;

/**
 * How one epoch went: mean training loss, training accuracy, and the validation figures used for
 * early stopping (NaN when there is no validation split).
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double seconds, boolean best) {
}
