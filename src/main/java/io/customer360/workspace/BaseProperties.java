package io.customer360.workspace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The customer's base properties (JSON paths) with their descriptions, from the seed's schema: the
 * catalogue that a workspace's settings ({@code disabledBaseProperties}), the node policies (which
 * paths may be matched on) and the customer feature all read. It lives here, below node and
 * customer, so that node needs no customer class (issue 14, package graph).
 */
public final class BaseProperties {

  /** Scalar base paths: the ones a matching or uniqueness policy may use. */
  public static final Map<String, String> SCALARS = new LinkedHashMap<>();

  /** Object and collection base paths (they can be switched off, not matched on). */
  public static final Map<String, String> COMPOSITES = new LinkedHashMap<>();

  static {
    SCALARS.put("base.pictureUrl", "URL of the customer's picture");
    SCALARS.put("base.title", "Title");
    SCALARS.put("base.prefix", "Name prefix");
    SCALARS.put("base.firstName", "First name");
    SCALARS.put("base.lastName", "Last name");
    SCALARS.put("base.middleName", "Middle name");
    SCALARS.put("base.gender", "Gender");
    SCALARS.put("base.dob", "Date of birth");
    SCALARS.put("base.locale", "Locale");
    SCALARS.put("base.timezone", "Time zone");
    SCALARS.put("base.contacts.email", "E-mail address");
    SCALARS.put("base.contacts.fax", "Fax number");
    SCALARS.put("base.contacts.mobilePhone", "Mobile phone number (E.164)");
    SCALARS.put("base.contacts.phone", "Phone number (E.164)");
    SCALARS.put("base.address.street", "Street");
    SCALARS.put("base.address.city", "City");
    SCALARS.put("base.address.country", "Country");
    SCALARS.put("base.address.province", "Province");
    SCALARS.put("base.address.region", "Region");
    SCALARS.put("base.address.zip", "Postal code");
    SCALARS.put("base.credential.username", "Username");
    SCALARS.put("base.socialProfile.facebook", "Facebook profile");
    SCALARS.put("base.socialProfile.google", "Google profile");
    SCALARS.put("base.socialProfile.instagram", "Instagram profile");
    SCALARS.put("base.socialProfile.linkedin", "LinkedIn profile");
    SCALARS.put("base.socialProfile.qzone", "Qzone profile");
    SCALARS.put("base.socialProfile.twitter", "Twitter profile");
    COMPOSITES.put("base.contacts.otherContacts", "Other contacts");
    COMPOSITES.put("base.contacts.mobileDevices", "Mobile devices");
    COMPOSITES.put("base.address.geo", "Geographic position");
    COMPOSITES.put("base.credential.password", "Password");
    COMPOSITES.put("base.educations", "Educations");
    COMPOSITES.put("base.likes", "Likes");
    COMPOSITES.put("base.jobs", "Jobs");
    COMPOSITES.put("base.subscriptions", "Subscriptions");
  }

  /** Paths besides base.* that may identify a customer. */
  public static final Set<String> IDENTIFYING_ROOTS = Set.of("externalId");

  private BaseProperties() {}

  /** True for externalId, a scalar base path, or extended.&lt;name&gt;. */
  public static boolean isMatchable(String path) {
    return IDENTIFYING_ROOTS.contains(path)
        || SCALARS.containsKey(path)
        || (path.startsWith("extended.") && path.length() > 9 && path.indexOf('.', 9) < 0);
  }

  public static boolean isKnown(String path) {
    return SCALARS.containsKey(path) || COMPOSITES.containsKey(path);
  }
}
