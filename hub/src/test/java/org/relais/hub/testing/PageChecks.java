package org.relais.hub.testing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;

/** Checks every public page must pass, whatever feature renders it. */
public final class PageChecks {
  private PageChecks() {}

  /**
   * What every public page must get right: its language, one main heading, a label for every field,
   * alternative text on every image, nothing wider than the screen, tap targets a finger can hit,
   * and text that stands out from its background (WCAG AA).
   */
  @SuppressWarnings("unchecked")
  public static void checkBasics(WatchedPage watched, String language) {
    Page page = watched.page;
    assertThat(page.locator("html")).hasAttribute("lang", language);
    // Without it a phone lays the page out 980 px wide and shrinks it: nothing would ever seem to overflow.
    assertThat(page.locator("meta[name=viewport]")).hasAttribute("content", Pattern.compile("width=device-width"));
    assertThat(page.locator("h1")).hasCount(1);
    assertThat(page.locator("main")).hasCount(1);
    Assertions.assertThat(page.locator("img:not([alt])").count()).as("images without alt").isZero();
    Map<String, Object> report = (Map<String, Object>) page.evaluate(BASICS);
    Assertions.assertThat((List<String>) report.get("unlabelled")).as("fields without a label").isEmpty();
    Assertions.assertThat((List<String>) report.get("overflowing")).as("wider than the screen").isEmpty();
    Assertions.assertThat((List<String>) report.get("smallTargets")).as("tap targets under 44 px").isEmpty();
    Assertions.assertThat((List<String>) report.get("lowContrast")).as("text below WCAG AA contrast").isEmpty();
  }

  /** A staff page as it is now: the basics, axe-core, and a screenshot named {@code screenshot} to look at. */
  public static void checkStaffPage(WatchedPage watched, String language, String screenshot) {
    checkBasics(watched, language);
    checkAccessibility(watched.page);
    Browser.screenshot(watched.page, screenshot);
  }

  /**
   * Runs axe-core on the page as it is now and fails on any critical or serious violation, naming each
   * with the elements it found. The script comes from Deque's package on the test classpath; evaluated
   * through the browser's debugging protocol, the page's own Content-Security-Policy does not stop it.
   */
  @SuppressWarnings("unchecked")
  public static void checkAccessibility(Page page) {
    if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
      page.evaluate(Axe.SOURCE);
    }
    List<String> violations = (List<String>) page.evaluate(AXE_RUN);
    Assertions.assertThat(violations).as("critical or serious accessibility violations (axe-core)").isEmpty();
  }

  /** Read once, on first use: the script is half a megabyte. */
  private static final class Axe {
    static final String SOURCE = load();

    private static String load() {
      try (InputStream in = PageChecks.class.getClassLoader().getResourceAsStream("axe.min.js")) {
        if (in == null) {
          throw new IllegalStateException("axe.min.js is not on the test classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final String AXE_RUN = """
      async () => {
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
            .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
      }
      """;

  private static final String BASICS = """
      () => {
        const describe = e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
            + ' "' + e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
        const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
            && getComputedStyle(e).visibility !== 'hidden'; };
        const unlabelled = [...document.querySelectorAll('select, input:not([type=hidden]), textarea')]
            .filter(e => !e.closest('label') && !(e.id && document.querySelector('label[for="' + e.id + '"]')))
            .map(describe);
        const width = document.documentElement.clientWidth;
        const overflowing = [...document.querySelectorAll('body *')].filter(visible)
            .filter(e => e.getBoundingClientRect().right > width + 0.5 && !e.classList.contains('skip'))
            .map(e => describe(e) + ' right=' + Math.round(e.getBoundingClientRect().right));
        if (document.documentElement.scrollWidth > width) overflowing.push('page scrolls sideways');
        const smallTargets = [...document.querySelectorAll('a[href], button, select, input, summary')]
            .filter(visible).filter(e => !e.classList.contains('skip'))
            .filter(e => { const r = e.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
            .map(e => { const r = e.getBoundingClientRect();
              return describe(e) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height); });
        const rgba = c => { const p = c.match(/[\\d.]+/g).map(Number); return { r: p[0], g: p[1], b: p[2],
            a: p.length > 3 ? p[3] : 1 }; };
        const luminance = c => { const f = v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
        const background = e => { for (let x = e; x; x = x.parentElement) {
            const c = rgba(getComputedStyle(x).backgroundColor); if (c.a > 0) return c; }
          return { r: 255, g: 255, b: 255, a: 1 }; };
        const lowContrast = [...document.querySelectorAll('body *')].filter(visible)
            .filter(e => !e.classList.contains('skip'))
            .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .flatMap(e => { const s = getComputedStyle(e);
              const a = luminance(rgba(s.color)), b = luminance(background(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
              const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
              return ratio < needed ? [describe(e) + ' ' + ratio.toFixed(2) + ':1'] : []; });
        return { unlabelled, overflowing, smallTargets, lowContrast };
      }
      """;
}
