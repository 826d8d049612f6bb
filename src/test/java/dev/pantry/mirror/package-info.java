/** Integration and end-to-end tests: the whole mirror on real sockets against the fake upstreams, and real pip. */
@NullMarked
package dev.pantry.mirror;

import org.jspecify.annotations.NullMarked;
