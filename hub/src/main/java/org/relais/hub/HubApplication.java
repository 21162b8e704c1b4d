package org.relais.hub;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.relais.hub.bookings.BookedSeats;
import org.relais.hub.bookings.BookingPages;
import org.relais.hub.bookings.BookingPanel;
import org.relais.hub.bookings.BookingRoutes;
import org.relais.hub.bookings.BookingService;
import org.relais.hub.bookings.BookingStandings;
import org.relais.hub.bookings.BookingStore;
import org.relais.hub.bookings.RoomClashes;
import org.relais.hub.help.HelpCalls;
import org.relais.hub.households.HouseholdsFeature;
import org.relais.hub.live.ConsolePages;
import org.relais.hub.live.LiveBridge;
import org.relais.hub.live.LiveRoutes;
import org.relais.hub.live.LiveView;
import org.relais.hub.network.NetworkBoard;
import org.relais.hub.network.NetworkPages;
import org.relais.hub.network.NetworkStore;
import org.relais.hub.sites.SiteCredentials;
import org.relais.hub.sms.LocalOutboxGateway;
import org.relais.hub.sms.SmsFeature;
import org.relais.hub.sms.SmsLine;
import org.relais.hub.sms.SmsLines;
import org.relais.hub.sites.SiteEventStore;
import org.relais.hub.sites.SiteFamilyCalls;
import org.relais.hub.sites.SiteLink;
import org.relais.hub.sites.EnrolmentPages;
import org.relais.hub.sites.RelayPanel;
import org.relais.hub.sites.SitePresence;
import org.relais.hub.sites.SiteSightings;
import org.relais.hub.sites.SiteRoutes;
import org.relais.hub.sites.SiteSchedules;
import org.relais.hub.help.HelpPages;
import org.relais.hub.help.HelpRoutes;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.jitsi.JitsiConfig;
import org.relais.hub.jitsi.JitsiEvents;
import org.relais.hub.jitsi.JitsiTokens;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JitsiRooms;
import org.relais.hub.join.JoinEvents;
import org.relais.hub.join.JoinKeys;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.join.JoinPages;
import org.relais.hub.join.JoinRoutes;
import org.relais.hub.join.JoinService;
import org.relais.hub.join.JoinSubjects;
import org.relais.hub.join.JoinThrottle;
import org.relais.hub.join.JoinTokens;
import org.relais.hub.deliveries.Deliveries;
import org.relais.hub.deliveries.DeliveryPages;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.ManageLinks;
import org.relais.hub.reminders.Reminders;
import org.relais.hub.reports.ReportPages;
import org.relais.hub.reports.ReportRoutes;
import org.relais.hub.reports.Reports;
import org.relais.hub.registrations.RegistrationPages;
import org.relais.hub.registrations.RegistrationRoutes;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStandings;
import org.relais.hub.registrations.RegistrationStore;
import org.relais.hub.registrations.StaffRegistrationPages;
import org.relais.hub.shortlinks.ShortLinks;
import org.relais.hub.calendars.Calendars;
import org.relais.hub.centres.CentrePages;
import org.relais.hub.centres.CentreRoutes;
import org.relais.hub.cluster.Clustering;
import org.relais.hub.signalling.BridgeGuard;
import org.relais.hub.signalling.BridgeRoutes;
import org.relais.hub.signalling.BuiltInRooms;
import org.relais.hub.signalling.IceServers;
import org.relais.hub.signalling.RoomPresence;
import org.relais.hub.signalling.SessionRooms;
import org.relais.hub.signalling.SessionStays;
import org.relais.hub.signalling.TicketRoutes;
import org.relais.hub.signalling.Tickets;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.config.HubConfig;
import org.relais.hub.http.AccessLog;
import org.relais.hub.http.AccessLogWriter;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.ClientAddress;
import org.relais.hub.http.ContractDocument;
import org.relais.hub.http.EventLoopLag;
import org.relais.hub.http.FailureHandler;
import org.relais.hub.http.HttpServerVerticle;
import org.relais.hub.http.Probes;
import org.relais.hub.pages.HtmlErrorPage;
import org.relais.hub.pages.Messages;
import org.relais.hub.pages.Pages;
import org.relais.hub.schedule.ClassPages;
import org.relais.hub.schedule.LiveSittings;
import org.relais.hub.schedule.SchedulePages;
import org.relais.hub.schedule.ScheduleRoutes;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.schedule.SittingStore;
import org.relais.hub.seats.Seats;
import org.relais.hub.staff.Passwords;
import org.relais.hub.staff.StaffAuthenticator;
import org.relais.hub.staff.StaffCookies;
import org.relais.hub.staff.StaffRoutes;
import org.relais.hub.staff.StaffSessions;
import org.relais.hub.staff.PasswordResets;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffPrincipals;
import org.relais.hub.staff.StaffSignIn;
import org.relais.hub.staff.StaffStore;
import org.relais.hub.staff.StaffTokens;
import org.relais.hub.myday.MyCentrePages;
import org.relais.hub.myday.MyClassesPages;
import org.relais.hub.staffapp.SignInPages;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.accounts.AccountPages;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.storage.Database;
import org.relais.hub.storage.SharedSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the hub by hand: database, services, routers, HTTP server. Started as a whole, stopped in
 * reverse order. Owns its Vert.x instance so metrics are always on.
 */
