/**
 * The web UI and its JSON API: static assets from {@code web/} at {@code /ui/}, the API under {@code /api/} that
 * feeds them (and scripts), the front door {@code /}, and the in-memory request history the overview charts.
 */
@NullMarked
package dev.pantry.ui;

import org.jspecify.annotations.NullMarked;
