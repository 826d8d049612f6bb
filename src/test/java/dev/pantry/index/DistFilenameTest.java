package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DistFilenameTest {

  @Test
  void versionText_wheel_isTheSecondField() {
    assertEquals(Optional.of("2.31.0"), DistFilename.versionText("requests-2.31.0-py3-none-any.whl", "requests"));
    assertEquals(Optional.of("1.0"), DistFilename.versionText("my_pkg-1.0-1-cp311-cp311-manylinux_2_17_x86_64.whl",
        "my-pkg"));
    assertEquals(Optional.of("2.0rc1"), DistFilename.versionText("alpha-2.0rc1-py3-none-any.whl", "alpha"));
  }

  @Test
  void versionText_metadataFile_isItsDistributionsVersion() {
    assertEquals(Optional.of("1.1"), DistFilename.versionText("alpha-1.1-py3-none-any.whl.metadata", "alpha"));
  }

  @Test
  void versionText_sdistWithDashesInTheName_splitsWhereTheProjectNameEnds() {
    assertEquals(Optional.of("2.8.2"), DistFilename.versionText("python-dateutil-2.8.2.tar.gz", "python-dateutil"));
    assertEquals(Optional.of("1.0"), DistFilename.versionText("Foo.Bar-1.0.zip", "foo-bar"));
    assertEquals(Optional.of("0.4"), DistFilename.versionText("zope.interface-0.4.tar.bz2", "zope-interface"));
  }

  @Test
  void versionText_sdistOfAnotherName_fallsBackToTheFirstDashBeforeADigit() {
    assertEquals(Optional.of("3.1"), DistFilename.versionText("legacy-name-3.1.tgz", "renamed"));
  }

  @Test
  void version_unknownLayoutOrNonPep440_isEmpty() {
    assertTrue(DistFilename.version("README.txt", "x").isEmpty());
    assertTrue(DistFilename.version("x-banana.tar.gz", "x").isEmpty());
  }

  @Test
  void version_parses() {
    assertEquals(0, DistFilename.version("a-1.0.0-py3-none-any.whl", "a").orElseThrow()
        .compareTo(Pep440Version.parse("1").orElseThrow()));
  }
}
