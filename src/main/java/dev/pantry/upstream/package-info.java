/**
 * Talking to upstream indexes: credentials bound to their origin and sent on every hop to it and no other, redirects
 * followed by hand, retries with backoff within one page deadline, a circuit and a bulkhead per upstream, the memory
 * all pages being read share, the address rules every connection passes ({@link dev.pantry.upstream.AddressGuard}:
 * no private address for a public upstream, never a link-local one), and every outcome as a sealed value rather than
 * an exception.
 */
@NullMarked
package dev.pantry.upstream;

import org.jspecify.annotations.NullMarked;
