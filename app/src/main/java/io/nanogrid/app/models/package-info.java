/** The running grid behind the workbench (reopened on every edit) and the models it has inspected. */
package io.nanogrid.app.models;
