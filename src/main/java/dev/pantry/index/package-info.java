/** The simple-API model: parsing upstream PEP 503 HTML and PEP 691 JSON into one model, and rendering it back for clients. */
@NullMarked
package dev.pantry.index;

import org.jspecify.annotations.NullMarked;
