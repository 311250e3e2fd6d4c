package io.customer360.security;

/** The realm roles of people, plus the role every source token carries. */
public final class Roles {

  public static final String ADMIN = "ADMIN";
  public static final String CLAB_OPERATOR = "CLAB_OPERATOR";
  public static final String DPO = "DPO";
  public static final String USER = "USER";
  public static final String SOURCE = "SOURCE";

  private Roles() {}
}
