package org.relais.hub.testing;

import com.microsoft.playwright.Page;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.relais.hub.staff.StaffMember;

/**
 * Staff signed in as a browser is, for tests of the staff app: over plain HTTP (the session cookie and its
 * CSRF token, for the pages' POST endpoints) or in a real browser page (through the sign-in form).
 */
public final class StaffWeb {
  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"");
  private static final Pattern COOKIE = Pattern.compile("^(relais_[a-z]+)=([^;]*)");

  /** A signed-in browser's cookies, and the token its forms carry. */
  public record Session(String cookies, String csrf) {}

  private final HubHarness harness;

  public StaffWeb(HubHarness harness) {
    this.harness = harness;
  }

  /** Signs in through {@code /staff/login} as a browser does: fetch the form, then post it. */
  public Session signIn(StaffMember member) {
    HttpResponse<Buffer> form = harness.http.get("/staff/login").send().await();
    Matcher token = FORM_TOKEN.matcher(form.bodyAsString());
    if (!token.find()) {
      throw new IllegalStateException("no sign-in form: " + form.statusCode());
    }
    HttpResponse<Buffer> signedIn = harness.http.post("/staff/login")
        .putHeader("Cookie", cookieHeader(form))
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("formToken", token.group(1)).add("email", member.email())
            .add("password", HubHarness.PASSWORD)).await();
    if (signedIn.statusCode() != 303) {
      throw new IllegalStateException("sign-in refused: " + signedIn.statusCode());
    }
    String cookies = cookieHeader(signedIn);
    Matcher csrf = Pattern.compile("relais_csrf=([^;]+)").matcher(cookies);
    if (!csrf.find()) {
      throw new IllegalStateException("no CSRF cookie after sign-in");
    }
    return new Session(cookies, csrf.group(1));
  }

  public HttpResponse<Buffer> get(Session session, String path) {
    return harness.http.get(path).putHeader("Cookie", session.cookies()).send().await();
  }

  /** Posts a form as the page would, with the session's CSRF token added. */
  public HttpResponse<Buffer> post(Session session, String path, MultiMap form) {
    return postWithToken(session, path, MultiMap.caseInsensitiveMultiMap().addAll(form).add("csrf", session.csrf()));
  }

  /** Posts a form exactly as given: a test of the CSRF rule leaves the token out or changes it. */
  public HttpResponse<Buffer> postWithToken(Session session, String path, MultiMap form) {
    return harness.http.post(path).putHeader("Cookie", session.cookies()).sendForm(form).await();
  }

  /** Signs in on a real page through the sign-in form; the page is then on the member's home page. */
  public static void signIn(Page page, String baseUrl, StaffMember member) {
    page.navigate(baseUrl + "/staff/login");
    page.locator("#email").fill(member.email());
    page.locator("#password").fill(HubHarness.PASSWORD);
    page.locator("form.form button[type=submit]").click();
    page.waitForURL(url -> !url.contains("/staff/login"));
  }

  private static String cookieHeader(HttpResponse<Buffer> response) {
    StringBuilder header = new StringBuilder();
    for (String set : response.cookies()) {
      Matcher cookie = COOKIE.matcher(set);
      if (cookie.find() && !cookie.group(2).isEmpty()) {
        header.append(header.isEmpty() ? "" : "; ").append(cookie.group(1)).append('=').append(cookie.group(2));
      }
    }
    return header.toString();
  }
}
