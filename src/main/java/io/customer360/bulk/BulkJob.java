package io.customer360.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A bulk job on the wire (spec §1.2 BulkJob object). {@code totalEntities} counts the data rows of
 * the upload; {@code processedEntities} the rows written so far (created, updated or deleted) and
 * {@code failedEntities} the rows refused so far, so their sum is the progress.
 */
@Schema(
    name = "BulkJob",
    description = "A bulk CSV import of customers or events into an entry node")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BulkJob(
    UUID id,
    @Schema(description = "The uploaded file's name") String filename,
    BulkJobOperation operation,
    UUID workspaceId,
    UUID nodeId,
    BulkJobEntity entity,
    @Schema(description = "The event type of an EVENT job, else null") String eventType,
    @Schema(description = "The job's name: the file name") String bulkJobName,
    BulkJobStatus status,
    @Schema(description = "Why the job FAILED, else null") String errorMessage,
    @Schema(format = "date-time") OffsetDateTime createdAt,
    @Schema(format = "date-time") OffsetDateTime updatedAt,
    @Schema(description = "Rows written so far") int processedEntities,
    @Schema(description = "Rows refused so far (see the results)") int failedEntities,
    @Schema(description = "Data rows of the upload") int totalEntities) {}
