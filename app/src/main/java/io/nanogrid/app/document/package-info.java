/** The open grid as a document: undoable edits, atomic save, autosave, crash recovery and recent files. */
package io.nanogrid.app.document;
