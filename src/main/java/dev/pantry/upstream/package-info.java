/** Talking to upstream indexes: credentials per origin, redirects followed by hand, and every outcome as a sealed value. */
@NullMarked
package dev.pantry.upstream;

import org.jspecify.annotations.NullMarked;
