package io.customer360.event;

/** Where an event happened; each context has a schema for {@code contextInfo}. */
public enum EventContext {
  WEB("Web"),
  MOBILE("Mobile"),
  ECOMMERCE("E-commerce"),
  RETAIL("Retail"),
  SOCIAL("Social"),
  DIGITAL_CAMPAIGN("Digital campaign"),
  CONTACT_CENTER("Contact center"),
  IOT("Internet of things"),
  OTHER("Other");

  private final String label;

  EventContext(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
