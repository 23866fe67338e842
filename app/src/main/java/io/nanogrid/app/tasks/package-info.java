/** Engine work off the FX thread as JavaFX tasks, with progress and cancel. */
package io.nanogrid.app.tasks;
