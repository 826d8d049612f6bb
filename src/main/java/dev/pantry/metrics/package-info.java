/** Prometheus metrics behind one small facade, so the rest of the code never names the metrics library. */
@NullMarked
package dev.pantry.metrics;

import org.jspecify.annotations.NullMarked;
