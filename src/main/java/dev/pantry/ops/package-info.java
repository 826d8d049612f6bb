/**
 * Running the mirror in production: rate limits, client addresses behind proxies, readiness, access log lines, live
 * config reload. Free of HTTP types; the web package adapts these to Jetty.
 */
@NullMarked
package dev.pantry.ops;

import org.jspecify.annotations.NullMarked;
