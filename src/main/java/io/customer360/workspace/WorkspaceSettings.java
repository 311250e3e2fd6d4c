package io.customer360.workspace;

/** Keys of {@link Workspace#config()}, one per setting, owned by the feature that uses it. */
public final class WorkspaceSettings {

  public static final String INDUSTRY = "industry";
  public static final String TIMEZONE = "timezone";
  public static final String CURRENCY = "currency";
  public static final String LOGO = "logo";
  public static final String TIER = "tier";
  public static final String MAX_REQUESTS_PER_MINUTE = "maxRequestsPerMinute";
  public static final String IS_CUSTOMER_360 = "isCustomer360";

  /**
   * The node whose customers the Customer 360 view reads (an entry node or an aggregate node of the
   * workspace); absent: the view chooses one (see the Customer 360 dialect).
   */
  public static final String CUSTOMER_360_NODE_ID = "customer360NodeId";

  public static final String DEFAULT_MATCHING_POLICY = "defaultMatchingPolicy";
  public static final String CUSTOMER_EXTENDED_PROPERTIES = "customerExtendedProperties";
  public static final String DISABLED_BASE_PROPERTIES = "disabledBaseProperties";
  public static final String EVENT_EXTENDED_PROPERTIES = "eventExtendedProperties";
  public static final String PRODUCT_EXTENDED_PROPERTIES = "productExtendedProperties";
  public static final String DISABLED_EVENTS = "disabledEvents";
  public static final String PAYLOAD_SIZES = "payloadSizes";
  public static final String EVENTS_CONSENT_POLICY = "eventsConsentPolicy";
  public static final String PRODUCTS_UPDATE_POLICY = "productsUpdatePolicy";

  /**
   * The workspace's event retention policy (spec §1.5 R2/R3): event type to {@code {"months": n}};
   * owned by the retention feature. A type not named keeps its events (months 0).
   */
  public static final String EVENT_RETENTION_POLICY = "eventRetentionPolicy";

  /** ISO 3166 region used to read phone numbers written without a leading {@code +}. */
  public static final String DEFAULT_PHONE_REGION = "defaultPhoneRegion";

  private WorkspaceSettings() {}
}
