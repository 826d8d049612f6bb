/**
 * Which upstream owns each project: the defence against dependency confusion. The first upstream in priority order
 * that offers a project owns it; the owner is recorded in the metadata database ({@link
 * dev.pantry.metadata.OwnerStore}) and is sticky: a project its owner stops offering is not handed to another
 * upstream until an admin releases the name. {@link dev.pantry.ownership.Ownership} is the facade, with a
 * process-local copy of the owners it has seen, dropped through the coordination seam when a name is released.
 */
@NullMarked
package dev.pantry.ownership;

import org.jspecify.annotations.NullMarked;
