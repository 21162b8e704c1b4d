package org.relais.hub.validation;

/** A value that breaks a domain rule; names the offending field as the client sent it. */
public final class InvalidFieldException extends RuntimeException {
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
