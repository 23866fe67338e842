/** The datasets catalogue: names, upstream addresses and checksums, pulled into the cache or from a mirror. */
package io.nanogrid.engine.catalogue;
