package org.relais.hub.privacy;

/**
 * Which wording of the consent sentence a family ticked (the page text {@code register_consent}). Change the
 * version whenever that sentence changes in any language, so each registration says what was agreed to.
 */
public final class ConsentWording {
  /** Version 1: "J’accepte que Relais garde ce numéro ou cette adresse pour me rappeler ce cours." */
  public static final String CURRENT = "1";

  private ConsentWording() {}
}
