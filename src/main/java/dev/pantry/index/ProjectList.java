package dev.pantry.index;

import java.util.List;

/**
 * The root simple-API page: the projects an index knows.
 *
 * @param names project names as the upstream listed them (not necessarily normalized)
 */
public record ProjectList(List<String> names) {
  public ProjectList {
    names = List.copyOf(names);
  }
}
