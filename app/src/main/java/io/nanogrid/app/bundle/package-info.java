/** File > Export bundle...: the bits profile, the export in the background, the verification and the size. */
package io.nanogrid.app.bundle;
