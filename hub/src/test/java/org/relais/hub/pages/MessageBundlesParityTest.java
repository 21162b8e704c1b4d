package org.relais.hub.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.RepositoryFiles;
import org.relais.web.MessageBundles;

/**
 * The bundles stay in parity as they grow: every bundle in French and English with the same keys, every
 * family bundle in every language with the same keys, and no key that no template, script or class uses.
 */
class MessageBundlesParityTest {
  /** A string literal ending in "_" or ".": the start of keys built at run time ({@code "status_" + status}). */
  private static final Pattern KEY_PREFIX = Pattern.compile("[\"'`]([a-z][a-z0-9_.-]*[_.])[\"'`$]");
  /** A field errors' prefix handed to {@code StaffPages.fieldError}, which adds {@code "_" + field}. */
  private static final Pattern ERROR_PREFIX = Pattern.compile("\"([a-z][a-z0-9_]*_error)\"");

  @Test
  void everyBundleSpeaksEachOfItsLanguagesWithTheSameKeys() {
    List<String> gaps = new ArrayList<>();
    for (String bundle : MessageBundles.BUNDLES) {
      Set<String> reference = MessageBundles.bundle(bundle, "fr").keySet();
      for (String language : MessageBundles.languagesOf(bundle)) {
        Map<String, String> texts = MessageBundles.bundle(bundle, language);
        difference(reference, texts.keySet()).forEach(key -> gaps.add(bundle + "_" + language + " lacks " + key));
        difference(texts.keySet(), reference).forEach(key -> gaps.add(bundle + "_" + language + " has extra " + key));
        texts.forEach((key, text) -> {
          if (text.isBlank()) {
            gaps.add(bundle + "_" + language + " leaves " + key + " empty");
          }
        });
      }
    }
    assertThat(gaps).as("keys missing, extra or empty in a language").isEmpty();
  }

  @Test
  void theFamilyBundlesAreWrittenInEveryLanguageAndTheOthersInTheStaffLanguages() {
    assertThat(MessageBundles.BUNDLES).containsAll(MessageBundles.FAMILY_BUNDLES);
    assertThat(MessageBundles.LANGUAGES).startsWith(MessageBundles.STAFF_LANGUAGES.toArray(String[]::new));
    for (String bundle : MessageBundles.FAMILY_BUNDLES) {
      assertThat(MessageBundles.languagesOf(bundle)).isEqualTo(MessageBundles.LANGUAGES);
    }
  }

  @Test
  void theArabicTextsAreArabicNotACopyOfTheFrench() {
    for (String bundle : MessageBundles.FAMILY_BUNDLES) {
      Map<String, String> french = MessageBundles.bundle(bundle, "fr");
      MessageBundles.bundle(bundle, "ar").forEach((key, text) -> {
        boolean placeholderOnly = text.replaceAll("\\{[a-z0-9]+}", "").isBlank();
        if (!placeholderOnly && !text.equals(french.get(key)) || key.equals("site_name")) {
          return;
        }
        assertThat(text).as("ar " + key + " copies the French").matches("(?s).*[\\u0600-\\u06FF].*");
      });
      assertThat(MessageBundles.bundle(bundle, "ar").values().stream().filter(t -> t.matches("(?s).*[\\u0600-\\u06FF].*")))
          .as("Arabic texts in " + bundle).hasSizeGreaterThan(MessageBundles.bundle(bundle, "ar").size() - 3);
    }
  }

  @Test
  void theSentencesReadAloudAreShortWithOneIdeaEach() {
    for (String language : MessageBundles.LANGUAGES) {
      MessageBundles.bundle("messages", language).forEach((key, text) -> {
        if (key.startsWith("falc_")) {
          assertThat(text.split("\\s+")).as(language + " " + key + ": at most 12 words").hasSizeLessThanOrEqualTo(12);
          assertThat(text.replaceAll("[^.!?؟]", "")).as(language + " " + key + ": one sentence").hasSize(1);
        }
      });
    }
  }

  @Test
  void everyKeyIsUsedByATemplateAScriptOrAClass() {
    String sources = sources();
    Set<String> prefixes = new TreeSet<>();
    Matcher matcher = KEY_PREFIX.matcher(sources);
    while (matcher.find()) {
      prefixes.add(matcher.group(1));
    }
    ERROR_PREFIX.matcher(sources).results().forEach(prefix -> prefixes.add(prefix.group(1) + "_"));
    Pattern words = Pattern.compile("[A-Za-z0-9_]+");
    Set<String> used = new TreeSet<>();
    words.matcher(sources).results().forEach(word -> used.add(word.group()));
    List<String> unused = new ArrayList<>();
    for (String bundle : MessageBundles.BUNDLES) {
      for (String key : MessageBundles.bundle(bundle, "fr").keySet()) {
        boolean built = prefixes.stream().anyMatch(key::startsWith);
        // key + "_title": a page's heading beside its text
        boolean derived = key.endsWith("_title") && used.contains(key.substring(0, key.length() - "_title".length()));
        if (!used.contains(key) && !built && !derived) {
          unused.add(bundle + ": " + key);
        }
      }
    }
    assertThat(unused).as("keys no template, script or class refers to").isEmpty();
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> result = new TreeSet<>(a);
    result.removeAll(b);
    return result;
  }

  /** Every template, script and main class of the modules that render pages or send texts. */
  private static String sources() {
    Path root = RepositoryFiles.find("web/pom.xml").getParent().getParent();
    StringBuilder all = new StringBuilder();
    for (String dir : List.of("web/src/main/resources/templates", "web/src/main/resources/webroot/js",
        "web/src/main/java", "hub/src/main/java", "relay-site/src/main/java")) {
      try (Stream<Path> files = Files.walk(root.resolve(dir))) {
        files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(peb|js|java)$"))
            .forEach(f -> all.append(read(f)).append('\n'));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
