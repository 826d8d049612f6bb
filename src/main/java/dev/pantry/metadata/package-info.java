/**
 * The metadata index: which files upstream pages listed, which are cached as which blob, page freshness and
 * validators (and PEP 792 status), access statistics, and the owner of each project name ({@link
 * dev.pantry.metadata.OwnerStore}). One {@link dev.pantry.metadata.MetadataStore} over JDBC, on H2 (the single-node
 * default) or PostgreSQL, with schema migrations by Flyway, pooling by HikariCP, and the SQL that differs between the
 * two behind {@link dev.pantry.metadata.Dialect}. A page's listing is one compressed value ({@code ListingCodec});
 * a file gets a row of its own when it is first asked for.
 *
 * <p>The index of files is rebuildable: blobs and their records in the store are the truth. Owners are not: after a
 * lost index each name's owner is decided again, in priority order, on its next request. {@link
 * dev.pantry.metadata.CachedRows} is a process-local cache of rows, dropped through the coordination seam's
 * invalidations; it is never the only copy of anything.
 */
@NullMarked
package dev.pantry.metadata;

import org.jspecify.annotations.NullMarked;
