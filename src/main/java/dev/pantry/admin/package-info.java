/**
 * Administration: the {@code /admin/} endpoint the command line and operators use (maintenance while serving, config
 * reload), the {@code server.json} file by which a command line finds the server on its data directory, and the one
 * bearer-token check every admin action passes, the UI's included.
 */
@NullMarked
package dev.pantry.admin;

import org.jspecify.annotations.NullMarked;
