/**
 * The one seam for what replicas must agree on: single flight (one upstream fetch per file or page, whoever asks),
 * blob leases (nothing removed while a client reads it), invalidation (rows, pages, blob bytes and negative entries
 * other processes keep in memory), and leader-only jobs (eviction, reconcile). {@link
 * dev.pantry.coordination.LocalCoordinator} does it in one JVM; a PostgreSQL implementation does it across replicas
 * with advisory locks, a lease table and {@code LISTEN/NOTIFY}.
 *
 * <p>Everything else a process keeps in memory is a cache: it may be dropped at any time, and it is dropped when an
 * {@link dev.pantry.coordination.Invalidation} says so.
 */
@NullMarked
package dev.pantry.coordination;

import org.jspecify.annotations.NullMarked;
