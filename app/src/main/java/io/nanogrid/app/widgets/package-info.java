/** Small helpers for controls that several views share (table columns sized to their headers). */
package io.nanogrid.app.widgets;
