/** The cache: artifacts on disk, addressed by sha256, and their metadata index in a portable SQL database. */
@NullMarked
package dev.pantry.cache;

import org.jspecify.annotations.NullMarked;
