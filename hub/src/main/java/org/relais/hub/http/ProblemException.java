package org.relais.hub.http;

import java.time.Duration;

/** Ends a request with a problem answer. Carries no stack trace: it is an expected outcome. */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException badRequest(String field, String detail) {
    return new ProblemException(new Problem("invalid-request", "Invalid request", 400, detail, field));
  }

  public static ProblemException unprocessable(String field, String detail) {
    return new ProblemException(new Problem("invalid-value", "Invalid value", 422, detail, field));
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(new Problem("not-found", "Not found", 404, detail, null));
  }

  public static ProblemException conflict(String field, String detail) {
    return new ProblemException(new Problem("conflict", "Conflict", 409, detail, field));
  }

  public static ProblemException unauthorized() {
    return new ProblemException(new Problem("unauthorized", "Authentication required", 401,
        "A valid staff bearer token is required", "Authorization"));
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(new Problem("forbidden", "Forbidden", 403, detail, null));
  }

  public static ProblemException preconditionRequired() {
    return new ProblemException(new Problem("precondition-required", "Precondition required", 428,
        "Send If-Match with the version (ETag) you are updating", "If-Match"));
  }

  public static ProblemException preconditionFailed(long currentVersion) {
    return new ProblemException(new Problem("version-mismatch", "Version mismatch", 412,
        "Someone else changed this record; reload it (current version " + currentVersion + ") and retry",
        "If-Match").with("currentVersion", currentVersion));
  }

  public static ProblemException tooManyRequests(Duration retryAfter) {
    return new ProblemException(new Problem("too-many-requests", "Too many requests", 429,
        "Slow down and retry later", null).with("retryAfter", Math.max(1, retryAfter.toSeconds())));
  }

  /** Too much work of one kind in flight (password hashing): refused at once rather than queued. */
  public static ProblemException busy(String detail, Duration retryAfter) {
    return new ProblemException(new Problem("busy", "Busy", 503, detail, null)
        .with("retryAfter", Math.max(1, retryAfter.toSeconds())));
  }
}
