/** Router training and testing: the routing data pool, calibration, threshold and joint accuracy. */
package io.nanogrid.engine.router;
