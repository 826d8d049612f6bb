/**
 * Talking to upstream indexes: credentials bound to their origin and sent on every hop to it and no other, redirects
 * followed by hand, retries with backoff, a circuit per upstream, and every outcome as a sealed value rather than an
 * exception.
 */
@NullMarked
package dev.pantry.upstream;

import org.jspecify.annotations.NullMarked;
