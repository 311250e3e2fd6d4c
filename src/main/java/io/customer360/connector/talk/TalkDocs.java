package io.customer360.connector.talk;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * OpenAPI descriptions of the talk connector's bodies (never instantiated): the talk customer
 * object of seed 002 and the request example, the seed's sample payload with made-up personal data.
 */
final class TalkDocs {

  private TalkDocs() {}

  static final String JSON = "application/json";

  /** The seed's sample talk customer (made-up data), the request example. */
  static final String EXAMPLE =
      """
      {
        "id": 144527,
        "name": "JONAS",
        "external_id": "95238935",
        "document_number": "",
        "wildcard_01": "",
        "wildcard_02": "",
        "wildcard_03": "",
        "wildcard_04": "",
        "wildcard_05": "",
        "wildcard_06": "",
        "wildcard_07": "",
        "wildcard_08": "",
        "wildcard_09": "",
        "wildcard_10": "",
        "created_at": "2023-09-21T12: 28: 45.000000Z",
        "main_sms": 44290,
        "main_whatsapp": 44290,
        "main_email": 25396,
        "agent_id": null,
        "queue_id": null,
        "customer_group_id": null,
        "profile_picture_url": null,
        "is_priority": false,
        "last_base_api": null,
        "customer_organization_id": 15662,
        "crmv_user_id": 65886,
        "crmv_person_id": 9523893,
        "is_active": true,
        "cxm_user_id": null,
        "profile_info": {
          "name": "Jonas Schen",
          "username": "j.schen",
          "profile_pic": "https://cdn.example.com/profiles/j.schen.jpg",
          "is_verified_user": false,
          "follower_count": 219,
          "is_user_follow_business": true,
          "is_business_follow_user": false,
          "id": "8215422678527800"
        },
        "custom_fields": {
          "Empresa": "Piperun",
          "Web Whatsapp - Pessoa": "(51) 99999-8888",
          "Nacionalidade": "Brasileira"
        },
        "telephones": [
          {
            "id": 70994,
            "customer_id": 144527,
            "area_code": "51",
            "number": "999887766",
            "type": "m",
            "level_id": "N",
            "has_sms": false,
            "has_whatsapp": false,
            "has_whatsapp_api": false,
            "wa_is_business": false,
            "wa_is_enterprise": false,
            "wa_contact_name": null,
            "wa_pushname": null,
            "wa_verified_level": null,
            "wa_verified_name": null,
            "wa_profile_picture": null,
            "session_expires_at": null,
            "insert_origin": "MAILING",
            "inserted_by": 127,
            "country_code": "55",
            "country_iso2": "br",
            "full_number": "51999887766",
            "full_number_cc": "+55 51999887766"
          }
        ],
        "emails": [
          {
            "id": 49543,
            "customer_id": 144527,
            "email": "jonas.schen@example.com",
            "level_id": "N",
            "insert_origin": "AUTO",
            "inserted_by": 2,
            "unsubscribed_at": null
          }
        ]
      }
      """;

  /** A talk customer object (seed 002). */
  @Schema(
      name = "TalkCustomer",
      type = SchemaType.OBJECT,
      additionalProperties = Schema.True.class,
      description =
          "A talk customer (seed 002): id (integer, required), name (required), external_id,"
              + " document_number, created_at, main_sms, main_whatsapp, main_email, agent_id,"
              + " queue_id, customer_group_id, is_priority, last_base_api,"
              + " customer_organization_id, profile_info, custom_fields, telephones[], emails[];"
              + " deprecated fields (wildcard_*, crmv_*, cxm_user_id, is_active,"
              + " profile_picture_url) are accepted and ignored")
  static final class TalkCustomer {
    private TalkCustomer() {}
  }
}