public final class HubApplication {
  private static final Logger LOG = LoggerFactory.getLogger(HubApplication.class);
  static final String CONTRACT = "openapi/relais.yaml";
  /** The event-bus bridges: rooms' signalling, and relay-sites' and consoles' live bridge. */
  private static final List<String> SOCKET_PATHS = List.of("/eventbus/", "/live/");

  private final Vertx vertx;
  private final HubConfig config;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final AccessLogWriter accessLog;
  private final EventLoopLag eventLoopLag;
  private Database database;
  private StaffAccounts staff;
  private StaffSignIn signIn;
  private StaffSessions staffSessions;
  private PasswordResets passwordResets;
  private CentreService centres;
  private ScheduleService schedule;
  private SittingService sittings;
  private JoinKeys joinKeys;
  private JoinSubjects subjects;
  private JoinLinks joinLinks;
  private RegistrationService registrations;
  private ShortLinks shortLinks;
  private Reminders reminders;
  private BookingService bookings;
  private BookedSeats seats;
  private RegistrationStore registrationStore;
  private JoinService join;
  private Attendance attendance;
  private Tickets tickets;
  private BridgeGuard bridge;
  private HelpCalls helpCalls;
  private SiteEventStore siteEvents;
  private SiteLink siteLink;
  private SitePresence sitePresence;
  private SiteSchedules siteSchedules;
  private SiteCredentials siteCredentials;
  private LiveView liveView;
  private LiveBridge liveBridge;
  private NetworkBoard network;
  private SmsFeature sms;
  private Reports reports;
  private final PublicAddress address;
  private SessionStays stays;
  private LiveSittings liveSittings;
  private HouseholdsFeature households;
  private long joinKeysTimer = -1;
  private long staysTimer = -1;
  private Supplier<Router> socketRouters;
  private final List<HttpServerVerticle> servers = new CopyOnWriteArrayList<>();
  private String httpDeployment;
  private Future<Void> stopping;
  private int port;

