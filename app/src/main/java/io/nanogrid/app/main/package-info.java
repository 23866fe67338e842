/** The main window, its actions and menus, the palette and the workbench's settings. */
package io.nanogrid.app.main;
