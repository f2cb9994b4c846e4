package io.clickflow.producer.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** The event types of the contract, with their wire names. */
public enum EventType {
  PAGE_VIEW("page_view"),
  PRODUCT_VIEW("product_view"),
  SEARCH("search"),
  CLICK("click"),
  SCROLL("scroll"),
  ADD_TO_CART("add_to_cart"),
  CHECKOUT("checkout"),
  PURCHASE("purchase");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Whether the contract expects a {@code commerce} object on this type. */
  public boolean carriesCommerce() {
    return this == PRODUCT_VIEW || this == ADD_TO_CART || this == CHECKOUT || this == PURCHASE;
  }
}