  private HubApplication(Vertx vertx, HubConfig config, Clock clock, PrometheusMeterRegistry metrics) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.accessLog = new AccessLogWriter(AccessLogWriter.DEFAULT_CAPACITY,
        LoggerFactory.getLogger("relais.access")::info, metrics);
    this.eventLoopLag = new EventLoopLag(vertx, metrics);
    this.address = new PublicAddress(config.http().publicUrl());
  }

  public static Future<HubApplication> start(HubConfig config, Clock clock) {
    return start(config, clock, router -> { });
  }

  /** Starts a hub; {@code extraRoutes} may add routes to the same server (the benchmarks' baseline). */
  public static Future<HubApplication> start(HubConfig config, Clock clock, Consumer<Router> extraRoutes) {
    PrometheusMeterRegistry metrics = Probes.registry();
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true));
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(metrics));
    Future<Vertx> created;
    if (config.cluster().enabled()) {
      options.getEventBusOptions().setHost(config.cluster().host()).setPort(0);
      created = builder.with(options).withClusterManager(Clustering.clusterManager(config.cluster())).buildClustered();
    } else {
      created = Future.succeededFuture(builder.with(options).build());
    }
    // Not bound to a Vert.x context: on failure the caller hears of it even though Vert.x is closing.
    Promise<HubApplication> started = Promise.promise();
    created.onFailure(started::fail).onSuccess(vertx -> {
      HubApplication hub = new HubApplication(vertx, config, clock, metrics);
      hub.startServices(extraRoutes).onComplete(result -> {
        if (result.succeeded()) {
          started.complete(hub);
        } else {
          started.fail(result.cause());
          hub.accessLog.stop();
          vertx.close();
        }
      });
    });
    return started.future();
  }

  private Future<Void> startServices(Consumer<Router> extraRoutes) {
    accessLog.start();
    return Database.open(vertx, config.db())
        .compose(db -> {
          database = db;
          SharedSecrets secrets = new SharedSecrets(db.pool(), clock);
          Future<String> staffSecret = config.auth().tokenSecret().map(Future::succeededFuture)
              .orElseGet(() -> secrets.getOrCreate("staff-token"));
          Future<String> manageSecret = secrets.getOrCreate("manage-links");
          joinKeys = new JoinKeys(vertx, db.pool(), clock, config.join().keyRotation());
          SessionStore sessions = new SessionStore(db.pool(), clock);
          return Future.all(staffSecret, manageSecret, joinKeys.maintain(), sessions.nameUnnamedRooms()
                  .compose(named -> new SittingStore(db.pool(), clock).adoptSeriesStates(sessions,
                      config.schedule().zone())))
              .compose(ready -> ContractDocument.load(vertx, CONTRACT, () -> publicUrl().resolve("/api/v1")))
              .compose(document -> OpenAPIContract.from(vertx, document.document()).map(contract -> {
                wireServices(staffSecret.result(), manageSecret.result());
                return (Supplier<Router>) () -> router(contract, document, extraRoutes);
              }))
              .compose(routes -> siteLink.start().map(started -> routes.get()));
        })
        .compose(this::listen)
        .onSuccess(listening -> {
          joinKeysTimer = joinKeys.scheduleMaintenance();
          staysTimer = stays.scheduleSweeps(vertx);
          liveBridge.start();
          liveSittings.start(vertx);
          eventLoopLag.start();
          network.start();
        })
        .compose(started -> households.start())
        .compose(started -> reminders.start(vertx));
  }

  private void wireServices(String staffSecret, String manageSecret) {
    StaffStore staffStore = new StaffStore(database.pool(), clock);
    Passwords passwords = new Passwords(vertx, config.auth().maxConcurrentHashes());
    StaffPrincipals principals = new StaffPrincipals(staffStore, vertx.eventBus());
    staffSessions = new StaffSessions(database.pool(), principals, config.auth(), clock);
    staff = new StaffAccounts(staffStore, passwords, principals, staffSessions);
    passwordResets = new PasswordResets(database.pool(), staffStore, passwords, staffSessions, clock);
    signIn = new StaffSignIn(staffStore, passwords,
        new StaffTokens(vertx, staffSecret, config.auth().tokenTtl(), clock), principals, config.auth());
    centres = new CentreService(new CentreStore(database.pool(), clock));
    BookingStore bookingStore = new BookingStore(database.pool(), clock);
    seats = new BookedSeats(bookingStore, new Seats(config.rooms().maxPeers()));
    SessionStore sessionStore = new SessionStore(database.pool(), clock);
    Outbox outbox = new Outbox(database.pool(), clock);
    schedule = new ScheduleService(sessionStore, seats, new RoomClashes(bookingStore, sessionStore, centres,
        config.schedule().zone()), config.schedule(), vertx.eventBus(), outbox);
    sittings = new SittingService(new SittingStore(database.pool(), clock), schedule, config.schedule(),
        vertx.eventBus(), outbox, clock);

    registrationStore = new RegistrationStore(database.pool(), clock);
    subjects = new JoinSubjects(new RegistrationStandings(registrationStore), new BookingStandings(bookingStore),
        vertx.eventBus());
    joinLinks = new JoinLinks(new JoinTokens(joinKeys), address, schedule.zone());
    shortLinks = new ShortLinks(database.pool(), address, clock);
    registrations = new RegistrationService(registrationStore, schedule, joinLinks, new ManageLinks(manageSecret),
        subjects, shortLinks, vertx.eventBus(), outbox, clock);
    households = new HouseholdsFeature(vertx, database.pool(), registrations, config.privacy(), clock);
    // Centres not set up send to the local outbox file; providers' reports and STOP answers reach the outbox.
    LocalOutboxGateway localSms = new LocalOutboxGateway(vertx,
        Reminders.outboxDir(config.dataDir()).resolve("sms.txt"), clock);
    sms = SmsFeature.start(vertx, database.pool(), centres, address,
        SmsLines.everyCentre(new SmsLine(localSms, config.outbox().smsDailyCap(), true)), Optional.of(outbox), clock);
    reminders = Reminders.wire(vertx, config.dataDir(), config.outbox(), config.mail(), outbox, registrationStore,
        registrations, schedule, sittings, centres, joinLinks, shortLinks, sms.lines(), localSms, metrics, clock);
    bookings = new BookingService(bookingStore, centres, schedule, joinLinks, subjects, seats, shortLinks);
    RoomPresence presence = new RoomPresence(vertx);
    BuiltInRooms builtInRooms = new BuiltInRooms(presence, new IceServers(config.rooms(), clock), seats.seats(),
        seats::bookedRooms);
    join = new JoinService(new JoinTokens(joinKeys), schedule, sittings, subjects,
        config.jitsi().<JitsiRooms>map(jitsi -> new JitsiTokens(vertx, jitsi)), builtInRooms, address, shortLinks,
        clock);
    tickets = new Tickets(vertx, config.rooms().ticketTtl(), clock);
    SessionRooms sessionRooms = new SessionRooms(join, builtInRooms);
    attendance = new Attendance(database.pool(), config.rooms().stayGrace());
    // Stays change the live figures, which are wired below: hence the late binding.
    stays = new SessionStays(sessionRooms, id -> schedule.get(id).map(Session::roomName), presence, attendance,
        schedule.zone(), id -> liveView.publish(id), clock);
    RoomPresence.SeatClaim helpCallSeats = RoomPresence.SeatClaim.anyOf(config.rooms().maxPeers());
    // Help calls close their rooms through the bridge, which asks them who may stay: hence the late binding.
    bridge = new BridgeGuard(vertx, tickets, presence, admission -> admission.isHelpCall()
        ? helpCalls.allows(admission) : sessionRooms.allows(admission), admission -> admission.isHelpCall()
        ? Future.succeededFuture(helpCallSeats) : sessionRooms.seatClaim(admission), stays, config.rooms());
    helpCalls = new HelpCalls(database.pool(), join, staff, tickets, builtInRooms, bridge,
        address, vertx.eventBus(), schedule.zone(), clock);

    SiteSightings siteSightings = new SiteSightings(database.pool());
    sitePresence = new SitePresence(vertx, config.sites().silenceLimit(), siteSightings, clock);
    network = new NetworkBoard(vertx, new NetworkStore(database.pool()), schedule, sittings, sitePresence,
        siteSightings, config.sites().heartbeatInterval(), clock);
    siteEvents = new SiteEventStore(database.pool(), schedule.zone());
    liveView = new LiveView(vertx, schedule, sittings, bookingStore, centres, sitePresence, siteEvents, attendance,
        clock);
    siteSchedules = new SiteSchedules(centres, bookings, sittings, joinLinks, address,
        config.sites().scheduleHorizon(), clock);
    siteLink = new SiteLink(vertx, sitePresence, siteEvents, siteSchedules,
        new SiteFamilyCalls(vertx, centres, helpCalls::forKiosks), liveView, clock);
    liveBridge = new LiveBridge(vertx, tickets, siteLink, config.sites(), config.live());
    siteCredentials = new SiteCredentials(database.pool(), centres, siteId -> {
      siteLink.revoked(siteId);
      liveBridge.cut(siteId);
    }, clock);
    liveView.start();
    // What Prometheus reads of the features (ops/prometheus, ops/grafana).
    bridge.measure(metrics);
    liveBridge.measure(metrics);
    siteLink.measure(metrics);
    liveSittings = new LiveSittings(new SittingStore(database.pool(), clock), config.schedule().zone(), clock, metrics);
    reports = new Reports(database.pool(), config.reports(), schedule.zone(), clock);
  }

  private Router router(OpenAPIContract contract, ContractDocument document, Consumer<Router> extraRoutes) {
    ClientAddress clientAddress = new ClientAddress(config.http().trustedProxies());
    Pages pages = new Pages(vertx, new Messages(), config.schedule().defaultLanguage());
    FailureHandler failures = new FailureHandler(new HtmlErrorPage(pages));
    BookingRoutes bookingRoutes = new BookingRoutes(bookings, joinLinks);

    ApiRouter api = new ApiRouter(vertx, contract, config.http().maxBodyBytes(), new StaffAuthenticator(signIn, staffSessions));
    List.of(new StaffRoutes(staff, signIn, clientAddress), new CentreRoutes(centres),
        new ScheduleRoutes(schedule, sittings, clock),
        new RegistrationRoutes(registrations, joinLinks, schedule.json(), households.log()),
        bookingRoutes,
        new JoinRoutes(join, joinLinks, attendance, schedule, bookingRoutes, staff, clock),
        new JitsiEvents(config.jitsi().flatMap(JitsiConfig::webhookSecret), schedule, subjects, attendance, clock),
        new TicketRoutes(join, tickets), new HelpRoutes(helpCalls,
            centreId -> liveBridge.ticket(LiveBridge.Grant.centreHelp(centreId), address)),
        new SiteRoutes(siteCredentials, siteId -> liveBridge.ticket(LiveBridge.Grant.site(siteId), address), address),
        new LiveRoutes(liveView, liveBridge, address), new ReportRoutes(reports, pages.messages(),
            config.schedule().defaultLanguage()), document)
        .forEach(feature -> feature.bind(api));

    Router root = withCommonHandlers(Router.router(vertx), clientAddress);
    socketRouters = () -> {
      Router sockets = withCommonHandlers(Router.router(vertx), clientAddress);
      BridgeRoutes.mount(sockets, vertx, bridge, config.rooms(), address, clientAddress);
      liveBridge.mount(sockets, config.rooms(), address, clientAddress);
      sockets.route().failureHandler(failures);
      sockets.errorHandler(404, failures);
      return sockets;
    };
    Probes.mount(root, vertx, database::ping, metrics, config.metrics());
    // Join links, reset links and private pages are guessed at by nobody: each address gets a few tries a minute.
    JoinThrottle throttle = new JoinThrottle(config.join().requestsPerMinutePerAddress(), clientAddress);
    List.of("/j/*", "/J/*", "/r/*", "/api/v1/join/*", "/api/v1/registrations/manage/*", "/api/v1/sites/enrol",
        "/staff/reset/*")
        .forEach(path -> root.route(path).handler(throttle));
    Router apiRoutes = api.build();
    // Matching a route with path parameters decodes the query string: one not properly percent-encoded fails there.
    apiRoutes.errorHandler(400, failures.status(400));
    root.route("/api/v1/*").subRouter(apiRoutes);
    root.route("/static/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(3600));
    RegistrationPages registrationPages = new RegistrationPages(registrations, schedule, sittings, joinLinks,
        pages, clock);
    Calendars calendars = Calendars.wire(database.pool(), schedule, sittings, centres, address, pages, clock);
    SchedulePages schedulePages = new SchedulePages(schedule, sittings, centres, registrationStore::families, pages, clock,
        List.of(registrationPages, calendars.links()), List.of(calendars.links()));
    schedulePages.mount(root);
    calendars.mount(root);
    reminders.mount(root, config.http().maxBodyBytes());
    registrationPages.mount(root, schedulePages, config.http().maxBodyBytes());
    households.mount(root, pages, config.http().maxBodyBytes());
    new JoinPages(vertx, join, joinLinks, schedule, centres, schedulePages, pages,
        registrations::managePath, shortLinks, clock).mount(root);
    new JoinEvents(vertx, join, sittings).mount(root);
    new HelpPages(join, helpCalls, pages).mount(root);
    new ConsolePages(pages).mount(root);
    sms.mount(root);
    StaffPages staffPages = new StaffPages(pages);
    StaffCookies staffCookies = new StaffCookies(config.http().publicUrl().map(url -> "https".equals(url.getScheme()))
        .orElse(false));
    CentrePages centrePages = new CentrePages(staffPages, centres, List.of(
        new BookingPanel(staffPages, bookings, schedule, clock), new RelayPanel(staffPages, siteCredentials,
            sitePresence, schedule.zone())));
    new StaffArea(staffPages, staffSessions, new SignInPages(staffPages, signIn, staffSessions, staffCookies,
        clientAddress), config.http().maxBodyBytes()).mount(vertx, root, List.of(
            new NetworkPages(network, staffPages), new ReportPages(reports, centres, staffPages),
            new StaffRegistrationPages(registrations, sittings, joinLinks, staffPages, households.log(), clock),
            households.staffPages(staffPages, schedule.zone()),
            new AccountPages(staffPages, staff, passwordResets, centres, address, schedule.zone()),
            new ClassPages(staffPages, schedule, sittings, centres, staff, seats.seats(), seats::bookedRooms,
                registrationStore::families, clock),
            centrePages, new BookingPages(centrePages, staffPages, bookings),
            new EnrolmentPages(centrePages, staffPages, siteCredentials, address, schedule.zone()),
            new MyClassesPages(staffPages, schedule, sittings, bookings, registrations, centres, joinLinks, staff,
                clock),
            new MyCentrePages(staffPages, centres, siteSchedules, sitePresence, schedule.zone(), clock),
            sms.pages(staffPages, centres),
            new DeliveryPages(new Deliveries(registrations, reminders.outbox(), schedule.zone(), clock), staffPages,
                clock)));
    extraRoutes.accept(root);
    // No catch-all route: it would answer 404 where the router knows the path and answers 405.
    root.route().failureHandler(failures);
    root.errorHandler(400, failures.status(400));
    root.errorHandler(404, failures);
    root.errorHandler(405, failures);
    return root;
  }

  private Router withCommonHandlers(Router router, ClientAddress clientAddress) {
    router.route().handler(new AccessLog(clientAddress, accessLog));
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("X-Frame-Options", "DENY");
      ctx.next();
    });
    return router;
  }

  private Future<Void> listen(Router router) {
    int instances = config.http().effectiveInstances();
    return vertx.deployVerticle(() -> {
      // Each instance, on its own event loop, gets event-bus bridges of its own.
      HttpServerVerticle server = new HttpServerVerticle(config.http(), router, socketRouters.get(), SOCKET_PATHS);
      servers.add(server);
      return server;
    }, new DeploymentOptions().setInstances(instances)).map(id -> {
      httpDeployment = id;
      port = servers.get(0).actualPort();
      address.listeningOn(port);
      LOG.info("Relais hub listening on {}:{} ({} HTTP verticle(s)); public address {}", config.http().host(), port,
          instances, publicUrl());
      return null;
    });
  }

  /**
   * Drains, then closes the database, then Vert.x. Draining: no new connection is taken, the relay-sites,
   * consoles and rooms' pages connected here are told to reconnect (another node takes them), requests under
   * way finish within {@code http.stopGrace}. Stopping again answers the same stop.
   */
  public synchronized Future<Void> stop() {
    if (stopping != null) {
      return stopping;
    }
    if (joinKeysTimer >= 0) {
      vertx.cancelTimer(joinKeysTimer);
    }
    if (staysTimer >= 0) {
      vertx.cancelTimer(staysTimer);
    }
    eventLoopLag.stop();
    if (liveSittings != null) {
      liveSittings.stop(vertx);
    }
    Future<Void> drained = Future.all(servers.stream().map(server -> server.drain(config.http().stopGrace()))
        .toList()).mapEmpty();
    if (liveBridge != null) {
      network.stop();
      liveBridge.stop();
      liveBridge.drain();
      bridge.drain();
      siteLink.stop();
    }
    Future<Void> http = drained.transform(done -> households == null ? Future.<Void>succeededFuture()
            : households.stop())
        .transform(done -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment))
        .transform(done -> reminders == null ? Future.succeededFuture() : reminders.stop(vertx))
        .transform(done -> sms == null ? Future.succeededFuture() : sms.stop());
    // Not bound to a Vert.x context: it completes after Vert.x itself has closed.
    Promise<Void> stopped = Promise.promise();
    http.transform(done -> database == null ? Future.succeededFuture() : database.close())
        .onComplete(done -> vertx.close().onComplete(stopped));
    stopping = stopped.future().onComplete(done -> accessLog.stop());
    return stopping;
  }

  public int port() {
    return port;
  }

  public URI publicUrl() {
    return address.base();
  }

  public Vertx vertx() {
    return vertx;
  }

  public StaffAccounts staff() {
    return staff;
  }

  public CentreService centres() {
    return centres;
  }

  public Database database() {
    return database;
  }

  public ScheduleService schedule() {
    return schedule;
  }

  public SittingService sittings() {
    return sittings;
  }

  public RegistrationService registrations() {
    return registrations;
  }

  public ShortLinks shortLinks() {
    return shortLinks;
  }

  public Reminders reminders() {
    return reminders;
  }

  public BookingService bookings() {
    return bookings;
  }

  public JoinService join() {
    return join;
  }

  public Attendance attendance() {
    return attendance;
  }

  public SessionStays stays() {
    return stays;
  }

  public HouseholdsFeature households() {
    return households;
  }

  public HelpCalls helpCalls() {
    return helpCalls;
  }

  public SiteCredentials siteCredentials() {
    return siteCredentials;
  }

  public SiteEventStore siteEvents() {
    return siteEvents;
  }

  /** Relay-sites whose link ends on this node. */
  public int linkedSites() {
    return siteLink.linkedHere();
  }

  /** Bridge sockets open on this node. */
  public int openBridgeSockets() {
    return bridge.openSockets();
  }

  /** Live-bridge sockets (relay-sites' links, consoles) open on this node. */
  public int openLiveSockets() {
    return liveBridge.openSockets();
  }
}
