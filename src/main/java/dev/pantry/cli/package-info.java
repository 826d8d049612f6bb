/** The command line: serve and the cache-maintenance subcommands. */
@NullMarked
package dev.pantry.cli;

import org.jspecify.annotations.NullMarked;
