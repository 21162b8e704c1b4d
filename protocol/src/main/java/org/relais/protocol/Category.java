package org.relais.protocol;

/** Theme of a live class; drives filters, pictograms and attendance reports. */
public enum Category {
  COOKING,
  MAGIC,
  SPORT,
  LANGUAGE,
  DIGITAL_SKILLS,
  CRAFTS,
  OTHER
}
