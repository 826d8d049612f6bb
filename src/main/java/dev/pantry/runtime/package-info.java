/**
 * The one composition root, shared by the server and the command line: {@link dev.pantry.runtime.Backends} chooses
 * the metadata database, the stores and the coordinator from the configuration and opens them once;
 * {@link dev.pantry.runtime.Pantry} builds the services on top (pages, files, maintenance). Nothing else constructs
 * a backend.
 */
@NullMarked
package dev.pantry.runtime;

import org.jspecify.annotations.NullMarked;
