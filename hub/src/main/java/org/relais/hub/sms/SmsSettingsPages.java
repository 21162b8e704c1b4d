package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.pages.Pages;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.validation.InvalidFieldException;

/**
 * A centre's SMS line in the staff app, {@code /staff/centres/{id}/sms}: which provider, its address and
 * credentials (secrets never shown back, only their last characters), the daily cap, the addresses to give the
 * provider for its notifications, and a button that sends a test text through the saved line to a number the
 * member types, showing what the provider answered. For the centre's coordinators and admins.
 */
public final class SmsSettingsPages implements StaffArea.Section {
  private static final String FIELDS = "provider baseUrl username secret sender webhookKey dailyCap";

  private final StaffPages pages;
  private final CentreService centres;
  private final SmsSettingsService settings;
  private final SmsLines lines;
  private final PublicAddress address;

  SmsSettingsPages(StaffPages pages, CentreService centres, SmsSettingsService settings, SmsLines lines,
      PublicAddress address) {
    this.pages = pages;
    this.centres = centres;
    this.settings = settings;
    this.lines = lines;
    this.address = address;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/centres/:centreId/sms").handler(ctx -> withCentre(ctx, centre -> settings
        .get(StaffPages.principal(ctx), centre.id())
        .compose(saved -> render(ctx, 200, centre, saved, values(saved), Map.of(), Map.of()))));
    staff.post("/centres/:centreId/sms").handler(ctx -> withCentre(ctx, centre -> save(ctx, centre)));
    staff.post("/centres/:centreId/sms/test").handler(ctx -> withCentre(ctx, centre -> test(ctx, centre)));
  }

  private void withCentre(RoutingContext ctx, Function<Centre, Future<Void>> handler) {
    Pages.idOrNext(ctx, "centreId").ifPresent(centreId -> {
      StaffPages.principal(ctx).requireCoordinates(centreId);
      centres.get(centreId).compose(handler).onFailure(ctx::fail);
    });
  }

  private Future<Void> save(RoutingContext ctx, Centre centre) {
    StaffPrincipal me = StaffPages.principal(ctx);
    Map<String, String> values = form(ctx);
    return Future.succeededFuture()
        .compose(nothing -> settings.save(me, centre.id(), draft(values), StaffPages.formVersion(ctx)))
        .onSuccess(saved -> StaffPages.redirect(ctx, "/staff/centres/" + centre.id() + "/sms", "sms_saved"))
        .<Void>mapEmpty()
        .recover(failure -> settings.get(me, centre.id()).compose(saved -> {
          if (failure instanceof InvalidFieldException invalid) {
            return render(ctx, 422, centre, saved, values,
                Map.of(invalid.field(), pages.fieldError(ctx, "staff_sms_error", invalid)), Map.of());
          }
          if (failure instanceof ProblemException problem && problem.problem().status() == 412) {
            return render(ctx, 409, centre, saved, values, Map.of("form", pages.text(ctx, "staff_sms_error_stale")),
                Map.of());
          }
          return Future.failedFuture(failure);
        }));
  }

  private Future<Void> test(RoutingContext ctx, Centre centre) {
    StaffPrincipal me = StaffPages.principal(ctx);
    String typed = Optional.ofNullable(ctx.request().getFormAttribute("testPhone")).orElse("").strip();
    return settings.get(me, centre.id()).compose(saved -> {
      Optional<String> phone = PhoneNumbers.e164(typed);
      if (phone.isEmpty()) {
        return render(ctx, 422, centre, saved, values(saved),
            Map.of("testPhone", pages.text(ctx, "staff_sms_error_testPhone")), Map.of("phone", typed));
      }
      String text = pages.text(ctx, "staff_sms_test_text").replace("{centre}", centre.name());
      SmsRequest request = new SmsRequest(UUID.randomUUID().toString(), phone.get(), text);
      return lines.forCentre(centre.id())
          .compose(line -> line.map(found -> found.gateway().send(request)
                  .map(receipt -> accepted(ctx, saved, found.gateway(), receipt)))
              .orElseGet(() -> Future.succeededFuture(Map.of("outcome", "none"))))
          .recover(failure -> Future.succeededFuture(failed(ctx, failure)))
          .compose(result -> {
            Map<String, Object> test = new HashMap<>(result);
            test.put("phone", typed);
            return render(ctx, 200, centre, saved, values(saved), Map.of(), test);
          });
    });
  }

  /** In words for the member: the local file sends nothing, which they must not take for a text on its way. */
  private Map<String, Object> accepted(RoutingContext ctx, SmsSettings saved, SmsGateway gateway,
      SmsReceipt receipt) {
    if (gateway instanceof LocalOutboxGateway) {
      return Map.of("outcome", "written", "id", receipt.providerMessageId());
    }
    String provider = pages.text(ctx, saved.provider() == SmsProvider.LOCAL_FILE ? "staff_sms_provider_name_shared"
        : "staff_sms_provider_name_" + saved.provider().name());
    return Map.of("outcome", "accepted", "id", receipt.providerMessageId(),
        "accepted", pages.text(ctx, "staff_sms_test_accepted").replace("{provider}", provider),
        "state", pages.text(ctx, "staff_sms_state_" + receipt.state().name()));
  }

  private Map<String, Object> failed(RoutingContext ctx, Throwable failure) {
    if (failure instanceof SmsRefused refused) {
      return Map.of("outcome", "refused", "reason", refused.getMessage());
    }
    if (failure instanceof ProviderAnswers.NotAccepted notAccepted) {
      return Map.of("outcome", "failed", "reason", notAccepted.getMessage());
    }
    return Map.of("outcome", "failed", "reason", pages.text(ctx, "staff_sms_test_unreachable"));
  }

  private Future<Void> render(RoutingContext ctx, int status, Centre centre, SmsSettings saved,
      Map<String, String> values, Map<String, String> errors, Map<String, Object> test) {
    Map<String, Object> model = new HashMap<>();
    model.put("centre", Map.of("id", centre.id().toString(), "name", centre.name()));
    model.put("values", values);
    model.put("errors", errors);
    model.put("version", saved.version());
    model.put("savedProvider", pages.text(ctx, "staff_sms_provider_" + saved.provider().name()));
    saved.secret().ifPresent(secret -> model.put("secretMask", masked(secret)));
    saved.webhookKey().ifPresent(key -> model.put("webhookKeyMask", masked(key)));
    model.put("unsignedPhone", saved.provider() == SmsProvider.ANDROID_GATEWAY && saved.webhookKey().isEmpty());
    String chosen = values.get("provider");
    model.put("providers", Arrays.stream(SmsProvider.values()).map(each -> Map.of("value", each.name(),
        "label", pages.text(ctx, "staff_sms_provider_" + each.name()), "selected", each.name().equals(chosen)))
        .toList());
    model.put("androidWebhook", address.link(SmsWebhooks.ANDROID_PATH + centre.id()));
    model.put("brevoWebhook", address.link(SmsWebhooks.BREVO_PATH + centre.id()));
    if (!test.isEmpty()) {
      model.put("test", test);
    }
    return pages.render(ctx, status, "staff-sms", model);
  }

  /** Enough of a secret for a coordinator to recognise it, never enough to use it. */
  static String masked(String secret) {
    return secret.length() < 12 ? "••••••" : "••••••" + secret.substring(secret.length() - 2);
  }

  private static SmsSettings.Draft draft(Map<String, String> values) {
    SmsProvider provider;
    try {
      provider = SmsProvider.valueOf(values.get("provider"));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("provider", "unknown provider");
    }
    String cap = values.get("dailyCap");
    if (!cap.matches("[0-9]{1,6}")) {
      throw new InvalidFieldException("dailyCap", "dailyCap is not a whole number");
    }
    return new SmsSettings.Draft(provider, optional(values.get("baseUrl")), optional(values.get("username")),
        optional(values.get("secret")), optional(values.get("sender")), optional(values.get("webhookKey")),
        Integer.parseInt(cap));
  }

  private static Map<String, String> values(SmsSettings saved) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("provider", saved.provider().name());
    values.put("baseUrl", saved.baseUrl().orElse(""));
    values.put("username", saved.username().orElse(""));
    values.put("sender", saved.sender().orElse(""));
    values.put("dailyCap", String.valueOf(saved.dailyCap()));
    return values;
  }

  /** The form as typed; the page never writes the secrets back into it. */
  private static Map<String, String> form(RoutingContext ctx) {
    MultiMap attributes = ctx.request().formAttributes();
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : FIELDS.split(" ")) {
      String value = attributes.get(field);
      values.put(field, value == null ? "" : value.strip());
    }
    return values;
  }

  private static Optional<String> optional(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
