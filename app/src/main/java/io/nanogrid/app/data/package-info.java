/** The experts' labelled data in the workbench: where each expert's is, choosing a file for it, pulling the samples'. */
package io.nanogrid.app.data;
