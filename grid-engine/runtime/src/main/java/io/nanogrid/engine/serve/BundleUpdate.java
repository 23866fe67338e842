package io.nanogrid.engine.serve;

import io.nanogrid.engine.bundle.TargetProfile;
import java.util.List;

/**
 * The answer to PUT /v1/bundle (and what the server prints when it starts): the manifest's summary
 * of the bundle now served.
 *
 * @param generation   counts deployments since the server started (1 is the bundle it started with)
 * @param grid         the grid's name
 * @param createdBy    the nanogrid that wrote the bundle
 * @param sha256       the .ngrid's SHA-256 (checked against X-Sha256 or ?sha256= when the request gave one)
 * @param experts      expert ids
 * @param models       model entries, each verified and loaded
 * @param archiveBytes the .ngrid's size
 * @param target       the manifest's target profile
 * @param seconds      verify, unpack, open and swap
 */
public record BundleUpdate(int generation, String grid, String createdBy, String sha256, List<String> experts, List<String> models,
        long archiveBytes, TargetProfile target, double seconds) {
    public BundleUpdate {
        experts = List.copyOf(experts);
        models = List.copyOf(models);
    }
}
