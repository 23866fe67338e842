/** The property sheet of the selected node and the model inspector. */
package io.nanogrid.app.inspector;
