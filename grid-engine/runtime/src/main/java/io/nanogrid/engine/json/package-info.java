/** The one configured Gson: versioned files, strict fields, sealed families by "kind". */
package io.nanogrid.engine.json;
