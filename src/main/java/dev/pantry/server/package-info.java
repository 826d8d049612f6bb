/**
 * Server assembly: the Jetty server, its connector and thread pool sized from the configuration, the routes (one
 * {@code PathMappingsHandler}, so Jetty combines the features' invocation types), the operational wrappers (graceful
 * stop, rate limits, request logs) and the error pages. Features own their handlers; this package only puts them
 * together over the services of {@link dev.pantry.runtime.Pantry}.
 */
@NullMarked
package dev.pantry.server;

import org.jspecify.annotations.NullMarked;
