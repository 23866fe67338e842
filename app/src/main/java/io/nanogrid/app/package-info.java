/** The JavaFX workbench: the launcher (the command line plus gui and samples), the application, snapshots. */
package io.nanogrid.app;
