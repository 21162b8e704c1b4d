package org.relais.hub.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API router built from the OpenAPI contract. Features bind a handler to each operation id; every
 * request's body is read as bytes ({@link BodyReader}), the request authenticated (for staff operations),
 * its body checked as strict JSON ({@link StrictJson}) and then validated against the contract (see
 * {@link ParameterValidator} for operations without a body), then handled. {@link #build()} refuses to
 * start if an operation is left without a handler or if its declared security does not match how it
 * was bound.
 */
public final class ApiRouter {
  /** Marks a feature that serves part of the API. */
  public interface Feature {
    void bind(ApiRouter api);
  }

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final RouterBuilder builder;
  private final RequestValidator validator;
  private final Handler<RoutingContext> staffAuthentication;
  private final List<String> bound = new ArrayList<>();

  public ApiRouter(Vertx vertx, OpenAPIContract contract, int maxBodyBytes,
      Handler<RoutingContext> staffAuthentication) {
    this.vertx = vertx;
    this.contract = contract;
    this.builder = RouterBuilder.create(vertx, contract);
    this.validator = RequestValidator.create(vertx, contract);
    this.staffAuthentication = staffAuthentication;
    builder.rootHandler(new BodyReader(maxBodyBytes));
  }

  /** Binds an operation open to anyone. */
  public ApiRouter publicOperation(String operationId, Handler<RoutingContext> handler) {
    return bind(operationId, null, handler);
  }

  /** Binds an operation that needs a staff bearer token; the handler reads the caller from the context. */
  public ApiRouter staffOperation(String operationId, Handler<RoutingContext> handler) {
    return bind(operationId, staffAuthentication, handler);
  }

  /** Binds an operation the contract secures otherwise (a partner's webhook secret). */
  public ApiRouter securedOperation(String operationId, Handler<RoutingContext> authentication,
      Handler<RoutingContext> handler) {
    return bind(operationId, authentication, handler);
  }

  private ApiRouter bind(String operationId, Handler<RoutingContext> authentication, Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    Operation operation = contract.operation(operationId);
    if (route == null || operation == null) {
      throw new IllegalStateException("The contract has no operation " + operationId);
    }
    boolean declaresSecurity = !operation.getSecurityRequirements().isEmpty();
    if (declaresSecurity != (authentication != null)) {
      throw new IllegalStateException("Operation " + operationId + " is bound "
          + (authentication != null ? "with" : "without") + " authentication but the contract says otherwise");
    }
    ContractRequests.requirePlainParameters(operation);
    route.setDoValidation(false).setDoSecurity(false);
    if (authentication != null) {
      route.addHandler(authentication);
    }
    // Operations with a body (staff writes) are left to the library, which checks bodies off the event loop.
    ParameterValidator parameters = operation.getRequestBody() == null
        ? new ParameterValidator(contract, operation) : null;
    route.addHandler(ctx -> validate(ctx, operation, parameters)).addHandler(handler);
    bound.add(operationId);
    return this;
  }

  private void validate(RoutingContext ctx, Operation operation, ParameterValidator parameters) {
    ValidatableRequest extracted;
    try {
      extracted = ContractRequests.extract(ctx, operation);
    } catch (IllegalArgumentException e) {
      // Thrown when the query string is not properly percent-encoded.
      ctx.fail(ProblemException.badRequest(null, "The request URL is not properly percent-encoded"));
      return;
    }
    if (!extracted.getBody().isEmpty()) {
      try {
        StrictJson.check(extracted.getContentType(), extracted.getBody().getBuffer());
      } catch (ProblemException e) {
        ctx.fail(e);
        return;
      }
    }
    Future.succeededFuture(extracted).compose(request -> parameters == null
            ? validator.validate(request, operation.getOperationId())
            : Future.succeededFuture(parameters.validate(request)))
        .onSuccess(validated -> {
          ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          ctx.next();
        })
        .onFailure(e -> ctx.fail(e instanceof ValidatorException ? new HttpException(400, e) : e));
  }

  public Router build() {
    List<String> missing = contract.operations().stream().map(Operation::getOperationId)
        .filter(id -> !bound.contains(id)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Operations in the contract without a handler: " + missing);
    }
    return builder.createRouter();
  }

  public Vertx vertx() {
    return vertx;
  }
}
