package io.customer360.bulk;

import io.customer360.common.PageInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response shapes of the bulk-job API (spec §1.2) besides {@link BulkJob}. */
public final class BulkRequests {

  private BulkRequests() {}

  /** The multipart form of B2, as the OpenAPI document describes it. */
  @Schema(name = "BulkJobUpload", description = "A CSV upload (multipart/form-data)")
  public static final class UploadForm {
    @Schema(
        required = true,
        type = SchemaType.STRING,
        format = "binary",
        description =
            "The CSV file: a header of dotted JSON paths (e.g. externalId,base.firstName,"
                + "base.contacts.email), then one row per customer or event")
    public String file;

    @Schema(required = true, implementation = BulkJobOperation.class)
    public BulkJobOperation operation;

    @Schema(implementation = BulkJobEntity.class, description = "Default CUSTOMER")
    public BulkJobEntity entity;

    @Schema(description = "The event type of every row; required for EVENT", example = "viewedPage")
    public String eventType;
  }

  /** The body of the stop request. */
  @Schema(name = "BulkJobStatusChange", description = "The status to move the job to")
  public record StatusChange(
      @Schema(
              required = true,
              description = "Only STOPPED",
              enumeration = {"STOPPED"})
          BulkJobStatus status) {}

  /** B1's answer. */
  @Schema(name = "BulkJobPage", description = "A page of bulk jobs")
  public record BulkJobPage(List<BulkJob> elements, PageInfo page) {}
}
