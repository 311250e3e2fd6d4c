package io.customer360.event;

import java.util.List;

/** The event models exported to Contactplan, each fed by some event types. */
public enum PlanModel {
  ABANDONED_CART(List.of(EventType.abandonedCart), true),
  ATTENDANCE_EVENT(
      List.of(
          EventType.eventConfirmed,
          EventType.eventDeclined,
          EventType.eventEligible,
          EventType.eventInvited,
          EventType.eventNoShow,
          EventType.eventNotInvited,
          EventType.eventParticipated,
          EventType.eventRegistered),
      false),
  COUPON(List.of(EventType.grantedCoupon), false),
  ORDER(List.of(EventType.completedOrder), false),
  ORDER_LINE(List.of(EventType.completedOrder), true),
  PRODUCT_INTERACTION(
      List.of(
          EventType.addedCompare,
          EventType.addedProduct,
          EventType.addedWishlist,
          EventType.removedCompare,
          EventType.removedProduct,
          EventType.removedWishlist,
          EventType.viewedProduct,
          EventType.reviewedProduct),
      true),
  SERVICE_SUBSCRIBED(List.of(EventType.serviceSubscribed), false),
  SERVICE_UNSUBSCRIBED(List.of(EventType.serviceUnsubscribed), false),
  WEB_BROWSING_EVENT(List.of(EventType.viewedPage, EventType.viewedProductCategory), false);

  private final List<EventType> eventTypes;
  private final boolean products;

  PlanModel(List<EventType> eventTypes, boolean products) {
    this.eventTypes = eventTypes;
    this.products = products;
  }

  public List<EventType> eventTypes() {
    return eventTypes;
  }

  /** Whether the model has one row per product, so product properties are exported too. */
  public boolean products() {
    return products;
  }
}
