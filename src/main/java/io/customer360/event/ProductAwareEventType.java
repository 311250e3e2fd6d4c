package io.customer360.event;

/** The event types that may update the product registry (E8/E9). */
public enum ProductAwareEventType {
  completedOrder,
  abandonedCart,
  addedCompare,
  addedProduct,
  addedWishlist,
  removedCompare,
  removedProduct,
  removedWishlist,
  viewedProduct,
  reviewedProduct
}
