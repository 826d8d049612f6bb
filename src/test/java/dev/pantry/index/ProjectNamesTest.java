package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectNamesTest {

  @ParameterizedTest
  @CsvSource({
      "Foo.Bar__baz, foo-bar-baz",
      "requests, requests",
      "Django, django",
      "zope.interface, zope-interface",
      "typing_extensions, typing-extensions",
      "A-_.-B, a-b",
      "friendly-bard, friendly-bard",
      "FRIENDLY_BARD, friendly-bard",
      "Friendly.._Bard, friendly-bard",
      "ruamel.yaml.clib, ruamel-yaml-clib",
      "x, x",
      "1, 1",
      "_leading, -leading",
      "trailing., trailing-",
      "a--b, a-b",
      "--, -",
      "already-normal-9, already-normal-9",
      "ÄB_c, äb-c",
  })
  void normalize_name_pep503Form(String name, String expected) {
    assertEquals(expected, ProjectNames.normalize(name));
  }

  @Test
  void normalize_normalizedName_unchanged() {
    String once = ProjectNames.normalize("Some_Odd..Name");
    assertEquals(once, ProjectNames.normalize(once));
  }

  @Test
  void normalize_canonicalName_sameInstanceNothingAllocated() {
    String canonical = "friendly-bard-2";

    assertSame(canonical, ProjectNames.normalize(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "9", "requests", "zope.interface", "Foo.Bar__baz", "a-b_c.d", "1a"})
  void isValid_pep508Name_true(String name) {
    assertTrue(ProjectNames.isValid(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "a-", ".a", "a.", "_a", "a_", "a b", "a/b", "..", "ä", "a+b", "a@b", "a\nb"})
  void isValid_notPep508Name_false(String name) {
    assertFalse(ProjectNames.isValid(name));
  }

  @Test
  void isValid_lengthLimit_200AllowedAnd201Refused() {
    assertTrue(ProjectNames.isValid("a".repeat(200)));
    assertFalse(ProjectNames.isValid("a".repeat(201)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "demo-1.0-py3-none-any.whl", "demo-1.0.tar.gz", "demo-1.0+local.tar.gz", "Demo_Pkg-2.0.zip",
      "naïve-1.0.tar.gz", "a", "x..y"})
  void isValidFilename_ordinaryNames_true(String f) {
    assertTrue(ProjectNames.isValidFilename(f));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", ".", "..", ".hidden", "../evil.whl", "a/b.whl", "a\\b.whl", "nul\u0000.whl", "tab\t.whl", "nl\n.whl",
      "del\u007f.whl", "c1\u0085.whl"})
  void isValidFilename_unsafeNames_false(String f) {
    assertFalse(ProjectNames.isValidFilename(f));
  }

  @Test
  void isValidFilename_lengthLimit_255BytesAllowedAnd256Refused() {
    assertTrue(ProjectNames.isValidFilename("a".repeat(255)));
    assertFalse(ProjectNames.isValidFilename("a".repeat(256)));
  }

  @Test
  void isValidFilename_multibyteOver255Bytes_false() {
    // 128 two-byte characters: 128 chars but 256 bytes, too long for most filesystems.
    assertFalse(ProjectNames.isValidFilename("é".repeat(128)));
    assertTrue(ProjectNames.isValidFilename("é".repeat(127)));
  }
}
