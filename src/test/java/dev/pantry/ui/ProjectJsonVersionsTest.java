package dev.pantry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.index.DistFilename;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the UI groups a project's files: by the version in each filename, newest first by PEP 440. */
class ProjectJsonVersionsTest {
  @ParameterizedTest
  @CsvSource({
      "requests, requests-2.31.0-py3-none-any.whl, 2.31.0",
      "my-pkg, my_pkg-1.0.post1-1-cp311-cp311-manylinux_2_17_x86_64.whl, 1.0.post1",
      "my-pkg, My.Pkg-1.0rc2.tar.gz, 1.0rc2",
      "my-pkg, my-pkg-2.0.zip, 2.0",
      "django-rest, django-rest-3.1.tar.bz2, 3.1",
      "foo, foo-1.0-py2.7.egg, 1.0",
      "foo, foo-1.0.exe, unknown",
      "foo, foo.tar.gz, unknown",
      "foo, other-name-0.3.tar.gz, 0.3",
  })
  void versionText_filename_givesItsVersion(String project, String filename, String version) {
    assertEquals(version, DistFilename.versionText(filename, project).orElse(ProjectJson.UNKNOWN));
  }

  @Test
  void newestFirst_followsPep440() {
    List<String> versions = new ArrayList<>(List.of("1.0", "1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0.post1",
        "1.0.post1.dev0", "0.9", "1.10", "1.2", "2!0.1", "1.0a1.dev3", "unknown", "1.0.0", "v1.1"));
    versions.sort(ProjectJson.NEWEST_FIRST);
    assertEquals(List.of("2!0.1", "1.10", "1.2", "v1.1", "1.0.post1", "1.0.post1.dev0", "1.0", "1.0.0", "1.0rc1",
        "1.0b2", "1.0a1", "1.0a1.dev3", "1.0.dev1", "0.9", "unknown"), versions);
  }
}
