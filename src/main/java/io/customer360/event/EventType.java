package io.customer360.event;

/**
 * The built-in event types. Constants keep the wire spelling so that {@code valueOf} parses the API
 * value directly.
 */
public enum EventType {
  abandonedCart(EventMode.ACTIVE, "Abandoned cart"),
  abandonedSession(EventMode.ACTIVE, "Abandoned session"),
  addedCompare(EventMode.ACTIVE, "Added compare"),
  addedProduct(EventMode.ACTIVE, "Added product"),
  addedReward(EventMode.PASSIVE, "Added reward"),
  addedWishlist(EventMode.ACTIVE, "Added wishlist"),
  campaignBlacklisted(EventMode.PASSIVE, "Campaign blacklisted"),
  campaignBounced(EventMode.PASSIVE, "Campaign bounced"),
  campaignLinkClicked(EventMode.ACTIVE, "Campaign link clicked"),
  campaignMarkedSpam(EventMode.ACTIVE, "Campaign marked spam"),
  campaignOpened(EventMode.ACTIVE, "Campaign opened"),
  campaignOptinRequested(EventMode.PASSIVE, "Campaign optin requested"),
  campaignSent(EventMode.PASSIVE, "Campaign sent"),
  campaignSubscribed(EventMode.ACTIVE, "Campaign subscribed"),
  campaignUnsubscribed(EventMode.ACTIVE, "Campaign unsubscribed"),
  changedSetting(EventMode.ACTIVE, "Changed setting"),
  clickedLink(EventMode.ACTIVE, "Clicked link"),
  closedTicket(EventMode.PASSIVE, "Closed ticket"),
  completedOrder(EventMode.ACTIVE, "Completed order"),
  eventConfirmed(EventMode.ACTIVE, "Event confirmed"),
  eventDeclined(EventMode.ACTIVE, "Event declined"),
  eventEligible(EventMode.PASSIVE, "Event eligible"),
  eventInvited(EventMode.PASSIVE, "Event invited"),
  eventNoShow(EventMode.ACTIVE, "Event no show"),
  eventNotInvited(EventMode.PASSIVE, "Event not invited"),
  eventParticipated(EventMode.ACTIVE, "Event participated"),
  eventRegistered(EventMode.ACTIVE, "Event registered"),
  formCompiled(EventMode.ACTIVE, "Form compiled"),
  genericActiveEvent(EventMode.ACTIVE, "Generic active event"),
  genericPassiveEvent(EventMode.PASSIVE, "Generic passive event"),
  grantedCoupon(EventMode.PASSIVE, "Granted coupon"),
  loggedIn(EventMode.ACTIVE, "Logged in"),
  loggedOut(EventMode.ACTIVE, "Logged out"),
  openedTicket(EventMode.ACTIVE, "Opened ticket"),
  orderShipped(EventMode.PASSIVE, "Order shipped"),
  removedCompare(EventMode.ACTIVE, "Removed compare"),
  removedProduct(EventMode.ACTIVE, "Removed product"),
  removedReward(EventMode.PASSIVE, "Removed reward"),
  removedWishlist(EventMode.ACTIVE, "Removed wishlist"),
  repliedTicket(EventMode.PASSIVE, "Replied ticket"),
  reviewedProduct(EventMode.ACTIVE, "Reviewed product"),
  searched(EventMode.ACTIVE, "Searched"),
  serviceSubscribed(EventMode.ACTIVE, "Service subscribed"),
  serviceUnsubscribed(EventMode.ACTIVE, "Service unsubscribed"),
  surveyCompiled(EventMode.ACTIVE, "Survey compiled"),
  viewedPage(EventMode.ACTIVE, "Viewed page"),
  viewedProduct(EventMode.ACTIVE, "Viewed product"),
  viewedProductCategory(EventMode.ACTIVE, "Viewed product category");

  private final EventMode mode;
  private final String label;

  EventType(EventMode mode, String label) {
    this.mode = mode;
    this.label = label;
  }

  public EventMode mode() {
    return mode;
  }

  public String label() {
    return label;
  }

  /** The enum value for an API spelling, or null. */
  public static EventType parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
