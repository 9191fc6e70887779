package io.authbridge.management.exceptionless;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.authbridge.error.GatewayError;
import io.authbridge.management.Caller;
import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.tokenimport.ImportRefused;
import io.authbridge.management.tokenimport.TokenImportService;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v2/admin/tokens/import}: the body streams to the importer (never read whole); the answer is
 * each row's public id or error. A body that cannot be imported as a whole is a problem that says so, and that
 * nothing was imported.
 */
final class ExceptionlessTokenImportHandler {

    /** JSON, and the names JSON lines go by; the body's first character decides how it is read. */
    private static final Set<String> TYPES = Set.of("application/json", "application/x-ndjson", "application/jsonl",
            "application/json-lines", "application/jsonlines", "application/x-jsonlines");

    private final TokenImportService importer;

    ExceptionlessTokenImportHandler(TokenImportService importer) {
        this.importer = importer;
    }

    Mono<ServerResponse> importTokens(ServerRequest request, Caller caller) {
        // read only once the caller may import: a refused caller's body is never parsed
        Flux<DataBuffer> body = Flux.defer(() -> {
            requireRowsType(request);
            return request.body(BodyExtractors.toDataBuffers());
        });
        return importer.importTokens(caller, body)
            .onErrorMap(ImportRefused.class, ExceptionlessTokenImportHandler::problem)
            .flatMap(report -> ExceptionlessResponses.json(HttpStatus.OK, ImportView.of(report)));
    }

    private static void requireRowsType(ServerRequest request) {
        MediaType type = JsonBodies.contentType(request);
        if (type == null) {
            return;
        }
        String name = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        if (!TYPES.contains(name) && !name.endsWith("+json")) {
            throw new ManagementFailure.UnreadableBody(ManagementFailure.BodyProblem.UNSUPPORTED_TYPE);
        }
    }

    private static ExceptionlessProblem problem(ImportRefused refused) {
        String where = "row " + refused.row() + " (line " + refused.line() + ", column " + refused.column() + ")";
        return switch (refused.reason()) {
            case EMPTY -> ExceptionlessProblem.of(GatewayError.BAD_REQUEST, "A non-empty request body is required.");
            case NOT_JSON -> ExceptionlessProblem.of(GatewayError.BAD_REQUEST,
                    "The body is not valid JSON at " + where + ": nothing was imported.");
            case NOT_ROWS -> ExceptionlessProblem.of(GatewayError.BAD_REQUEST, "The body must be a JSON array of row "
                    + "objects, or row objects one per line (JSON lines); at " + where + " it is not: nothing was imported.");
            case TOO_MANY_ROWS -> ExceptionlessProblem.of(GatewayError.PAYLOAD_TOO_LARGE, "More than "
                    + TokenImportService.MAX_ROWS + " rows: nothing was imported. Send at most "
                    + TokenImportService.MAX_ROWS + " rows per call.");
            case TOO_LARGE -> ExceptionlessProblem.of(GatewayError.PAYLOAD_TOO_LARGE, "The body is over "
                    + TokenImportService.MAX_BYTES + " bytes: nothing was imported.");
        };
    }

    /** The answer: how many rows were imported and refused, and each row's outcome in the body's order. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImportView(int imported, int refused, List<RowView> rows) {

        static ImportView of(TokenImportService.Report report) {
            return new ImportView(report.imported(), report.refused(), report.rows().stream().map(RowView::of).toList());
        }
    }

    /** One row: {@code id} (the token's public id) when imported; {@code line}, {@code code}, {@code message} when not. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RowView(int row, UUID id, Integer line, String code, String message) {

        static RowView of(TokenImportService.RowResult result) {
            return result.error() == null ? new RowView(result.row(), result.id(), null, null, null)
                    : new RowView(result.row(), null, result.line(), result.error().code(), result.error().message());
        }
    }
}
