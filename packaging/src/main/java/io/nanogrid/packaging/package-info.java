/** The installers' builder: jdeps, jlink and jpackage driven from Maven. */
package io.nanogrid.packaging;
