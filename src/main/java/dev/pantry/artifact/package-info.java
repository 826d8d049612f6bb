/** Distribution files: finding cached ones, and fetching, verifying and storing the rest while clients stream them. */
@NullMarked
package dev.pantry.artifact;

import org.jspecify.annotations.NullMarked;
