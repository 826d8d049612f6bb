/**
 * Running the mirror in production: health and readiness, metrics, the access log, rate limits, client addresses
 * behind proxies, live config reload, and the operational wrappers the server puts around every route.
 */
@NullMarked
package dev.pantry.ops;

import org.jspecify.annotations.NullMarked;
