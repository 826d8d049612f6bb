/** The HTTP face of the mirror: Jetty handlers for the simple API, cached files and the UI. */
@NullMarked
package dev.pantry.web;

import org.jspecify.annotations.NullMarked;
